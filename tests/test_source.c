/*
 * test_source.c -- the learned source boundaries (src/model/source.c):
 * the limits and positions a source may take, the choice a model makes,
 * the file, and the shipped model on sentences where PolNeAR's sources
 * differ from the patterns' names, with the speaker left as it was.
 */
#include "base/base.h"
#include "model/source.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_limits),
        cmocka_unit_test(t02_choice),
        cmocka_unit_test(t03_file),
        cmocka_unit_test(t04_shipped),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
