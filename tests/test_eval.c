/*
 * test_eval.c -- the attribution scorer on tiny hand-made gold/prediction
 * pairs.  Every expected figure is worked out by hand in the comment of
 * its case (tokens are numbered from 0; "strip" drops punctuation and
 * quotation marks at either end of a span, for exact matching and Dice).
 */
#include "testutil.h"
#include "whosaid_eval.h"

#include <math.h>
#include <sys/stat.h>

#define EPS 1e-9

/* Text A: "Ann said the plan works."
 * tokens: Ann[0,3) said[4,8) the[9,12) plan[13,17) works[18,23) .[23,24) */
static const char *A = "Ann said the plan works.";
static const char *A_GOLD = "T1\tSource 0 3\tAnn\n"
                            "T2\tCue 4 8\tsaid\n"
                            "T3\tContent 9 24\tthe plan works.\n"
                            "T4\tAttribution 0 24\tAnn said the plan works.\n"
                            "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n";

/* Text B: "Bo said that taxes will rise next year."
 * tokens: Bo[0,2) said[3,7) that[8,12) taxes[13,18) will[19,23)
 *         rise[24,28) next[29,33) year[34,38) .[38,39) */
static const char *B = "Bo said that taxes will rise next year.";
static const char *B_GOLD = "T1\tSource 0 2\tBo\n"
                            "T2\tCue 3 7\tsaid\n"
                            "T3\tContent 13 39\ttaxes will rise next year.\n"
                            "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n";

static ws_eval *score(const char *text, const char *gold, const char *pred, ws_eval_result *r)
{
    ws_eval *ev;
    assert_int_equal(ws_eval_new(&ev), WS_OK);
    assert_int_equal(ws_eval_add_brat(ev, "doc", text, strlen(text), gold, strlen(gold), pred,
                                      pred ? strlen(pred) : 0),
                     WS_OK);
    ws_eval_get(ev, r);
    return ev;
}

static void prf_is(const ws_eval_prf *x, long tp, long npred, long ngold, double p, double r, double f)
{
    assert_int_equal(x->tp, tp);
    assert_int_equal(x->npred, npred);
    assert_int_equal(x->ngold, ngold);
    assert_true(fabs(x->p - p) < EPS);
    assert_true(fabs(x->r - r) < EPS);
    assert_true(fabs(x->f - f) < EPS);
}

/* 1. exact match after stripping the final '.'; overlap counts it:
 *    gold content tokens {the,plan,works,.} (4), predicted {the,plan,works}
 *    (3): P 3/3, R 3/4, F 2*.75/1.75 = 6/7. */
static void t01_exact(void **s)
{
    (void)s;
    ws_eval_result r;
    ws_eval *ev = score(A, A_GOLD,
                        "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 23\tthe plan works\n"
                        "E1\tAttribution:T9 Source:T1 Cue:T2 Content:T3\n",
                        &r);
    for (int k = 0; k < WS_NROLES; k++) prf_is(&r.exact[k], 1, 1, 1, 1, 1, 1);
    prf_is(&r.overlap[WS_ROLE_CONTENT], 3, 3, 4, 1, 0.75, 6.0 / 7);
    prf_is(&r.overlap[WS_ROLE_SOURCE], 1, 1, 1, 1, 1, 1);
    prf_is(&r.linked, 1, 1, 1, 1, 1, 1);
    assert_int_equal(r.unquoted_gold, 1);
    assert_int_equal(r.unquoted_linked, 1);
    assert_int_equal(r.quoted_gold, 0);
    assert_int_equal(r.articles, 1);
    ws_eval_free(ev);
}

/* 2. the Dice threshold: gold content taxes..year (5 tokens after strip).
 *    "that taxes will" (3) shares 2: Dice 2*2/(5+3) = 0.5, linked.
 *    "taxes" (1) shares 1: Dice 2/6, not linked.
 *    Overlap of the first: gold {taxes..year,.} 6, pred 3, shared 2. */
