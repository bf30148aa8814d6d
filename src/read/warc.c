/*
 * warc.c -- WARC 1.0 and 1.1 records, one at a time.
 *
 * A WARC file is a sequence of records: a version line ("WARC/1.0"),
 * named header fields, a blank line, Content-Length bytes of content and
 * two CRLFs.  Common Crawl writes .warc.gz files with one gzip member a
 * record, so a reader can start at any member; a file may also be one
 * member for all, or plain.  The stream is inflated by zlib as it is read,
 * through a window of 64 KiB; a record's content is held whole only when
 * it is a response that will be returned, and only up to MAX_RECORD bytes
 * (a larger one is read past and reported).  Memory is the window, the
 * largest record returned and its decoded body.
 *
 * A response record's content is an HTTP response: status line, headers,
 * body.  A record is returned when its status is 2xx and its Content-Type
 * is HTML (or missing with a body that starts like HTML); the body's
 * "Transfer-Encoding: chunked" and "Content-Encoding: gzip|deflate" are
 * undone.  request, metadata, warcinfo, revisit, resource and non-HTML
 * records are skipped without a word: they are not articles.
 *
 * Faults reported, each as the record's number and what is wrong, the
 * reading going on after it: a header that is not a WARC header (the
 * bytes up to the next "WARC/" line are skipped), a Content-Length missing
 * or larger than the rest of the file or of its gzip member, a gzip member
 * cut off or corrupt (the next member is looked for), an HTTP message that
 * does not parse, a chunked or compressed body that does not decode.
 */
#define _GNU_SOURCE /* strcasestr */
#include "read.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#define ZLIB_CONST /* next_in is const */
#include <zlib.h>

#define WIN ((size_t)64 << 10)
#define MAX_HEADER ((size_t)256 << 10)

struct ws_read_warc {
    FILE *f;
    size_t max_record;
    int gz;            /* the stream is gzip */
    int eof;           /* no more input bytes */
    int member_end;    /* the window ends where a gzip member ends */
    int corrupt;       /* the current member is corrupt: look for the next */
    z_stream zs;
    int zinit;
    unsigned char *in;  /* compressed input */
    unsigned char *win; /* decompressed (or plain) bytes: win[pos, len) unread */
    size_t pos, len;
    long rec;           /* records started */
    int pending;        /* a version line was read by a search that reported */
    buf line, content, body, tmp;
    buf uri, charset;
    char what[256];
};

int ws_read_warc_open(FILE *f, size_t max_record, ws_read_warc **out)
{
    *out = NULL;
    ws_read_warc *w = ws__calloc(1, sizeof *w);
    if (!w) return WS_NOMEM;
    w->f = f;
    w->max_record = max_record ? max_record : WS_DEFAULT_MAX_DOC;
    w->in = ws__alloc(WIN);
    w->win = ws__alloc(WIN);
    if (!w->in || !w->win) {
        ws_read_warc_free(w);
        return WS_NOMEM;
    }
    /* gzip or plain, from the first two bytes */
    size_t got = fread(w->in, 1, 2, f);
    if (got == 2 && w->in[0] == 0x1f && w->in[1] == 0x8b) {
        w->gz = 1;
        if (inflateInit2(&w->zs, 15 + 16) != Z_OK) {
            ws_read_warc_free(w);
            return WS_NOMEM;
        }
        w->zinit = 1;
        w->zs.next_in = w->in;
        w->zs.avail_in = 2;
    } else {
        memcpy(w->win, w->in, got);
        w->len = got;
    }
    if (got < 2) w->eof = 1;
    *out = w;
    return WS_OK;
}

/* Looks for the next gzip member in the compressed input after a corrupt
 * one; 1 when found (inflate reset to it), 0 at the end of the file. */
