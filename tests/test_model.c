/*
 * test_model.c -- the cue classifier's proposals (src/model/model.c): the
 * head word a cue is decided at, and the candidate proposed there (its
 * cue running back over auxiliaries and adverbs, its source before them,
 * its content after).
 */
#include "base/base.h"
#include "model/model.h"
#include "segment/segment.h"
#include "testutil.h"

#include <string.h>

/* The index of the token of D whose lowercased word is W (the first). */
static int tok_of(const tokdoc *d, const char *w)
{
    for (int i = 0; i < d->n; i++)
        if (d->t[i].low && !strcmp(d->t[i].low, w)) return i;
    fail_msg("no token '%s'", w);
    return -1;
}

static void t01_cue_head(void **s)
{
    (void)s;
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    const char *text = "The mayor has also said that the bridge will not reopen, and wants to say more.";
    assert_int_equal(ws_tok_document(&a, tu_lx, text, strlen(text), &d), WS_OK);
    int has = tok_of(&d, "has"), said = tok_of(&d, "said"), to = tok_of(&d, "to");
    /* "has also said": the head is "said" */
    assert_int_equal(ws_model_cue_head(&d, has, said + 1), said);
    /* a cue that is its head word alone */
    assert_int_equal(ws_model_cue_head(&d, said, said + 1), said);
    /* "to say" */
    assert_int_equal(ws_model_cue_head(&d, to, to + 2), to + 1);
    /* the head stays within the cue: "has also" alone ends at "also" */
    assert_int_equal(ws_model_cue_head(&d, has, has + 2), has + 1);
    /* a word that is no auxiliary or adverb is the head itself */
    int mayor = tok_of(&d, "mayor");
    assert_int_equal(ws_model_cue_head(&d, mayor, said + 1), mayor);
    ws_arena_free(&a);
}

/* A model whose cue vocabulary is WORD and whose weights are all zero
 * (every use of the word scores 0, above the cue threshold). */
static ws_model *model_for(const char *word)
{
    ws_model *m = ws__calloc(1, sizeof *m);
    assert_non_null(m);
    m->bits = WS_MODEL_BITS;
    m->w = ws__calloc((size_t)1 << WS_MODEL_BITS, sizeof *m->w);
    assert_non_null(m->w);
    m->cue_threshold = -1;
    assert_int_equal(ws_model_add_cue(m, word, strlen(word)), WS_OK);
    return m;
}

static void t02_propose(void **s)
{
    (void)s;
    ws_model *m = model_for("learned");
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    const char *text = "The Post has learned that the senator resigned on Monday.";
    assert_int_equal(ws_tok_document(&a, tu_lx, text, strlen(text), &d), WS_OK);
    rawlist raw = {0};
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    const rawst *r = &raw.v[0];
    /* the cue "has learned", its source "The Post" before it, its content
     * the rest of the sentence before the full stop */
    assert_int_equal(r->q0, tok_of(&d, "has"));
    assert_int_equal(r->q1, tok_of(&d, "learned") + 1);
    assert_int_equal(r->s0, 0);
    assert_int_equal(r->s1, tok_of(&d, "has"));
    assert_int_equal(r->c0, tok_of(&d, "that"));
    assert_int_equal(r->c1, tok_of(&d, "monday") + 1);
    assert_string_equal(r->method, "model:cue");

    /* above the threshold only: with it raised, nothing is proposed */
    m->cue_threshold = 0;
    raw.n = 0;
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 0);

    /* nor where a candidate already has its cue */
    m->cue_threshold = -1;
    rawst taken = *r;
    raw.n = 0;
    assert_int_equal(ws_raw_push(&a, &raw, &taken), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    ws_arena_free(&a);
    ws_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_cue_head),
        cmocka_unit_test(t02_propose),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
