/*
 * reader.c -- documents from files: lines, JSON lines or whole texts.
 *
 * One streaming pass: a line is read into a buffer that keeps its capacity
 * and never grows past the maximum document size; a longer line is
 * reported and skipped to its end without being held.  A JSON line is
 * decoded by ws_jl_decode (jsonl.c): here for ws_reader_next, or not here at
 * all with ws_reader_next_line, which hands the raw line on so that a
 * pipeline's workers decode it in parallel.  Every problem is reported as "FILE:LINE: what" and the next
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
 *   html, feed, warc
 *           article pages, feeds and web archives: handed to the web
 *           readers (src/read/), which report "FILE:RECORD: what".
 *
 * A whole text is read with plain read(2) calls into a buffer of the
 * file's size, without stdio: open, fstat, one read (a short read of a
 * regular file is its end) and close, where stdio took seven calls; news
 * archives are many small files, and the calls were a tenth of the time.
 */
#include "../base/base.h"
#include "../read/read.h"
#include "jsonl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


struct ws_reader {
    FILE *f;      /* lines and JSON lines, and stdin */
    int fd;       /* a named file read whole (text), else -1 */
    int regular;  /* fd is a regular file of size bytes */
    size_t size;
    int own;
    char *path;
    const char *base;
    ws_input_mode mode;
    ws_date defdate;
    size_t max_doc;
    long line;
    int done;
    buf b;        /* the current line or file */
    const char *lp; /* the current line: r->b.p, or inside ib (read_line) */
    size_t ln;
    char *ib;     /* input buffer for lines: ib[ipos, ilen) not yet read */
    size_t ipos, ilen;
    buf id;       /* the current id */
    buf line_id;  /* "FILE:LINE" of the current line (jsonl) */
    jl_doc jd;    /* the current JSON line, decoded */
    ws_read_src *web; /* pages, feeds and WARC files */
    char err[512];
    size_t err_at; /* err[0, err_at) is "FILE:LINE", then ": what" */
};

int ws_reader_open(const char *path, ws_input_mode mode, ws_date defdate, size_t max_doc,
                   ws_reader **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_reader *r = ws__calloc(1, sizeof *r);
    if (!r) return WS_NOMEM;
    r->fd = -1;
    if (!path || !strcmp(path, "-")) {
        r->f = stdin;
        r->path = ws__strndup("-", 1);
    } else {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        r->own = 1;
        r->path = ws__strndup(path, strlen(path));
        /* a directory opens for reading on Linux and fails at the first
         * read: say so at once, by name */
        struct stat sb;
        memset(&sb, 0, sizeof sb); /* read only after fstat succeeds; zeroed for the analyzer */
        int e = fd < 0 ? errno : fstat(fd, &sb) != 0 ? errno : S_ISDIR(sb.st_mode) ? EISDIR : 0;
        if (e) {
            if (err) snprintf(err, errlen, "%s: %s", path, strerror(e));
            if (fd >= 0) close(fd);
            ws__free(r->path);
            ws__free(r);
            return WS_IO;
        }
        r->fd = fd;
        r->regular = S_ISREG(sb.st_mode);
        r->size = r->regular && sb.st_size > 0 ? (size_t)sb.st_size : 0;
    }
    if (!r->path) {
        ws_reader_close(r);
        return WS_NOMEM;
    }
    const char *sl = strrchr(r->path, '/');
    r->base = sl ? sl + 1 : r->path;
    if (mode == WS_INPUT_AUTO) {
        /* the name, then a regular file's first bytes */
        unsigned char head[512];
        ssize_t got = r->fd >= 0 && r->regular ? pread(r->fd, head, sizeof head, 0) : 0;
        mode = ws_read_detect(r->own ? r->path : NULL, head, got > 0 ? (size_t)got : 0);
    }
    if (mode == WS_INPUT_AUTO) {
        size_t n = strlen(r->path);
        mode = n > 6 && !strcmp(r->path + n - 6, ".jsonl") ? WS_INPUT_JSONL : WS_INPUT_TEXT;
    }
    r->mode = mode;
    /* lines and JSON lines go through stdio's buffer */
    if (r->fd >= 0 && mode != WS_INPUT_TEXT) {
        if (!(r->f = fdopen(r->fd, "rb"))) {
            int e = errno;
            if (err) snprintf(err, errlen, "%s: %s", r->path, strerror(e));
            ws_reader_close(r);
            return WS_IO;
        }
        r->fd = -1;
    }
    r->defdate = defdate;
    r->max_doc = max_doc ? max_doc : WS_DEFAULT_MAX_DOC;
    if (mode == WS_INPUT_HTML || mode == WS_INPUT_FEED || mode == WS_INPUT_WARC) {
        int rc = ws_read_src_open(r->f, r->path, mode, defdate, r->max_doc, &r->web);
        if (rc != WS_OK) {
            if (err) snprintf(err, errlen, "%s: %s", r->path, ws_strerror(rc));
            ws_reader_close(r);
            return rc;
        }
    }
    *out = r;
    return WS_OK;
}

