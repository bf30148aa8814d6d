/*
 * test_embed.c -- the word clusters the statement model reads
 * (src/model/embed.c, data/embed.clusters.tsv): loading, refusing bad
 * files with a message naming them, lookups, and the features they give.
 */
#include "testutil.h"

#include "model/model.h"

#include <inttypes.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
    strcpy(dir, "/tmp/ws_embed_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    return tu_setup_lexicon(state);
}

static int teardown(void **state)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, WS_EMBED_FILE);
    unlink(p);
    rmdir(dir);
    return tu_teardown_lexicon(state);
}

/* Writes DIR/embed.clusters.tsv with records BODY; its header says
 * RECORDS records and the checksum of BODY plus DELTA (0: the right one). */
static void write_file(const char *body, long records, uint64_t delta)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, WS_EMBED_FILE);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    uint64_t h = ws_hash(WS_FNV_INIT, body, strlen(body)) + delta;
    fprintf(f, "whosaid-clusters\t1\t4\t16\t64\t%ld\t%016" PRIx64 "\n%s", records, h, body);
    fclose(f);
}

static const char small[] = "said\t1\t5\t21\ntold\t1\t5\t21\nbridge\t3\t14\t57\n";

static void t01_small_file(void **state)
{
    (void)state;
    write_file(small, 3, 0);
    ws_embed *e = NULL;
    char err[512] = "";
    assert_int_equal(ws_embed_load(dir, &e, err, sizeof err), WS_OK);
    assert_int_equal(e->k[0], 4);
    assert_int_equal(e->k[2], 64);
    assert_int_equal(ws_embed_lookup(e, "said", 4), 1u | 5u << 10 | 21u << 20);
    assert_int_equal(ws_embed_lookup(e, "bridge", 6), 3u | 14u << 10 | 57u << 20);
    assert_int_equal(ws_embed_lookup(e, "sai", 3), WS_EMBED_NONE);
    assert_int_equal(ws_embed_lookup(e, "zebra", 5), WS_EMBED_NONE);
    assert_int_equal(ws_embed_lookup(NULL, "said", 4), WS_EMBED_NONE);
    ws_embed_free(e);
    ws_embed_free(NULL);
}

/* Each bad file is refused with one message naming it. */
static void expect_bad(const char *what)
{
    ws_embed *e = NULL;
    char err[512] = "";
    int rc = ws_embed_load(dir, &e, err, sizeof err);
    assert_int_not_equal(rc, WS_OK);
    assert_null(e);
    assert_non_null(strstr(err, WS_EMBED_FILE));
    assert_non_null(strstr(err, dir));
    assert_null(strchr(err, '\n'));
    assert_non_null(strstr(err, what));
}

static void t02_bad_files(void **state)
{
    (void)state;
    write_file(small, 3, 1);
    expect_bad("damaged");
    write_file(small, 4, 0);
    expect_bad("truncated");
    write_file(small, 2, 0);
    expect_bad("more records");
    write_file("said\t1\t5\t99\n", 1, 0); /* 99 is past the 64 clusters */
    expect_bad(":2: expected WORD");
    write_file("said\t1\t5\n", 1, 0);
    expect_bad(":2: expected WORD");
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, WS_EMBED_FILE);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("hello\n", f);
    fclose(f);
    expect_bad("not a whosaid cluster file");
    unlink(p);
    expect_bad("make train");
}

/* The shipped file: most words of news have clusters, nested by level. */
static void t03_shipped(void **state)
{
    (void)state;
    ws_embed *e = NULL;
    char err[512] = "";
    assert_int_equal(ws_embed_load(WS_DATA_DIR, &e, err, sizeof err), WS_OK);
    static const char *const words[] = {"said", "told", "claim", "vow", "support", "according", "bridge"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        uint32_t c = ws_embed_lookup(e, words[i], strlen(words[i]));
        assert_int_not_equal(c, WS_EMBED_NONE);
        uint32_t c0 = c & 0x3ff, c1 = c >> 10 & 0x3ff, c2 = c >> 20 & 0x3ff;
        assert_true(c0 < (uint32_t)e->k[0] && c1 < (uint32_t)e->k[1] && c2 < (uint32_t)e->k[2]);
        /* a finer cluster lies inside its coarser one */
        assert_int_equal(c1 / (uint32_t)(e->k[1] / e->k[0]), c0);
        assert_int_equal(c2 / (uint32_t)(e->k[2] / e->k[1]), c1);
    }
    ws_embed_free(e);
}

static int common(const uint32_t *a, int na, const uint32_t *b, int nb)
{
    int n = 0;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (a[i] == b[j]) {
                n++;
                break;
            }
    return n;
}

/* Two words of one cluster share features they do not share without
 * clusters: what is learned for one reaches the other. */
static void t04_features(void **state)
{
    (void)state;
    write_file(small, 3, 0);
    ws_model m = {.bits = WS_MODEL_BITS};
    char err[512] = "";
    arena a;
    ws_arena_init(&a);
    tokdoc d1, d2;
    const char *s1 = "Anna Berg said the bridge was closed.", *s2 = "Anna Berg told the bridge was closed.";
    assert_int_equal(ws_tok_document(&a, tu_lx, s1, strlen(s1), &d1), WS_OK);
    assert_int_equal(ws_tok_document(&a, tu_lx, s2, strlen(s2), &d2), WS_OK);
    assert_string_equal(d1.t[2].low, "said");
    uint32_t f1[WS_MODEL_MAXF], f2[WS_MODEL_MAXF];
    int n1 = ws_model_cue_features(&m, &d1, 2, f1), n2 = ws_model_cue_features(&m, &d2, 2, f2);
    int without = common(f1, n1, f2, n2);
    assert_int_equal(ws_embed_load(dir, &m.emb, err, sizeof err), WS_OK);
    int e1 = ws_model_cue_features(&m, &d1, 2, f1), e2 = ws_model_cue_features(&m, &d2, 2, f2);
    assert_true(e1 > n1 && e2 > n2);
    assert_true(common(f1, e1, f2, e2) >= without + 5);
    ws_embed_free(m.emb);
    ws_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_small_file),
        cmocka_unit_test(t02_bad_files),
        cmocka_unit_test(t03_shipped),
        cmocka_unit_test(t04_features),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
