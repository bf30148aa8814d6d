/*
 * test_output.c -- what is written after extraction: the JSON string
 * writer against the escaping rules written out once more here, numbers
 * and document ids in the JSON lines, the cluster key and its hex form,
 * and the UTF-8 repair, against the original definitions, kept below
 * verbatim.  The cluster keys are stored in users' databases, so a key
 * that changes is a bug however it reads.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "whosaid.h"
#include "base/base.h"
#include "output/output.h"

/* ---- the JSON string writer */

/* S[0,n) as a JSON string by the rules (write.c's essay): '"' and '\'
 * with a backslash, \b \f \n \r \t, other bytes below 0x20 as \u00XX,
 * every other byte as is.  OUT has room for 6n+3. */
static size_t ref_json(const char *s, size_t n, char *out)
{
    size_t k = 0;
    out[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *e = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\f' ? "\\f"
                      : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        if (e) {
            memcpy(out + k, e, 2);
            k += 2;
        } else if (c < 0x20) {
            k += (size_t)sprintf(out + k, "\\u%04X", c);
        } else {
            out[k++] = (char)c;
        }
    }
    out[k++] = '"';
    return k;
}

/* Writes S[0,n) into a fresh buffer and checks it against ref_json.  S
 * is a copy in a block of exactly N bytes, so that a read past it is
 * caught by the sanitizers and valgrind. */
static void check_json(const char *src, size_t n)
{
    char *s = malloc(n ? n : 1);
    assert_non_null(s);
    memcpy(s, src, n);
    char *want = malloc(6 * n + 3);
    assert_non_null(want);
    size_t wl = ref_json(s, n, want);
    {
        buf b = {NULL, 0, 0};
        /* some bytes before, as in a line being built */
        assert_int_equal(ws_buf_append(&b, "{x", 2), WS_OK);
        assert_int_equal(ws__json_str(&b, s, n), WS_OK);
        if (b.len != wl + 2 || memcmp(b.p + 2, want, wl) != 0 || memcmp(b.p, "{x", 2) != 0)
            fail_msg("n=%zu: got %.*s want %.*s", n, (int)b.len, b.p, (int)wl, want);
        ws_buf_free(&b);
    }
    free(want);
    free(s);
}

/* 1. a byte to escape at every position 0..40 of strings of every length
 * up to 48, alone, next to another, and among multibyte characters and
 * bytes >= 0x7F that must be copied as they are. */
static void t01_json_escape_positions(void **st)
{
    (void)st;
    const unsigned char esc[] = {0x00, 0x01, '\b', '\t', '\n', '\f', '\r', 0x1F, '"', '\\'};
    const char *bases[] = {
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
        "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \x7f\x80\xff\xf0\x9f\x98\x80 !#$%&'()*+,-./:;<=>?@[]^_`{|}~ ",
    };
    char s[64];
    for (size_t bi = 0; bi < 2; bi++) {
        for (size_t n = 0; n <= 48; n++) {
            for (size_t i = 0; i < n; i++) s[i] = bases[bi][i % strlen(bases[bi])];
            check_json(s, n); /* nothing to escape */
            for (size_t p = 0; p <= 40 && p < n; p++) {
                for (size_t e = 0; e < sizeof esc; e++) {
                    for (size_t i = 0; i < n; i++) s[i] = bases[bi][i % strlen(bases[bi])];
                    s[p] = (char)esc[e];
                    check_json(s, n);
                    /* and a second one a little after, or everywhere */
                    if (p + 3 < n) {
                        s[p + 3] = (char)esc[(e + 1) % sizeof esc];
                        check_json(s, n);
                    }
                }
            }
        }
    }
    for (size_t n = 0; n <= 48; n++) {
        memset(s, '"', n);
        check_json(s, n);
        memset(s, 0x01, n);
        check_json(s, n);
    }
}

/* 2. long strings: escapes sixteen, seventeen and one byte apart, at
 * every seventh position. */
