/*
 * fuzz_warc.c -- the WARC reader on arbitrary bytes, plain and gzip.
 *
 * Input: the bytes of a WARC file, read from memory (fmemopen) as they
 * are, and gzip-compressed as one member (the reader's gzip path).  Each
 * record returned is then read as a page.  Checks: every call returns a
 * page, the end, or a skipped record with a reason; a page's body is no
 * larger than the maximum record size; record numbers only grow; the
 * reader reaches the end of the input (no loop): at most one call per
 * input byte and a few more.
 */
#define _GNU_SOURCE
#include "fuzz_common.h"

#include "read/read.h"

#include <zlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void read_warc(const void *data, size_t size, size_t max_record)
{
    FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
    if (!f) return;
    ws_read_warc *w;
    if (ws_read_warc_open(f, max_record, &w) != WS_OK) {
        fclose(f);
        return;
    }
    ws_read_page pg;
    memset(&pg, 0, sizeof pg);
    long last = 0;
    size_t calls = 0;
    for (;;) {
        const char *html, *uri, *cs, *what;
        size_t len;
        ws_date d;
        long rec;
        int rc = ws_read_warc_next(w, &html, &len, &uri, &d, &cs, &rec, &what);
        FZ_CHECK(++calls <= size + 4);
        if (rc == 0) break;
        FZ_CHECK(rec >= last);
        last = rec;
        if (rc < 0) {
            FZ_CHECK(what != NULL);
            if (rc == WS_IO) break;
            continue;
        }
        FZ_CHECK(len <= max_record && uri != NULL);
        const char *pw;
        int hr = ws_read_html(html, len, cs, *uri ? uri : NULL, &pg, &pw);
        FZ_CHECK(hr == WS_OK || hr == WS_PARSE);
    }
    ws_read_page_free(&pg);
    ws_read_warc_free(w);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    read_warc(data, size, 1 << 20);
    read_warc(data, size, 64);
    /* the same bytes as one gzip member */
    uLongf cap = compressBound((uLong)size) + 32;
    unsigned char *gz = malloc(cap);
    if (!gz) return 0;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK) {
        zs.next_in = (unsigned char *)(uintptr_t)data;
        zs.avail_in = (uInt)size;
        zs.next_out = gz;
        zs.avail_out = (uInt)cap;
        if (deflate(&zs, Z_FINISH) == Z_STREAM_END) read_warc(gz, zs.total_out, 1 << 20);
        deflateEnd(&zs);
    }
    free(gz);
    return 0;
}
