/*
 * source.c -- a file of pages, feed items or WARC records as documents.
 *
 *   html  the whole file is one page; its id is the path as given.
 *   feed  the whole file is parsed (a feed is one record); each item is a
 *         document "FILE#N" (N from 1, in the feed's order).
 *   warc  records are read one at a time; each response record with an
 *         HTML payload is a document "FILE#N" (N the record's number among
 *         all records of the file, so ids stay put when a record is bad).
 *
 * A problem is reported as "FILE:N: what" (N the page, item or record) and
 * the next document is still read.  A page or item with no text at all is
 * such a problem.  Documents with no date of their own get the WARC-Date,
 * else the default date.
 */
#include "read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ws_read_src {
    FILE *f;
    const char *path; /* borrowed from the reader */
    ws_input_mode mode;
    ws_date defdate;
    size_t max_doc;
    long rec;
    int done;
    buf data;
    ws_read_page pg;
    ws_read_feed *feed;
    size_t item;
    ws_read_warc *warc;
    buf id;
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static bool starts_ci(const unsigned char *p, const unsigned char *end, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(end - p) >= n && !strncasecmp((const char *)p, s, n);
}

ws_input_mode ws_read_detect(const char *path, const unsigned char *head, size_t n)
{
    if (path) {
        static const char *const html[] = {".html", ".htm", ".xhtml", NULL};
        static const char *const feed[] = {".rss", ".atom", ".rdf", ".xml", ".feed", ".json", NULL};
        for (const char *const *e = html; *e; e++)
            if (ends_with(path, *e)) return WS_INPUT_HTML;
        for (const char *const *e = feed; *e; e++)
            if (ends_with(path, *e)) return WS_INPUT_FEED;
        if (ends_with(path, ".warc") || ends_with(path, ".warc.gz")) return WS_INPUT_WARC;
        if (ends_with(path, ".txt") || ends_with(path, ".jsonl")) return WS_INPUT_AUTO;
    }
    if (!head || !n) return WS_INPUT_AUTO;
    const unsigned char *p = head, *end = head + n;
    if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return WS_INPUT_WARC; /* gzip: a .warc.gz */
    if (starts_ci(p, end, "WARC/")) return WS_INPUT_WARC;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    if (p < end && *p == '{') {
        /* a JSON Feed names its version first or soon after */
        for (const unsigned char *q = p; q + 20 < end; q++)
            if (!memcmp(q, "jsonfeed.org/version", 20)) return WS_INPUT_FEED;
        return WS_INPUT_AUTO;
    }
    if (p >= end || *p != '<') return WS_INPUT_AUTO;
    /* skip the XML declaration, comments and a doctype, then look at the
     * first element */
    for (int guard = 0; guard < 16 && p < end && *p == '<'; guard++) {
        if (starts_ci(p, end, "<!doctype html") || starts_ci(p, end, "<html")) return WS_INPUT_HTML;
        if (starts_ci(p, end, "<rss") || starts_ci(p, end, "<feed") || starts_ci(p, end, "<rdf:rdf"))
            return WS_INPUT_FEED;
        if (p[1] != '?' && p[1] != '!') break;
        const unsigned char *gt = memchr(p, '>', (size_t)(end - p));
        if (!gt) break;
        p = gt + 1;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
    }
    /* a fragment of a page: a head or body element near the start */
    for (const unsigned char *q = head; q < end && q < head + 1024; q++)
        if (starts_ci(q, end, "<head") || starts_ci(q, end, "<body")) return WS_INPUT_HTML;
    return WS_INPUT_AUTO;
}