static void t02_json_escape_long(void **st)
{
    (void)st;
    char s[300];
    for (size_t n = 100; n < 300; n += 37) {
        for (size_t p = 0; p < n; p += 7) {
            for (size_t i = 0; i < n; i++) s[i] = (char)('a' + i % 26);
            s[p] = '\\';
            if (p + 16 < n) s[p + 16] = '\n';
            if (p + 17 < n) s[p + 17] = '"';
            if (n > 1) s[n - 1] = (char)(p % 2 ? 0x1F : 'z');
            check_json(s, n);
        }
    }
}

/* ---- the cluster key */

/* ws_cluster_key as first written (the definition of the stored keys). */
static uint64_t ref_cluster_key(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    bool pending_space = false, any = false;
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) {
            bool alnum = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
            if (b >= 'A' && b <= 'Z') { b = (unsigned char)(b + 32); alnum = true; }
            i++;
            if (!alnum) {
                if (any) pending_space = true;
                continue;
            }
            if (pending_space) {
                h ^= ' ';
                h *= 1099511628211ull;
                pending_space = false;
            }
            h ^= b;
            h *= 1099511628211ull;
            any = true;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (r <= 0) { r = 1; c = 0xFFFD; }
        i += (size_t)r;
        utf8proc_category_t cat = utf8proc_category(c);
        bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
                    cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
        if (!word) {
            if (any) pending_space = true;
            continue;
        }
        if (pending_space) {
            h ^= ' ';
            h *= 1099511628211ull;
            pending_space = false;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(c), enc);
        for (utf8proc_ssize_t k = 0; k < el; k++) {
            h ^= enc[k];
            h *= 1099511628211ull;
        }
        any = true;
    }
    return h;
}

/* Checks the key of S[0,n) and of each of its prefixes (which cut the
 * multibyte characters short) against ref_cluster_key, on a copy of
 * exactly N bytes. */
static void check_key(const char *src, size_t n)
{
    char *s = malloc(n ? n : 1);
    assert_non_null(s);
    memcpy(s, src, n);
    for (size_t k = 0; k <= n; k++)
        if (ws_cluster_key(s, k) != ref_cluster_key(s, k))
            fail_msg("key of %zu bytes of \"%.*s\" differs", k, (int)n, s);
    free(s);
}

/* The tests' random numbers: steps the linear congruential generator *X
 * and returns its high bits. */
static uint32_t lcg(uint32_t *x)
{
    *x = *x * 1103515245u + 12345u;
    return *x >> 16;
}

/* Writes K of PIECES[np], drawn by *X, back to back at OUT; returns their
 * length. */
static size_t pieces_text(uint32_t *x, const char *const *pieces, size_t np, size_t k, char *out)
{
    size_t n = 0;
    for (size_t j = 0; j < k; j++) {
        const char *p = pieces[lcg(x) % np];
        size_t l = strlen(p);
        memcpy(out + n, p, l);
        n += l;
    }
    return n;
}

/* 3. keys of news-like and random text equal the original definition's */
static void t03_cluster_key(void **st)
{
    (void)st;
    const char *texts[] = {
        "We will not retreat",
        "we will NOT \xe2\x80\x9cretreat\xe2\x80\x9d",
        "  ...The economy, stupid!  It's 2016 -- and 42% of voters\tsay \"no.\"  ",
        "Caf\xc3\xa9 \xc3\x89LAN \xce\x91\xce\x92\xce\x93 \xe2\x80\x94 \xe2\x80\x98quoted\xe2\x80\x99 "
        "\xe2\x85\xa3 \xd9\xa3 \xc2\xbd \xc2\xa0nbsp \xf0\x9f\x98\x80 emoji",
        "bad \xff bytes \xc3 here \xe2\x80 and \xe2\x80\x41 \xe2 \x80\x80 end\xe2\x80",
        "",
        "!!!",
        "x",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) check_key(texts[i], strlen(texts[i]));
    /* random pieces, a fixed sequence */
    const char *pieces[] = {"a", "Z", "q", "0", "9", " ", ".", "'", "-", "\t", "\n", "\"", "_", "@",
                            "\x7f", "\xc3\xa9", "\xc3\x89", "\xe2\x80\x9c", "\xe2\x80\x94",
                            "\xe2\x80\xa8", "\xe2\x80\x8b", "\xe2\x81\x80", "\xe2\x80", "\xe2",
                            "\x80", "\xff", "\xf0\x9f\x98\x80", "\xce\xa3", "\xe2\x85\xa3",
                            "Word", "said", "THE"};
    const size_t np = sizeof pieces / sizeof *pieces;
    uint32_t x = 12345;
    char s[256];
    for (int t = 0; t < 3000; t++) {
        size_t n = pieces_text(&x, pieces, np, (x >> 16) % 24, s);
        lcg(&x);
        check_key(s, n);
    }
}

