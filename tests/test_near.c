/*
 * test_near.c -- repeats a few words apart (cluster/near.c): the
 * similarity of two statements' words, and the run's index that gives a
 * repeat the cluster of the statement it repeats.  Sentences written for
 * these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cluster/near.h"

static void sig(const char *s, ws_near_sig *o) { ws_near_sig_of(s, strlen(s), NULL, 0, o); }

static bool alike(const char *a, const char *b)
{
    ws_near_sig x, y;
    sig(a, &x);
    sig(b, &y);
    return ws_near_alike(&x, &y);
}

/* 1. Trimmed, an ellipsis, other quotation marks and punctuation. */
static void t01_trimmed_and_marked(void **s)
{
    (void)s;
    const char *full = "We will rebuild every bridge in this region before the winter comes";
    assert_true(alike(full, "We will rebuild every bridge in this region before the winter"));
    assert_true(alike(full, "We will rebuild every bridge ... before the winter comes"));
    assert_true(alike(full, "\xE2\x80\x9CWe will rebuild every bridge in this region, before the winter comes!\xE2\x80\x9D"));
    assert_true(alike(full, "WE WILL REBUILD EVERY BRIDGE IN THIS REGION BEFORE THE WINTER COMES"));
}

/* 2. A word or two changed in a longer quote. */
static void t02_word_changed(void **s)
{
    (void)s;
    assert_true(alike("The council has no money left for the new pool and the library will close in March",
                      "The council has no money left for a new pool and the library will close in March"));
    assert_true(alike("The council has no money left for the new pool and the library will close in March",
                      "The council has no funds left for the new pool and the library will shut in March"));
}

/* 3. Different statements that share a phrase are not repeats. */
static void t03_shared_phrase_only(void **s)
{
    (void)s;
    assert_false(alike("the former secretary of state will play the woman card",
                       "the notion that the campaign is calling the former secretary of state corrupt"));
    assert_false(alike("We are going to win this district by a wide margin",
                       "We are going to lose this district unless turnout rises"));
    /* the same frame, other figures */
    assert_false(alike("Turnout reached 61 percent in the northern wards on Sunday",
                       "Turnout reached 48 percent in the southern wards on Monday"));
}

/* 4. Too short to tell a repeat from chance; a few words inside a long
 * text are no repeat either. */
static void t04_short_and_lopsided(void **s)
{
    (void)s;
    assert_false(alike("to a request for comment", "to a request for comment"));
    assert_false(alike("the bridge will reopen in May",
                       "Officials said on Monday that the bridge will reopen in May, after a long dispute "
                       "over who should pay for the repairs and for the new lights along the river"));
}

/* 5. The index: a repeat takes the first statement's cluster, in any
 * later document; an unrelated statement keeps its own; a statement does
 * not join one it overlaps in the same document. */
static void t05_index(void **s)
{
    (void)s;
    ws_near *nx;
    assert_int_equal(ws_near_new(&nx), 0);
    ws_near_sig a, b, c;
    sig("Nobody in this town will pay more for water next year, I promise you that", &a);
    sig("nobody in this town will pay more for water next year", &b);
    sig("The ferry will run every hour from the first of June until the end of August", &c);
    uint64_t cl;
    assert_int_equal(ws_near_join(nx, &a, 111, 1, 0, 70, &cl), 0);
    assert_int_equal(cl, 111);
    assert_int_equal(ws_near_join(nx, &c, 222, 1, 80, 160, &cl), 0);
    assert_int_equal(cl, 222);
    assert_int_equal(ws_near_join(nx, &b, 333, 2, 0, 50, &cl), 0);
    assert_int_equal(cl, 111);
    /* the same words nested in the first document's statement */
    assert_int_equal(ws_near_join(nx, &b, 444, 1, 0, 50, &cl), 0);
    assert_int_equal(cl, 111); /* joins document 2's repeat, which does not overlap */
    ws_near_free(nx);
    assert_int_equal(ws_near_new(&nx), 0);
    assert_int_equal(ws_near_join(nx, &a, 111, 1, 0, 70, &cl), 0);
    assert_int_equal(ws_near_join(nx, &b, 444, 1, 0, 50, &cl), 0);
    assert_int_equal(cl, 444);
    ws_near_free(nx);
    ws_near_free(NULL);
}

