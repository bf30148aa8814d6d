/*
 * test_mfile.c -- the one reader and writer of the learned files
 * (src/model/mfile.c) and the averaged perceptron the trainers share
 * (src/train/avgp.c): a written file reads back; each kind of bad file is
 * refused with one line naming it; the ranking perceptron learns a rule
 * that separates its samples, the same weights every run.
 */
#include "testutil.h"

#include "model/mfile.h"
#include "train/avgp.h"

#include <inttypes.h>
#include <unistd.h>

static const ws_mfile_kind kind = {"t.model.tsv", "whosaid-test", 3, 2, "test model", "(make train)"};
static char dir[64], path[128];

/* Writes PATH: the header line HEAD (printf with the body's checksum
 * plus DELTA), then BODY. */
static void put(const char *head, long records, const char *body, uint64_t delta)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, head, records, ws_hash(WS_FNV_INIT, body, strlen(body)) + delta);
    fputs(body, f);
    fclose(f);
}

/* Reading PATH fails with one line naming it and saying WHAT. */
static void refused(const char *what)
{
    ws_mfile mf;
    char err[512] = "";
    int rc = ws_mfile_open(&mf, dir, &kind, err, sizeof err);
    if (rc == WS_OK) {
        size_t n;
        while (ws_mfile_next(&mf, &n)) {}
        rc = ws_mfile_end(&mf);
        ws_mfile_close(&mf);
    }
    assert_int_not_equal(rc, WS_OK);
    assert_non_null(strstr(err, path));
    assert_null(strchr(err, '\n'));
    if (!strstr(err, what)) fail_msg("'%s' does not say '%s'", err, what);
}

static void t01_roundtrip(void **s)
{
    (void)s;
    ws_weight w[16] = {0};
    w[3] = 7;
    w[9] = -WS_WEIGHT_MAX;
    buf b = {0};
    assert_int_equal(ws_buf_append(&b, "param\tx\t-5\n", 11), WS_OK);
    assert_int_equal(ws_mfile_put_weights(&b, w, 4), WS_OK);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    const long num[2] = {4, 12};
    assert_int_equal(ws_mfile_write(f, &kind, num, &b), WS_OK);
    fclose(f);
    ws_buf_free(&b);
    ws_mfile mf;
    char err[256] = "";
    assert_int_equal(ws_mfile_open(&mf, dir, &kind, err, sizeof err), WS_OK);
    assert_int_equal(mf.num[0], 4);
    assert_int_equal(mf.num[1], 12);
    assert_int_equal(mf.records, 3);
    ws_weight back[16] = {0};
    char *line, name[32];
    size_t n, idx;
    long v = 0;
    int params = 0;
    while ((line = ws_mfile_next(&mf, &n))) {
        ws_weight x;
        assert_int_equal(strlen(line), n);
        if (ws_mfile_weight(line, 4, &idx, &x) == 1) back[idx] = x;
        else if (ws_mfile_param(line, name, &v)) params++;
        else fail_msg("record not read: %s", line);
    }
    assert_int_equal(ws_mfile_end(&mf), WS_OK);
    ws_mfile_close(&mf);
    assert_int_equal(params, 1);
    assert_string_equal(name, "x");
    assert_int_equal(v, -5);
    assert_memory_equal(back, w, sizeof w);
    /* a weight past the table or past a ws_weight is no weight */
    assert_int_equal(ws_mfile_weight("w\t16\t1", 4, &idx, &back[0]), -1);
    assert_int_equal(ws_mfile_weight("w\t1\t40000", 4, &idx, &back[0]), -1);
    assert_int_equal(ws_mfile_weight("w\t1\t4x", 4, &idx, &back[0]), 0);
    assert_false(ws_mfile_param("param\tx", name, &v));
}

static void t02_refused(void **s)
{
    (void)s;
    const char *head = "whosaid-test\t3\t4\t12\t%ld\t%016" PRIx64 "\n";
    const char *body = "w\t1\t2\nw\t2\t3\n";
    put(head, 2, body, 1);
    refused("damaged");
    put(head, 3, body, 0);
    refused("truncated (fewer records");
    put(head, 1, body, 0);
    refused(":3: more records");
    put(head, 2, "w\t1\t2\nw\t2", 0);
    refused(":3: truncated line");
    put("whosaid-test\t4\t4\t12\t%ld\t%016" PRIx64 "\n", 2, body, 0);
    refused(":1: test model of another version");
    put("whosaid-other\t3\t4\t12\t%ld\t%016" PRIx64 "\n", 2, body, 0);
    refused(":1: not a whosaid test model file");
    put("whosaid-test\t3\t4\t%ld\t%016" PRIx64 "\n", 2, body, 0);
    refused(":1: not a whosaid test model file");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    refused("empty test model file");
    unlink(path);
    refused("missing (make train)");
}

/* Two candidates a sample, features {0, 1 + k} and {0, 5 + k}; the right
 * one is the first when k is even.  The perceptron must rank every sample
 * right (a tie going to the first), and give the same weights twice. */
static void t03_rank(void **s)
{
    (void)s;
    enum { NS = 40 };
    uint32_t f[NS * 4];
    ws_avgp_cand c[NS * 2];
    ws_avgp_rsample x[NS];
    for (int i = 0; i < NS; i++) {
        int k = i % 4;
        f[4 * i] = 0;
        f[4 * i + 1] = (uint32_t)(1 + k);
        f[4 * i + 2] = 0;
        f[4 * i + 3] = (uint32_t)(5 + k);
        c[2 * i] = (ws_avgp_cand){(size_t)(4 * i), 2};
        c[2 * i + 1] = (ws_avgp_cand){(size_t)(4 * i + 2), 2};
        x[i] = (ws_avgp_rsample){(size_t)(2 * i), 2, k % 2 ? 2u : 1u};
    }
    ws_weight w1[16], w2[16];
    assert_int_equal(ws_avgp_rank(f, c, x, NS, 5, 42, 100, 4, w1), WS_OK);
    assert_int_equal(ws_avgp_rank(f, c, x, NS, 5, 42, 100, 4, w2), WS_OK);
    assert_memory_equal(w1, w2, sizeof w1);
    for (int k = 0; k < 4; k++) {
        int first = w1[1 + k] + w1[0], second = w1[5 + k] + w1[0];
        /* a tie goes to the first candidate */
        if (k % 2) assert_true(second > first);
        else assert_true(first >= second);
    }
}

static int setup(void **s)
{
    (void)s;
    strcpy(dir, "/tmp/ws_mfile_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(path, sizeof path, "%s/%s", dir, kind.file);
    return 0;
}

static int teardown(void **s)
{
    (void)s;
    unlink(path);
    rmdir(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_roundtrip),
        cmocka_unit_test(t02_refused),
        cmocka_unit_test(t03_rank),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