static int next_member(ws_read_warc *w)
{
    for (;;) {
        const unsigned char *p = w->zs.next_in;
        size_t n = w->zs.avail_in;
        for (size_t i = 1; i + 2 < n; i++) {
            if (p[i] == 0x1f && p[i + 1] == 0x8b && p[i + 2] == 0x08) {
                w->zs.next_in = p + i;
                w->zs.avail_in = (uInt)(n - i);
                inflateReset(&w->zs);
                w->corrupt = 0;
                return 1;
            }
        }
        if (feof(w->f) || ferror(w->f)) return 0;
        /* keep the last two bytes: a magic number may straddle reads */
        size_t keep = n < 2 ? n : 2;
        memmove(w->in, p + n - keep, keep);
        size_t got = fread(w->in + keep, 1, WIN - keep, w->f);
        w->zs.next_in = w->in;
        w->zs.avail_in = (uInt)(keep + got);
        if (!got) return 0;
    }
}

/* Refills the window.  Returns 1 with bytes, 0 at a member's end (call
 * again to go on into the next member) or at the end of the input, or
 * -1 when the gzip data is cut off or corrupt (w->what says which). */
static int fill(ws_read_warc *w)
{
    w->pos = w->len = 0;
    if (!w->gz) {
        if (w->eof) return 0;
        w->len = fread(w->win, 1, WIN, w->f);
        if (!w->len) w->eof = 1;
        return w->len > 0;
    }
    if (w->member_end) {
        w->member_end = 0;
        return 0;
    }
    if (w->corrupt && !next_member(w)) {
        w->eof = 1;
        return 0;
    }
    for (;;) {
        if (!w->zs.avail_in && !w->eof) {
            size_t got = fread(w->in, 1, WIN, w->f);
            if (!got) w->eof = 1;
            w->zs.next_in = w->in;
            w->zs.avail_in = (uInt)got;
        }
        if (!w->zs.avail_in && w->eof) {
            if (w->zs.total_in == 0 && w->zs.total_out == 0) return 0; /* between members */
            snprintf(w->what, sizeof w->what, "gzip member cut off (the file ends inside it)");
            w->zs.total_in = w->zs.total_out = 0;
            inflateReset(&w->zs);
            return -1;
        }
        w->zs.next_out = w->win;
        w->zs.avail_out = (uInt)WIN;
        int zr = inflate(&w->zs, Z_NO_FLUSH);
        w->len = WIN - w->zs.avail_out;
        if (zr == Z_STREAM_END) {
            inflateReset(&w->zs); /* total_in/out back to 0 */
            w->member_end = 1;
            if (w->len) return 1;
            w->member_end = 0;
            return 0;
        }
        if (zr == Z_DATA_ERROR || zr == Z_NEED_DICT || zr == Z_MEM_ERROR) {
            snprintf(w->what, sizeof w->what, "gzip data corrupt (%s); skipped to the next gzip member",
                     w->zs.msg ? w->zs.msg : "inflate failed");
            w->corrupt = 1;
            w->len = 0;
            return -1;
        }
        if (w->len) return 1;
    }
}

/* Reads one line (without "\r\n") into w->line, crossing member ends.
 * 1, 0 at the end of input, -1 gzip fault, -2 line too long (skipped). */
static int read_line(ws_read_warc *w)
{
    w->line.len = 0;
    int any = 0, toolong = 0;
    for (;;) {
        if (w->pos == w->len) {
            int r = fill(w);
            if (r < 0) return -1;
            if (r == 0) {
                if (w->eof || !w->gz) break;
                continue;
            }
        }
        any = 1;
        unsigned char *p = w->win + w->pos;
        size_t n = w->len - w->pos;
        unsigned char *nl = memchr(p, '\n', n);
        size_t take = nl ? (size_t)(nl - p) : n;
        if (w->line.len + take > MAX_HEADER) toolong = 1;
        else if (ws_buf_append(&w->line, (const char *)p, take) != WS_OK) return -3;
        w->pos += take + (nl != NULL);
        if (nl) break;
    }
    if (!any) return 0;
    if (toolong) return -2;
    if (w->line.len && w->line.p[w->line.len - 1] == '\r') w->line.len--;
    if (ws_buf_reserve(&w->line, 1) != WS_OK) return -3;
    w->line.p[w->line.len] = 0;
    return 1;
}

