/*
 * test_base.c -- the shared base (src/base): the hash function against
 * published FNV-1a values and values computed apart, the hash map (growth, collisions, keys with
 * NUL bytes, the empty key, failed allocations), the date arithmetic
 * against dates counted by hand and the julian day formula written out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/base.h"

/* ---- hash */

static void test_fnv_vectors(void **state)
{
    (void)state;
    /* the step, from FNV's published offset basis: the FNV-1a 64-bit test
     * vectors of the reference implementation */
    const uint64_t fnv_basis = 0xcbf29ce484222325ull;
    assert_true(ws_hash(fnv_basis, "", 0) == 0xcbf29ce484222325ull);
    assert_true(ws_hash(fnv_basis, "a", 1) == 0xaf63dc4c8601ec8cull);
    assert_true(ws_hash(fnv_basis, "foobar", 6) == 0x85944171f73967e8ull);
    /* the library's basis (1469598103934665603; stored values depend on
     * it): values computed apart from this code, with Python */
    assert_true(WS_FNV_INIT == 1469598103934665603ull);
    assert_true(ws_hash_key("", 0) == 0x14650fb0739d0383ull);
    assert_true(ws_hash_key("a", 1) == 0x44bd8ad473cd9906ull);
    assert_true(ws_hash_key("foobar", 6) == 0x88fad7c0a8ff07f2ull);
    assert_true(ws_hash_key("Giorgia Meloni", 14) == 0x5c8ca54b16a92681ull);
    /* continuing a hash hashes the concatenation */
    assert_true(ws_hash(ws_hash_key("foo", 3), "bar", 3) == ws_hash_key("foobar", 6));
    uint64_t h = WS_FNV_INIT;
    for (const char *p = "foobar"; *p; p++) h = ws_fnv_step(h, (unsigned char)*p);
    assert_true(h == 0x88fad7c0a8ff07f2ull);
}

/* ---- hash map */

static uint64_t same_hash(const char *k, size_t n)
{
    (void)k;
    (void)n;
    return 42;
}

static void fill_check(ws_hash_fn fn, int count)
{
    ws_hmap m;
    ws_hmap_init(&m, fn);
    char key[32];
    for (int i = 0; i < count; i++) {
        int n = snprintf(key, sizeof key, "key%d", i);
        assert_int_equal(ws_hmap_put(&m, key, (size_t)n, i * 3), WS_OK);
    }
    assert_int_equal(ws_hmap_count(&m), count);
    for (int i = 0; i < count; i++) {
        int n = snprintf(key, sizeof key, "key%d", i);
        int64_t v = -1;
        assert_true(ws_hmap_get(&m, key, (size_t)n, &v));
        assert_int_equal(v, i * 3);
    }
    assert_false(ws_hmap_get(&m, "key", 3, NULL));
    assert_false(ws_hmap_get(&m, "key1x", 5, NULL));
    /* overwriting keeps one entry */
    assert_int_equal(ws_hmap_put(&m, "key1", 4, 77), WS_OK);
    assert_int_equal(ws_hmap_count(&m), count);
    int64_t v = 0;
    assert_true(ws_hmap_get(&m, "key1", 4, &v));
    assert_int_equal(v, 77);
    ws_hmap_clear(&m);
    assert_int_equal(ws_hmap_count(&m), 0);
    assert_false(ws_hmap_get(&m, "key1", 4, NULL));
    assert_int_equal(ws_hmap_put(&m, "key1", 4, 5), WS_OK);
    assert_true(ws_hmap_get(&m, "key1", 4, &v));
    assert_int_equal(v, 5);
    ws_hmap_free(&m);
}

static void test_hmap_grows(void **state)
{
    (void)state;
    fill_check(NULL, 10000);
}

static void test_hmap_collisions(void **state)
{
    (void)state;
    /* every key in one probe chain: found by its bytes alone */
    fill_check(same_hash, 300);
}

static void test_hmap_bytes(void **state)
{
    (void)state;
    ws_hmap m;
    ws_hmap_init(&m, NULL);
    int64_t v = 0;
    assert_false(ws_hmap_get(&m, "", 0, &v));
    assert_int_equal(ws_hmap_put(&m, "", 0, 1), WS_OK);
    assert_int_equal(ws_hmap_put(&m, "a\0b", 3, 2), WS_OK);
    assert_int_equal(ws_hmap_put(&m, "a\0c", 3, 3), WS_OK);
    assert_int_equal(ws_hmap_put(&m, "a", 1, 4), WS_OK);
    assert_true(ws_hmap_get(&m, "", 0, &v));
    assert_int_equal(v, 1);
    assert_true(ws_hmap_get(&m, "a\0b", 3, &v));
    assert_int_equal(v, 2);
    assert_true(ws_hmap_get(&m, "a\0c", 3, &v));
    assert_int_equal(v, 3);
    assert_true(ws_hmap_get(&m, "a", 1, &v));
    assert_int_equal(v, 4);
    assert_int_equal(ws_hmap_count(&m), 4);
    ws_hmap_free(&m);
    ws_hmap_free(NULL);
}

