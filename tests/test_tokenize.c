/*
 * test_tokenize.c -- tokens and units: quotes written '' `` `', words
 * ending before a no-break space or a three-byte mark (also after their
 * period), bullets, the lexicon flags of every word (those of its
 * lowercased form), and the fast path for plain ASCII words giving the
 * tokens the general path gives.
 */
#include "segment/segment.h"
#include "testutil.h"

#define TAIL " and then the others went home again quietly."

/* Tokenizes TEXT into D (in A) and checks that every token's lexicon
 * flags and entry are those of its lowercased form, which is
 * zero-padded to a multiple of eight bytes. */
static void tokenize(arena *a, const char *text, tokdoc *d)
{
    assert_int_equal(ws_tok_document(a, tu_lx, text, strlen(text), d), WS_OK);
    for (int k = 0; k < d->n; k++) {
        const tok *t = &d->t[k];
        assert_int_equal(strlen(t->low), t->ll);
        for (uint32_t z = t->ll; z < ((t->ll + 8) & ~7u); z++) assert_int_equal(t->low[z], 0);
        const lx_entry *e = ws_lx_get(tu_lx, t->low, t->ll);
        uint32_t want = e ? e->flags : 0;
        if (t->ll > 1 && t->low[t->ll - 1] == '.') {
            const lx_entry *e2 = ws_lx_get(tu_lx, t->low, t->ll - 1);
            if (e2) {
                want |= e2->flags;
                e = e2;
            }
        }
        assert_int_equal(t->lxf, want);
        assert_ptr_equal(t->lx, e);
    }
}

/* The token of D that starts at byte B. */
static const tok *at(const tokdoc *d, uint32_t b)
{
    for (int k = 0; k < d->n; k++)
        if (d->t[k].b == b) return &d->t[k];
    fail_msg("no token at byte %u", b);
    return NULL;
}

static void t01_double_quotes(void **s)
{
    (void)s;
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    const char *text = "He said ''yes'' and ``no'' or `maybe' to it" TAIL;
    tokenize(&a, text, &d);
    static const struct { uint32_t b, e; const char *low; } q[] = {
        {8, 10, "''"}, {13, 15, "''"}, {20, 22, "``"}, {24, 26, "''"},
    };
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        const tok *t = at(&d, q[i].b);
        assert_int_equal(t->e, q[i].e);
        assert_int_equal(t->ce - t->cb, 2);
        assert_true(t->flags & TK_QUOTE);
        assert_true(t->flags & TK_PUNCT);
        assert_string_equal(t->low, q[i].low);
        assert_int_equal(t->ch, 0);
    }
    /* a lone backquote and apostrophe are marks of one byte */
    assert_int_equal(at(&d, 30)->e, 31);
    assert_int_equal(at(&d, 30)->ch, '`');
    assert_int_equal(at(&d, 36)->e, 37);
    ws_arena_free(&a);
}

static void t02_word_before_multibyte(void **s)
{
    (void)s;
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    /* "price" before a no-break space; "over." before a closing quote;
     * "Feb." absorbs its period before one */
    const char *text = "The price\xc2\xa0rose. It was over.\xe2\x80\x9d In Feb.\xe2\x80\x9d" TAIL;
    tokenize(&a, text, &d);
    const tok *t = at(&d, 4);
    assert_int_equal(t->e, 9);
    assert_string_equal(t->low, "price");
    t = at(&d, 11); /* rose, after the no-break space: one code point */
    assert_int_equal(t->cb, 10);
    assert_true(t->flags & TK_SPACE_BEFORE);
    t = at(&d, 24);
    assert_string_equal(t->low, "over");
    assert_int_equal(t->e, 28);
    assert_true(at(&d, 28)->flags & TK_PUNCT);
    assert_true(at(&d, 29)->flags & TK_QUOTE);
    t = at(&d, 36);
    assert_string_equal(t->low, "feb.");
    assert_int_equal(t->e, 40);
    assert_true(t->lxf & LX_MONTH);
    assert_true(at(&d, 40)->flags & TK_QUOTE);
    ws_arena_free(&a);
}

/* The token of D that starts where NEEDLE first occurs in TEXT. */
static const tok *at_str(const tokdoc *d, const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    return at(d, (uint32_t)(p - text));
}

static void t03_bullets(void **s)
{
    (void)s;
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    /* '*' and '\u2022' standing alone between spaces are bullets, and '-'
     * too at the start of a line; a unit starts after its bullets */
    const char *text = "Items:\n* one thing\n\xe2\x80\xa2 two things\n- three\n"
                       "and a - dash, x * y, z *w\n" TAIL;
    tokenize(&a, text, &d);
    assert_true(at_str(&d, text, "* one")->flags & TK_BULLET);
    assert_true(at_str(&d, text, "\xe2\x80\xa2")->flags & TK_BULLET);
    assert_true(at_str(&d, text, "- three")->flags & TK_BULLET);
    assert_false(at_str(&d, text, "- dash")->flags & TK_BULLET);
    assert_true(at_str(&d, text, "* y")->flags & TK_BULLET);
    assert_false(at_str(&d, text, "*w")->flags & TK_BULLET);
    const tok *one = at_str(&d, text, "one"), *two = at_str(&d, text, "two");
    const tok *three = at_str(&d, text, "three");
    int found = 0;
    for (int u = 0; u < d.nu; u++) {
        const tok *t0 = &d.t[d.u[u].t0];
        found += t0 == one || t0 == two || t0 == three;
    }
    assert_int_equal(found, 3);
    ws_arena_free(&a);
}

