/*
 * server.c -- the HTTP side of `whosaid serve`: a libmicrohttpd daemon that
 * answers the page, its static files and the JSON API from a statement
 * database opened read-only.
 *
 * Routes (GET and HEAD only; anything else is 405):
 *
 *   /, /index.html       the page (the asset "/index.html")
 *   /static/NAME         an asset of ws_server_opts, by exact name
 *   /api/...             JSON, answered by api.c
 *   anything else        404
 *
 * Safety by construction:
 *   - Static files come only from the caller's table (ws_server_opts:
 *     the `whosaid` binary compiles web/ into itself); a path is looked
 *     up by exact string compare, never
 *     joined to a directory, so "/static/../x" or "%2e%2e" cannot reach the
 *     file system: they are simply not in the table (404).
 *   - Sizes are bounded twice: libmicrohttpd refuses a request line or
 *     headers larger than its per-connection buffer (SRV_CONN_MEMORY: 414
 *     or 431), and this file refuses a URL over SRV_MAX_URL bytes (414),
 *     more than SRV_MAX_ARGS parameters, a value over SRV_MAX_ARG_LEN bytes
 *     or one that is not UTF-8 (400).  Request bodies are never read.
 *   - The store is opened read-only (SQLite: SQLITE_OPEN_READONLY), and
 *     its queries bind every value; the server cannot change what it
 *     serves.
 *   - Every response carries X-Content-Type-Options: nosniff; the page a
 *     Content-Security-Policy that allows scripts and styles from this
 *     origin only (no inline script), a second wall behind the page's own
 *     rule of building the DOM with textContent.
 *   - Bound to 127.0.0.1 unless told otherwise.
 *
 * Threads: libmicrohttpd runs a pool of `threads` threads; each request
 * borrows one store handle from a pool of as many, so handles are never
 * shared between threads at once.
 *
 * Known limits: no TLS, no authentication (it is a local tool: bind it to
 * loopback); no compression; a HEAD request is answered like GET with the
 * body dropped by libmicrohttpd.
 */
#define _GNU_SOURCE
#include "whosaid.h"
#include "../base/base.h"
#include "serve.h"
#include "whosaid_serve.h"

#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>

struct ws_server {
    struct MHD_Daemon *mhd;
    int port;
    ws_db **pool;        /* handles free to borrow: pool[0..nfree) */
    ws_db **all;         /* every handle, for closing */
    const ws_asset *assets;
    size_t nassets;
    int nconn, nfree;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int mu_ok;
};

static const char PAGE_CSP[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/* ------------------------------------------------------- responses */

static enum MHD_Result queue(struct MHD_Connection *c, int status, const void *body, size_t len,
                             enum MHD_ResponseMemoryMode mode, const char *mime, int page)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, mode);
    if (!r) {
        if (mode == MHD_RESPMEM_MUST_FREE) free((void *)body);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", mime);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", page ? "no-cache" : "no-store");
    if (page) {
        MHD_add_response_header(r, "Content-Security-Policy", PAGE_CSP);
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
    }
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result queue_error(struct MHD_Connection *c, int status, const char *msg, int json)
{
    char *body;
    if (json) {
        json_t *o = json_pack("{s:s}", "error", msg);
        body = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
    } else {
        body = NULL;
        if (asprintf(&body, "%d %s\n", status, msg) < 0) body = NULL;
    }
    if (!body) return MHD_NO;
    return queue(c, status, body, strlen(body), MHD_RESPMEM_MUST_FREE,
                 json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8", 0);
}

/* ------------------------------------------------------- arguments */

typedef struct argscan {
    api_args *a;
    size_t bytes;
    int bad;           /* 0, or 400/414 */
    const char *why;
} argscan;

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0 || (n == 1 && c < 0xC2) || (n == 3 && c > 0xF4)) return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80) return 0;
    }
    return 1;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    argscan *s = cls;
    size_t vl = value ? strlen(value) : 0;
    s->bytes += strlen(key) + vl + 2;
    if (s->bad) return MHD_NO;
    if (s->bytes > SRV_MAX_URL) {
        s->bad = 414;
        s->why = "request URI too long";
        return MHD_NO;
    }
    if (s->a->n >= SRV_MAX_ARGS) {
        s->bad = 400;
        s->why = "too many parameters";
        return MHD_NO;
    }
    if (vl > SRV_MAX_ARG_LEN || strlen(key) > 64) {
        s->bad = 400;
        s->why = "parameter too long";
        return MHD_NO;
    }
    if (!valid_utf8(key) || (value && !valid_utf8(value))) {
        s->bad = 400;
        s->why = "parameter is not UTF-8";
        return MHD_NO;
    }
    s->a->key[s->a->n] = key;
    s->a->val[s->a->n] = value ? value : "";
    s->a->n++;
    return MHD_YES;
}