static void test_hmap_ref(void **state)
{
    (void)state;
    ws_hmap m;
    ws_hmap_init(&m, NULL);
    bool added = false;
    int64_t *r = ws_hmap_ref_h(&m, "smith", 5, ws_hash_key("smith", 5), &added);
    assert_non_null(r);
    assert_true(added);
    assert_int_equal(*r, 0);
    *r = 9;
    assert_string_equal(ws_hmap_key(&m, r), "smith");
    r = ws_hmap_ref_h(&m, "smith", 5, ws_hash_key("smith", 5), &added);
    assert_false(added);
    assert_int_equal(*r, 9);
    int64_t v = 0;
    assert_true(ws_hmap_get_h(&m, "smith", 5, ws_hash_key("smith", 5), &v));
    assert_int_equal(v, 9);
    ws_hmap_free(&m);
}

/* An allocator that fails once ALLOC_LEFT allocations have been made. */
static int alloc_left;
static void *fail_alloc(void *ud, size_t n)
{
    (void)ud;
    return alloc_left-- > 0 ? malloc(n) : NULL;
}
static void *fail_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return alloc_left-- > 0 ? realloc(p, n) : NULL;
}
static void fail_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static void test_hmap_nomem(void **state)
{
    (void)state;
    const ws_allocator a = {fail_alloc, fail_realloc, fail_free, NULL};
    for (int budget = 0; budget < 12; budget++) {
        alloc_left = budget;
        ws_set_allocator(&a);
        ws_hmap m;
        ws_hmap_init(&m, NULL);
        int ok = 0;
        char key[16];
        for (int i = 0; i < 200; i++) {
            int n = snprintf(key, sizeof key, "k%d", i);
            if (ws_hmap_put(&m, key, (size_t)n, i) != WS_OK) break;
            ok++;
        }
        /* what went in before the failure is all there */
        assert_int_equal(ws_hmap_count(&m), ok);
        for (int i = 0; i < ok; i++) {
            int n = snprintf(key, sizeof key, "k%d", i);
            int64_t v = -1;
            assert_true(ws_hmap_get(&m, key, (size_t)n, &v));
            assert_int_equal(v, i);
        }
        ws_hmap_free(&m);
        ws_set_allocator(NULL);
    }
}

/* ---- calendar */

/* The julian day number by the Fliegel-Van Flandern formula. */
static int64_t ref_julian(int y, int m, int d)
{
    int64_t a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(ws_date_to_days((ws_date){1970, 1, 1}), 0);
    assert_int_equal(ws_date_to_days((ws_date){1969, 12, 31}), -1);
    assert_int_equal(ws_date_to_days((ws_date){2000, 3, 1}), 11017);
    assert_int_equal(ws_date_to_days((ws_date){2024, 2, 29}), 19782);
    ws_date d = ws_date_from_days(19782);
    assert_int_equal(d.y, 2024);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 29);
    /* every day of years 1 to 9999 and back, one after another */
    long z = ws_date_to_days((ws_date){1, 1, 1});
    ws_date prev = ws_date_from_days(z - 1);
    assert_int_equal(prev.y, 0);
    for (long k = z; k < ws_date_to_days((ws_date){10000, 1, 1}); k++) {
        d = ws_date_from_days(k);
        assert_true(ws_date_valid(d));
        assert_int_equal(ws_date_to_days(d), k);
        assert_true(d.d == prev.d + 1 || (d.d == 1 && (d.m == prev.m + 1 || (d.m == 1 && d.y == prev.y + 1))));
        prev = d;
    }
}

static void test_julian(void **state)
{
    (void)state;
    assert_int_equal(ws_date_julian((ws_date){1970, 1, 1}), 2440588);
    for (int y = 1; y <= 9999; y += 7)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= 31; d++) /* day 31 of a short month too */
                assert_int_equal(ws_date_julian((ws_date){y, m, d}), ref_julian(y, m, d));
    assert_int_equal(ws_date_julian((ws_date){0, 0, 0}), 0);
    assert_int_equal(ws_date_julian((ws_date){2025, 13, 1}), 0);
    assert_int_equal(ws_date_julian((ws_date){2025, 1, 32}), 0);
    assert_int_equal(ws_date_julian((ws_date){10000, 1, 1}), 0);
}