/* 4. every code point U+2000..U+203F (E2 80 80..BF), which the key skips
 * without utf8proc, is a non-word character to utf8proc */
static void t04_cluster_general_punctuation(void **st)
{
    (void)st;
    for (utf8proc_int32_t c = 0x2000; c <= 0x203F; c++) {
        utf8proc_category_t cat = utf8proc_category(c);
        bool word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ND) ||
                    cat == UTF8PROC_CATEGORY_NL || cat == UTF8PROC_CATEGORY_NO;
        if (word) fail_msg("U+%04X is a word character", (unsigned)c);
        utf8proc_uint8_t enc[4];
        assert_int_equal(utf8proc_encode_char(c, enc), 3);
        char s[5] = {'a', (char)enc[0], (char)enc[1], (char)enc[2], 'b'};
        check_key(s, 5);
    }
}

/* 5. the hex form is "%016llx" */
static void t05_cluster_hex(void **st)
{
    (void)st;
    uint64_t k = 0;
    for (int i = 0; i < 2000; i++) {
        char got[17], want[17];
        memset(got, 'x', sizeof got);
        ws_cluster_hex(k, got);
        snprintf(want, sizeof want, "%016llx", (unsigned long long)k);
        assert_memory_equal(got, want, 17);
        k = k * 6364136223846793005ull + 1442695040888963407ull;
        if (i % 100 == 0) k = i % 200 ? ~0ull : 0;
    }
}

/* ---- the UTF-8 repair */

/* ws_utf8_sanitize as first written: every sequence judged by utf8proc. */
static size_t ref_sanitize(const char *in, size_t len, char *o)
{
    size_t k = 0, i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)in[i];
        if (b < 0x80) { o[k++] = (char)b; i++; continue; }
        utf8proc_int32_t c;
        utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
                                              (utf8proc_ssize_t)(len - i), &c);
        if (r <= 0) {
            memcpy(o + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        } else {
            memcpy(o + k, in + i, (size_t)r);
            k += (size_t)r;
            i += (size_t)r;
        }
    }
    return k;
}

static void check_sanitize(const char *src, size_t n)
{
    char *in = malloc(n ? n : 1), *want = malloc(3 * n + 1);
    assert_non_null(in);
    assert_non_null(want);
    memcpy(in, src, n);
    size_t wl = ref_sanitize(in, n, want);
    char *got = NULL;
    size_t gl = 0;
    long bad = ws_utf8_sanitize(in, n, &got, &gl);
    assert_true(bad >= 0);
    assert_true((bad == 0) == (wl == n && memcmp(want, in, n) == 0));
    if (gl != wl || memcmp(got, want, wl) != 0 || got[gl] != 0) fail_msg("sanitize differs on %zu bytes", n);
    ws_free(got);
    free(want);
    free(in);
}

/* 6. every byte after every two-byte start (all lead bytes >= 0x80), in
 * the middle and cut short at the end, after ASCII runs of every length
 * up to 40, is repaired as utf8proc judges it */
static void t06_sanitize(void **st)
{
    (void)st;
    char s[1024];
    for (int b = 0x80; b <= 0xFF; b++) {
        for (int c = 0; c <= 0xFF; c++) {
            size_t n = 0;
            for (int x = 0; x < 256; x++) {
                s[n++] = (char)b;
                s[n++] = (char)c;
                s[n++] = (char)x;
            }
            s[n++] = (char)b;
            s[n++] = (char)c;
            check_sanitize(s, n);
            check_sanitize(s + n - 1, 1);
        }
    }
    const char *tail = "caf\xc3\xa9 \xe2\x80\x9c \xf0\x9f\x98\x80 \xed\xa0\x80 \xe0\x80\x80 \xc0\xaf \xf4\x90\x80\x80 \xff";
    for (size_t k = 0; k <= 40; k++) {
        size_t n = 0;
        for (size_t j = 0; j < k; j++) s[n++] = (char)('a' + j % 26);
        memcpy(s + n, tail, strlen(tail));
        n += strlen(tail);
        for (size_t j = 0; j < 40; j++) s[n++] = 'z';
        for (size_t cut = 0; cut <= n; cut++) check_sanitize(s, cut);
    }
}