/* Reads N bytes of content, kept in w->content when KEEP; stops early at
 * a gzip member's end.  Returns the bytes read, or -1 on a gzip fault. */
static long long read_content(ws_read_warc *w, unsigned long long n, bool keep)
{
    w->content.len = 0;
    unsigned long long done = 0;
    while (done < n) {
        if (w->pos == w->len) {
            int r = fill(w);
            if (r < 0) return -1;
            if (r == 0) break;
        }
        size_t avail = w->len - w->pos;
        size_t take = n - done < avail ? (size_t)(n - done) : avail;
        if (keep && ws_buf_append(&w->content, (const char *)w->win + w->pos, take) != WS_OK) return -3;
        w->pos += take;
        done += take;
    }
    return (long long)done;
}

static bool header_is(const char *line, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncasecmp(line, name, n) || line[n] != ':') return false;
    const char *v = line + n + 1;
    while (*v == ' ' || *v == '\t') v++;
    *value = v;
    return true;
}

/* ---- HTTP */

static int dechunk(ws_read_warc *w, const char *p, size_t n, buf *out)
{
    out->len = 0;
    const char *end = p + n;
    while (p < end) {
        char *e;
        unsigned long long sz = strtoull(p, &e, 16);
        if (e == p) return WS_PARSE;
        const char *nl = memchr(e, '\n', (size_t)(end - e));
        if (!nl) return WS_PARSE;
        p = nl + 1;
        if (sz == 0) return WS_OK;
        if (sz > (unsigned long long)(end - p)) sz = (unsigned long long)(end - p); /* cut off: keep what is there */
        if (out->len + sz > w->max_record) return WS_TOOBIG;
        if (ws_buf_append(out, p, (size_t)sz) != WS_OK) return WS_NOMEM;
        p += sz;
        while (p < end && (*p == '\r' || *p == '\n')) p++;
    }
    return WS_OK;
}

static int inflate_body(ws_read_warc *w, const char *p, size_t n, buf *out, bool raw)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, raw ? -15 : 15 + 32) != Z_OK) return WS_NOMEM;
    out->len = 0;
    zs.next_in = (const unsigned char *)p;
    zs.avail_in = (uInt)n;
    int rc = WS_OK;
    for (;;) {
        if (ws_buf_reserve(out, 65536) != WS_OK) {
            rc = WS_NOMEM;
            break;
        }
        zs.next_out = (unsigned char *)out->p + out->len;
        zs.avail_out = (uInt)(out->cap - out->len - 1);
        size_t before = zs.avail_out;
        int zr = inflate(&zs, Z_NO_FLUSH);
        out->len += before - zs.avail_out;
        if (out->len > w->max_record) {
            rc = WS_TOOBIG;
            break;
        }
        if (zr == Z_STREAM_END) break;
        if (zr == Z_BUF_ERROR && !zs.avail_in) break; /* cut off: keep what decoded */
        if (zr != Z_OK) {
            rc = WS_PARSE;
            break;
        }
    }
    inflateEnd(&zs);
    return rc;
}

/* The HTML body of the HTTP response in w->content: 1 with *body and *len,
 * 0 when it is not a 2xx HTML response, or a negative status. */