static void test_format_parse(void **state)
{
    (void)state;
    char out[11];
    ws_date_format((ws_date){2025, 6, 2}, out);
    assert_string_equal(out, "2025-06-02");
    ws_date_format((ws_date){0, 0, 0}, out);
    assert_string_equal(out, "");
    ws_date d = {0, 0, 0};
    assert_int_equal(ws_date_parse("2024-02-29", &d), WS_OK);
    assert_int_equal(d.y, 2024);
    assert_int_equal(d.m, 2);
    assert_int_equal(d.d, 29);
    static const char *const bad[] = {"2023-02-29", "2025-13-01", "2025-00-10", "2025-1-10",
                                      "2025-01-1x", "0000-01-01", "2025/01/01", "", "2025-01-010"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(ws_date_parse(bad[i], &d), WS_PARSE);
    assert_int_equal(ws_date_parse(NULL, &d), WS_PARSE);
    assert_int_equal(d.y, 2024); /* untouched by the failures */
}

static void test_week_month(void **state)
{
    (void)state;
    /* 2025-06-12 was a Thursday, 2025-06-09 a Monday */
    for (int k = 9; k <= 15; k++) {
        ws_date m = ws_date_monday((ws_date){2025, 6, k});
        assert_int_equal(m.y, 2025);
        assert_int_equal(m.m, 6);
        assert_int_equal(m.d, 9);
    }
    ws_date m = ws_date_monday((ws_date){2025, 1, 1}); /* a Wednesday */
    assert_int_equal(m.y, 2024);
    assert_int_equal(m.m, 12);
    assert_int_equal(m.d, 30);
    m = ws_date_monday((ws_date){1969, 12, 31}); /* before day 0 */
    assert_int_equal(m.m, 12);
    assert_int_equal(m.d, 29);
    m = ws_date_month_start((ws_date){2025, 6, 12});
    assert_int_equal(m.y, 2025);
    assert_int_equal(m.m, 6);
    assert_int_equal(m.d, 1);
}

/* ---- UTF-8 */

static void test_utf8(void **state)
{
    (void)state;
    assert_int_equal(ws__utf8_bad("plain \xc3\xa9", 8), 0);
    assert_int_equal(ws__utf8_bad("a\xff" "b\xc3", 4), 2);
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(ws_utf8_sanitize("a\xff" "b", 3, &out, &n), 1);
    assert_int_equal(n, 5);
    assert_memory_equal(out, "a\xef\xbf\xbd" "b", 5);
    ws_free(out);
    assert_int_equal(ws__utf8_seq((const unsigned char *)"\xe2\x80\x9c", 3), 3);
    assert_int_equal(ws__utf8_seq((const unsigned char *)"\xc0\xaf", 2), 0);
    assert_int_equal(ws__utf8_seq((const unsigned char *)"\xed\xa0\x80", 3), 0);
}

/* ws__utf8_bad counts what a byte-by-byte walk by ws__utf8_seq counts,
 * with a curly quote or an invalid byte at every position of a buffer of
 * 200 bytes (the 64-byte steps, their masks' halves and the tail). */
static void test_utf8_positions(void **state)
{
    (void)state;
    static const char *const ins[] = {"\xe2\x80\x9c", "\xff", "\xc3\xa9", "\xe2\x80", "\xf0\x9f\x98\x80"};
    char text[200];
    for (size_t w = 0; w < sizeof ins / sizeof *ins; w++) {
        size_t l = strlen(ins[w]);
        for (size_t at = 0; at + l <= sizeof text; at++) {
            for (size_t len = at + l; len <= sizeof text; len += 37) {
                memset(text, 'a', sizeof text);
                memcpy(text + at, ins[w], l);
                size_t want = 0, i = 0;
                while (i < len) {
                    if ((unsigned char)text[i] < 0x80) { i++; continue; }
                    size_t r = ws__utf8_seq((const unsigned char *)text + i, len - i);
                    if (!r) { want++; i++; } else i += r;
                }
                assert_int_equal(ws__utf8_bad(text, len), want);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fnv_vectors), cmocka_unit_test(test_hmap_grows),
        cmocka_unit_test(test_hmap_collisions), cmocka_unit_test(test_hmap_bytes),
        cmocka_unit_test(test_hmap_ref), cmocka_unit_test(test_hmap_nomem),
        cmocka_unit_test(test_days), cmocka_unit_test(test_julian),
        cmocka_unit_test(test_format_parse), cmocka_unit_test(test_week_month),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf8_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