/* ------------------------------------------------------- connection pool */

static ws_db *pool_take(ws_server *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->nfree == 0) pthread_cond_wait(&s->cv, &s->mu);
    ws_db *db = s->pool[--s->nfree];
    pthread_mutex_unlock(&s->mu);
    return db;
}

static void pool_give(ws_server *s, ws_db *db)
{
    pthread_mutex_lock(&s->mu);
    s->pool[s->nfree++] = db;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* ------------------------------------------------------- routing */

static const ws_asset *find_asset(const ws_server *s, const char *path)
{
    for (size_t i = 0; i < s->nassets; i++)
        if (!strcmp(s->assets[i].path, path)) return &s->assets[i];
    return NULL;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_data_size,
                              void **req_cls)
{
    ws_server *s = cls;
    int api = !strncmp(url, "/api/", 5) || !strcmp(url, "/api");
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        /* Refused on the first call, before any body is read. */
        return queue_error(c, 405, "method not allowed", api);
    }
    if (*req_cls == NULL) {
        /* First call: headers only.  Mark the request and wait for the
         * (empty) body so that any uploaded bytes are discarded. */
        static const char marker = 1;
        *req_cls = (void *)&marker;
        return MHD_YES;
    }
    if (*upload_data_size) {
        *upload_data_size = 0; /* a GET body: ignored */
        return MHD_YES;
    }
    if (strlen(url) > SRV_MAX_URL) return queue_error(c, 414, "request URI too long", api);
    if (!valid_utf8(url)) return queue_error(c, 400, "path is not UTF-8", api);

    api_args args = {.n = 0};
    argscan scan = {.a = &args, .bytes = strlen(url)};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &scan);
    if (scan.bad) return queue_error(c, scan.bad, scan.why, api);

    if (api) {
        ws_db *db = pool_take(s);
        api_reply rep = {0};
        ws_api_handle(db, url, &args, &rep);
        pool_give(s, db);
        if (!rep.body) return MHD_NO;
        return queue(c, rep.status, rep.body, rep.len, MHD_RESPMEM_MUST_FREE,
                     "application/json; charset=utf-8", 0);
    }
    const ws_asset *a = NULL;
    if (!strcmp(url, "/") || !strcmp(url, "/index.html")) a = find_asset(s, "/index.html");
    else if (!strncmp(url, "/static/", 8)) a = find_asset(s, url);
    if (!a) return queue_error(c, 404, "not found", 0);
    int page = !strcmp(a->path, "/index.html");
    return queue(c, 200, a->data, a->len, MHD_RESPMEM_PERSISTENT, a->type, page);
}

/* Decodes %XX in a path or parameter in place, as libmicrohttpd does,
 * except that a text holding "%00" is left as it is: a NUL would cut the
 * C string ("/static/app.js%00.png" must not become "/static/app.js"), and
 * left encoded it names no file and no value the API accepts. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    for (const char *p = s; (p = strchr(p, '%')) != NULL; p++)
        if (p[1] == '0' && p[2] == '0') return strlen(s);
    return MHD_http_unescape(s);
}

/* libmicrohttpd's own diagnostics are dropped: the library never prints. */
static void mhd_quiet(void *cls, const char *fmt, va_list ap) {}

