#ifndef DEADLETTER_CZLIB_SHIM_H
#define DEADLETTER_CZLIB_SHIM_H
#include <zlib.h>
/* deflateInit2 / inflateInit2 are macros Swift cannot import; wrap them. */
static inline int deadletter_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
static inline int deadletter_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
