/*
 * test_source.c -- the learned source boundaries (src/model/source.c):
 * the limits and positions a source may take, the choice a model makes,
 * the file, and the shipped model on sentences where PolNeAR's sources
 * differ from the patterns' names, with the speaker left as it was.
 */
#include "base/base.h"
#include "model/source.h"
#include "speaker/names.h"
#include "segment/segment.h"
#include "testutil.h"

#include <string.h>
#include <unistd.h>

typedef struct fixture {
    arena a;
    tokdoc d;
    rawst r;
    rawlist raw;
} fixture;

static void fixture_init(fixture *x, const char *text, int s0, int s1, int q0, int q1, int c0, int c1)
{
    ws_arena_init(&x->a);
    assert_int_equal(ws_tok_document(&x->a, tu_lx, text, strlen(text), &x->d), WS_OK);
    memset(&x->r, 0, sizeof x->r);
    x->r.kind = WS_INDIRECT;
    x->r.s0 = s0;
    x->r.s1 = s1;
    x->r.q0 = q0;
    x->r.q1 = q1;
    x->r.c0 = c0;
    x->r.c1 = c1;
    x->r.c20 = x->r.c21 = x->r.a0 = x->r.a1 = -1;
    x->r.method = "rule:before";
    x->raw = (rawlist){&x->r, 1, 1};
}

/* Lee Epstein , a law professor , said the court erred .
 * 0   1       2 3 4   5         6 7    8   9     10   11 */
static const char *appos = "Lee Epstein, a law professor, said the court erred.";

static void t01_limits(void **s)
{
    (void)s;
    fixture x;
    fixture_init(&x, appos, 0, 2, 7, 8, 8, 11);
    assert_int_equal(x.d.n, 12);
    int lo, hi, pos[WS_SOURCE_MAXC];
    assert_true(ws_source_limits(&x.d, &x.r, &lo, &hi));
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 7); /* up to the cue */
    /* the end: the patterns' first, then every position up to the cue */
    int n = ws_source_candidates(&x.d, &x.r, lo, hi, WS_SOURCE_END, pos);
    assert_int_equal(pos[0], 2);
    bool cue = false;
    for (int i = 0; i < n; i++) {
        assert_true(pos[i] > 0 && pos[i] <= 7);
        cue |= pos[i] == 7;
    }
    assert_true(cue);
    /* the start stays before the end */
    n = ws_source_candidates(&x.d, &x.r, lo, hi, WS_SOURCE_START, pos);
    assert_int_equal(pos[0], 0);
    for (int i = 0; i < n; i++) assert_true(pos[i] >= 0 && pos[i] < 2);
    /* after the cue: from the cue to the content */
    fixture y;
    /* the court erred , said Lee Epstein , a law professor .
     * 0   1     2     3 4    5   6       7 8 9   10        11 */
    fixture_init(&y, "The court erred, said Lee Epstein, a law professor.", 5, 7, 4, 5, 0, 3);
    assert_true(ws_source_limits(&y.d, &y.r, &lo, &hi));
    assert_int_equal(lo, 5);
    assert_int_equal(hi, 12);
    /* no source, or one across its cue: not the model's */
    y.r.s0 = y.r.s1 = -1;
    assert_false(ws_source_limits(&y.d, &y.r, &lo, &hi));
    y.r.s0 = 3;
    y.r.s1 = 6;
    assert_false(ws_source_limits(&y.d, &y.r, &lo, &hi));
    ws_arena_free(&x.a);
    ws_arena_free(&y.a);
}

/* A model whose only weight rewards the features of end position P of
 * X's statement: the end moves there; with no weights, the patterns'
 * span stays; the speaker's span (the statement) is not touched. */
static void t02_choice(void **s)
{
    (void)s;
    fixture x;
    fixture_init(&x, appos, 0, 2, 7, 8, 8, 11);
    ws_source_model m = {WS_SOURCE_BITS, NULL, 0};
    m.w = ws__calloc((size_t)1 << WS_SOURCE_BITS, sizeof *m.w);
    assert_non_null(m.w);
    int span[2];
    ws_source_apply(&m, &x.d, &x.raw, span);
    assert_int_equal(span[0], 0);
    assert_int_equal(span[1], 2);
    uint32_t f[WS_SOURCE_MAXF];
    int lo, hi;
    assert_true(ws_source_limits(&x.d, &x.r, &lo, &hi));
    int nf = ws_source_features(&x.d, &x.r, lo, hi, WS_SOURCE_END, 7, f);
    assert_true(nf > 5 && nf <= WS_SOURCE_MAXF);
    for (int i = 0; i < nf; i++) m.w[f[i]] = 100;
    ws_source_apply(&m, &x.d, &x.raw, span);
    assert_int_equal(span[0], 0);
    assert_int_equal(span[1], 7);
    assert_int_equal(x.r.s1, 2);
    ws_source_apply(NULL, &x.d, &x.raw, span);
    assert_int_equal(span[1], 2);
    ws__free(m.w);
    ws_arena_free(&x.a);
}

