#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

/* Why: deflateInit2/inflateInit2 are function-like macros, which Swift cannot
 * call. These typed wrappers go away only if zlib ever exports real functions. */

/** Starts a gzip-framed deflate stream (windowBits 15 + 16 selects the gzip wrapper). */
static inline int czlib_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/** Starts an inflate stream that accepts gzip framing only (windowBits 15 + 16). */
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
