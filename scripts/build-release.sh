#!/usr/bin/env bash
# Builds the release binary the way we ship and benchmark it: the Swift runtime and Foundation linked
# statically (only the pages the proxy touches become resident: ~21 MiB RSS instead of ~29 MiB with the shared
# libraries), a non-PIE executable (no load-time relocation of the whole binary), and no dynamic symbol table of
# its own symbols (the static stdlib's link arguments add -export-dynamic; nothing loads the binary's symbols by
# name, and without the export the linker can also drop the functions nothing calls: 3.7 MB less, stripped).
# Prints the binary's path on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
# The two C libraries the binary links (Sources/CZlib, Sources/CYAML): name the packages rather than fail in the compiler.
missing=()
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ -f /usr/include/yaml.h ] || missing+=(libyaml-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "build-release.sh: missing C headers; install them with: apt-get install -y ${missing[*]}" >&2
    exit 1
fi
swift build -c release --product sockguard --static-swift-stdlib \
    -Xswiftc -Xclang-linker -Xswiftc -no-pie -Xlinker --no-export-dynamic >&2
echo "$(swift build -c release --show-bin-path)/sockguard"