int ws_read_src_open(FILE *f, const char *path, ws_input_mode mode, ws_date defdate,
                     size_t max_doc, ws_read_src **out)
{
    *out = NULL;
    if (mode != WS_INPUT_HTML && mode != WS_INPUT_FEED && mode != WS_INPUT_WARC) return WS_USAGE;
    ws_read_src *s = ws__calloc(1, sizeof *s);
    if (!s) return WS_NOMEM;
    s->f = f;
    s->path = path;
    s->mode = mode;
    s->defdate = defdate;
    s->max_doc = max_doc;
    if (mode == WS_INPUT_WARC) {
        int rc = ws_read_warc_open(f, max_doc, &s->warc);
        if (rc != WS_OK) {
            ws__free(s);
            return rc;
        }
    }
    *out = s;
    return WS_OK;
}

static int report(ws_read_src *s, long rec, int rc, const char *what, char *err, size_t cap, size_t *where_len)
{
    int n = snprintf(err, cap, "%s:%ld", s->path, rec);
    *where_len = n > 0 && (size_t)n < cap ? (size_t)n : 0;
    snprintf(err + *where_len, cap - *where_len, ": %s", what);
    return rc;
}

/* The whole file into s->data, at most max_doc bytes: WS_OK, WS_TOOBIG
 * (the rest read and dropped), WS_IO. */
static int read_all(ws_read_src *s)
{
    s->data.len = 0;
    char chunk[65536];
    size_t got;
    int toobig = 0;
    while ((got = fread(chunk, 1, sizeof chunk, s->f)) > 0) {
        if (toobig) continue;
        if (s->data.len + got > s->max_doc) {
            toobig = 1;
            s->data.len = 0;
            continue;
        }
        if (ws_buf_append(&s->data, chunk, got) != WS_OK) return WS_NOMEM;
    }
    if (ferror(s->f)) return WS_IO;
    if (ws_buf_reserve(&s->data, 1) != WS_OK) return WS_NOMEM;
    s->data.p[s->data.len] = 0;
    return toobig ? WS_TOOBIG : WS_OK;
}

static const char *or_null(const buf *b) { return b->len ? b->p : NULL; }

static int make_doc(ws_read_src *s, ws_doc *doc, ws_date fallback, bool numbered)
{
    s->id.len = 0;
    int rc = ws_buf_append(&s->id, s->path, strlen(s->path));
    if (rc == WS_OK && numbered) {
        char tmp[32];
        int n = snprintf(tmp, sizeof tmp, "#%ld", s->rec);
        rc = ws_buf_append(&s->id, tmp, (size_t)n);
    }
    if (rc != WS_OK || ws_buf_reserve(&s->id, 1) != WS_OK) return WS_NOMEM;
    s->id.p[s->id.len] = 0;
    memset(doc, 0, sizeof *doc);
    doc->id = s->id.p;
    doc->id_len = s->id.len;
    doc->text = s->pg.text.p;
    doc->text_len = s->pg.text.len;
    doc->date = s->pg.date.y ? s->pg.date : fallback.y ? fallback : s->defdate;
    doc->title = or_null(&s->pg.title);
    doc->url = or_null(&s->pg.url);
    doc->outlet = or_null(&s->pg.outlet);
    doc->author = or_null(&s->pg.author);
    doc->lang = or_null(&s->pg.lang);
    return WS_OK;
}

static int next_html(ws_read_src *s, ws_doc *doc, char *err, size_t cap, size_t *wl)
{
    s->done = 1;
    s->rec = 1;
    int rc = read_all(s);
    if (rc == WS_TOOBIG) {
        char msg[96];
        snprintf(msg, sizeof msg, "page larger than the maximum document size (%zu bytes), skipped", s->max_doc);
        return report(s, 1, rc, msg, err, cap, wl);
    }
    if (rc == WS_IO) return report(s, 1, rc, strerror(errno), err, cap, wl);
    if (rc != WS_OK) return report(s, 1, rc, "out of memory", err, cap, wl);
    const char *what;
    rc = ws_read_html(s->data.p, s->data.len, NULL, NULL, &s->pg, &what);
    if (rc != WS_OK) return report(s, 1, rc, rc == WS_NOMEM ? "out of memory" : what, err, cap, wl);
    if (!s->pg.text.len) return report(s, 1, WS_PARSE, "no article text found in the page", err, cap, wl);
    return make_doc(s, doc, (ws_date){0, 0, 0}, false) == WS_OK ? 1 : report(s, 1, WS_NOMEM, "out of memory", err, cap, wl);
}