static int http_body(ws_read_warc *w, const char **body, size_t *len)
{
    if (!w->content.p || w->content.len < 12 || strncmp(w->content.p, "HTTP/", 5)) {
        snprintf(w->what, sizeof w->what, "response record without an HTTP status line, skipped");
        return WS_PARSE;
    }
    const char *p = w->content.p, *end = p + w->content.len;
    const char *sp = memchr(p, ' ', (size_t)(end - p));
    int status = sp ? atoi(sp + 1) : 0;
    int chunked = 0, gz = 0, deflate = 0, html = -1, other_enc = 0;
    w->charset.len = 0;
    const char *q = p;
    for (;;) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        if (!nl) {
            snprintf(w->what, sizeof w->what, "HTTP headers without an end, skipped");
            return WS_PARSE;
        }
        size_t ll = (size_t)(nl - q);
        if (ll && q[ll - 1] == '\r') ll--;
        if (q != p && ll == 0) {
            q = nl + 1;
            break;
        }
        char h[1024];
        size_t hl = ll < sizeof h - 1 ? ll : sizeof h - 1;
        memcpy(h, q, hl);
        h[hl] = 0;
        const char *v;
        if (header_is(h, "Transfer-Encoding", &v)) {
            chunked = strcasestr(v, "chunked") != NULL;
        } else if (header_is(h, "Content-Encoding", &v)) {
            if (strcasestr(v, "gzip")) gz = 1;
            else if (strcasestr(v, "deflate")) deflate = 1;
            else if (*v && strcasecmp(v, "identity")) other_enc = 1;
        } else if (header_is(h, "Content-Type", &v)) {
            html = strcasestr(v, "html") != NULL;
            const char *cs = strcasestr(v, "charset=");
            if (cs) {
                cs += 8;
                while (*cs == '"' || *cs == '\'') cs++;
                size_t n = 0;
                while (cs[n] && cs[n] != ';' && cs[n] != '"' && cs[n] != '\'' && cs[n] != ' ') n++;
                if (ws_buf_append(&w->charset, cs, n) != WS_OK) return WS_NOMEM;
            }
        }
        q = nl + 1;
    }
    if (status < 200 || status > 299 || html == 0) return 0;
    const char *b = q;
    size_t bl = (size_t)(end - q);
    if (chunked) {
        int rc = dechunk(w, b, bl, &w->tmp);
        if (rc != WS_OK) {
            snprintf(w->what, sizeof w->what, "chunked HTTP body does not decode, skipped");
            return rc;
        }
        b = w->tmp.p;
        bl = w->tmp.len;
    }
    if (gz || deflate) {
        int rc = inflate_body(w, b, bl, &w->body, false);
        if (rc == WS_PARSE && deflate) rc = inflate_body(w, b, bl, &w->body, true);
        if (rc != WS_OK) {
            snprintf(w->what, sizeof w->what, "%s HTTP body does not decode, skipped", gz ? "gzip" : "deflate");
            return rc;
        }
        b = w->body.p;
        bl = w->body.len;
    } else if (other_enc) {
        snprintf(w->what, sizeof w->what, "HTTP body in a content encoding other than gzip or deflate, skipped");
        return WS_PARSE;
    }
    if (html < 0) {
        /* no Content-Type: HTML only if it starts like HTML */
        size_t i = 0;
        while (i < bl && isspace((unsigned char)b[i])) i++;
        if (i >= bl || b[i] != '<') return 0;
    }
    *body = b ? b : "";
    *len = bl;
    return 1;
}

/* ---- records */

