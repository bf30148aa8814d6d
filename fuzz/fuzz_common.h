/*
 * fuzz_common.h -- what the libFuzzer targets share: the lexicon, loaded
 * once from the checkout's data/ (or $WHOSAID_DATA), and a check that a
 * span lies inside a document on UTF-8 boundaries with consistent code
 * point offsets.
 *
 * A violated check calls abort(), which libFuzzer reports as a crash with
 * the input that caused it.  Fuzz targets are test code, not library code:
 * they may abort and keep a process-wide lexicon.
 */
#ifndef WS_FUZZ_COMMON_H
#define WS_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ws_lexicon *fz_lx;

static inline void fz_load_lexicon(void)
{
    char err[512] = "";
    const char *dir = getenv("WHOSAID_DATA");
    if (!dir) dir = WS_DATA_DIR;
    if (ws_lexicon_load(dir, &fz_lx, err, sizeof err) != WS_OK) {
        fprintf(stderr, "fuzz: cannot load the lexicon from %s: %s\n", dir, err);
        exit(1);
    }
}

#define FZ_CHECK(c)                                                              \
    do {                                                                         \
        if (!(c)) {                                                              \
            fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #c, __FILE__, __LINE__); \
            abort();                                                             \
        }                                                                        \
    } while (0)

/* Number of code points in S[n] (valid UTF-8): bytes that are not
 * continuation bytes. */
static inline int64_t fz_cps(const char *s, size_t n)
{
    int64_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
    return k;
}

static inline int fz_boundary(const char *text, size_t len, int64_t b)
{
    return b == (int64_t)len || ((unsigned char)text[b] & 0xC0) != 0x80;
}

/* Checks span S of TEXT[len]: absent (all -1) or inside, ordered, on
 * code point boundaries, and its code point offsets agree with its bytes. */
static inline void fz_check_span(const char *text, size_t len, ws_span s, int required)
{
    if (s.start < 0) {
        FZ_CHECK(!required);
        FZ_CHECK(s.start == -1 && s.end == -1);
        return;
    }
    FZ_CHECK(s.start <= s.end);
    FZ_CHECK(s.bstart >= 0 && s.bstart <= s.bend && s.bend <= (int64_t)len);
    FZ_CHECK(fz_boundary(text, len, s.bstart));
    FZ_CHECK(fz_boundary(text, len, s.bend));
    FZ_CHECK(fz_cps(text, (size_t)s.bstart) == s.start);
    FZ_CHECK(s.start + fz_cps(text + s.bstart, (size_t)(s.bend - s.bstart)) == s.end);
}

#endif
