/*
 * reader.c -- documents from files: lines, JSON lines or whole texts.
 *
 * One streaming pass: a line is read into a buffer that keeps its capacity
 * and never grows past the maximum document size; a longer line is
 * reported and skipped to its end without being held.  JSON is parsed by
 * jansson.  Every problem is reported as "FILE:LINE: what" and the next
 * record is still read, so that nothing is lost silently: each record is
 * either returned as a document or reported.
 *
 *   lines   each non-empty line is a document "FILE:LINE" (1-based, blank
 *           lines counted); a final "\r" is dropped (CRLF files).
 *   jsonl   {"text": ..., "id": ..., "date": "YYYY-MM-DD", "title": ...,
 *           "url": ..., "outlet": ...}; text is required, id defaults to
 *           FILE:LINE (also when it is ""); a bad date is reported and the
 *           document is skipped.
 *   text    the whole file is one document named after the file.  A byte
 *           order mark is kept (and read as space) so offsets match the file.
 */
#include "../internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

struct ws_reader {
    FILE *f;
    int own;
    char *path;
    const char *base;
    ws_input_mode mode;
    ws_date defdate;
    size_t max_doc;
    long line;
    int done;
    buf b;        /* the current line or file */
    char *ib;     /* input buffer for lines: ib[ipos, ilen) not yet read */
    size_t ipos, ilen;
    buf id;       /* the current id */
    json_t *json; /* the current JSON object */
    char *date_s;
    char err[512];
};

int ws_reader_open(const char *path, ws_input_mode mode, ws_date defdate, size_t max_doc,
                   ws_reader **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_reader *r = ws__calloc(1, sizeof *r);
    if (!r) return WS_NOMEM;
    if (!path || !strcmp(path, "-")) {
        r->f = stdin;
        r->path = ws__strndup("-", 1);
    } else {
        r->f = fopen(path, "rb");
        r->own = 1;
        r->path = ws__strndup(path, strlen(path));
        /* a directory opens for reading on Linux and fails at the first
         * read: say so at once, by name */
        struct stat sb;
        int e = !r->f ? errno : fstat(fileno(r->f), &sb) == 0 && S_ISDIR(sb.st_mode) ? EISDIR : 0;
        if (e) {
            if (err) snprintf(err, errlen, "%s: %s", path, strerror(e));
            if (r->f) fclose(r->f);
            ws__free(r->path);
            ws__free(r);
            return WS_IO;
        }
    }
    if (!r->path) {
        ws_reader_close(r);
        return WS_NOMEM;
    }
    const char *sl = strrchr(r->path, '/');
    r->base = sl ? sl + 1 : r->path;
    if (mode == WS_INPUT_AUTO) {
        size_t n = strlen(r->path);
        mode = n > 6 && !strcmp(r->path + n - 6, ".jsonl") ? WS_INPUT_JSONL : WS_INPUT_TEXT;
    }
    r->mode = mode;
    r->defdate = defdate;
    r->max_doc = max_doc ? max_doc : WS_DEFAULT_MAX_DOC;
    *out = r;
    return WS_OK;
}

const char *ws_reader_error(const ws_reader *r) { return r->err; }

static int report(ws_reader *r, int rc, const char *what)
{
    snprintf(r->err, sizeof r->err, "%s:%ld: %s", r->path, r->line, what);
    return rc;
}

/* A read error: it ends the file and names the line that could not be
 * read (the one after the last complete line). */
static int report_io(ws_reader *r, int e)
{
    r->done = 1;
    snprintf(r->err, sizeof r->err, "%s:%ld: read error: %s", r->path, r->line + 1, strerror(e));
    return WS_IO;
}

#define READ_CHUNK ((size_t)64 << 10)

/* Reads one line into r->b (without the newline).  Returns 1, 0 at end,
 * WS_TOOBIG (the rest of the line skipped) or WS_IO.  Reads the file in
 * chunks and finds line ends with memchr; a line is copied only up to
 * max_doc bytes. */