static void t02_dice_threshold(void **s)
{
    (void)s;
    ws_eval_result r;
    ws_eval *ev = score(B, B_GOLD,
                        "T1\tSource 0 2\tBo\nT2\tCue 3 7\tsaid\nT3\tContent 8 23\tthat taxes will\n"
                        "E1\tAttribution:T9 Source:T1 Cue:T2 Content:T3\n",
                        &r);
    prf_is(&r.linked, 1, 1, 1, 1, 1, 1);
    prf_is(&r.exact[WS_ROLE_CONTENT], 0, 1, 1, 0, 0, 0);
    prf_is(&r.overlap[WS_ROLE_CONTENT], 2, 3, 6, 2.0 / 3, 1.0 / 3, 4.0 / 9);
    ws_eval_free(ev);
    ev = score(B, B_GOLD,
               "T1\tSource 0 2\tBo\nT2\tCue 3 7\tsaid\nT3\tContent 13 18\ttaxes\n"
               "E1\tAttribution:T9 Source:T1 Cue:T2 Content:T3\n",
               &r);
    prf_is(&r.linked, 0, 1, 1, 0, 0, 0);
    prf_is(&r.exact[WS_ROLE_SOURCE], 1, 1, 1, 1, 1, 1);
    ws_eval_free(ev);
}

/* 3. the source rule: the gold has a source, so the prediction must share
 *    one of its tokens ("Bo said" does; no source does not); a gold
 *    without a source links whatever the prediction's source. */
static void t03_source_required(void **s)
{
    (void)s;
    ws_eval_result r;
    const char *nosrc = "T2\tCue 3 7\tsaid\nT3\tContent 13 38\ttaxes will rise next year\n"
                        "E1\tAttribution:T9 Cue:T2 Content:T3\n";
    ws_eval *ev = score(B, B_GOLD, nosrc, &r);
    prf_is(&r.linked, 0, 1, 1, 0, 0, 0);
    prf_is(&r.exact[WS_ROLE_CONTENT], 1, 1, 1, 1, 1, 1);
    prf_is(&r.exact[WS_ROLE_SOURCE], 0, 0, 1, 0, 0, 0);
    ws_eval_free(ev);
    ev = score(B, B_GOLD,
               "T1\tSource 0 7\tBo said\nT2\tCue 3 7\tsaid\nT3\tContent 13 38\ttaxes will rise next year\n"
               "E1\tAttribution:T9 Source:T1 Cue:T2 Content:T3\n",
               &r);
    prf_is(&r.linked, 1, 1, 1, 1, 1, 1);
    prf_is(&r.exact[WS_ROLE_SOURCE], 0, 1, 1, 0, 0, 0);
    ws_eval_free(ev);
    ev = score(B, nosrc, B_GOLD, &r);
    prf_is(&r.linked, 1, 1, 1, 1, 1, 1);
    ws_eval_free(ev);
}

/* Text C: "\"We won,\" Kim said, \"and we will win again.\""
 * tokens: "0 We1 won2 ,3 "4 Kim5 said6 ,7 "8 and9 we10 will11 win12
 *         again13 .14 "15 */
static const char *C = "\"We won,\" Kim said, \"and we will win again.\"";

/* 4. a discontinuous gold content (one T, two ranges) against two
 *    predictions: (0) quote marks included, Content + Content2: tokens
 *    0-4 and 8-15, stripped 1-4 and 8-13 (10 tokens; the inner ,"" stay),
 *    Dice with the gold's 7 = 14/17; (1) the same words without marks, as
 *    Content + Content2: exact.  Best first: (1) links, (0) is left.
 *    The gold text holds no quotation mark: unquoted. */
