/*
 * test_clause.c -- the clause tagger (src/model/clause.c and
 * src/train/clause_train.c): the tags of dependency relations, a model's
 * choice, the file, and learning from a CoNLL-U file and its texts.
 */
#include "base/base.h"
#include "model/clause.h"
#include "segment/segment.h"
#include "testutil.h"
#include "whosaid_eval.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void t01_relations(void **s)
{
    (void)s;
    assert_int_equal(ws_clause_of_rel("root"), WS_CLAUSE_ROOT);
    assert_int_equal(ws_clause_of_rel("ccomp"), WS_CLAUSE_CCOMP);
    assert_int_equal(ws_clause_of_rel("advcl"), WS_CLAUSE_ADVCL);
    assert_int_equal(ws_clause_of_rel("acl:relcl"), WS_CLAUSE_ACL);
    assert_int_equal(ws_clause_of_rel("nmod:tmod"), WS_CLAUSE_NMOD);
    assert_int_equal(ws_clause_of_rel("dobj"), WS_CLAUSE_OBJ);
    assert_int_equal(ws_clause_of_rel("nsubjpass"), WS_CLAUSE_SUBJ);
    assert_int_equal(ws_clause_of_rel("nsubj:pass"), WS_CLAUSE_SUBJ);
    assert_int_equal(ws_clause_of_rel("punct"), WS_CLAUSE_NONE);
    assert_int_equal(ws_clause_of_rel("det"), WS_CLAUSE_OTHER);
}

/* A model whose weights favour tag TAG for the features of token I of D. */
static void favour(ws_clause *m, ws_clause_src *src, int i, int tag)
{
    uint32_t f[WS_CLAUSE_MAXF];
    int n = ws_clause_features(src, i, f);
    assert_true(n > 10 && n <= WS_CLAUSE_MAXF);
    for (int k = 0; k < n; k++) {
        assert_true(f[k] < (1u << WS_CLAUSE_ROWBITS));
        m->w[(size_t)f[k] << 4 | (size_t)tag] += 5;
    }
}

static void t02_tag(void **s)
{
    (void)s;
    arena a;
    ws_arena_init(&a);
    const char *text = "The mayor praised the crew on Monday.";
    tokdoc d;
    assert_int_equal(ws_tok_document(&a, tu_lx, text, strlen(text), &d), WS_OK);
    assert_int_equal(d.n, 8);
    ws_clause m = {.bits = WS_CLAUSE_BITS};
    m.w = calloc((size_t)1 << m.bits, sizeof *m.w);
    assert_non_null(m.w);
    ws_clause_src src;
    assert_int_equal(ws_clause_src_init(&a, &d, &src), WS_OK);
    favour(&m, &src, 4, WS_CLAUSE_OBJ); /* "crew" */
    ws_clause_doc cd;
    assert_int_equal(ws_clause_prepare(&a, &m, &d, &cd), WS_OK);
    assert_int_equal(ws_clause_tag(&cd, 4), WS_CLAUSE_OBJ);
    assert_int_equal(cd.tag[4], WS_CLAUSE_OBJ + 1); /* kept */
    assert_int_equal(cd.tag[6], 0);                 /* not asked: not computed */
    assert_int_equal(ws_clause_tag(&cd, -1), WS_CLAUSE_NONE);
    assert_int_equal(ws_clause_tag(&cd, d.n), WS_CLAUSE_NONE);
    /* without a model every token is untagged */
    ws_clause_doc none;
    assert_int_equal(ws_clause_prepare(&a, NULL, &d, &none), WS_OK);
    assert_int_equal(ws_clause_tag(&none, 4), WS_CLAUSE_NONE);
    free(m.w);
    ws_arena_free(&a);
}