static int read_line(ws_reader *r)
{
    r->b.len = 0;
    if (buf_reserve(&r->b, 1) != WS_OK) return WS_NOMEM;
    r->b.p[0] = 0;
    if (!r->ib && !(r->ib = ws__alloc(READ_CHUNK))) return WS_NOMEM;
    int any = 0, toobig = 0;
    for (;;) {
        if (r->ipos == r->ilen) {
            r->ipos = 0;
            r->ilen = fread(r->ib, 1, READ_CHUNK, r->f);
            if (r->ilen == 0) break;
        }
        any = 1;
        const char *p = r->ib + r->ipos;
        size_t avail = r->ilen - r->ipos;
        const char *nl = memchr(p, '\n', avail);
        size_t n = nl ? (size_t)(nl - p) : avail;
        r->ipos += n + (nl != NULL);
        if (!toobig) {
            if (n > r->max_doc - r->b.len) {
                toobig = 1;
            } else if (buf_append(&r->b, p, n) != WS_OK) {
                return WS_NOMEM;
            }
        }
        if (nl) break;
    }
    if (ferror(r->f)) return WS_IO;
    if (!any) return 0;
    r->line++;
    if (toobig) return WS_TOOBIG;
    if (r->b.len && r->b.p[r->b.len - 1] == '\r') r->b.len--;
    r->b.p[r->b.len] = 0;
    return 1;
}

static int set_id_line(ws_reader *r)
{
    char tmp[32];
    r->id.len = 0;
    snprintf(tmp, sizeof tmp, ":%ld", r->line);
    if (buf_append(&r->id, r->path, strlen(r->path)) != WS_OK ||
        buf_append(&r->id, tmp, strlen(tmp)) != WS_OK)
        return WS_NOMEM;
    return WS_OK;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v') return false;
    return true;
}

static const char *opt_string(ws_reader *r, const char *key, int *bad)
{
    json_t *v = json_object_get(r->json, key);
    if (!v || json_is_null(v)) return NULL;
    if (!json_is_string(v)) {
        *bad = 1;
        char msg[96];
        snprintf(msg, sizeof msg, "\"%s\" is not a string", key);
        report(r, WS_PARSE, msg);
        return NULL;
    }
    return json_string_value(v);
}

static int next_jsonl(ws_reader *r, ws_doc *doc)
{
    for (;;) {
        int rc = read_line(r);
        if (rc == 0) return 0;
        if (rc == WS_IO) return report_io(r, errno);
        if (rc == WS_NOMEM) return report(r, WS_NOMEM, "out of memory");
        if (rc == WS_TOOBIG) {
            char msg[96];
            snprintf(msg, sizeof msg, "line longer than the maximum document size (%zu bytes), skipped", r->max_doc);
            return report(r, WS_TOOBIG, msg);
        }
        if (blank(r->b.p, r->b.len)) continue;
        json_decref(r->json);
        json_error_t je;
        r->json = json_loadb(r->b.p, r->b.len, JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
        if (!r->json) {
            char msg[256];
            snprintf(msg, sizeof msg, "not valid JSON: %s (column %d)", je.text, je.column);
            return report(r, WS_PARSE, msg);
        }
        if (!json_is_object(r->json)) return report(r, WS_PARSE, "not a JSON object");
        json_t *t = json_object_get(r->json, "text");
        if (!t) return report(r, WS_PARSE, "no \"text\" field");
        if (!json_is_string(t)) return report(r, WS_PARSE, "\"text\" is not a string");
        memset(doc, 0, sizeof *doc);
        doc->text = json_string_value(t);
        doc->text_len = json_string_length(t);
        json_t *id = json_object_get(r->json, "id");
        r->id.len = 0;
        if (id && json_is_string(id) && json_string_length(id) > 0) {
            if (buf_append(&r->id, json_string_value(id), json_string_length(id)) != WS_OK)
                return report(r, WS_NOMEM, "out of memory");
        } else if (id && json_is_integer(id)) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(id));
            if (buf_append(&r->id, tmp, strlen(tmp)) != WS_OK) return report(r, WS_NOMEM, "out of memory");
        } else if (id && !json_is_null(id) && !json_is_string(id)) {
            return report(r, WS_PARSE, "\"id\" is not a string or integer");
        } else if (set_id_line(r) != WS_OK) {
            return report(r, WS_NOMEM, "out of memory");
        }
        doc->id = r->id.p;
        doc->id_len = r->id.len;
        doc->date = r->defdate;
        int bad = 0;
        const char *ds = opt_string(r, "date", &bad);
        if (bad) return WS_PARSE;
        if (ds && *ds) {
            /* accept a full timestamp: its first ten characters */
            char tmp[11];
            size_t l = strlen(ds);
            if (l >= 10) {
                memcpy(tmp, ds, 10);
                tmp[10] = 0;
            } else {
                tmp[0] = 0;
            }
            if (ws_date_parse(tmp, &doc->date) != WS_OK)
                return report(r, WS_PARSE, "\"date\" is not YYYY-MM-DD");
        }
        doc->title = opt_string(r, "title", &bad);
        doc->url = opt_string(r, "url", &bad);
        doc->outlet = opt_string(r, "outlet", &bad);
        if (bad) return WS_PARSE;
        return 1;
    }
}

