/*
 * test_span.c -- the learned content boundaries (src/model/span.c): the
 * positions a boundary may take, the choice a model makes, the file, and
 * the shipped model on plain sentences.
 */
#include "base/base.h"
#include "model/span.h"
#include "segment/segment.h"
#include "testutil.h"

#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "Police said that the bridge was unsafe ." tokenized, with a statement
 * whose source is "Police", cue "said" and content "the bridge was
 * unsafe" (the words after "that"). */
typedef struct fixture {
    arena a;
    tokdoc d;
    rawst r;
    ws_span_doc sd; /* no other statement's cue */
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
    assert_int_equal(ws_span_prepare(&x->a, &x->d, NULL, &x->sd), WS_OK);
}

static const char *plain = "Police said that the bridge was unsafe.";

static void t01_candidates(void **s)
{
    (void)s;
    fixture x;
    fixture_init(&x, plain, 0, 1, 1, 2, 3, 7);
    assert_int_equal(x.d.n, 8);
    int b[WS_SPAN_NKINDS], pos[WS_SPAN_MAXC];
    assert_true(ws_span_bounds(&x.r, b));
    assert_int_equal(b[WS_SPAN_START], 3);
    assert_int_equal(b[WS_SPAN_END], 7);
    assert_int_equal(b[WS_SPAN_INNER_END], -1);
    /* the start: the rules' position first, never over the cue or the
     * source, always before the end */
    int n = ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_START, pos);
    assert_true(n >= 3);
    assert_int_equal(pos[0], 3);
    bool has_that = false;
    for (int i = 0; i < n; i++) {
        assert_true(pos[i] >= 2 && pos[i] < 7);
        has_that |= pos[i] == 2;
    }
    assert_true(has_that);
    /* the end: after the start, within the document; the position after
     * the full stop is the same boundary as the one before it */
    n = ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_END, pos);
    assert_int_equal(pos[0], 7);
    for (int i = 0; i < n; i++) {
        assert_true(pos[i] > 3 && pos[i] <= 8);
        assert_true(pos[i] != 8);
    }
    /* no inner boundaries without a second part */
    assert_int_equal(ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_INNER_END, pos), 0);
    /* an empty content is not one the model handles */
    x.r.c1 = x.r.c0;
    assert_false(ws_span_bounds(&x.r, b));
    ws_arena_free(&x.a);
}

static void t02_edges(void **s)
{
    (void)s;
    fixture x;
    fixture_init(&x, "\xe2\x80\x9cWe are ready,\xe2\x80\x9d she said \xe2\x80\x94 calmly.", -1, -1, -1, -1, 1, 4);
    /* “ We are ready , ” she said — calmly . */
    assert_true(ws_span_is_edge(&x.d, 0));
    assert_false(ws_span_is_edge(&x.d, 1));
    assert_true(ws_span_is_edge(&x.d, 4));
    assert_true(ws_span_is_edge(&x.d, 5));
    assert_false(ws_span_is_edge(&x.d, 6));
    assert_true(ws_span_is_edge(&x.d, 8));
    assert_true(ws_span_is_edge(&x.d, x.d.n - 1));
    assert_false(ws_span_is_edge(&x.d, x.d.n));
    ws_arena_free(&x.a);
}

/* A model whose weights favour the features of position P of boundary
 * KIND of X's statement. */
static ws_span_model *model_for(fixture *x, int kind, int p, int weight)
{
    ws_span_model *m = calloc(1, sizeof *m);
    assert_non_null(m);
    m->bits = WS_SPAN_BITS;
    m->w = calloc((size_t)1 << m->bits, sizeof *m->w);
    assert_non_null(m->w);
    int b[WS_SPAN_NKINDS];
    assert_true(ws_span_bounds(&x->r, b));
    uint32_t f[WS_SPAN_MAXF];
    int n = ws_span_features(&x->sd, &x->r, b, kind, p, f);
    assert_true(n > 10 && n <= WS_SPAN_MAXF);
    for (int i = 0; i < n; i++) {
        assert_true(f[i] < (1u << WS_SPAN_BITS));
        m->w[f[i]] += weight;
    }
    return m;
}