static void t03_file(void **s)
{
    (void)s;
    ws_source_model m = {WS_SOURCE_BITS, NULL, 9};
    m.w = ws__calloc((size_t)1 << WS_SOURCE_BITS, sizeof *m.w);
    assert_non_null(m.w);
    m.w[5] = 3;
    m.w[77] = -200;
    char dir[] = "/tmp/ws_source_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], err[512] = "";
    snprintf(path, sizeof path, "%s/%s", dir, WS_SOURCE_FILE);
    ws_source_model *back = NULL;
    assert_int_equal(ws_source_load(dir, &back, err, sizeof err), WS_IO);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "missing"));
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ws_source_write(f, &m), WS_OK);
    fclose(f);
    assert_int_equal(ws_source_load(dir, &back, err, sizeof err), WS_OK);
    assert_int_equal(back->samples, 9);
    assert_memory_equal(back->w, m.w, ((size_t)1 << WS_SOURCE_BITS) * sizeof *m.w);
    ws_source_free(back);
    ws_source_free(NULL);
    /* cut: refused, naming the file */
    assert_int_equal(truncate(path, 40), 0);
    back = NULL;
    assert_int_not_equal(ws_source_load(dir, &back, err, sizeof err), WS_OK);
    assert_null(back);
    assert_non_null(strstr(err, path));
    assert_null(strchr(err, '\n'));
    remove(path);
    rmdir(dir);
    ws__free(m.w);
}

/* The shipped model: an apposition between the name and the cue belongs
 * to the source as PolNeAR marks it; the speaker is still the name. */
static void t04_shipped(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Lawrence Summers, a former Treasury secretary, said the plan would fail.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Lawrence Summers");
    assert_string_equal(tu_span(&r, r.st[0].source), "Lawrence Summers, a former Treasury secretary");
    tu_done(&r);
}

/* The first token of D from byte offset 0 whose text is W (N-th match,
 * counting from 0), or -1. */
static int tok_of(const tokdoc *d, const char *w, int nth)
{
    size_t l = strlen(w);
    for (int i = 0; i < d->n; i++)
        if (d->t[i].e - d->t[i].b == l && memcmp(d->text + d->t[i].b, w, l) == 0 && nth-- == 0) return i;
    return -1;
}

/* Statement X of TEXT with the source [S0,S1), cue [Q0,Q1) and content
 * [C0,C1) given as tokens (-1: none), mended; then its source. */
static void repaired(fixture *x, const char *text, const char *s0, const char *s1, const char *q0,
                     const char *c0, const char *c1)
{
    fixture_init(x, text, 0, 0, 0, 0, 0, 0);
    int q = tok_of(&x->d, q0, 0);
    assert_true(q >= 0);
    x->r.q0 = q;
    x->r.q1 = q + 1;
    x->r.s0 = s0 ? tok_of(&x->d, s0, 0) : -1;
    x->r.s1 = s1 ? tok_of(&x->d, s1, 0) : -1;
    x->r.c0 = tok_of(&x->d, c0, 0);
    x->r.c1 = tok_of(&x->d, c1, 0);
    x->r.a0 = x->r.a1 = 0; /* a speaker phrase the mend must drop */
    ws_source_repair(tu_lx, &x->d, &x->raw);
}

static const char *src_text(const fixture *x, char *out, size_t n)
{
    if (x->r.s0 < 0) return "";
    size_t b = x->d.t[x->r.s0].b, e = x->d.t[x->r.s1 - 1].e;
    snprintf(out, n, "%.*s", (int)(e - b), x->d.text + b);
    return out;
}

/* The sources the patterns and the cue classifier's proposals give in a
 * wrong shape, mended before the model and the speaker read them. */