static void t04_discontinuous_content2(void **s)
{
    (void)s;
    ws_eval_result r;
    ws_eval *ev = score(C,
                        "T1\tSource 10 13\tKim\nT2\tCue 14 18\tsaid\n"
                        "T3\tContent 1 7;21 42\tWe won and we will win again\n"
                        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
                        "T1\tSource 10 13\tKim\nT2\tCue 14 18\tsaid\nT3\tContent 0 9\t\"We won,\"\n"
                        "T5\tContent 20 44\t\"and we will win again.\"\n"
                        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3 Content2:T5\n"
                        "T6\tContent 1 7\tWe won\nT7\tContent 21 42\tand we will win again\n"
                        "E2\tAttribution:T8 Source:T1 Cue:T2 Content:T6 Content2:T7\n",
                        &r);
    prf_is(&r.exact[WS_ROLE_CONTENT], 1, 2, 1, 0.5, 1, 2.0 / 3);
    prf_is(&r.linked, 1, 2, 1, 0.5, 1, 2.0 / 3);
    /* overlap: the gold's 7 tokens against the union of the predictions,
     * tokens 0-4 and 8-15 (13; the second adds none), all 7 shared */
    prf_is(&r.overlap[WS_ROLE_CONTENT], 7, 13, 7, 7.0 / 13, 1, 2 * (7.0 / 13) / (7.0 / 13 + 1));
    assert_int_equal(r.unquoted_gold, 1);
    ws_eval_article a;
    assert_int_equal(ws_eval_article_get(ev, 0, &a), WS_OK);
    assert_int_equal(a.nmissed, 0);
    assert_int_equal(a.nspurious, 1);
    assert_string_equal(a.spurious[0], "Kim | said | \"We won,\" ... \"and we will win again.\"");
    ws_eval_free(ev);
}

/* 5. figures add up over articles: text D's gold is quoted and nothing is
 *    predicted; with case 1's article: linked 1 of 1 predicted, 2 gold:
 *    P 1, R 0.5, F 2/3; quoted 0 of 1, unquoted 1 of 1. */
static void t05_two_articles_quoted(void **s)
{
    (void)s;
    const char *D = "\"Rates will fall,\" Lee said.";
    const char *dg = "T1\tSource 19 22\tLee\nT2\tCue 23 27\tsaid\nT3\tContent 0 18\t\"Rates will fall,\"\n"
                     "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n";
    ws_eval *ev;
    assert_int_equal(ws_eval_new(&ev), WS_OK);
    assert_int_equal(ws_eval_add_brat(ev, "d", D, strlen(D), dg, strlen(dg), NULL, 0), WS_OK);
    assert_int_equal(ws_eval_add_brat(ev, "a", A, strlen(A), A_GOLD, strlen(A_GOLD), A_GOLD, strlen(A_GOLD)),
                     WS_OK);
    ws_eval_result r;
    ws_eval_get(ev, &r);
    prf_is(&r.linked, 1, 1, 2, 1, 0.5, 2.0 / 3);
    assert_int_equal(r.quoted_gold, 1);
    assert_int_equal(r.quoted_linked, 0);
    assert_true(fabs(r.quoted_recall) < EPS);
    assert_int_equal(r.unquoted_gold, 1);
    assert_true(fabs(r.unquoted_recall - 1) < EPS);
    assert_int_equal(ws_eval_count(ev), 2);
    ws_eval_article a;
    assert_int_equal(ws_eval_article_get(ev, 0, &a), WS_OK);
    assert_string_equal(a.name, "d");
    assert_int_equal(a.gold, 1);
    assert_int_equal(a.predicted, 0);
    assert_string_equal(a.missed[0], "Lee | said | \"Rates will fall,\"");
    assert_int_equal(ws_eval_article_get(ev, 2, &a), WS_USAGE);
    ws_eval_free(ev);
}

/* 6. exact is one to one (two equal predicted sources, one gold: 1 of 2),
 *    overlap takes unions (the source token once: 1 of 1). */
static void t06_duplicates(void **s)
{
    (void)s;
    ws_eval_result r;
    ws_eval *ev = score(A, A_GOLD,
                        "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 24\tthe plan works.\n"
                        "E1\tAttribution:T9 Source:T1 Cue:T2 Content:T3\n"
                        "E2\tAttribution:T9 Source:T1 Cue:T2 Content:T3\n",
                        &r);
    prf_is(&r.exact[WS_ROLE_SOURCE], 1, 2, 1, 0.5, 1, 2.0 / 3);
    prf_is(&r.overlap[WS_ROLE_SOURCE], 1, 1, 1, 1, 1, 1);
    prf_is(&r.linked, 1, 2, 1, 0.5, 1, 2.0 / 3);
    ws_eval_free(ev);
}