/* 6. Many statements: the index forgets the oldest, keeps answering. */
static void t06_many(void **s)
{
    (void)s;
    ws_near *nx;
    assert_int_equal(ws_near_new(&nx), 0);
    char text[128];
    uint64_t cl;
    for (unsigned i = 0; i < 3 * WS_NEAR_KEEP; i++) {
        snprintf(text, sizeof text, "statement number %u of the long run says %u things about %u", i, i * 7, i % 13);
        ws_near_sig x;
        sig(text, &x);
        assert_int_equal(ws_near_join(nx, &x, i + 1, i, 0, 10, &cl), 0);
    }
    ws_near_sig x;
    sig("Nobody in this town will pay more for water next year, I promise you that", &x);
    assert_int_equal(ws_near_join(nx, &x, 7, 1u << 30, 0, 10, &cl), 0);
    assert_int_equal(cl, 7);
    ws_near_free(nx);
}

/* 7. The map of seen keys: a key takes the cluster its first statement
 * took; it holds two generations of WS_NEAR_KEYS keys, a key looked up
 * moving to the newer. */
static void t07_keys(void **s)
{
    (void)s;
    ws_near *nx;
    assert_int_equal(ws_near_new(&nx), 0);
    ws_near_sig a, b;
    sig("Nobody in this town will pay more for water next year, I promise you that", &a);
    sig("nobody in this town will pay more for water next year", &b);
    uint64_t cl;
    assert_int_equal(ws_near_recall(nx, 333, &cl), WS_NEAR_UNSEEN);
    assert_int_equal(ws_near_join(nx, &a, 111, 1, 0, 70, &cl), 0);
    assert_int_equal(ws_near_join(nx, &b, 333, 2, 0, 50, &cl), 0);
    assert_int_equal(cl, 111);
    assert_int_equal(ws_near_recall(nx, 333, &cl), WS_NEAR_KNOWN);
    assert_int_equal(cl, 111);
    assert_int_equal(ws_near_recall(nx, 111, &cl), WS_NEAR_KNOWN);
    assert_int_equal(cl, 111);
    ws_near_note_short(nx, 555);
    assert_int_equal(ws_near_recall(nx, 555, &cl), WS_NEAR_SHORT_KEY);
    /* 333 kept alive by a lookup in each generation; 555 not */
    for (uint64_t k = 1000; k < 1000 + 3 * (uint64_t)WS_NEAR_KEYS; k++) {
        ws_near_note_short(nx, k);
        if (k % (WS_NEAR_KEYS / 2) == 0) assert_int_equal(ws_near_recall(nx, 333, &cl), WS_NEAR_KNOWN);
    }
    assert_int_equal(ws_near_recall(nx, 333, &cl), WS_NEAR_KNOWN);
    assert_int_equal(cl, 111);
    assert_int_equal(ws_near_recall(nx, 555, &cl), WS_NEAR_UNSEEN);
    assert_int_equal(cl, 555);
    ws_near_free(nx);
}

static bool same_sig(const ws_near_sig *x, const ws_near_sig *y)
{
    return x->n == y->n && x->np == y->np && !memcmp(x->p, y->p, x->np * sizeof *x->p) &&
           !memcmp(x->h, y->h, sizeof x->h);
}

/* 8. The word scan: case, punctuation, curly quotation marks, dashes and
 * apostrophes make no difference; letters outside ASCII do. */
static void t08_word_scan(void **s)
{
    (void)s;
    ws_near_sig a, b;
    sig("we don't rebuild bridges before winter", &a);
    const char *same[] = {
        "We DON'T rebuild bridges, before winter!",
        "\xE2\x80\x9CWe dont rebuild bridges \xE2\x80\x94 before winter\xE2\x80\x9D",
        "  we--don't (rebuild) bridges; before... winter  ",
        "we don't rebuild bridges before \xE2\x80\x98winter\xE2\x80\x99",
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        sig(same[i], &b);
        assert_true(same_sig(&a, &b));
    }
    /* a non-ASCII letter is part of its word */
    sig("we don't rebuild bridges before w\xC3\xADnter", &b);
    assert_int_equal(b.n, a.n);
    assert_false(same_sig(&a, &b));
    /* the second part continues the first */
    const char *t = "we don't rebuild bridges before winter";
    ws_near_sig_of(t, 16, t + 17, strlen(t) - 17, &b);
    assert_true(same_sig(&a, &b));
}

/* A text of N word pairs from words FIRST .. FIRST + N. */
static void numbered(char *out, size_t cap, unsigned first, unsigned n)
{
    size_t k = 0;
    for (unsigned i = first; i <= first + n && k + 16 < cap; i++) k += (size_t)snprintf(out + k, cap - k, "w%u ", i);
}

