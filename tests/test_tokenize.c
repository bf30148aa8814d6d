/*
 * test_tokenize.c -- the tokenizer's fast loop on the tokens it shares
 * with the general path: quotes written '' `` `', words ending before a
 * no-break space or a three-byte mark (also after their period), and the
 * lexicon flags of every word, which must be those of its lowercased
 * form.  Each case sits in the middle of a longer text, where the fast
 * loop takes it (the last sixteen bytes go to the general path).
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_double_quotes),
        cmocka_unit_test(t02_word_before_multibyte),
        cmocka_unit_test(t03_bullets),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
