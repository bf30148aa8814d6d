/*
 * test_names.c -- loading the given names and gendered words
 * (speaker/names.c: ws_names_load): every line of the shipped files
 * gives its word the bits a line-by-line reading gives, and written files
 * with Windows line ends, no last line end, comments, blank lines, capitals
 * and long words load as their lines say; a malformed line is named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "speaker/names.h"

/* The bits of CLASS in a given-names file (GIVEN) or the gender file. */
static unsigned class_bits(char c, bool given)
{
    switch (c) {
    case 'm': return SPK_G_M;
    case 'f': return SPK_G_F;
    case 'u': return SPK_G_U;
    case 'p': return given ? 0 : SPK_PLURAL;
    case 'n': return given ? 0 : SPK_ORG;
    default: return 0;
    }
}

/* A word of the reference reading: its lowercased text and bits. */
typedef struct ref_word {
    char w[128];
    unsigned bits;
} ref_word;

/* Reads FILE line by line (fgets, strchr) as the table's definition
 * says, merging the bits of a word met twice, into V (*N words). */
static void ref_read(const char *file, bool given, ref_word *v, size_t *n, size_t cap)
{
    FILE *f = fopen(file, "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = 0;
        if (!len || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        unsigned bits = class_bits(tab[1], given) | (given ? SPK_GIVEN : 0);
        *tab = 0;
        for (char *c = line; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c += 'a' - 'A';
        size_t k = 0;
        while (k < *n && strcmp(v[k].w, line) != 0) k++;
        if (k == *n) {
            assert_true(*n < cap);
            snprintf(v[k].w, sizeof v[k].w, "%s", line);
            v[k].bits = 0;
            (*n)++;
        }
        unsigned g = v[k].bits & 3u, g2 = bits & 3u;
        unsigned merged = g == 0 ? g2 : g2 == 0 || g2 == g ? g : SPK_G_U;
        v[k].bits = (v[k].bits & ~3u) | (bits & ~3u) | merged;
    }
    fclose(f);
}

/* 1. The shipped files: every word, as the line-by-line reading has it. */
static void t01_shipped(void **s)
{
    (void)s;
    ws_names *nm;
    char err[512] = "";
    assert_int_equal(ws_names_load(WS_DATA_DIR, &nm, err, sizeof err), WS_OK);
    /* the gendered words with the given names they share (a plain scan
     * would be slow over all the given names: those are checked alone) */
    size_t cap = 70000, n = 0;
    ref_word *v = calloc(cap, sizeof *v);
    assert_non_null(v);
    ref_read(WS_DATA_DIR "/gender_words.tsv", false, v, &n, cap);
    assert_true(n > 50);
    for (size_t k = 0; k < n; k++) {
        unsigned got = ws_names_get(nm, v[k].w, strlen(v[k].w));
        /* a gendered word that is a given name too has both */
        assert_int_equal(got & ~(3u | SPK_GIVEN), v[k].bits & ~3u);
        unsigned g = v[k].bits & 3u;
        if (g) assert_true((got & 3u) == g || (got & 3u) == SPK_G_U);
    }
    /* each given name has SPK_GIVEN and a gender, and an upper-case
     * spelling is not a key (the table holds lowercased words) */
    FILE *f = fopen(WS_DATA_DIR "/given_names.tsv", "r");
    assert_non_null(f);
    char line[512];
    size_t names = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        unsigned got = ws_names_get(nm, line, (size_t)(tab - line));
        assert_true(got & SPK_GIVEN);
        assert_true((got & 3u) == class_bits(tab[1], true) || (got & 3u) == SPK_G_U);
        names++;
    }
    fclose(f);
    assert_true(names > 50000);
    assert_int_equal(ws_names_get(nm, "xqzzyv", 6), 0);
    free(v);
    ws_names_free(nm);
}

/* Writes DIR/given_names.tsv and DIR/gender_words.tsv. */
static void write_files(const char *dir, const char *given, size_t glen, const char *words, size_t wlen)
{
    char path[512];
    snprintf(path, sizeof path, "%s/given_names.tsv", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(given, 1, glen, f), glen);
    fclose(f);
    snprintf(path, sizeof path, "%s/gender_words.tsv", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(words, 1, wlen, f), wlen);
    fclose(f);
}

static void remove_files(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/given_names.tsv", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/gender_words.tsv", dir);
    remove(path);
    rmdir(dir);
}

