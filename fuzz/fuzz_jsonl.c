/*
 * fuzz_jsonl.c -- the reader on arbitrary files, in jsonl and lines modes.
 *
 * Input: the bytes of a file.  They are written to an anonymous memory
 * file (memfd_create) that ws_reader opens by its /proc/self/fd path, so
 * the reader reads them exactly as it reads a file on disk: once as JSON
 * lines and once as plain lines, each with the default maximum document
 * size and with a small one (so the too-large path is reached too).
 * Checks: every call returns a document, the end, or a skipped record with
 * a message "PATH:LINE: what"; a document's id and text are readable and
 * no longer than the maximum; the reader always reaches the end (no loop)
 * and returns no more records than the file has lines; a JSON line's
 * text is valid UTF-8.  And each line that starts an object is decoded
 * twice by ws_jl_decode: as it is and with a member "n" put in front,
 * which the decoder ignores: the verdict and the document must be the
 * same, a decoded text valid UTF-8 (the pipeline does not repair it), and
 * a problem one of the decoder's messages.
 */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include "input/jsonl.h"

#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void read_all(const char *path, size_t size, size_t nlines, ws_input_mode mode,
                     size_t max_doc)
{
    ws_reader *r;
    char err[512];
    ws_date d0 = {0, 0, 0};
    FZ_CHECK(ws_reader_open(path, mode, d0, max_doc, &r, err, sizeof err) == WS_OK);
    size_t records = 0;
    size_t limit = max_doc ? max_doc : WS_DEFAULT_MAX_DOC;
    ws_doc doc;
    int rc;
    while ((rc = ws_reader_next(r, &doc)) != 0) {
        records++;
        FZ_CHECK(records <= nlines);
        if (rc < 0) {
            const char *e = ws_reader_error(r);
            FZ_CHECK(rc == WS_PARSE || rc == WS_TOOBIG);
            FZ_CHECK(strncmp(e, path, strlen(path)) == 0 && e[strlen(path)] == ':');
            continue;
        }
        FZ_CHECK(rc == 1);
        FZ_CHECK(doc.text != NULL && doc.id != NULL && doc.id_len > 0);
        FZ_CHECK(doc.text_len <= limit && doc.text_len <= size);
        if (mode == WS_INPUT_JSONL) FZ_CHECK(ws__utf8_bad(doc.text, doc.text_len) == 0);
        /* touch every byte, so the sanitizer sees an overrun */
        unsigned h = 0;
        for (size_t i = 0; i < doc.text_len; i++) h += (unsigned char)doc.text[i];
        for (size_t i = 0; i < doc.id_len; i++) h += (unsigned char)doc.id[i];
        if (doc.title) h += (unsigned)strlen(doc.title);
        if (doc.url) h += (unsigned)strlen(doc.url);
        if (doc.outlet) h += (unsigned)strlen(doc.outlet);
        FZ_CHECK(doc.date.y == 0 || (doc.date.m >= 1 && doc.date.m <= 12 && doc.date.d >= 1 &&
                                     doc.date.d <= 31));
        (void)h;
    }
    ws_reader_close(r);
}

/* Whether WHAT is one of ws_jl_decode's messages for a bad line. */
static int known_problem(const char *what)
{
    static const char *const msgs[] = {"not valid JSON: ", "not a JSON object", "no \"text\" field",
                                       "\"text\" is not a string", "\"id\" is not a string or integer",
                                       "\"date\" is not YYYY-MM-DD", "\"date\" is not a string",
                                       "\"title\" is not a string", "\"url\" is not a string",
                                       "\"outlet\" is not a string"};
    for (size_t i = 0; i < sizeof msgs / sizeof *msgs; i++)
        if (!strncmp(what, msgs[i], strlen(msgs[i]))) return 1;
    return 0;
}

/* LINE[n] decodes as it does with a member "n" in front (see the top). */
static void agree(const char *line, size_t n)
{
    size_t k = 1;
    while (k < n && line[k] == ' ') k++;
    if (n < 2 || line[0] != '{' || k >= n || line[k] == '}') return;
    static const char pre[] = "{\"n\": 1, ";
    char *slow = malloc(n + sizeof pre);
    if (!slow) return;
    memcpy(slow, pre, sizeof pre - 1);
    memcpy(slow + sizeof pre - 1, line + 1, n - 1);
    ws_date d0 = {0, 0, 0};
    jl_doc a = {0}, b = {0};
    buf ia = {0}, ib = {0};
    char wa[256], wb[256];
    int ra = ws_jl_decode(line, n, "F:1", 3, d0, &a, &ia, wa, sizeof wa);
    int rb = ws_jl_decode(slow, n - 1 + sizeof pre - 1, "F:1", 3, d0, &b, &ib, wb, sizeof wb);
    FZ_CHECK(ra == rb);
    FZ_CHECK(ra == WS_OK || ra == WS_NOMEM || (ra == WS_PARSE && known_problem(wa) && known_problem(wb)));
    if (ra == WS_OK) {
        FZ_CHECK(a.utf8_ok && ws__utf8_bad(a.doc.text, a.doc.text_len) == 0);
        const ws_doc *x = &a.doc, *y = &b.doc;
        FZ_CHECK(x->text_len == y->text_len && !memcmp(x->text, y->text, x->text_len));
        FZ_CHECK(x->id_len == y->id_len && !memcmp(x->id, y->id, x->id_len));
        FZ_CHECK(x->date.y == y->date.y && x->date.m == y->date.m && x->date.d == y->date.d);
        FZ_CHECK(!x->title == !y->title && (!x->title || !strcmp(x->title, y->title)));
        FZ_CHECK(!x->url == !y->url && (!x->url || !strcmp(x->url, y->url)));
        FZ_CHECK(!x->outlet == !y->outlet && (!x->outlet || !strcmp(x->outlet, y->outlet)));
    }
    ws_jl_release(&a);
    ws_jl_release(&b);
    ws_buf_free(&ia);
    ws_buf_free(&ib);
    free(slow);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz_jsonl", 0);
    if (fd < 0) return 0;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) { close(fd); return 0; }
        done += (size_t)w;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    size_t nlines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n') nlines++;
    read_all(path, size, nlines, WS_INPUT_JSONL, 0);
    read_all(path, size, nlines, WS_INPUT_JSONL, 16);
    read_all(path, size, nlines, WS_INPUT_LINES, 0);
    read_all(path, size, nlines, WS_INPUT_LINES, 16);
    close(fd);
    for (size_t i = 0; i < size;) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t e = nl ? (size_t)(nl - data) : size;
        agree((const char *)data + i, e - i);
        i = e + 1;
    }
    return 0;
}