static int next_feed(ws_read_src *s, ws_doc *doc, char *err, size_t cap, size_t *wl)
{
    if (!s->feed) {
        int rc = read_all(s);
        const char *what = NULL;
        if (rc == WS_OK) rc = ws_read_feed_parse(s->data.p, s->data.len, &s->feed, &what);
        if (rc != WS_OK) {
            s->done = 1;
            char msg[160];
            snprintf(msg, sizeof msg, "%s",
                     rc == WS_TOOBIG ? "feed larger than the maximum document size, skipped"
                     : rc == WS_IO   ? strerror(errno)
                     : rc == WS_NOMEM ? "out of memory"
                     : what          ? what
                                     : "not a feed");
            return report(s, 1, rc, msg, err, cap, wl);
        }
        ws_buf_free(&s->data);
        const char *warn = ws_read_feed_warning(s->feed);
        if (warn) return report(s, 1, WS_PARSE, warn, err, cap, wl);
    }
    if (s->item < ws_read_feed_count(s->feed)) {
        s->rec = (long)++s->item;
        const char *what = NULL;
        int rc = ws_read_feed_item(s->feed, s->item - 1, &s->pg, &what);
        if (rc != WS_OK) return report(s, s->rec, rc, rc == WS_NOMEM ? "out of memory" : what, err, cap, wl);
        if (!s->pg.text.len) return report(s, s->rec, WS_PARSE, "feed item without text, skipped", err, cap, wl);
        return make_doc(s, doc, (ws_date){0, 0, 0}, true) == WS_OK ? 1 : report(s, s->rec, WS_NOMEM, "out of memory", err, cap, wl);
    }
    s->done = 1;
    ws_read_feed_free(s->feed);
    s->feed = NULL;
    return 0;
}

static int next_warc(ws_read_src *s, ws_doc *doc, char *err, size_t cap, size_t *wl)
{
    const char *html, *uri, *charset, *what = NULL;
    size_t len;
    ws_date wdate;
    int rc = ws_read_warc_next(s->warc, &html, &len, &uri, &wdate, &charset, &s->rec, &what);
    if (rc == 0) {
        s->done = 1;
        return 0;
    }
    if (rc < 0) {
        if (rc == WS_IO) s->done = 1;
        return report(s, s->rec, rc, what ? what : ws_strerror(rc), err, cap, wl);
    }
    rc = ws_read_html(html, len, charset, uri && *uri ? uri : NULL, &s->pg, &what);
    if (rc != WS_OK) return report(s, s->rec, rc, rc == WS_NOMEM ? "out of memory" : what, err, cap, wl);
    if (!s->pg.text.len) return report(s, s->rec, WS_PARSE, "no article text found in the page", err, cap, wl);
    return make_doc(s, doc, wdate, true) == WS_OK ? 1 : report(s, s->rec, WS_NOMEM, "out of memory", err, cap, wl);
}

int ws_read_src_next(ws_read_src *s, ws_doc *doc, char *err, size_t cap, size_t *where_len)
{
    err[0] = 0;
    *where_len = 0;
    if (s->done) return 0;
    switch (s->mode) {
    case WS_INPUT_HTML: return next_html(s, doc, err, cap, where_len);
    case WS_INPUT_FEED: return next_feed(s, doc, err, cap, where_len);
    default: return next_warc(s, doc, err, cap, where_len);
    }
}

void ws_read_src_free(ws_read_src *s)
{
    if (!s) return;
    ws_buf_free(&s->data);
    ws_buf_free(&s->id);
    ws_read_page_free(&s->pg);
    ws_read_feed_free(s->feed);
    ws_read_warc_free(s->warc);
    ws__free(s);
}
