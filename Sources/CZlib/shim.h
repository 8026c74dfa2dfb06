#ifndef CLAIMCHECK_ZLIB_SHIM_H
#define CLAIMCHECK_ZLIB_SHIM_H
#include <zlib.h>
/// inflateInit2 is a macro; Swift needs a function.
static inline int claimcheck_inflate_init(z_streamp stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);   /* gzip wrapper */
}
#endif