const char *ws_reader_error(const ws_reader *r) { return r->err; }

const char *ws_reader_error_what(const ws_reader *r, size_t *where_len)
{
    *where_len = r->err_at;
    return r->err_at ? r->err + r->err_at + 2 : r->err;
}

static int report(ws_reader *r, int rc, const char *what)
{
    int n = snprintf(r->err, sizeof r->err, "%s:%ld", r->path, r->line);
    r->err_at = n > 0 && (size_t)n < sizeof r->err ? (size_t)n : 0;
    snprintf(r->err + r->err_at, sizeof r->err - r->err_at, "%s%s", r->err_at ? ": " : "", what);
    return rc;
}

/* A read error: it ends the file and names the line that could not be
 * read (the one after the last complete line). */
static int report_io(ws_reader *r, int e)
{
    r->done = 1;
    r->line++;
    report(r, WS_IO, "read error: ");
    r->line--;
    size_t n = strlen(r->err);
    snprintf(r->err + n, sizeof r->err - n, "%s", strerror(e));
    return WS_IO;
}

#define READ_CHUNK ((size_t)64 << 10)

/* Reads one line (without the newline and a '\r' before it) into
 * r->lp[r->ln].  Returns 1, 0 at end, WS_TOOBIG (the rest of the line
 * skipped) or WS_IO.  Reads the file in chunks and finds line ends with
 * memchr; a line is copied only up to max_doc bytes.  With BORROW, a line
 * that lies whole in the current chunk is not copied: r->lp points into
 * the chunk until the next read; else r->lp is r->b.p, NUL-terminated. */