/* ---- numbers in the JSON lines */

/* 7. span offsets of every length of digits (0, 9, 10, 99, 100, ... up to
 * INT64_MAX, around 2^32) are written as "%lld" writes them */
static void t07_json_integers(void **st)
{
    (void)st;
    int64_t vals[64];
    size_t nv = 0;
    vals[nv++] = 0;
    vals[nv++] = INT64_MAX;
    vals[nv++] = (int64_t)UINT32_MAX;
    vals[nv++] = (int64_t)UINT32_MAX + 1;
    for (int64_t p = 10; p <= INT64_MAX / 10; p *= 10) {
        vals[nv++] = p - 1;
        vals[nv++] = p;
        vals[nv++] = p + 7;
    }
    ws_doc doc = {0};
    doc.text = "abc";
    doc.text_len = 3;
    doc.id = "d";
    doc.id_len = 1;
    for (size_t i = 0; i < nv; i++) {
        ws_statement s;
        memset(&s, 0, sizeof s);
        s.content = (ws_span){vals[i], vals[nv - 1 - i], 0, 1};
        s.content2 = s.source = (ws_span){-1, -1, -1, -1};
        s.cue = (ws_span){vals[i], -vals[i], 1, 2};
        s.confidence = 0.5;
        buf b = {NULL, 0, 0};
        assert_int_equal(ws__jsonl_append(&b, &doc, &s), WS_OK);
        char want[200];
        snprintf(want, sizeof want, "\"content\":{\"text\":\"a\",\"start\":%lld,\"end\":%lld}",
                 (long long)vals[i], (long long)vals[nv - 1 - i]);
        assert_non_null(memmem(b.p, b.len, want, strlen(want)));
        snprintf(want, sizeof want, "\"cue\":{\"text\":\"b\",\"start\":%lld,\"end\":%lld}",
                 (long long)vals[i], (long long)-vals[i]);
        assert_non_null(memmem(b.p, b.len, want, strlen(want)));
        ws_buf_free(&b);
    }
}

/* 11. a document id of 0..20 bytes, all ASCII or with one invalid byte
 * at each place (the ASCII check takes 4..7 bytes as two overlapping
 * words), is written as is or with U+FFFD for the byte */
static void t11_json_doc_ids(void **st)
{
    (void)st;
    ws_doc doc = {0};
    doc.text = "abc";
    doc.text_len = 3;
    for (size_t n = 0; n <= 20; n++) {
        for (size_t bad = 0; bad <= n; bad++) { /* bad == n: none */
            char id[21], want[64];
            size_t w = 0;
            w += (size_t)snprintf(want, sizeof want, "{\"doc\":\"");
            for (size_t i = 0; i < n; i++) {
                id[i] = i == bad ? '\xff' : (char)('a' + i);
                if (i == bad) {
                    memcpy(want + w, "\xef\xbf\xbd", 3);
                    w += 3;
                } else {
                    want[w++] = id[i];
                }
            }
            want[w++] = '"';
            doc.id = id;
            doc.id_len = n;
            ws_statement s;
            memset(&s, 0, sizeof s);
            s.content = (ws_span){0, 1, 0, 1};
            s.content2 = s.source = (ws_span){-1, -1, -1, -1};
            s.cue = (ws_span){1, 2, 1, 2};
            s.confidence = 0.5;
            buf b = {NULL, 0, 0};
            assert_int_equal(ws__jsonl_append(&b, &doc, &s), WS_OK);
            if (b.len < w || memcmp(b.p, want, w) != 0)
                fail_msg("id of %zu bytes, invalid at %zu: %.*s", n, bad, (int)b.len, b.p);
            ws_buf_free(&b);
        }
    }
}

