// zlib, for the gzip-compressed layer blobs that registries and image archives carry.
#ifndef LAYERLAB_CZLIB_SHIM_H
#define LAYERLAB_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 is a macro; Swift cannot call it directly.
static inline int layerlab_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

#endif
