/*
 * test_model.c -- the cue classifier's proposals (src/model/model.c): the
 * head word a cue is decided at, and the candidate proposed there (its
 * cue running back over auxiliaries and adverbs, its source before them,
 * its content after, a relative pronoun or plural noun as its source, a
 * noun phrase for the weak cue words that take one);
 * the features of what follows a cue word (its object or clause);
 * the word classes (src/model/pos.c,
 * src/train/pos_train.c) built from a CoNLL-U file, read and refused.
 */
#include "base/base.h"
#include "model/model.h"
#include "segment/segment.h"
#include "testutil.h"
#include "whosaid_eval.h"

#include <string.h>
#include <unistd.h>

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

    /* a source that denies anyone spoke gives no proposal; another does */
    m = model_for("said");
    ws_arena_init(&a);
    const char *none = "No one said anything about the bridge.", *some = "One said something about the bridge.";
    assert_int_equal(ws_tok_document(&a, tu_lx, none, strlen(none), &d), WS_OK);
    raw = (rawlist){0}; /* its memory went with the first arena */
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 0);
    assert_int_equal(ws_tok_document(&a, tu_lx, some, strlen(some), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    ws_arena_free(&a);
    ws_model_free(m);
}

/* The proposal's source: a relative pronoun before the cue (the speaker
 * the phrase it stands for), and a plural common noun taken as one that
 * can speak for a cue word the lexicon does not list. */
static void t04_proposal_sources(void **s)
{
    (void)s;
    ws_model *m = model_for("pondered");
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    rawlist raw = {0};
    const char *rel = "The senator, who has pondered whether the plan will pass, left.";
    assert_int_equal(ws_tok_document(&a, tu_lx, rel, strlen(rel), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    assert_int_equal(raw.v[0].s0, tok_of(&d, "who"));
    assert_int_equal(raw.v[0].s1, tok_of(&d, "who") + 1);
    assert_int_equal(raw.v[0].a0, 0);
    assert_int_equal(raw.v[0].a1, tok_of(&d, "senator") + 1);
    assert_int_equal(raw.v[0].q0, tok_of(&d, "has"));

    /* a plural noun can speak; a singular common noun cannot */
    const char *plural = "Many surveys pondered whether the plan will pass.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, plural, strlen(plural), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    assert_int_equal(raw.v[0].s0, 0);
    assert_int_equal(raw.v[0].s1, tok_of(&d, "surveys") + 1);
    const char *singular = "The old order pondered whether the plan will pass.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, singular, strlen(singular), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 0);
    /* nor does the plural noun a relative pronoun stands for */
    const char *relpl = "The proposals, which pondered whether the plan will pass, failed.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, relpl, strlen(relpl), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 0);
    ws_arena_free(&a);
    ws_model_free(m);
}

/* A weak cue word among the model's "any" words takes a noun phrase that
 * cannot speak as its source ("the order pondered", as "the poll
 * shows"); another weak cue word does not, and neither takes a time word
 * or the subject of a verb before "to"; ws_model_any_sources lists where
 * such a source would be taken. */
static void t05_any_source(void **s)
{
    (void)s;
    ws_model *m = model_for("pondered");
    assert_int_equal(ws_model_add_cue(m, "mulled", 6), WS_OK);
    assert_int_equal(ws_model_add_any(m, "pondered", 8), WS_OK);
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    rawlist raw = {0};
    const char *poll = "The old order pondered whether the plan will pass.";
    assert_int_equal(ws_tok_document(&a, tu_lx, poll, strlen(poll), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    assert_int_equal(raw.v[0].s0, 0);
    assert_int_equal(raw.v[0].s1, tok_of(&d, "order") + 1);
    int where[4];
    assert_int_equal(ws_model_any_sources(m, &a, &d, &(rawlist){0}, where, 4), 1);
    assert_int_equal(where[0], tok_of(&d, "pondered"));
    /* a weak cue word not among them: no proposal, though listed as one
     * that would take the phrase (what training counts) */
    const char *other = "The old order mulled whether the plan will pass.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, other, strlen(other), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 0);
    assert_int_equal(ws_model_any_sources(m, &a, &d, &(rawlist){0}, where, 4), 1);
    assert_int_equal(where[0], tok_of(&d, "mulled"));
    /* nor a time word, nor the subject of a verb before "to" */
    const char *texts[] = {"Earlier this week pondered whether the plan will pass.",
                           "The old order pondered to have changed since the vote."};
    for (int k = 0; k < 2; k++) {
        raw.n = 0;
        assert_int_equal(ws_tok_document(&a, tu_lx, texts[k], strlen(texts[k]), &d), WS_OK);
        assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
        assert_int_equal(raw.n, 0);
    }
    ws_arena_free(&a);
    ws_model_free(m);
}

/* Three sentences in CoNLL-U: "said" twice a past verb heading a clause
 * (ccomp), once a participle without one; "support" twice a noun, once a
 * verb; "the" three times a determiner. */
static const char *conllu =
    "# newdoc id = a\n"
    "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_\n"
    "4\tsupport\tsupport\tNOUN\tNN\t_\t5\tnsubj\t_\t_\n"
    "5\tgrew\tgrow\tVERB\tVBD\t_\t2\tccomp\t_\t_\n"
    "\n"
    "1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n"
    "2\tSaid\tsay\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tthey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "4\tsupport\tsupport\tVERB\tVBP\t_\t2\tccomp\t_\t_\n"
    "5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_\n"
    "6\tplan\tplan\tNOUN\tNN\t_\t4\tdobj\t_\t_\n"
    "\n"
    "1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tsupport\tsupport\tNOUN\tNN\t_\t3\tnsubjpass\t_\t_\n"
    "3\tsaid\tsay\tVERB\tVBN\t_\t0\troot\t_\t_\n"
    "\n";

static void t03_word_classes(void **s)
{
    (void)s;
    char dir[] = "/tmp/ws_test_posXXXXXX";
    assert_non_null(mkdtemp(dir));
    char in[256], path[256], err[512] = "";
    snprintf(in, sizeof in, "%s/c.conllu", dir);
    snprintf(path, sizeof path, "%s/%s", dir, WS_POS_FILE);
    FILE *f = fopen(in, "w");
    assert_non_null(f);
    fputs(conllu, f);
    fclose(f);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ws_train_pos(in, f, err, sizeof err), WS_OK);
    fclose(f);

    ws_pos *p = NULL;
    assert_int_equal(ws_pos_load(dir, &p, err, sizeof err), WS_OK);
    /* "said": a past verb (2 of 3), a participle too (1 of 3 >= 10%), and
     * it heads a clause in 2 of its 3 uses (30% or more: 3) */
    uint32_t v = ws_pos_lookup(p, "said", 4);
    assert_int_equal(ws_pos_top(v), ws_pos_class("VBD"));
    assert_int_equal(ws_pos_ambig(v), (1L << ws_pos_class("VBD")) | (1L << ws_pos_class("VBN")));
    assert_int_equal(ws_pos_clause(v), 3);
    /* "support": mostly a noun, a verb once; heads no clause */
    v = ws_pos_lookup(p, "support", 7);
    assert_int_equal(ws_pos_top(v), ws_pos_class("NN"));
    assert_int_equal(ws_pos_ambig(v), (1L << ws_pos_class("NN")) | (1L << ws_pos_class("VBP")));
    assert_int_equal(ws_pos_clause(v), 0);
    /* seen fewer than three times: not in the file */
    assert_int_equal(ws_pos_lookup(p, "plan", 4), WS_POS_NONE);
    assert_int_equal(ws_pos_top(WS_POS_NONE), -1);
    assert_int_equal(ws_pos_lookup(NULL, "said", 4), WS_POS_NONE);
    ws_pos_free(p);

    /* a damaged record is refused with the file named */
    f = fopen(path, "r+");
    assert_non_null(f);
    char head[128];
    assert_non_null(fgets(head, sizeof head, f));
    fputc('#', f); /* the first record's first byte */
    fclose(f);
    p = NULL;
    assert_int_not_equal(ws_pos_load(dir, &p, err, sizeof err), WS_OK);
    assert_null(p);
    assert_non_null(strstr(err, WS_POS_FILE));
    assert_non_null(strstr(err, "checksum"));
    /* a missing file too */
    unlink(path);
    assert_int_not_equal(ws_pos_load(dir, &p, err, sizeof err), WS_OK);
    assert_non_null(strstr(err, WS_POS_FILE));
    /* and a CoNLL-U line with too few fields names its line */
    f = fopen(in, "w");
    assert_non_null(f);
    fputs("1\tsaid\tsay\n", f);
    fclose(f);
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ws_train_pos(in, f, err, sizeof err), WS_PARSE);
    fclose(f);
    assert_non_null(strstr(err, "c.conllu:1:"));
    unlink(path);
    unlink(in);
    rmdir(dir);
}

/* The proposal's source found past what stands between it and the cue:
 * the subject of an earlier verb joined by "and" (past a sentence's
 * opening "But"), the name before a phrase set off by commas when a name
 * follows the cue as its object (from the name to the second comma, as
 * before a cue with no object), and the subject after a participle
 * opening the sentence (its clause then the content). */
static void t06_source_past(void **s)
{
    (void)s;
    ws_model *m = model_for("pondered");
    assert_int_equal(ws_model_add_cue(m, "noting", 6), WS_OK);
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    rawlist raw = {0};
    const char *joined = "But the senator left the room and pondered whether the plan will pass.";
    assert_int_equal(ws_tok_document(&a, tu_lx, joined, strlen(joined), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    assert_int_equal(raw.v[0].s0, tok_of(&d, "the"));
    assert_int_equal(raw.v[0].s1, tok_of(&d, "senator") + 1);
    /* a name after the cue that runs on into its clause is its object,
     * not an inverted source: the name before the commas is the source */
    const char *object = "The senator, a former governor, pondered Rubio for not voting on the plan.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, object, strlen(object), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    assert_int_equal(raw.v[0].s0, 0);
    assert_int_equal(raw.v[0].s1, tok_of(&d, "governor") + 1);
    /* ", said Rubio, a senator" names its source after the cue: none
     * before it */
    ws_model *said = model_for("said");
    const char *inverted = "The plan will pass, said Rubio, a senator.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, inverted, strlen(inverted), &d), WS_OK);
    assert_int_equal(ws_model_propose(said, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    assert_true(raw.v[0].s0 < 0);
    /* ", said pollster X:" opens a quotation after the colon: no proposal,
     * whose content would start with the speaker's name */
    const char *colon = "The report was blunt, said pollster Dana Shaw: \"Voters have moved on.\"";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, colon, strlen(colon), &d), WS_OK);
    assert_int_equal(ws_model_propose(said, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 0);
    ws_model_free(said);
    /* "Noting that ..., the senator left": the senator noted */
    const char *part = "Noting that the plan will pass, the senator left the room early.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, part, strlen(part), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    assert_int_equal(raw.n, 1);
    assert_int_equal(raw.v[0].q0, 0);
    assert_int_equal(raw.v[0].s0, tok_of(&d, ",") + 1);
    assert_int_equal(raw.v[0].s1, tok_of(&d, "senator") + 1);
    assert_int_equal(raw.v[0].c0, 1);
    assert_int_equal(raw.v[0].c1, tok_of(&d, ","));
    /* not when a capitalised word follows the phrase (no verb after it) */
    const char *nov = "Noting that the plan will pass, the senator Rubio.";
    raw.n = 0;
    assert_int_equal(ws_tok_document(&a, tu_lx, nov, strlen(nov), &d), WS_OK);
    assert_int_equal(ws_model_propose(m, &a, &d, &raw), WS_OK);
    for (int k = 0; k < raw.n; k++) assert_true(raw.v[k].s0 < 0);
    ws_arena_free(&a);
    ws_model_free(m);
}


/* The cue word's features of token W of TEXT under M (*N of them). */
static int cue_feats(const ws_model *m, arena *a, const char *text, const char *w, uint32_t *f)
{
    tokdoc d;
    assert_int_equal(ws_tok_document(a, tu_lx, text, strlen(text), &d), WS_OK);
    return ws_model_cue_features(m, &d, tok_of(&d, w), f);
}

static bool has_feat(const uint32_t *f, int n, uint32_t x)
{
    for (int i = 0; i < n; i++)
        if (f[i] == x) return true;
    return false;
}

/* What follows a cue word: a noun object ("gave a defiant speech") adds
 * the object's kind, head word and cluster, whether a clause follows it
 * and the clusters joined; a clause ("said that") its kind alone.  The
 * shipped classifier, learning from them, scores a verb of doing with a
 * plain object below a verb of saying with a clause. */
static void t07_cue_object(void **s)
{
    (void)s;
    ws_model *m = NULL;
    char err[512] = "";
    assert_int_equal(ws_model_load(WS_DATA_DIR, &m, err, sizeof err), WS_OK);
    assert_non_null(m->pos);
    arena a;
    ws_arena_init(&a);
    const char *speech = "The senator gave a defiant speech in Ohio on Monday.";
    const char *speech2 = "The senator gave a long speech in Ohio on Monday.";
    const char *told = "The senator told reporters that the bridge would reopen.";
    const char *told2 = "The senator told reporters the bridge would reopen soon.";
    const char *said = "The senator said that the bridge would reopen on Monday.";
    uint32_t f1[WS_MODEL_MAXF], f2[WS_MODEL_MAXF], f3[WS_MODEL_MAXF], g[WS_MODEL_MAXF];
    int n1 = cue_feats(m, &a, speech, "gave", f1), n3 = cue_feats(m, &a, said, "said", f3);
    /* without the word classes, none of the object's features */
    ws_pos *pos = m->pos;
    m->pos = NULL;
    int b1 = cue_feats(m, &a, speech, "gave", g), b3 = cue_feats(m, &a, said, "said", g);
    m->pos = pos;
    /* the word classes' 9 features, then 5 for a noun object, 1 for a clause */
    assert_int_equal(n1 - b1, 9 + 5);
    assert_int_equal(n3 - b3, 9 + 1);
    /* the same object's head and kind past other adjectives: shared */
    int n2 = cue_feats(m, &a, speech2, "gave", f2);
    assert_int_equal(n2, n1);
    assert_true(has_feat(f2, n2, f1[n1 - 5]) && has_feat(f2, n2, f1[n1 - 3]));
    /* "told reporters that" against "told reporters the": only whether a
     * clause opens after the object tells them apart among these */
    n1 = cue_feats(m, &a, told, "told", f1);
    n2 = cue_feats(m, &a, told2, "told", f2);
    assert_int_equal(n1, n2);
    assert_true(has_feat(f2, n2, f1[n1 - 5]) && has_feat(f2, n2, f1[n1 - 3]));
    assert_false(has_feat(f2, n2, f1[n1 - 2]));
    /* the shipped classifier */
    n1 = cue_feats(m, &a, speech, "gave", f1);
    assert_true(ws_model_score(m, f1, n1) <= m->cue_threshold);
    assert_true(ws_model_score(m, f3, n3) > m->cue_threshold);
    ws_arena_free(&a);
    ws_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_cue_head),
        cmocka_unit_test(t02_propose),
        cmocka_unit_test(t03_word_classes),
        cmocka_unit_test(t04_proposal_sources),
        cmocka_unit_test(t05_any_source),
        cmocka_unit_test(t06_source_past),
        cmocka_unit_test(t07_cue_object),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