/* 7. ties are broken as Python's sorted(reverse=True) breaks (dice, i, j):
 *    two gold attributions with the same content (no source) and one
 *    prediction: the pair with the larger gold index wins, so gold 0 is
 *    the one missed. */
static void t07_tie_break(void **s)
{
    (void)s;
    ws_eval_result r;
    ws_eval *ev = score(A,
                        "T2\tCue 4 8\tsaid\nT3\tContent 9 23\tthe plan works\nT5\tCue 0 3\tAnn\n"
                        "E1\tAttribution:T4 Cue:T2 Content:T3\nE2\tAttribution:T4 Cue:T5 Content:T3\n",
                        A_GOLD, &r);
    prf_is(&r.linked, 1, 1, 2, 1, 0.5, 2.0 / 3);
    ws_eval_article a;
    assert_int_equal(ws_eval_article_get(ev, 0, &a), WS_OK);
    assert_int_equal(a.nmissed, 1);
    assert_string_equal(a.missed[0], "- | said | the plan works");
    ws_eval_free(ev);
}

/* 8. what the reader ignores: a T line that is not a pair of offsets, an
 *    event with neither Cue nor Content, notes and relations; a T line
 *    after the E line naming it still counts. */
static void t08_malformed_lines(void **s)
{
    (void)s;
    ws_eval_result r;
    ws_eval *ev = score(A,
                        "#1\tAnnotatorNotes T1\tnote\n"
                        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
                        "T9\tSource 3\tx\nE2\tAttribution:T8 Source:T9\nR1\tRel Arg1:T1 Arg2:T2\n"
                        "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT3\tContent 9 24\tthe plan works.\n"
                        "E3\tAttribution:T4 Source:T9 Cue:T77 Content:T3\n",
                        A_GOLD, &r);
    /* gold: E1 (whole) and E3 (content only); E2 dropped */
    prf_is(&r.linked, 1, 1, 2, 1, 0.5, 2.0 / 3);
    prf_is(&r.exact[WS_ROLE_SOURCE], 1, 1, 1, 1, 1, 1);
    prf_is(&r.exact[WS_ROLE_CONTENT], 1, 1, 2, 1, 0.5, 2.0 / 3);
    ws_eval_free(ev);
}

/* 9. "\r\n" counts as one code point, as Python reads text: the spans of
 *    "Hi.\r\nAnn said ..." start 4 code points in. */
static void t09_crlf(void **s)
{
    (void)s;
    ws_eval_result r;
    const char *g = "T1\tSource 4 7\tAnn\r\nT2\tCue 8 12\tsaid\r\nT3\tContent 13 27\tthe plan works\r\n"
                    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\r\n";
    ws_eval *ev = score("Hi.\r\nAnn said the plan works.", g, g, &r);
    for (int k = 0; k < WS_NROLES; k++) prf_is(&r.exact[k], 1, 1, 1, 1, 1, 1);
    prf_is(&r.overlap[WS_ROLE_CONTENT], 3, 3, 3, 1, 1, 1);
    ws_eval_free(ev);
}

/* 10. tokens as Python's \w+|[^\w\s]: a combining mark is not a word
 *     character, so "cafe\u0301s" is three tokens (cafe, the mark, s);
 *     gold content "cafés close." is 5 tokens, the prediction "cafe" 1. */
static void t10_unicode_tokens(void **s)
{
    (void)s;
    ws_eval_result r;
    ws_eval *ev = score("Zoe said cafe\xCC\x81s close.",
                        "T1\tSource 0 3\tZoe\nT2\tCue 4 8\tsaid\nT3\tContent 9 22\tx\n"
                        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
                        "T1\tSource 0 3\tZoe\nT2\tCue 4 8\tsaid\nT3\tContent 9 13\tcafe\n"
                        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
                        &r);
    prf_is(&r.overlap[WS_ROLE_CONTENT], 1, 1, 5, 1, 0.2, 2 * 0.2 / 1.2);
    /* stripped gold: cafe, mark, s, close (4); Dice 2/5 < 0.5 */
    prf_is(&r.linked, 0, 1, 1, 0, 0, 0);
    ws_eval_free(ev);
}

