#ifndef SOCKGUARD_CZLIB_SHIM_H
#define SOCKGUARD_CZLIB_SHIM_H

#include <zlib.h>

// zlib's init entry points are macros (they pass ZLIB_VERSION and sizeof(z_stream)), which Swift cannot
// import; these wrappers make them callable.

static inline int czlib_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

static inline int czlib_deflate_init2(z_streamp stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

#endif
