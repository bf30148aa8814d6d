/*
 * whosaid_serve.h -- `whosaid serve` of libwhosaid_serve: a local HTTP
 * server (libmicrohttpd) with a page and a JSON API over a statement
 * store (whosaid_store.h).
 *
 * Link: libwhosaid_serve.a, libwhosaid_store.a, libwhosaid.a,
 * libmicrohttpd and the store's libraries.
 */
#ifndef WHOSAID_SERVE_H
#define WHOSAID_SERVE_H

#include "whosaid_store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* `whosaid serve`: a local HTTP server (libmicrohttpd) answering a page
 * (search, quote cards, speaker and topic timelines, documents) and a JSON
 * API from a statement store opened read-only.  The page's files are the
 * caller's (the `whosaid` binary compiles web/ into itself), so it works
 * offline.  Routes, limits and the API are documented in README.md and
 * src/serve/server.c.  Requests are answered on the server's own threads;
 * the caller's thread only starts and stops it. */
typedef struct ws_server ws_server;

/* A file the server answers: PATH ("/index.html", "/static/app.js") with
 * Content-Type TYPE, DATA[len].  Borrowed: must outlive the server. */
typedef struct ws_asset {
    const char *path, *type;
    const unsigned char *data;
    size_t len;
} ws_asset;

typedef struct ws_server_opts {
    const char *db_path; /* the store (a file, or a postgresql:// URI;
                            must exist) */
    const char *host;    /* address to bind; NULL: "127.0.0.1" */
    int port;            /* TCP port; 0: any free one (see ws_server_port) */
    int threads;         /* request threads, each with its own read-only
                            connection; 0: 4 */
    const ws_asset *assets; /* the page's files (borrowed); "/" answers
                               "/index.html"; none: only the API */
    size_t nassets;
} ws_server_opts;

/* Opens the database read-only, checks its schema and starts listening;
 * the socket is bound when this returns.  On failure returns WS_USAGE (bad
 * options or host), WS_DB (no such database, or not a whosaid one), WS_IO
 * (cannot listen: port in use) or WS_NOMEM, and writes why into err.
 * *out is owned by the caller (ws_server_stop). */
int ws_server_start(const ws_server_opts *opts, ws_server **out, char *err,
                    size_t errlen);

/* The TCP port the server listens on (the one chosen when port was 0). */
int ws_server_port(const ws_server *s);

/* Stops accepting, finishes the requests in flight, closes the database
 * and frees S.  Accepts NULL. */
void ws_server_stop(ws_server *s);

#ifdef __cplusplus
}
#endif
#endif