static void t03_file(void **s)
{
    (void)s;
    char dir[] = "/tmp/ws_clause_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], err[512] = "";
    snprintf(path, sizeof path, "%s/%s", dir, WS_CLAUSE_FILE);
    ws_clause *back = NULL;
    assert_int_equal(ws_clause_load(dir, &back, err, sizeof err), WS_IO);
    assert_null(back);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "missing"));
    ws_clause m = {.bits = WS_CLAUSE_BITS, .samples = 9};
    m.w = calloc((size_t)1 << m.bits, sizeof *m.w);
    assert_non_null(m.w);
    m.w[77] = 12;
    m.w[((size_t)1 << m.bits) - 1] = -3;
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ws_clause_write(f, &m), WS_OK);
    long size = ftell(f);
    fclose(f);
    assert_int_equal(ws_clause_load(dir, &back, err, sizeof err), WS_OK);
    assert_int_equal(back->samples, 9);
    assert_memory_equal(back->w, m.w, ((size_t)1 << m.bits) * sizeof *m.w);
    ws_clause_free(back);
    back = NULL;
    /* truncated: refused in one line naming the file */
    assert_int_equal(truncate(path, size - 4), 0);
    assert_int_equal(ws_clause_load(dir, &back, err, sizeof err), WS_PARSE);
    assert_null(back);
    assert_non_null(strstr(err, path));
    assert_null(strchr(err, '\n'));
    ws_clause_free(NULL);
    remove(path);
    rmdir(dir);
    free(m.w);
}

/* Writes TEXT to PATH. */
static void put_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Learning: each token that ends where a parsed word ends is a sample,
 * the others (a word the parse splits differently) are not; a bad line
 * is named. */
static void t04_train(void **s)
{
    (void)s;
    char dir[] = "/tmp/ws_clause_train_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], conllu[256], out[256];
    snprintf(path, sizeof path, "%s/a.txt", dir);
    put_file(path, "Police said the bridge was unsafe.");
    snprintf(conllu, sizeof conllu, "%s/a.conllu", dir);
    /* "unsafe." one word of the parse: the token "unsafe" ends inside it,
     * not a sample; "." ends with it and starts within it, a sample */
    put_file(conllu, "# newdoc id = a\n# sent_id = a:1\n"
                     "1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\tStart=0|End=6\n"
                     "2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\tStart=7|End=11\n"
                     "3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\tStart=12|End=15\n"
                     "4\tbridge\tbridge\tNOUN\tNN\t_\t6\tnsubj\t_\tStart=16|End=22\n"
                     "5\twas\tbe\tVERB\tVBD\t_\t6\tcop\t_\tStart=23|End=26\n"
                     "6\tunsafe.\tunsafe\tADJ\tJJ\t_\t2\tccomp\t_\tStart=27|End=34\n\n"
                     "# newdoc id = missing\n"
                     "1\tHello\thello\tINTJ\tUH\t_\t0\troot\t_\tStart=0|End=5\n\n");
    snprintf(out, sizeof out, "%s/%s", dir, WS_CLAUSE_FILE);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    char err[512] = "";
    assert_int_equal(ws_train_clause(conllu, dir, WS_DATA_DIR, f, err, sizeof err), WS_OK);
    fclose(f);
    ws_clause *m = NULL;
    assert_int_equal(ws_clause_load(dir, &m, err, sizeof err), WS_OK);
    assert_int_equal(m->samples, 6); /* Police said the bridge was . */
    ws_clause_free(m);
    /* a line without its ten fields */
    put_file(conllu, "# newdoc id = a\n1\tPolice\tpolice\n");
    f = fopen(out, "w");
    assert_non_null(f);
    assert_int_equal(ws_train_clause(conllu, dir, WS_DATA_DIR, f, err, sizeof err), WS_PARSE);
    fclose(f);
    assert_non_null(strstr(err, conllu));
    assert_non_null(strstr(err, ":2:"));
    remove(out);
    remove(conllu);
    remove(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(t01_relations), cmocka_unit_test(t02_tag),
                                       cmocka_unit_test(t03_file), cmocka_unit_test(t04_train)};
    return cmocka_run_group_tests(tests, tu_setup_lexicon, tu_teardown_lexicon);
}