static void free_model(ws_span_model *m)
{
    free(m->w);
    free(m);
}

static void t03_apply(void **s)
{
    (void)s;
    fixture x;
    fixture_init(&x, plain, 0, 1, 1, 2, 3, 7);
    rawlist raw = {&x.r, 1, 1};
    /* no evidence: the rules' span stands */
    ws_span_model *m = model_for(&x, WS_SPAN_START, 3, 0);
    assert_int_equal(ws_span_apply(m, NULL, &x.a, &x.d, &raw), WS_OK);
    assert_int_equal(x.r.c0, 3);
    assert_int_equal(x.r.c1, 7);
    free_model(m);
    /* weights for the start at "that": the content starts there */
    m = model_for(&x, WS_SPAN_START, 2, 50);
    assert_int_equal(ws_span_apply(m, NULL, &x.a, &x.d, &raw), WS_OK);
    assert_int_equal(x.r.c0, 2);
    assert_int_equal(x.r.c1, 7);
    free_model(m);
    /* and from there, weights for the words after "that": it moves on */
    m = model_for(&x, WS_SPAN_START, 3, 50);
    assert_int_equal(ws_span_apply(m, NULL, &x.a, &x.d, &raw), WS_OK);
    assert_int_equal(x.r.c0, 3);
    assert_int_equal(x.r.c1, 7);
    free_model(m);
    ws_arena_free(&x.a);
}

static void t04_file(void **s)
{
    (void)s;
    fixture x;
    fixture_init(&x, plain, 0, 1, 1, 2, 3, 7);
    ws_span_model *m = model_for(&x, WS_SPAN_START, 2, 7);
    m->window = WS_SPAN_WINDOW;
    m->samples = 3;
    char dir[] = "/tmp/ws_span_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, WS_SPAN_FILE);
    char err[512] = "";
    ws_span_model *back = NULL;
    /* missing: refused, naming the file */
    assert_int_equal(ws_span_load(dir, &back, err, sizeof err), WS_IO);
    assert_null(back);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "missing"));
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ws_span_write(f, m), WS_OK);
    fclose(f);
    assert_int_equal(ws_span_load(dir, &back, err, sizeof err), WS_OK);
    assert_non_null(back);
    assert_int_equal(back->samples, 3);
    assert_int_equal(back->window, WS_SPAN_WINDOW);
    assert_memory_equal(back->w, m->w, ((size_t)1 << WS_SPAN_BITS) * sizeof *m->w);
    ws_span_free(back);
    back = NULL;
    /* damaged: one weight changed */
    f = fopen(path, "r+");
    assert_non_null(f);
    char all[1 << 16];
    size_t n = fread(all, 1, sizeof all, f);
    assert_true(n > 0 && n < sizeof all);
    char *w = strstr(all, "\t7\n");
    assert_non_null(w);
    w[1] = '8';
    rewind(f);
    fwrite(all, 1, n, f);
    fclose(f);
    assert_int_equal(ws_span_load(dir, &back, err, sizeof err), WS_PARSE);
    assert_null(back);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "checksum"));
    /* truncated */
    assert_int_equal(truncate(path, (off_t)(n / 2)), 0);
    assert_int_equal(ws_span_load(dir, &back, err, sizeof err), WS_PARSE);
    assert_non_null(strstr(err, path));
    /* foreign */
    f = fopen(path, "w");
    fputs("whosaid-model\t1\t20\t0\t0000000000000000\n", f);
    fclose(f);
    assert_int_equal(ws_span_load(dir, &back, err, sizeof err), WS_PARSE);
    assert_non_null(strstr(err, "not a whosaid span model"));
    /* a weight past the table's range: refused, naming the file */
    const char *body = "param\twindow\t5\nparam\tsamples\t1\nw\t3\t40000\n";
    f = fopen(path, "w");
    fprintf(f, "%s\t%d\t%d\t3\t%016" PRIx64 "\n%s", WS_SPAN_MAGIC, WS_SPAN_VERSION, WS_SPAN_BITS,
            ws_hash(WS_FNV_INIT, body, strlen(body)), body);
    fclose(f);
    assert_int_equal(ws_span_load(dir, &back, err, sizeof err), WS_PARSE);
    assert_null(back);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "weight out of range"));
    assert_null(strchr(err, '\n'));
    remove(path);
    rmdir(dir);
    free_model(m);
    ws_arena_free(&x.a);
}