/* 11. statements are scored as ws_write_brat writes them. */
static void t11_statements(void **s)
{
    (void)s;
    ws_statement st;
    memset(&st, 0, sizeof st);
    st.source = (ws_span){0, 2, 0, 2};
    st.cue = (ws_span){3, 7, 3, 7};
    st.content = (ws_span){13, 38, 13, 38};
    st.content2 = (ws_span){-1, -1, -1, -1};
    ws_eval *ev;
    assert_int_equal(ws_eval_new(&ev), WS_OK);
    assert_int_equal(ws_eval_add_statements(ev, "b", B, strlen(B), B_GOLD, strlen(B_GOLD), &st, 1), WS_OK);
    st.source = (ws_span){-1, -1, -1, -1};
    assert_int_equal(ws_eval_add_statements(ev, "b2", B, strlen(B), B_GOLD, strlen(B_GOLD), &st, 1), WS_OK);
    ws_eval_result r;
    ws_eval_get(ev, &r);
    prf_is(&r.exact[WS_ROLE_CONTENT], 2, 2, 2, 1, 1, 1);
    prf_is(&r.exact[WS_ROLE_SOURCE], 1, 1, 2, 1, 0.5, 2.0 / 3);
    prf_is(&r.linked, 1, 2, 2, 0.5, 0.5, 0.5);
    ws_eval_free(ev);
    ws_eval_free(NULL);
}

/* 12. a corpus directory, with and without predictions. */
static void t12_directory(void **s)
{
    (void)s;
    char dir[] = "/tmp/ws_evalXXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[512];
    const char *sub[] = {"text", "attributions", "pred"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, sub[i]);
        assert_int_equal(mkdir(p, 0777), 0);
    }
    struct { const char *path, *body; } f[] = {
        {"text/a_1.txt", A}, {"text/b.txt", B}, {"text/none.txt", "No gold."},
        {"attributions/a_1_zz.ann", A_GOLD}, {"attributions/a_1_aa.ann", ""},
        {"attributions/b_x.ann", B_GOLD}, {"pred/b.ann", B_GOLD},
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, f[i].path);
        FILE *fp = fopen(p, "w");
        assert_non_null(fp);
        fputs(f[i].body, fp);
        fclose(fp);
    }
    /* a_1: the gold is a_1_aa.ann (first sorted): empty; no prediction.
     * b: gold = prediction. */
    ws_eval *ev;
    assert_int_equal(ws_eval_new(&ev), WS_OK);
    snprintf(p, sizeof p, "%s/pred", dir);
    ws_eval_opts o = {p, 1, 0, {0, 0, 0}};
    char err[256];
    assert_int_equal(ws_eval_dir(ev, dir, NULL, &o, err, sizeof err), WS_OK);
    ws_eval_result r;
    ws_eval_get(ev, &r);
    assert_int_equal(r.articles, 2);
    prf_is(&r.linked, 1, 1, 1, 1, 1, 1);
    ws_eval_free(ev);
    /* extracted: "Bo said that taxes will rise next year." is found */
    assert_int_equal(ws_eval_new(&ev), WS_OK);
    assert_int_equal(ws_eval_dir(ev, dir, tu_lx, NULL, err, sizeof err), WS_OK);
    ws_eval_get(ev, &r);
    assert_int_equal(r.articles, 2);
    assert_int_equal(r.linked.ngold, 1);
    assert_int_equal(r.linked.tp, 1);
    ws_eval_free(ev);
    /* a missing directory is reported */
    assert_int_equal(ws_eval_new(&ev), WS_OK);
    assert_int_equal(ws_eval_dir(ev, "/nonexistent/corpus", tu_lx, NULL, err, sizeof err), WS_IO);
    assert_non_null(strstr(err, "/nonexistent/corpus/text"));
    ws_eval_free(ev);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* 13. the extractor's own statements, scored: "Bo said that ..." is
 *     found with its source, cue and content, so it links. */
