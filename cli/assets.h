/*
 * assets.h -- the files of the web page (web/ and the chart library from
 * npm), compiled into the whosaid binary by scripts/embed-assets.py
 * (BUILD/gen/assets.c) and handed to the server by `whosaid serve`.  They
 * belong to the binary, not to a library: building the libraries needs
 * no npm.
 */
#ifndef WS_CLI_ASSETS_H
#define WS_CLI_ASSETS_H

#include <stddef.h>

/* One file: served at PATH ("/static/app.js") with Content-Type TYPE;
 * DATA[len] (a NUL after it).  Static storage. */
typedef struct ws_asset {
    const char *path, *type;
    const unsigned char *data;
    size_t len;
} ws_asset;

extern const ws_asset ws_cli_assets[];
extern const size_t ws_cli_asset_count;

#endif