/* A content's start does not move over another statement's cue. */
static void t06_nested(void **s)
{
    (void)s;
    fixture x;
    /* Officials indicated that talks went well , an aide said . */
    fixture_init(&x, "Officials indicated that talks went well, an aide said.", 7, 9, 9, 10, 0, 6);
    assert_int_equal(x.d.n, 11);
    int b[WS_SPAN_NKINDS], pos[WS_SPAN_MAXC];
    assert_true(ws_span_bounds(&x.r, b));
    /* the statement "Officials indicated ..." inside the aide's */
    rawst both[2] = {x.r, x.r};
    both[1].q0 = 1;
    both[1].q1 = 2;
    rawlist raw = {both, 2, 2};
    ws_span_doc sd;
    assert_int_equal(ws_span_prepare(&x.a, &x.d, &raw, &sd), WS_OK);
    assert_true(ws_span_flags(&sd, 1) & WS_SPAN_CUE);
    assert_true(ws_span_flags(&sd, 9) & WS_SPAN_CUE);
    assert_false(ws_span_flags(&sd, 3) & WS_SPAN_CUE);
    assert_true(ws_span_flags(&sd, 6) & WS_SPAN_EDGE);  /* the comma */
    assert_true(ws_span_flags(&sd, 10) & WS_SPAN_END_MARK);
    bool past = false;
    int n = ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_START, pos);
    for (int i = 0; i < n; i++) past |= pos[i] > 1;
    assert_true(past);
    n = ws_span_candidates(&sd, &x.r, b, WS_SPAN_START, pos);
    assert_true(n >= 1);
    for (int i = 0; i < n; i++) assert_true(pos[i] <= 1);
    ws_arena_free(&x.a);
}

/* The shipped model (data/content.model.tsv, read with the lexicon):
 * PolNeAR's contents begin with the complementiser; a quotation's
 * content is its words, without the marks. */
static void t05_shipped(void **s)
{
    (void)s;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", WS_DATA_DIR, WS_SPAN_FILE);
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("SKIPPED: %s is absent\n", path);
        return;
    }
    tu_run r;
    tu_extract(&r, "Mayor Anna Berg said that the bridge was unsafe.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].content), "that the bridge was unsafe");
    tu_done(&r);
    tu_extract(&r, "\"We are ready, but not at any price,\" Mayor Anna Berg said.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].content), "We are ready, but not at any price");
    tu_done(&r);
}

/* An end may move back to the clause breaks within the content, beyond
 * the window, and on to the sentence ends of its paragraph; never over
 * another statement's cue, never to an empty content. */
static void t07_far_ends(void **s)
{
    (void)s;
    fixture x;
    /* 0 Officials 1 said 2 the 3 talks 4 went 5 well 6 , 7 which 8 few
     * 9 people 10 expected 11 in 12 the 13 morning 14 or 15 at 16 night
     * 17 . 18 They 19 hope 20 for 21 more 22 . 23 Then 24 rain 25 . 26 \n
     * 26 Next 27 day ... */
    fixture_init(&x,
                 "Officials said the talks went well, which few people expected in the morning or at night. "
                 "They hope for more. Then rain.\nNext day it was over.",
                 0, 1, 1, 2, 2, 17);
    int b[WS_SPAN_NKINDS], pos[WS_SPAN_MAXC];
    assert_true(ws_span_bounds(&x.r, b));
    int n = ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_END, pos);
    assert_true(n <= WS_SPAN_MAXC);
    bool comma = false, which = false, fwd1 = false, fwd2 = false;
    for (int i = 0; i < n; i++) {
        assert_true(pos[i] > 2);            /* never empty */
        assert_true(pos[i] < 26);           /* never past the paragraph */
        comma |= pos[i] == 6;               /* before ", which": far back */
        which |= pos[i] == 7;               /* before "which" is after the comma: not a words' end */
        fwd1 |= pos[i] == 22;               /* "... They hope for more" */
        fwd2 |= pos[i] == 25;               /* "... Then rain" */
        for (int k = 0; k < i; k++) assert_int_not_equal(pos[k], pos[i]);
    }
    assert_true(comma);
    assert_false(which);
    assert_true(fwd1);
    assert_true(fwd2);
    /* the counts between a position and the boundary, kept as running
     * counts, are the ones a recount gives, in any order of asking */
    uint32_t f1[WS_SPAN_MAXF], f2[WS_SPAN_MAXF];
    for (int i = n - 1; i >= 0; i--) {
        int k1 = ws_span_features(&x.sd, &x.r, b, WS_SPAN_END, pos[i], f1);
        ws_span_doc fresh;
        assert_int_equal(ws_span_prepare(&x.a, &x.d, NULL, &fresh), WS_OK);
        int k2 = ws_span_features(&fresh, &x.r, b, WS_SPAN_END, pos[i], f2);
        assert_int_equal(k1, k2);
        assert_memory_equal(f1, f2, (size_t)k1 * sizeof *f1);
    }
    /* another statement's cue ("hope") stops the end from moving on */
    rawst both[2] = {x.r, x.r};
    both[1].q0 = 19;
    both[1].q1 = 20;
    rawlist raw = {both, 2, 2};
    ws_span_doc sd;
    assert_int_equal(ws_span_prepare(&x.a, &x.d, &raw, &sd), WS_OK);
    n = ws_span_candidates(&sd, &x.r, b, WS_SPAN_END, pos);
    for (int i = 0; i < n; i++) assert_true(pos[i] <= 22 && pos[i] != 25);
    ws_arena_free(&x.a);
}

