/*
 * assets.h -- the files of the web page (web/ and the chart library from
 * npm), compiled into the whosaid binary by scripts/embed-assets.py
 * (BUILD/gen/assets.c) and handed to the server by `whosaid serve`.  They
 * belong to the binary, not to a library: building the libraries needs
 * no npm.
 */
#ifndef WS_CLI_ASSETS_H
#define WS_CLI_ASSETS_H

#include "whosaid_serve.h" /* ws_asset */

/* Each file: served at its path ("/static/app.js") with its Content-Type;
 * its data has a NUL after it.  Static storage. */
extern const ws_asset ws_cli_assets[];
extern const size_t ws_cli_asset_count;

#endif
