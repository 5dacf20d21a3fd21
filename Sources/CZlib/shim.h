// zlib, for the gzip-compressed layer blobs that registries and image archives carry.
#ifndef LAYERLAB_CZLIB_SHIM_H
#define LAYERLAB_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 is a macro; Swift cannot call it directly.
static inline int layerlab_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

// inflateInit2 likewise; 15 + 32 reads gzip or zlib streams, whichever the header says.
static inline int layerlab_inflate_init_auto(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