/* Tokenizes TEXT[len] with the general path only and with the fast path
 * in MODE, and checks that both give the same tokens, events, capitalised
 * words and units. */
static void check_same(const char *text, size_t len, enum ws_tok_mode mode)
{
    arena a;
    ws_arena_init(&a);
    tokdoc f, p;
    assert_int_equal(ws__tok_document(&a, tu_lx, text, len, &f, mode), WS_OK);
    assert_int_equal(ws__tok_document(&a, tu_lx, text, len, &p, WS_TOK_GENERAL), WS_OK);
    assert_int_equal(f.n, p.n);
    for (int k = 0; k < f.n; k++) {
        const tok *x = &f.t[k], *y = &p.t[k];
        assert_int_equal(x->b, y->b);
        assert_int_equal(x->e, y->e);
        assert_int_equal(x->cb, y->cb);
        assert_int_equal(x->ce, y->ce);
        assert_int_equal(x->flags, y->flags);
        assert_int_equal(x->ch, y->ch);
        assert_int_equal(x->lxf, y->lxf);
        assert_ptr_equal(x->lx, y->lx);
        assert_int_equal(x->pair, y->pair);
        assert_int_equal(x->ll, y->ll);
        assert_memory_equal(x->low, y->low, (x->ll + 8) & ~7u);
    }
    int ne = 0;
    while (f.ev[ne] < f.n) ne++;
    assert_memory_equal(f.ev, p.ev, ((size_t)ne + 1) * sizeof *f.ev);
    /* the capitalised words: each token with TK_CAP, in order */
    int nc = 0;
    for (int k = 0; k < f.n; k++)
        if (f.t[k].flags & TK_CAP) assert_int_equal(f.caps[nc++], k);
    assert_int_equal(f.caps[nc], f.n);
    assert_memory_equal(f.caps, p.caps, ((size_t)nc + 1) * sizeof *f.caps);
    assert_int_equal(f.nu, p.nu);
    for (int u = 0; u < f.nu; u++) {
        assert_int_equal(f.u[u].t0, p.u[u].t0);
        assert_int_equal(f.u[u].t1, p.u[u].t1);
    }
    ws_arena_free(&a);
}

/* 4. the fast path (scanning a byte at a time, and sixteen at a time) and
 * the general one agree: on texts of pieces drawn at random (words of
 * every case and length, joiners, periods, abbreviations, marks,
 * non-ASCII letters and spaces, line breaks), and on each text's last
 * forty prefixes (words that run to the end). */
static void t04_fast_path_agrees(void **s)
{
    (void)s;
    static const char *const pieces[] = {
        "said", "Said", "SAID", "NATO", "U.S.", "Feb.", "Mr.", "J.", "don't", "well-known",
        "AT&T", "3.5", "end.Next", "a_b", "X1", "x", "I", " ", "  ", "\n", "\n\n", ",", ".",
        "...", "\"", "''", "``", "`", "'", "-", " - ", " * ", "\xe2\x80\xa2", "(", ")", ":",
        "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x99", "don\xe2\x80\x99t", "\xc2\xa0",
        "caf\xc3\xa9", "\xc3\x89" "cole", "\xe2\x80\x94", "according", "to", "the", "minister",
        "\t", "!", "?", "Oct", "1st", "\xef\xbb\xbf", "\xff", "_", "internationalization",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123", "A1B2C3D4E5F6G7H8I9", "long_identifier_name_x",
        "Sixteen_bytes_ok", "WORDSWORDSWORDS", "0123456789012345678",
        "rock'n'roll", "well-", "-known", "x&", "O\xe2\x80\x99Neil", "students\xe2\x80\x99",
        "\xe2\x80\x98", "\xe2\x80\x93", "\xe2\x80\xa6", "\xe2\x80\x90", "\xe2\x80", "\xc2",
        "l\xe2\x80\x99\xc3\xa9t\xc3\xa9", "Jean-Noel", "twenty-one-year-old", "Mr", "mr.", "U.S.A",
        "a-b-c-d-e-f-g-h-i-j", "long-hyphenated_word-with-many-parts",
    };
    const size_t np = sizeof pieces / sizeof *pieces;
    char text[512];
    uint32_t x = 12345;
    for (int round = 0; round < 400; round++) {
        size_t len = 0;
        while (len < 300) {
            x = x * 1103515245u + 12345u;
            const char *p = pieces[(x >> 16) % np];
            size_t pl = strlen(p);
            memcpy(text + len, p, pl);
            len += pl;
        }
        for (size_t cut = len - 40; cut <= len; cut++) {
            check_same(text, cut, WS_TOK_FAST_PLAIN);
            check_same(text, cut, WS_TOK_FAST);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_double_quotes),
        cmocka_unit_test(t02_word_before_multibyte),
        cmocka_unit_test(t03_bullets),
        cmocka_unit_test(t04_fast_path_agrees),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