int ws_reader_next(ws_reader *r, ws_doc *doc)
{
    r->err[0] = 0;
    if (r->done) return 0;
    if (r->mode == WS_INPUT_JSONL) return next_jsonl(r, doc);
    if (r->mode == WS_INPUT_LINES) {
        for (;;) {
            int rc = read_line(r);
            if (rc == 0) return 0;
            if (rc == WS_IO) return report_io(r, errno);
            if (rc == WS_NOMEM) return report(r, WS_NOMEM, "out of memory");
            if (rc == WS_TOOBIG) {
                char msg[96];
                snprintf(msg, sizeof msg, "line longer than the maximum document size (%zu bytes), skipped",
                         r->max_doc);
                return report(r, WS_TOOBIG, msg);
            }
            if (blank(r->b.p, r->b.len)) continue;
            if (set_id_line(r) != WS_OK) return report(r, WS_NOMEM, "out of memory");
            memset(doc, 0, sizeof *doc);
            doc->id = r->id.p;
            doc->id_len = r->id.len;
            doc->text = r->b.p;
            doc->text_len = r->b.len;
            doc->date = r->defdate;
            return 1;
        }
    }
    /* text: the whole file */
    r->done = 1;
    r->b.len = 0;
    r->line = 1;
    char chunk[65536];
    size_t got;
    int toobig = 0;
    while ((got = fread(chunk, 1, sizeof chunk, r->f)) > 0) {
        if (toobig) continue;
        if (r->b.len + got > r->max_doc) {
            toobig = 1;
            continue;
        }
        if (buf_append(&r->b, chunk, got) != WS_OK) return report(r, WS_NOMEM, "out of memory");
    }
    if (ferror(r->f)) {
        r->line = 0;
        return report_io(r, errno);
    }
    if (toobig) {
        char msg[96];
        snprintf(msg, sizeof msg, "file larger than the maximum document size (%zu bytes), skipped", r->max_doc);
        return report(r, WS_TOOBIG, msg);
    }
    if (buf_reserve(&r->b, 1) != WS_OK) return report(r, WS_NOMEM, "out of memory");
    r->id.len = 0;
    if (buf_append(&r->id, r->base, strlen(r->base)) != WS_OK) return report(r, WS_NOMEM, "out of memory");
    memset(doc, 0, sizeof *doc);
    doc->id = r->id.p;
    doc->id_len = r->id.len;
    doc->text = r->b.p ? r->b.p : "";
    doc->text_len = r->b.len;
    doc->date = r->defdate;
    return 1;
}

void ws_reader_close(ws_reader *r)
{
    if (!r) return;
    if (r->own && r->f) fclose(r->f);
    json_decref(r->json);
    buf_free(&r->b);
    buf_free(&r->id);
    ws__free(r->ib);
    ws__free(r->path);
    ws__free(r);
}