/* ---- the parts of an interrupted quotation in BRAT */

/* The span of the bytes [b,e) of T (code points counted from T's start). */
static ws_span span_of(const char *t, const char *from, const char *to)
{
    ws_span s;
    s.bstart = from - t;
    s.bend = to - t;
    s.start = s.end = 0;
    for (const char *p = t; p < to; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80) continue;
        if (p < from) s.start++;
        s.end++;
    }
    return s;
}

/* The text of span S of T into OUT. */
static const char *text_of(const char *t, ws_span s, char *out)
{
    memcpy(out, t + s.bstart, (size_t)(s.bend - s.bstart));
    out[s.bend - s.bstart] = 0;
    return out;
}

/* Each part of a two-part content: WORD1..WORD1E and WORD2..WORD2E as the
 * statement has them, WANT1 and WANT2 as BRAT writes them. */
static void check_parts(const char *t, const char *w1, const char *w2, const char *want1, const char *want2)
{
    ws_doc doc = {.text = t, .text_len = strlen(t)};
    const char *a = strstr(t, w1), *b = strstr(t, w2);
    assert_non_null(a);
    assert_non_null(b);
    ws_statement s;
    memset(&s, 0, sizeof s);
    s.content = span_of(t, a, a + strlen(w1));
    s.content2 = span_of(t, b, b + strlen(w2));
    ws_span c1, c2;
    ws__brat_content(&doc, &s, &c1, &c2);
    char buf1[256], buf2[256];
    assert_string_equal(text_of(t, c1, buf1), want1);
    assert_string_equal(text_of(t, c2, buf2), want2);
    /* the code point offsets agree with the bytes */
    ws_span r1 = span_of(t, t + c1.bstart, t + c1.bend), r2 = span_of(t, t + c2.bstart, t + c2.bend);
    assert_int_equal(c1.start, r1.start);
    assert_int_equal(c1.end, r1.end);
    assert_int_equal(c2.start, r2.start);
    assert_int_equal(c2.end, r2.end);
}

static void t12_brat_interrupted_quote(void **st)
{
    (void)st;
    /* curly marks: each part with its marks and the comma and stop before them */
    check_parts("Then: \u201cWe will,\u201d he said, \u201cstand firm.\u201d Next.", "We will", "stand firm",
                "\u201cWe will,\u201d", "\u201cstand firm.\u201d");
    /* straight marks, a question */
    check_parts("\"Why not?\" she asked. \"We can.\"", "Why not", "We can", "\"Why not?\"", "\"We can.\"");
    /* single curly marks */
    check_parts("\u2018Yes,\u2019 he said, \u2018now.\u2019", "Yes", "now", "\u2018Yes,\u2019", "\u2018now.\u2019");
    /* no marks: the parts stay the words ("The economy, he said, is strong.") */
    check_parts("The economy, he said, is strong.", "The economy", "is strong", "The economy", "is strong");
    /* an apostrophe is not a mark: "players' union" */
    check_parts("The players' union, he said, will strike.", "The players", "will strike", "The players",
                "will strike");
    /* a content of one part is the statement's own */
    const char *t = "\u201cWe will,\u201d he said.";
    ws_doc doc = {.text = t, .text_len = strlen(t)};
    ws_statement s;
    memset(&s, 0, sizeof s);
    s.content = span_of(t, t + 3, t + 10);
    s.content2.start = s.content2.end = s.content2.bstart = s.content2.bend = -1;
    ws_span c1, c2;
    ws__brat_content(&doc, &s, &c1, &c2);
    assert_int_equal(c1.bstart, 3);
    assert_int_equal(c1.bend, 10);
    assert_int_equal(c2.start, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_json_escape_positions), cmocka_unit_test(t02_json_escape_long),
        cmocka_unit_test(t03_cluster_key),           cmocka_unit_test(t04_cluster_general_punctuation),
        cmocka_unit_test(t05_cluster_hex),           cmocka_unit_test(t06_sanitize),
        cmocka_unit_test(t07_json_integers),         cmocka_unit_test(t11_json_doc_ids),
        cmocka_unit_test(t12_brat_interrupted_quote),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