static void t05_repair(void **s)
{
    (void)s;
    fixture x;
    char b[256];
    /* a word opening the sentence's setting: the subject after it */
    repaired(&x, "Ultimately, Mr. Varga refused to sign the treaty.", "Ultimately", ",", "refused", "to", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Mr. Varga");
    assert_int_equal(x.r.a0, -1);
    ws_arena_free(&x.a);
    repaired(&x, "Now, many fear they will lose their savings.", "Now", ",", "fear", "they", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "many");
    ws_arena_free(&x.a);
    /* the cue in the opening phrase, its subject after the comma */
    repaired(&x, "In addition to stating that taxes were too high, Ms. Lund has vowed to cut them.", "addition",
             "to", "stating", "that", ",");
    assert_string_equal(src_text(&x, b, sizeof b), "Ms. Lund");
    ws_arena_free(&x.a);
    /* an adverb the word classes know ("Likewise", "Instead") */
    repaired(&x, "Likewise, Governor Ana Ruiz fired back and said the audit was flawed.", "Likewise", ",", "said",
             "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Governor Ana Ruiz");
    ws_arena_free(&x.a);
    /* a clause after the opening phrase is passed over */
    repaired(&x, "Once in my youth, when my aunt drove us home, I laughed and said the sky was green.", "Once",
             ",", "said", "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "I");
    ws_arena_free(&x.a);
    /* but not a source that names its own subject, nor a given name, nor
     * a clause word's subject */
    repaired(&x, "Shortly after it ruled, the senator proposed a limit.", "Shortly", "ruled", "ruled", "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Shortly after it");
    assert_int_equal(x.r.a0, 0);
    ws_arena_free(&x.a);
    repaired(&x, "Kimberly, a teacher, said the school was closed.", "Kimberly", ",", "said", "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Kimberly");
    ws_arena_free(&x.a);
    repaired(&x, "While many farmers expressed doubts, most said the plan was fair.", "many", "expressed",
             "expressed", "doubts", ",");
    assert_string_equal(src_text(&x, b, sizeof b), "many farmers");
    ws_arena_free(&x.a);
    /* a phrase set off by dashes before the cue: the words before it */
    repaired(&x, "Rana Ortiz -- a director of a group that backs the plan -- said the vote was close.", "said",
             "said", "said", "the", ".");
    x.r.s0 = x.r.q0 - 1; /* the proposal's source: the closing dash */
    x.r.s1 = x.r.q0;
    x.r.a0 = x.r.a1 = 0;
    ws_source_repair(tu_lx, &x.d, &x.raw);
    assert_string_equal(src_text(&x, b, sizeof b), "Rana Ortiz");
    ws_arena_free(&x.a);
    /* dashes and a "but" at a source's edge */
    repaired(&x, "The bill passed - but he said it came late.", "-", "said", "said", "it", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "he");
    ws_arena_free(&x.a);
    /* a time taken for the subject */
    repaired(&x, "Police had last week charged the driver.", "last", "charged", "charged", "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Police");
    ws_arena_free(&x.a);
    /* a participle or a time after the subject's comma: the subject, with
     * its apposition; not after a clause ("X raised it, ...") */
    repaired(&x, "Sen. Ada Voss, D-Ore., speaking at a rally in Salem, warned that the bill would fail.", "speaking",
             "warned", "warned", "that", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Sen. Ada Voss, D-Ore.");
    ws_arena_free(&x.a);
    repaired(&x, "Ms. Lund raised the issue, speaking of the costs, and warned that they rose.", "speaking",
             "and", "warned", "that", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "speaking of the costs,"); /* unchanged */
    ws_arena_free(&x.a);
    /* a time after a relative pronoun: the pronoun, as PolNeAR marks it,
     * and the speaker the phrase before its comma */
    repaired(&x, "The bill came from the majority leader, who in 2010 said it was needed.", "2010", "said",
             "said", "it", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "who");
    assert_int_equal(x.r.a0, tok_of(&x.d, "the", 0));
    assert_int_equal(x.r.a1, tok_of(&x.d, ",", 0));
    ws_arena_free(&x.a);
    /* an adverb after a relative pronoun: the pronoun; a noun there is the
     * subject ("X, which officials said ...") */
    repaired(&x, "The two largest ports, which together handled most trade, said the strike would end.", "together",
             "handled", "handled", "most", ",");
    assert_string_equal(src_text(&x, b, sizeof b), "which");
    ws_arena_free(&x.a);
    repaired(&x, "The plan, which officials said was costly, passed.", "officials", "said", "said", "was", ",");
    assert_string_equal(src_text(&x, b, sizeof b), "officials");
    ws_arena_free(&x.a);
    /* a participle without a source: the subject of its clause, or of the
     * clause reporting the quotation before it */
    repaired(&x, "Ms. Lund walked onto the stage, chanting the slogan.", NULL, NULL, "chanting", "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Ms. Lund");
    ws_arena_free(&x.a);
    repaired(&x, "\"Where we stand, we win,\" Ms. Lund said, while arguing the plan works.", NULL, NULL, "arguing",
             "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Ms. Lund");
    ws_arena_free(&x.a);
    repaired(&x, "Noting that only Sen. Ada Voss (D-Ore.) voted no, Ms. Lund added that the count was close.", NULL,
             NULL, "Noting", "that", ",");
    assert_string_equal(src_text(&x, b, sizeof b), "Ms. Lund");
    ws_arena_free(&x.a);
    repaired(&x, "Ms. Lund circled the stadium - where the team plays - chanting the slogan.", NULL, NULL,
             "chanting", "the", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "Ms. Lund");
    ws_arena_free(&x.a);
    repaired(&x, "The two lawmakers, however, argue that the rule is old, citing a case.", NULL, NULL, "citing",
             "a", ".");
    assert_string_equal(src_text(&x, b, sizeof b), "The two lawmakers");
    ws_arena_free(&x.a);
}

/* A pronoun that is the subject of the clause a participle follows,
 * inside another statement's content: that statement's source. */
static void t07_repair_participle(void **s)
{
    (void)s;
    fixture x;
    char b[256];
    fixture_init(&x, "Senator Ann Cole said she doubted the tax would pass, arguing that voters were tired.", 0, 0, 0,
                 0, 0, 0);
    rawst v[2];
    v[0] = x.r;
    v[1] = x.r;
    /* Senator Ann Cole said [she doubted the tax would pass] */
    v[0].s0 = 0;
    v[0].s1 = tok_of(&x.d, "said", 0);
    v[0].q0 = v[0].s1;
    v[0].q1 = v[0].q0 + 1;
    v[0].c0 = v[0].q1;
    v[0].c1 = tok_of(&x.d, ",", 0);
    /* she ..., arguing [that voters were tired] */
    v[1].s0 = tok_of(&x.d, "she", 0);
    v[1].s1 = v[1].s0 + 1;
    v[1].q0 = tok_of(&x.d, "arguing", 0);
    v[1].q1 = v[1].q0 + 1;
    v[1].c0 = v[1].q1;
    v[1].c1 = tok_of(&x.d, ".", 0);
    x.raw = (rawlist){v, 2, 2};
    ws_source_repair(tu_lx, &x.d, &x.raw);
    x.r = v[1];
    assert_string_equal(src_text(&x, b, sizeof b), "Senator Ann Cole");
    x.r = v[0];
    assert_string_equal(src_text(&x, b, sizeof b), "Senator Ann Cole");
    /* nor for a cue that is no participle after a comma */
    v[1].s0 = tok_of(&x.d, "she", 0);
    v[1].s1 = v[1].s0 + 1;
    v[1].q0 = tok_of(&x.d, "pass", 0);
    v[1].q1 = v[1].q0 + 1;
    v[1].c0 = v[1].q1 + 1;
    ws_source_repair(tu_lx, &x.d, &x.raw);
    x.r = v[1];
    assert_string_equal(src_text(&x, b, sizeof b), "she");
    ws_arena_free(&x.a);
    /* a participle right after another statement's cue and a comma: that
     * statement's source, the nearer mention */
    fixture_init(&x, "Ms. Lund spoke at length. \"It works,\" she said, adding that costs fell.", 0, 0, 0, 0, 0, 0);
    v[0] = v[1] = x.r;
    v[0].s0 = tok_of(&x.d, "she", 0);
    v[0].s1 = v[0].s0 + 1;
    v[0].q0 = tok_of(&x.d, "said", 0);
    v[0].q1 = v[0].q0 + 1;
    v[0].c0 = tok_of(&x.d, "It", 0);
    v[0].c1 = v[0].c0 + 2;
    v[1].s0 = 0; /* the pattern's: the first noun phrase */
    v[1].s1 = 2;
    v[1].q0 = tok_of(&x.d, "adding", 0);
    v[1].q1 = v[1].q0 + 1;
    v[1].c0 = v[1].q1;
    v[1].c1 = tok_of(&x.d, ".", 1);
    x.raw = (rawlist){v, 2, 2};
    ws_source_repair(tu_lx, &x.d, &x.raw);
    x.r = v[1];
    assert_string_equal(src_text(&x, b, sizeof b), "she");
    ws_arena_free(&x.a);
}

/* The speaker is read from the mended source. */
static void t06_repair_speaker(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Later that day, Governor Ana Ruiz fired back and said the audit was flawed.", NULL);
    int k = -1;
    for (size_t i = 0; i < r.n; i++)
        if (!strcmp(tu_span(&r, r.st[i].cue), "said")) k = (int)i;
    assert_true(k >= 0);
    assert_string_equal(r.st[k].speaker, "Ana Ruiz");
    tu_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_limits),
        cmocka_unit_test(t02_choice),
        cmocka_unit_test(t03_file),
        cmocka_unit_test(t04_shipped),
        cmocka_unit_test(t05_repair),
        cmocka_unit_test(t06_repair_speaker),
        cmocka_unit_test(t07_repair_participle),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
