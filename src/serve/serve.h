/*
 * serve.h -- what the two halves of `whosaid serve` share: the HTTP server
 * (server.c: libmicrohttpd, limits, routing, the page's files given in
 * ws_server_opts) and the JSON API (api.c: read-only queries through the
 * store's query module).  Nothing here is API; the public calls are
 * ws_server_* in whosaid_serve.h.
 *
 * Prefixes: SRV_ the server's limits, api_ the JSON endpoints.
 */
#ifndef WS_SERVE_H
#define WS_SERVE_H

#include <stddef.h>

#include "whosaid_serve.h"

/* ------------------------------------------------------------ limits */

#define SRV_MAX_URL 2048        /* path plus query string, bytes (else 414) */
#define SRV_MAX_ARGS 16         /* query parameters (else 400) */
#define SRV_MAX_ARG_LEN 256     /* one parameter value, bytes (else 400) */
#define SRV_CONN_MEMORY (32u << 10) /* libmicrohttpd's per-connection buffer:
                                       a request line or headers larger than
                                       this are refused by it (414/431) */
#define SRV_MAX_CONNECTIONS 64
#define SRV_TIMEOUT_S 15
#define API_MAX_LIMIT 200       /* statements per page */
#define API_DEFAULT_LIMIT 20

/* ------------------------------------------------------------ the API */

/* The query parameters of a request, already checked against the limits
 * above (each value at most SRV_MAX_ARG_LEN bytes, valid UTF-8). */
typedef struct api_args {
    const char *key[SRV_MAX_ARGS];
    const char *val[SRV_MAX_ARGS];
    int n;
} api_args;

/* The value of parameter KEY, or NULL when absent. */
const char *ws_api_arg(const api_args *a, const char *key);

/* An answer: HTTP status and a JSON body (heap, free with free()). */
typedef struct api_reply {
    int status;
    char *body;
    size_t len;
} api_reply;

/* Answers GET PATH (which starts with "/api/") with ARGS from the store
 * DB (opened read-only, used by this thread only).  Always fills OUT
 * (an error is a JSON {"error": "..."} with its status: 400 bad parameter,
 * 404 unknown path or id, 500 database failure); returns WS_OK, or WS_NOMEM
 * when no body could be made (then out->body is NULL). */
int ws_api_handle(ws_db *db, const char *path, const api_args *args, api_reply *out);

#endif