/* ------------------------------------------------------- start, stop */

static void server_free(ws_server *s)
{
    if (!s) return;
    if (s->mhd) MHD_stop_daemon(s->mhd);
    for (int i = 0; i < s->nconn; i++) ws_db_close(s->all[i]);
    ws__free(s->all);
    ws__free(s->pool);
    if (s->mu_ok) {
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->cv);
    }
    ws__free(s);
}

/* Opens the store PATH read-only. */
static int open_db(const char *path, ws_db **out, char *err, size_t errlen)
{
    ws_db_opts o = {NULL, 0, 0, 0, 1};
    return ws_db_open(path, &o, out, err, errlen);
}

/* Starts a server on O (see whosaid_serve.h).  The database must exist and hold
 * the store's tables; the socket is bound before this returns, so a
 * client may connect at once. */
int ws_server_start(const ws_server_opts *o, ws_server **out, char *err, size_t errlen)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        errlen = sizeof dummy;
    }
    if (errlen) err[0] = 0;
    *out = NULL;
    if (!o || !o->db_path || o->port < 0 || o->port > 65535) {
        snprintf(err, errlen, "invalid server options");
        return WS_USAGE;
    }
    int threads = o->threads > 0 ? o->threads : 4;
    if (threads > 64) threads = 64;
    const char *host = o->host && *o->host ? o->host : "127.0.0.1";

    ws_server *s = ws__calloc(1, sizeof *s);
    if (!s) return WS_NOMEM;
    if (pthread_mutex_init(&s->mu, NULL) || pthread_cond_init(&s->cv, NULL)) {
        ws__free(s);
        return WS_NOMEM;
    }
    s->mu_ok = 1;
    s->assets = o->assets;
    s->nassets = o->assets ? o->nassets : 0;
    s->all = ws__calloc((size_t)threads, sizeof(ws_db *));
    s->pool = ws__calloc((size_t)threads, sizeof(ws_db *));
    if (!s->all || !s->pool) {
        server_free(s);
        return WS_NOMEM;
    }
    for (int i = 0; i < threads; i++) {
        int rc = open_db(o->db_path, &s->all[i], err, errlen);
        if (rc != WS_OK) {
            server_free(s);
            return rc;
        }
        s->nconn++;
        s->pool[s->nfree++] = s->all[i];
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *ai = NULL;
    char portstr[8];
    snprintf(portstr, sizeof portstr, "%d", o->port);
    int gai = getaddrinfo(host, portstr, &hints, &ai);
    if (gai != 0 || !ai) {
        snprintf(err, errlen, "%s: %s", host, gai_strerror(gai));
        server_free(s);
        return WS_USAGE;
    }
    unsigned flags = MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD;
    if (ai->ai_family == AF_INET6) flags |= MHD_USE_IPv6;
    s->mhd = MHD_start_daemon(flags, (uint16_t)o->port, NULL, NULL, handle, s,
                              MHD_OPTION_SOCK_ADDR, ai->ai_addr,
                              MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                              MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_CONN_MEMORY,
                              MHD_OPTION_CONNECTION_LIMIT, (unsigned)SRV_MAX_CONNECTIONS,
                              MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SRV_TIMEOUT_S,
                              MHD_OPTION_EXTERNAL_LOGGER, mhd_quiet, NULL,
                              MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                              MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!s->mhd) {
        snprintf(err, errlen, "cannot listen on %s port %d (in use, or not an address of this machine)",
                 host, o->port);
        server_free(s);
        return WS_IO;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : o->port;
    *out = s;
    return WS_OK;
}

/* The TCP port the server listens on (the one chosen when opts.port was 0). */
int ws_server_port(const ws_server *s) { return s ? s->port : 0; }

/* Stops accepting, waits for requests in flight, closes the database.
 * Accepts NULL. */
void ws_server_stop(ws_server *s) { server_free(s); }