int ws_read_warc_next(ws_read_warc *w, const char **html, size_t *len, const char **uri,
                      ws_date *date, const char **charset, long *recno, const char **what)
{
    *what = NULL;
    *html = NULL;
    *len = 0;
    *uri = NULL;
    *charset = NULL;
    *date = (ws_date){0, 0, 0};
    for (;;) {
        *recno = w->rec + 1;
        /* the version line, after the blank lines ending the last record */
        int r = 1;
        long skipped = 0;
        if (w->pending) w->pending = 0;
        else
            while ((r = read_line(w)) == 1 || r == -2) {
                if (r == 1 && !strncmp(w->line.p, "WARC/", 5)) break;
                if (r == -2 || w->line.len) skipped++;
            }
        if (r == -3) return WS_NOMEM;
        if (r == -1) {
            *what = w->what;
            return w->eof ? WS_IO : WS_PARSE;
        }
        if (skipped) {
            snprintf(w->what, sizeof w->what, "%ld line%s that are not a WARC record skipped", skipped,
                     skipped == 1 ? "" : "s");
            *what = w->what;
            if (r == 1) w->pending = 1;
            return WS_PARSE;
        }
        if (r == 0) return 0;
        *recno = ++w->rec;
        /* the header fields */
        char type[32] = "";
        int is_http = 0;
        long long clen = -1;
        w->uri.len = 0;
        while ((r = read_line(w)) == 1 && w->line.len) {
            const char *v;
            if (header_is(w->line.p, "WARC-Type", &v)) snprintf(type, sizeof type, "%s", v);
            else if (header_is(w->line.p, "Content-Length", &v)) clen = strtoll(v, NULL, 10);
            else if (header_is(w->line.p, "Content-Type", &v)) is_http = strcasestr(v, "application/http") != NULL;
            else if (header_is(w->line.p, "WARC-Target-URI", &v)) {
                w->uri.len = 0;
                if (*v == '<') v++; /* WARC 1.0 wrote <uri> */
                size_t n = strlen(v);
                if (n && v[n - 1] == '>') n--;
                if (ws_buf_append(&w->uri, v, n) != WS_OK) return WS_NOMEM;
            } else if (header_is(w->line.p, "WARC-Date", &v)) {
                (void)ws_read_parse_date(v, date);
            }
        }
        if (r == -3) return WS_NOMEM;
        if (r < 0 || r == 0) {
            if (r != -1)
                snprintf(w->what, sizeof w->what, "%s",
                         r == -2 ? "WARC header line too long" : "WARC header cut off at the end of the file");
            *what = w->what;
            return WS_PARSE;
        }
        if (clen < 0) {
            snprintf(w->what, sizeof w->what, "WARC record without a valid Content-Length, skipped");
            *what = w->what;
            return WS_PARSE;
        }
        bool want = !strcasecmp(type, "response") && is_http;
        bool toobig = (unsigned long long)clen > w->max_record;
        long long got = read_content(w, (unsigned long long)clen, want && !toobig);
        if (got == -3) return WS_NOMEM;
        if (got < 0) {
            *what = w->what;
            return WS_PARSE;
        }
        if (got < clen) {
            snprintf(w->what, sizeof w->what,
                     "Content-Length %lld but the %s ends after %lld bytes; record skipped", clen,
                     w->gz && !w->eof ? "gzip member" : "file", got);
            *what = w->what;
            return WS_PARSE;
        }
        if (!want) continue;
        if (toobig) {
            snprintf(w->what, sizeof w->what, "record of %lld bytes, larger than the maximum document size (%zu), skipped",
                     clen, w->max_record);
            *what = w->what;
            return WS_TOOBIG;
        }
        const char *body;
        size_t blen;
        r = http_body(w, &body, &blen);
        if (r == WS_NOMEM) return r;
        if (r < 0) {
            *what = w->what;
            return r;
        }
        if (r == 0) continue;
        if (ws_buf_reserve(&w->uri, 1) != WS_OK) return WS_NOMEM;
        w->uri.p[w->uri.len] = 0;
        *uri = w->uri.p;
        *charset = w->charset.len && ws_buf_reserve(&w->charset, 1) == WS_OK
                       ? (w->charset.p[w->charset.len] = 0, w->charset.p)
                       : NULL;
        *html = body;
        *len = blen;
        return 1;
    }
}

void ws_read_warc_free(ws_read_warc *w)
{
    if (!w) return;
    if (w->zinit) inflateEnd(&w->zs);
    ws__free(w->in);
    ws__free(w->win);
    ws_buf_free(&w->line);
    ws_buf_free(&w->content);
    ws_buf_free(&w->body);
    ws_buf_free(&w->tmp);
    ws_buf_free(&w->uri);
    ws_buf_free(&w->charset);
    ws__free(w);
}
