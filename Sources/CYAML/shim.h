#ifndef SOCKGUARD_CYAML_SHIM_H
#define SOCKGUARD_CYAML_SHIM_H

// libyaml (Debian: libyaml-dev), the C YAML 1.1 parser Yams and PyYAML wrap. SockguardConfig reads its event
// stream directly, so the binary needs no Foundation (Yams requires all of it, ICU's 34 MB of data included).
#include <yaml.h>

#endif