/* 2. Line ends, comments, capitals, long words, a word in both files. */
static void t02_written(void **s)
{
    (void)s;
    char dir[] = "/tmp/ws_names_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char longw[200];
    memset(longw, 'Q', 150);
    longw[150] = 0;
    char given[1024];
    int gl = snprintf(given, sizeof given,
                      "# comment\twith a tab\r\n\r\nAnna\tf\r\nbernd\tm\n\nKim\tu\n%s\tf\nrobin\tm\nrobin\tf\n"
                      "EIGHTCHR\tm\nsixteenletterszz\tf\nlast\tm",
                      longw);
    const char words[] = "police\tp\nMinistry\tn\r\nqueen\tf\nanna\tf\nkim\tm\nchairman\tm";
    write_files(dir, given, (size_t)gl, words, sizeof words - 1);
    ws_names *nm;
    char err[512] = "";
    assert_int_equal(ws_names_load(dir, &nm, err, sizeof err), WS_OK);
    assert_int_equal(ws_names_get(nm, "anna", 4), SPK_GIVEN | SPK_G_F);
    assert_int_equal(ws_names_get(nm, "bernd", 5), SPK_GIVEN | SPK_G_M);
    assert_int_equal(ws_names_get(nm, "kim", 3), SPK_GIVEN | SPK_G_U);
    assert_int_equal(ws_names_get(nm, "robin", 5), SPK_GIVEN | SPK_G_U);
    assert_int_equal(ws_names_get(nm, "eightchr", 8), SPK_GIVEN | SPK_G_M);
    assert_int_equal(ws_names_get(nm, "sixteenletterszz", 16), SPK_GIVEN | SPK_G_F);
    assert_int_equal(ws_names_get(nm, "last", 4), SPK_GIVEN | SPK_G_M);
    assert_int_equal(ws_names_get(nm, "police", 6), SPK_PLURAL);
    assert_int_equal(ws_names_get(nm, "ministry", 8), SPK_ORG);
    assert_int_equal(ws_names_get(nm, "queen", 5), SPK_G_F);
    assert_int_equal(ws_names_get(nm, "chairman", 8), SPK_G_M);
    assert_int_equal(ws_names_get(nm, "# comment", 9), 0);
    assert_int_equal(ws_names_get(nm, "Anna", 4), 0);
    char lower[200];
    memset(lower, 'q', 150);
    assert_int_equal(ws_names_get(nm, lower, 150), SPK_GIVEN | SPK_G_F);
    ws_names_free(nm);
    remove_files(dir);
}

/* 3. A malformed line fails with its file and number. */
static void t03_malformed(void **s)
{
    (void)s;
    static const struct {
        const char *given, *words, *want;
    } cases[] = {
        {"anna\tf\nbernd\tx\n", "", "given_names.tsv:2: the gender is not m, f or u"},
        {"anna\tf\nbernd\n", "", "given_names.tsv:2: expected WORD<TAB>CLASS"},
        {"anna\tf\r\n\tf\n", "", "given_names.tsv:2: expected WORD<TAB>CLASS"},
        {"anna\t\n", "", "given_names.tsv:1: expected WORD<TAB>CLASS"},
        {"anna\tff\n", "", "given_names.tsv:1: expected WORD<TAB>CLASS"},
        {"anna\tf\tx\n", "", "given_names.tsv:1: expected WORD<TAB>CLASS"},
        {"anna\tp\n", "", "given_names.tsv:1: the gender is not m, f or u"},
        {"anna\tf", "police\tp\n\n#\nmayor\tq", "gender_words.tsv:4: the class is not m, f, p or n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char dir[] = "/tmp/ws_names_XXXXXX";
        assert_non_null(mkdtemp(dir));
        write_files(dir, cases[i].given, strlen(cases[i].given), cases[i].words, strlen(cases[i].words));
        ws_names *nm = NULL;
        char err[512] = "";
        assert_int_equal(ws_names_load(dir, &nm, err, sizeof err), WS_PARSE);
        assert_null(nm);
        if (!strstr(err, cases[i].want)) fail_msg("case %zu: %s", i, err);
        remove_files(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_shipped),
        cmocka_unit_test(t02_written),
        cmocka_unit_test(t03_malformed),
    };
    return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