/* Past the far ends, an end may also move to the clause breaks nearest
 * the content's start, at most WS_SPAN_MAXNEAR of them, and to the
 * punctuation breaks nearest it, WS_SPAN_MAXPUNCT more, never over
 * another statement's cue. */
static void t08_near_ends(void **s)
{
    (void)s;
    fixture x;
    /* 0 Officials 1 said 2 one 3 , 4 two 5 , ... 26 thirteen 27 , 28
     * fourteen 29 came 30 today 31 . : a comma at each odd position 3-27 */
    fixture_init(&x,
                 "Officials said one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, "
                 "thirteen, fourteen came today.",
                 0, 1, 1, 2, 2, 31);
    assert_int_equal(x.d.n, 32);
    int b[WS_SPAN_NKINDS], pos[WS_SPAN_MAXC];
    assert_true(ws_span_bounds(&x.r, b));
    int n = ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_END, pos);
    assert_true(n <= WS_SPAN_MAXC);
    bool at[32] = {false};
    for (int i = 0; i < n; i++) {
        assert_true(pos[i] > 2 && pos[i] <= 32);
        assert_false(at[pos[i]]); /* each position once */
        at[pos[i]] = true;
    }
    /* the six far ends back from the window (WS_SPAN_END_WINDOW, two
     * tokens): before the commas 17-27 */
    for (int p = 17; p <= 27; p += 2) assert_true(at[p]);
    /* the four nearest the start: before the commas 3-9; then the two
     * punctuation breaks nearest it that are not yet there, 11 and 13
     * (WS_SPAN_MAXPUNCT); not 15 */
    for (int p = 3; p <= 13; p += 2) assert_true(at[p]);
    assert_false(at[15]);
    for (int p = 2; p < 27; p += 2) assert_false(at[p]); /* never after a comma */
    /* another statement's cue ("three") stops the scan from the start */
    rawst both[2] = {x.r, x.r};
    both[1].q0 = 6;
    both[1].q1 = 7;
    rawlist raw = {both, 2, 2};
    ws_span_doc sd;
    assert_int_equal(ws_span_prepare(&x.a, &x.d, &raw, &sd), WS_OK);
    n = ws_span_candidates(&sd, &x.r, b, WS_SPAN_END, pos);
    memset(at, 0, sizeof at);
    for (int i = 0; i < n; i++) at[pos[i]] = true;
    assert_true(at[3] && at[5]);
    assert_false(at[7] || at[9] || at[11]);
    assert_true(at[25]);
    ws_arena_free(&x.a);
}

