/*
 * fuzz_api.c -- the JSON API of `whosaid serve` on arbitrary query strings.
 *
 * Input: "PATH?k=v&k=v..." as bytes (a NUL ends a string, as it would in
 * libmicrohttpd's decoded values).  PATH is put under "/api/" when it is
 * not there already.  The request is refused, as the server refuses it
 * before the API sees it, when it breaks the server's limits (URL length,
 * number and length of parameters, UTF-8 as server.c checks it); every
 * other request goes to ws_api_handle on a small database ingested at start
 * from hand-made texts.  Checks: a reply always comes (status 200, 400,
 * 404 or 500) with a body that is one valid JSON value; nothing crashes,
 * leaks or trips the sanitizers.  The HTTP parsing itself is
 * libmicrohttpd's and is not fuzzed here.
 */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include <unistd.h>

#include <jansson.h>

#include "serve/serve.h"
#include "whosaid_serve.h"

static ws_db *db;

static int emit(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st,
                size_t n)
{
    return ws_db_emit(ud, doc, status, errmsg, st, n);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const char *texts[] = {
        "\"We will not give up,\" the mayor of Lyon, Anne Martin, told reporters on Tuesday.",
        "According to Health Minister Lena Berg, hospitals are \"full to the roof\" this week.",
        "\"The bridge,\" Martin said, \"will open in May.\" She added that costs rose.",
        "Union chief Tom Reyes says the \"deal is dead\". \"Rents are too high,\" Reyes said.",
        "\"Prices will fall,\" Italian Finance Minister Carla Rossi said on Monday.",
    };
    fz_load_lexicon();
    char path[] = "/tmp/whosaid-fuzz-api-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) abort();
    close(fd);
    unlink(path);
    ws_db *w;
    char err[512];
    if (ws_db_open(path, NULL, &w, err, sizeof err) != WS_OK) {
        fprintf(stderr, "fuzz_api: %s\n", err);
        abort();
    }
    ws_pipeline *p;
    if (ws_pipeline_new(fz_lx, NULL, emit, w, &p) != WS_OK) abort();
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        char id[16];
        snprintf(id, sizeof id, "doc%zu", i);
        ws_doc d;
        memset(&d, 0, sizeof d);
        d.id = id;
        d.id_len = strlen(id);
        d.text = texts[i];
        d.text_len = strlen(texts[i]);
        d.date.y = 2025;
        d.date.m = 4;
        d.date.d = (int)i + 1;
        if (ws_pipeline_push(p, &d) != WS_OK) abort();
    }
    if (ws_pipeline_finish(p) != WS_OK || ws_db_flush(w) != WS_OK) abort();
    ws_pipeline_free(p);
    ws_db_close(w);
    ws_db_opts ro = {NULL, 0, 0, 0, 1};
    if (ws_db_open(path, &ro, &db, err, sizeof err) != WS_OK) {
        fprintf(stderr, "fuzz_api: %s\n", err);
        abort();
    }
    unlink(path); /* the open connection keeps it */
    return 0;
}

/* UTF-8 as server.c's valid_utf8 accepts it. */
static int server_utf8(const char *s)
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > SRV_MAX_URL) return 0;
    char buf[SRV_MAX_URL + 8];
    memcpy(buf, data, size);
    buf[size] = 0;
    char url[SRV_MAX_URL + 16];
    char *q = strchr(buf, '?');
    if (q) *q++ = 0;
    if (strncmp(buf, "/api/", 5) == 0) snprintf(url, sizeof url, "%s", buf);
    else snprintf(url, sizeof url, "/api/%s", buf[0] == '/' ? buf + 1 : buf);
    if (strlen(url) > SRV_MAX_URL || !server_utf8(url)) return 0;

    api_args args;
    memset(&args, 0, sizeof args);
    size_t bytes = strlen(url);
    for (char *kv = q; kv && *kv;) {
        char *amp = strchr(kv, '&');
        if (amp) *amp = 0;
        char *eq = strchr(kv, '=');
        if (eq) *eq = 0;
        const char *v = eq ? eq + 1 : "";
        bytes += strlen(kv) + strlen(v) + 2;
        if (bytes > SRV_MAX_URL || args.n >= SRV_MAX_ARGS) return 0;
        if (strlen(v) > SRV_MAX_ARG_LEN || strlen(kv) > 64) return 0;
        if (!server_utf8(kv) || !server_utf8(v)) return 0;
        args.key[args.n] = kv;
        args.val[args.n] = v;
        args.n++;
        kv = amp ? amp + 1 : NULL;
    }

    api_reply rep;
    memset(&rep, 0, sizeof rep);
    int rc = ws_api_handle(db, url, &args, &rep);
    FZ_CHECK(rc == WS_OK || rc == WS_NOMEM);
    if (!rep.body) return 0;
    FZ_CHECK(rep.status == 200 || rep.status == 400 || rep.status == 404 || rep.status == 500);
    json_error_t je;
    json_t *j = json_loadb(rep.body, rep.len, JSON_DECODE_ANY, &je);
    if (!j) fprintf(stderr, "fuzz_api: %s: body is not JSON: %s\n", url, je.text);
    FZ_CHECK(j != NULL);
    json_decref(j);
    free(rep.body);
    return 0;
}
