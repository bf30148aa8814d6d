/*
 * fuzz_feed.c -- the feed reader (RSS 2.0, RSS 1.0, Atom, JSON Feed) on
 * arbitrary bytes.
 *
 * Input: the bytes of a feed file.  Checks: parsing returns WS_OK or
 * WS_PARSE with a reason; every item reads to WS_OK with fields that are
 * NUL-terminated, valid UTF-8 and free of NUL bytes, and a calendar date
 * or none; the date parsers never read past a string's end.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ws_read_feed *f;
    const char *what;
    int rc = ws_read_feed_parse((const char *)data, size, &f, &what);
    FZ_CHECK(rc == WS_OK || (rc == WS_PARSE && what));
    if (rc == WS_OK) {
        ws_read_page pg;
        memset(&pg, 0, sizeof pg);
        for (size_t i = 0; i < ws_read_feed_count(f); i++) {
            FZ_CHECK(ws_read_feed_item(f, i, &pg, &what) == WS_OK);
            check_buf(&pg.text);
            check_buf(&pg.title);
            check_buf(&pg.url);
            check_buf(&pg.outlet);
            check_buf(&pg.author);
            check_buf(&pg.lang);
            FZ_CHECK(pg.date.y == 0 || (pg.date.m >= 1 && pg.date.m <= 12 && pg.date.d >= 1 && pg.date.d <= 31));
        }
        ws_read_page_free(&pg);
        ws_read_feed_free(f);
    }
    /* the date parsers on the bytes as a string */
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = 0;
        ws_date d;
        if (ws_read_parse_date(s, &d) == WS_OK) FZ_CHECK(d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= 31);
        if (ws_read_url_date(s, &d) == WS_OK) FZ_CHECK(d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= 31);
        free(s);
    }
    return 0;
}