/* An end moves at most WS_SPAN_END_WINDOW tokens from the rules' but for
 * clause breaks, never to just after a conjunction, and not to just
 * after an adverb of another statement's cue even when the rules put it
 * there. */
static void t09_end_window(void **s)
{
    (void)s;
    fixture x;
    fixture_init(&x, plain, 0, 1, 1, 2, 3, 7);
    int b[WS_SPAN_NKINDS], pos[WS_SPAN_MAXC];
    assert_true(ws_span_bounds(&x.r, b));
    int n = ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_END, pos);
    bool at[9] = {false};
    for (int i = 0; i < n; i++) at[pos[i]] = true;
    assert_true(at[7] && at[6] && at[5]);
    assert_false(at[4]); /* "the bridge" + "was unsafe": three back, no break */
    ws_arena_free(&x.a);
    /* 0 Mayor 1 Dupont 2 said 3 the 4 bridge 5 will 6 reopen 7 in 8 May
     * 9 and 10 also 11 stressed 12 that ...: the rules' content ends at
     * the second statement's cue */
    fixture_init(&x, "Mayor Dupont said the bridge will reopen in May and also stressed that repairs were on schedule.",
                 0, 2, 2, 3, 3, 11);
    rawst both[2] = {x.r, x.r};
    both[1].q0 = 11;
    both[1].q1 = 12;
    rawlist raw = {both, 2, 2};
    ws_span_doc sd;
    assert_int_equal(ws_span_prepare(&x.a, &x.d, &raw, &sd), WS_OK);
    assert_true(ws_span_bounds(&x.r, b));
    n = ws_span_candidates(&sd, &x.r, b, WS_SPAN_END, pos);
    bool bt[16] = {false};
    for (int i = 0; i < n; i++) bt[pos[i]] = true;
    assert_true(bt[9]);   /* "... in May" */
    assert_false(bt[10]); /* "... in May and" */
    assert_false(bt[11]); /* "... in May and also" */
    assert_true(n >= 1);
    assert_true(pos[0] != 11);
    ws_arena_free(&x.a);
}

/* Past the WS_SPAN_MAXFWD sentence ends, an end may still move to the
 * end of its paragraph (a block quotation of several sentences), never
 * beyond it. */
static void t10_paragraph_end(void **s)
{
    (void)s;
    fixture x;
    /* 0 Officials 1 said 2 it 3 rained 4 . 5 It 6 poured 7 . 8 It 9 flooded
     * 10 . 11 It 12 froze 13 . 14 It 15 cleared 16 . 17 \n Next 18 day 19 . */
    fixture_init(&x, "Officials said it rained. It poured. It flooded. It froze. It cleared.\nNext day.", 0, 1, 1, 2, 2,
                 4);
    assert_int_equal(x.d.n, 20);
    int b[WS_SPAN_NKINDS], pos[WS_SPAN_MAXC];
    assert_true(ws_span_bounds(&x.r, b));
    int n = ws_span_candidates(&x.sd, &x.r, b, WS_SPAN_END, pos);
    assert_true(n <= WS_SPAN_MAXC);
    bool at[21] = {false};
    for (int i = 0; i < n; i++) {
        assert_true(pos[i] > 2 && pos[i] <= 16); /* never past the paragraph */
        assert_false(at[pos[i]]);
        at[pos[i]] = true;
    }
    assert_true(at[7] && at[10] && at[13]); /* the three sentence ends */
    assert_true(at[16]);                    /* and the paragraph's end */
    ws_arena_free(&x.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_candidates), cmocka_unit_test(t02_edges), cmocka_unit_test(t03_apply),
        cmocka_unit_test(t04_file),       cmocka_unit_test(t05_shipped), cmocka_unit_test(t06_nested),
        cmocka_unit_test(t07_far_ends),   cmocka_unit_test(t08_near_ends), cmocka_unit_test(t09_end_window),
        cmocka_unit_test(t10_paragraph_end),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