static int read_line(ws_reader *r, bool borrow)
{
    r->b.len = 0;
    if (ws_buf_reserve(&r->b, 1) != WS_OK) return WS_NOMEM;
    r->b.p[0] = 0;
    r->lp = r->b.p;
    r->ln = 0;
    if (!r->ib && !(r->ib = ws__alloc(READ_CHUNK))) return WS_NOMEM;
    int any = 0, toobig = 0;
    for (;;) {
        if (r->ipos == r->ilen) {
            r->ipos = 0;
            r->ilen = fread(r->ib, 1, READ_CHUNK, r->f);
            if (r->ilen == 0) break;
        }
        const char *p = r->ib + r->ipos;
        size_t avail = r->ilen - r->ipos;
        const char *nl = memchr(p, '\n', avail);
        size_t n = nl ? (size_t)(nl - p) : avail;
        r->ipos += n + (nl != NULL);
        if (borrow && nl && !any && n <= r->max_doc) {
            /* the whole line is here */
            r->line++;
            r->lp = p;
            r->ln = n && p[n - 1] == '\r' ? n - 1 : n;
            return 1;
        }
        any = 1;
        if (!toobig) {
            if (n > r->max_doc - r->b.len) {
                toobig = 1;
            } else if (ws_buf_append(&r->b, p, n) != WS_OK) {
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
    r->lp = r->b.p;
    r->ln = r->b.len;
    return 1;
}

static int set_id_line(ws_reader *r)
{
    char tmp[32];
    r->id.len = 0;
    snprintf(tmp, sizeof tmp, ":%ld", r->line);
    if (ws_buf_append(&r->id, r->path, strlen(r->path)) != WS_OK ||
        ws_buf_append(&r->id, tmp, strlen(tmp)) != WS_OK)
        return WS_NOMEM;
    return WS_OK;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v') return false;
    return true;
}

/* Reads the next non-blank line into r->lp[r->ln] (read_line, with
 * BORROW): 1, 0 at the end, or a reported problem. */
static int next_nonblank(ws_reader *r, bool borrow)
{
    for (;;) {
        int rc = read_line(r, borrow);
        if (rc == 0) return 0;
        if (rc == WS_IO) return report_io(r, errno);
        if (rc == WS_NOMEM) return report(r, WS_NOMEM, "out of memory");
        if (rc == WS_TOOBIG) {
            char msg[96];
            snprintf(msg, sizeof msg, "line longer than the maximum document size (%zu bytes), skipped", r->max_doc);
            return report(r, WS_TOOBIG, msg);
        }
        if (!blank(r->lp, r->ln)) return 1;
    }
}

static int next_jsonl(ws_reader *r, ws_doc *doc)
{
    int rc = next_nonblank(r, true);
    if (rc <= 0) return rc;
    char defid[32], what[256];
    int n = snprintf(defid, sizeof defid, ":%ld", r->line);
    r->line_id.len = 0;
    if (ws_buf_append(&r->line_id, r->path, strlen(r->path)) != WS_OK ||
        ws_buf_append(&r->line_id, defid, (size_t)n) != WS_OK)
        return report(r, WS_NOMEM, "out of memory");
    rc = ws_jl_decode(r->lp, r->ln, r->line_id.p, r->line_id.len, r->defdate, &r->jd, &r->id, what, sizeof what);
    if (rc != WS_OK) return report(r, rc, what);
    *doc = r->jd.doc;
    return 1;
}

int ws_reader_next_line(ws_reader *r, const char **line, size_t *len, long *lineno)
{
    r->err[0] = 0;
    r->err_at = 0;
    *line = NULL;
    *len = 0;
    *lineno = 0;
    if (r->mode != WS_INPUT_JSONL) return WS_USAGE;
    if (r->done) return 0;
    int rc = next_nonblank(r, true);
    if (rc <= 0) return rc;
    *line = r->lp;
    *len = r->ln;
    *lineno = r->line;
    return 1;
}

const char *ws_reader_name(const ws_reader *r) { return r->path; }

size_t ws_reader_offset(const ws_reader *r)
{
    if (r->f) {
        off_t o = ftello(r->f);
        return o > 0 ? (size_t)o : 0;
    }
    return r->done ? r->size : 0;
}

ws_input_mode ws_reader_mode(const ws_reader *r) { return r->mode; }

/* Reads what is left of r->fd into r->b: a regular file in one read of
 * its size and one byte more (a short read of a regular file is its end),
 * anything else until read returns 0.  Sets *TOOBIG (and keeps nothing)
 * past r->max_doc.  WS_OK, WS_NOMEM, or WS_IO with errno set. */
static int read_whole(ws_reader *r, int *toobig)
{
    if (r->regular && r->size > r->max_doc) {
        *toobig = 1;
        return WS_OK;
    }
    size_t want = r->regular ? r->size + 1 : 65536;
    for (;;) {
        if (ws_buf_reserve(&r->b, want) != WS_OK) return WS_NOMEM;
        ssize_t got = read(r->fd, r->b.p + r->b.len, want);
        if (got < 0) {
            if (errno == EINTR) continue;
            return WS_IO;
        }
        if (got == 0) return WS_OK;
        r->b.len += (size_t)got;
        if (r->b.len > r->max_doc) {
            *toobig = 1;
            r->b.len = 0;
            return WS_OK;
        }
        if (r->regular && (size_t)got < want) return WS_OK;
        want = 65536;
    }
}

int ws_reader_next(ws_reader *r, ws_doc *doc)
{
    r->err[0] = 0;
    r->err_at = 0;
    if (r->done) return 0;
    if (r->web) return ws_read_src_next(r->web, doc, r->err, sizeof r->err, &r->err_at);
    if (r->mode == WS_INPUT_JSONL) return next_jsonl(r, doc);
    if (r->mode == WS_INPUT_LINES) {
        int rc = next_nonblank(r, false);
        if (rc <= 0) return rc;
        if (set_id_line(r) != WS_OK) return report(r, WS_NOMEM, "out of memory");
        memset(doc, 0, sizeof *doc);
        doc->id = r->id.p;
        doc->id_len = r->id.len;
        doc->text = r->b.p;
        doc->text_len = r->b.len;
        doc->date = r->defdate;
        return 1;
    }
    /* text: the whole file */
    r->done = 1;
    r->b.len = 0;
    r->line = 1;
    int toobig = 0;
    if (r->fd >= 0) {
        int rc = read_whole(r, &toobig);
        if (rc == WS_NOMEM) return report(r, WS_NOMEM, "out of memory");
        if (rc != WS_OK) {
            r->line = 0;
            return report_io(r, errno);
        }
    } else {
        char chunk[65536];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, r->f)) > 0) {
            if (toobig) continue;
            if (r->b.len + got > r->max_doc) {
                toobig = 1;
                continue;
            }
            if (ws_buf_append(&r->b, chunk, got) != WS_OK) return report(r, WS_NOMEM, "out of memory");
        }
        if (ferror(r->f)) {
            r->line = 0;
            return report_io(r, errno);
        }
    }
    if (toobig) {
        char msg[96];
        snprintf(msg, sizeof msg, "file larger than the maximum document size (%zu bytes), skipped", r->max_doc);
        return report(r, WS_TOOBIG, msg);
    }
    if (ws_buf_reserve(&r->b, 1) != WS_OK) return report(r, WS_NOMEM, "out of memory");
    r->id.len = 0;
    if (ws_buf_append(&r->id, r->base, strlen(r->base)) != WS_OK) return report(r, WS_NOMEM, "out of memory");
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
    ws_read_src_free(r->web);
    if (r->own && r->f) fclose(r->f);
    if (r->fd >= 0) close(r->fd);
    ws_jl_release(&r->jd);
    ws_buf_free(&r->b);
    ws_buf_free(&r->line_id);
    ws_buf_free(&r->id);
    ws__free(r->ib);
    ws__free(r->path);
    ws__free(r);
}
