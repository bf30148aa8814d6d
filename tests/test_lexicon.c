/*
 * test_lexicon.c -- the word lookup without branches (lx_find_word, its
 * cuckoo table of short keys) gives what its plain twin
 * (lx_find_word_plain, the probe of the whole table) gives: for every key
 * of the shipped lexicon, for keys one byte off, cut short or made
 * longer, and for random words of one to twenty bytes.  The same words'
 * count of a multiword key's words (lx_first_words_padded, from the
 * short slots) is the map's (ws_lx_first_words).
 */
#include "lexicon/lexicon.h"
#include "testutil.h"

static size_t firsts; /* words agree found starting a multiword key */

/* Checks KEY[len] (no NUL) both ways, copied zero-padded to a multiple of
 * eight bytes as the tokenizer writes its words; returns whether found. */
static bool agree(const char *key, size_t len)
{
    char kb[64] = {0};
    assert_true(len >= 1 && len < 48);
    memcpy(kb, key, len);
    lx_word a = lx_find_word(lx_words_of(tu_lx), kb, len);
    lx_word b = lx_find_word_plain(tu_lx, kb, len);
    assert_ptr_equal(a.e, b.e);
    assert_int_equal(a.flags, b.flags);
    int fw = lx_first_words_padded(tu_lx, kb, len);
    assert_int_equal(fw, ws_lx_first_words(tu_lx, kb, len));
    firsts += fw > 1;
    return a.e != NULL;
}

static void t01_every_key(void **s)
{
    (void)s;
    size_t keys = 0, found = 0, short_keys = 0;
    for (size_t i = 0; i < tu_lx->cap; i++) {
        if (!tu_lx->tag[i]) continue;
        const lx_node *n = tu_lx->tab[i].n;
        size_t len = n->klen;
        if (len == 0 || len >= 40) continue;
        keys++;
        short_keys += len <= 16;
        found += agree(n->key, len);
        char v[48];
        memcpy(v, n->key, len);
        /* one byte off, at each place */
        for (size_t k = 0; k < len; k++) {
            char c = v[k];
            v[k] = (char)(c == 'z' ? 'a' : c + 1);
            agree(v, len);
            v[k] = c;
        }
        /* cut short and made longer */
        for (size_t k = 1; k < len; k++) agree(v, k);
        v[len] = 's';
        agree(v, len + 1);
        v[len] = 'q';
        agree(v, len + 1);
    }
    /* every key was found, and most are short */
    assert_int_equal(found, keys);
    assert_true(keys > 1000 && short_keys * 10 > keys * 9);
    assert_true(firsts > 20);
}

static void t02_random_words(void **s)
{
    (void)s;
    uint64_t x = 88172645463325252ull;
    size_t found = 0;
    for (int r = 0; r < 300000; r++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        size_t len = 1 + (size_t)(x % 20);
        char w[24];
        uint64_t y = x;
        for (size_t k = 0; k < len; k++) {
            /* mostly a few letters, so that short words are often keys */
            w[k] = (y & 7) < 6 ? "etaoinsrhd"[(y >> 3) % 10] : (char)('a' + (y >> 3) % 26);
            y = y * 6364136223846793005ull + 1442695040888963407ull;
        }
        found += agree(w, len);
    }
    assert_true(found > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_every_key),
        cmocka_unit_test(t02_random_words),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