static void t13_extracted(void **s)
{
    (void)s;
    tu_run run;
    tu_extract(&run, B, NULL);
    assert_true(run.n >= 1);
    assert_string_equal(tu_span(&run, run.st[0].source), "Bo");
    ws_eval *ev;
    assert_int_equal(ws_eval_new(&ev), WS_OK);
    assert_int_equal(ws_eval_add_statements(ev, "b", B, strlen(B), B_GOLD, strlen(B_GOLD), run.st, run.n), WS_OK);
    ws_eval_result r;
    ws_eval_get(ev, &r);
    assert_int_equal(r.linked.tp, 1);
    assert_int_equal(r.exact[WS_ROLE_SOURCE].tp, 1);
    ws_eval_free(ev);
    tu_done(&run);
}

/* An allocator that fails the Nth allocation from now on. */
static long fi_left;
static void *fi_alloc(void *ud, size_t n) { (void)ud; return fi_left-- == 0 ? NULL : malloc(n); }
static void *fi_realloc(void *ud, void *p, size_t n) { (void)ud; return fi_left-- == 0 ? NULL : realloc(p, n); }
static void fi_free(void *ud, void *p) { (void)ud; free(p); }

/* 14. out of memory at every allocation in turn: the call reports
 *     WS_NOMEM and leaves the evaluation as it was (no article, no counts;
 *     nothing leaks: ASan checks), until there is enough memory for case
 *     4's first prediction to link (Dice 14/17). */
static void t14_out_of_memory(void **s)
{
    (void)s;
    const char *g = "T1\tSource 10 13\tKim\nT2\tCue 14 18\tsaid\nT3\tContent 1 7;21 42\tx\n"
                    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n";
    const char *p = "T1\tSource 10 13\tKim\nT2\tCue 14 18\tsaid\nT3\tContent 0 9\tx\nT5\tContent 20 44\tx\n"
                    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3 Content2:T5\n";
    static const ws_allocator fi = {fi_alloc, fi_realloc, fi_free, NULL};
    int done = 0;
    for (long n = 0; n < 1000 && !done; n++) {
        ws_eval *ev = NULL;
        ws_set_allocator(&fi);
        fi_left = n;
        int rc = ws_eval_new(&ev);
        if (rc == WS_OK) rc = ws_eval_add_brat(ev, "c", C, strlen(C), g, strlen(g), p, strlen(p));
        ws_set_allocator(NULL);
        ws_eval_result r;
        ws_eval_get(ev, &r);
        if (rc == WS_OK) {
            done = 1;
            prf_is(&r.linked, 1, 1, 1, 1, 1, 1);
            assert_int_equal(ws_eval_count(ev), 1);
        } else {
            assert_int_equal(rc, WS_NOMEM);
            assert_int_equal(ws_eval_count(ev), 0);
            assert_int_equal(r.linked.ngold, 0);
            assert_int_equal(r.exact[WS_ROLE_CONTENT].npred, 0);
        }
        ws_eval_free(ev);
    }
    assert_true(done);
}

int main(void)
{
    (void)tu_date;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_exact),
        cmocka_unit_test(t02_dice_threshold),
        cmocka_unit_test(t03_source_required),
        cmocka_unit_test(t04_discontinuous_content2),
        cmocka_unit_test(t05_two_articles_quoted),
        cmocka_unit_test(t06_duplicates),
        cmocka_unit_test(t07_tie_break),
        cmocka_unit_test(t08_malformed_lines),
        cmocka_unit_test(t09_crlf),
        cmocka_unit_test(t10_unicode_tokens),
        cmocka_unit_test(t11_statements),
        cmocka_unit_test(t12_directory),
        cmocka_unit_test(t13_extracted),
        cmocka_unit_test(t14_out_of_memory),
    };
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