/* 9. The signature's places agree about as often as the Jaccard
 * similarity of the two pair sets, for sets of any size (the empty bins
 * of small ones borrowed); every place is filled. */
static void t09_places_estimate_jaccard(void **s)
{
    (void)s;
    static char ta[8192], tb[8192];
    const unsigned sizes[] = {8, 20, 60, 300};
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
        unsigned n = sizes[z], shift = n / 3; /* J = (n - shift) / (n + shift) */
        double want = (double)(n - shift) / (double)(n + shift);
        unsigned agree = 0, places = 0;
        for (unsigned trial = 0; trial < 200; trial++) {
            ws_near_sig a, b;
            numbered(ta, sizeof ta, trial * 1000, n);
            numbered(tb, sizeof tb, trial * 1000 + shift, n);
            sig(ta, &a);
            sig(tb, &b);
            assert_int_equal(a.n, n);
            for (int q = 0; q < WS_NEAR_K; q++) {
                assert_int_not_equal(a.h[q], UINT32_MAX);
                agree += a.h[q] == b.h[q];
                places++;
            }
        }
        double got = (double)agree / places;
        assert_true(got > want - 0.05 && got < want + 0.05);
    }
}

/* 10. A repeat shares a band with what it repeats (the index finds it);
 * unrelated statements share none. */
static void t10_bands(void **s)
{
    (void)s;
    const char *pairs[][2] = {
        {"We will rebuild every bridge in this region before the winter comes",
         "We will rebuild every bridge ... before the winter comes"},
        {"The council has no money left for the new pool and the library will close in March",
         "The council has no funds left for the new pool and the library will shut in March"},
        {"Nobody in this town will pay more for water next year, I promise you that",
         "nobody in this town will pay more for water next year"},
    };
    uint32_t x[WS_NEAR_BANDS], y[WS_NEAR_BANDS];
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        ws_near_sig a, b;
        sig(pairs[i][0], &a);
        sig(pairs[i][1], &b);
        ws_near_bands(&a, x);
        ws_near_bands(&b, y);
        int shared = 0;
        for (int k = 0; k < WS_NEAR_BANDS; k++) shared += x[k] == y[k];
        assert_true(shared > 0);
        for (int k = 0; k < WS_NEAR_BANDS; k++) assert_int_not_equal(x[k], 0);
    }
    ws_near_sig a, b;
    sig(pairs[0][0], &a);
    sig(pairs[1][0], &b);
    ws_near_bands(&a, x);
    ws_near_bands(&b, y);
    for (int k = 0; k < WS_NEAR_BANDS; k++) assert_int_not_equal(x[k], y[k]);
}

/* 11. ws_near_alike on signatures of at most WS_NEAR_P pairs: the shared
 * pairs counted (with its early exit) against a plain count. */
static void t11_alike_counts(void **s)
{
    (void)s;
    uint64_t r = 88172645463325252ull;
    for (int trial = 0; trial < 20000; trial++) {
        ws_near_sig x, y;
        memset(&x, 0, sizeof x);
        memset(&y, 0, sizeof y);
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        unsigned nx = 6 + (unsigned)(r % 59), ny = 6 + (unsigned)(r / 59 % 59), common = (unsigned)(r / 4000 % 65);
        if (common > nx) common = nx;
        if (common > ny) common = ny;
        /* hashes: even ones shared, odd ones each side's own, ascending */
        for (unsigned i = 0; i < nx; i++) x.p[i] = i < common ? 4 * i : 4 * i + 1;
        for (unsigned i = 0; i < ny; i++) y.p[i] = i < common ? 4 * i : 4 * i + 3;
        x.np = x.n = nx;
        y.np = y.n = ny;
        unsigned small = nx < ny ? nx : ny, large = nx + ny - small;
        bool want = large <= 3 * small && 4 * common >= 3 * small;
        assert_int_equal(ws_near_alike(&x, &y), want);
        assert_int_equal(ws_near_alike(&y, &x), want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_trimmed_and_marked), cmocka_unit_test(t02_word_changed),
        cmocka_unit_test(t03_shared_phrase_only), cmocka_unit_test(t04_short_and_lopsided),
        cmocka_unit_test(t05_index),              cmocka_unit_test(t06_many),
        cmocka_unit_test(t07_keys),               cmocka_unit_test(t08_word_scan),
        cmocka_unit_test(t09_places_estimate_jaccard), cmocka_unit_test(t10_bands),
        cmocka_unit_test(t11_alike_counts),
    };
    return cmocka_run_group_tests_name("near", tests, NULL, NULL);
}
