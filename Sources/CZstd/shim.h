// zstd, for the layer blobs clients push compressed with it
// (`application/vnd.oci.image.layer.v1.tar+zstd`).
#ifndef LAYERLAB_CZSTD_SHIM_H
#define LAYERLAB_CZSTD_SHIM_H

#include <zstd.h>

#endif
