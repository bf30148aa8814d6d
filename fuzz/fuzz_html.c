/*
 * fuzz_html.c -- the HTML page reader on arbitrary bytes.
 *
 * Input: the bytes of a page.  Read three ways: with no character set
 * given (BOM and meta sniffed), as windows-1252 from a transport, and with
 * a base URL; then as a fragment (ws_read_html_text, what feeds use).
 * Checks: the reader returns WS_OK or WS_PARSE with a reason; every field
 * is NUL-terminated at its length and valid UTF-8 (the extractor is handed
 * it as such); the text has no NUL byte and no white space at either end;
 * a date, when found, is a calendar date.
 */
#include "fuzz_common.h"

#include "read/read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_buf(const buf *b)
{
    if (!b->len) return;
    FZ_CHECK(b->p[b->len] == 0);
    FZ_CHECK(memchr(b->p, 0, b->len) == NULL);
    FZ_CHECK(ws__utf8_bad(b->p, b->len) == 0);
}

static void check_page(const ws_read_page *pg)
{
    check_buf(&pg->text);
    check_buf(&pg->title);
    check_buf(&pg->url);
    check_buf(&pg->outlet);
    check_buf(&pg->author);
    check_buf(&pg->lang);
    if (pg->text.len) {
        FZ_CHECK(pg->text.p[0] != ' ' && pg->text.p[0] != '\n');
        FZ_CHECK(pg->text.p[pg->text.len - 1] != ' ' && pg->text.p[pg->text.len - 1] != '\n');
    }
    const ws_date *d = &pg->date;
    FZ_CHECK(d->y == 0 || (d->m >= 1 && d->m <= 12 && d->d >= 1 && d->d <= 31));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ws_read_page pg;
    memset(&pg, 0, sizeof pg);
    const char *what;
    const char *charsets[] = {NULL, "windows-1252", "x-unknown"};
    for (int i = 0; i < 3; i++) {
        int rc = ws_read_html((const char *)data, size, charsets[i], i == 2 ? "https://x.example/2020/01/02/a" : NULL,
                              &pg, &what);
        FZ_CHECK(rc == WS_OK || (rc == WS_PARSE && what));
        if (rc == WS_OK) check_page(&pg);
    }
    buf t = {0};
    if (!ws__utf8_bad((const char *)data, size)) {
        FZ_CHECK(ws_read_html_text((const char *)data, size, &t) == WS_OK);
        check_buf(&t);
    }
    ws_buf_free(&t);
    ws_read_page_free(&pg);
    return 0;
}
