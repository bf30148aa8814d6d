/*
 * pos.c -- word classes for the statement model: the file
 * data/pos.classes.tsv (model.h describes it; src/train/pos_train.c
 * builds it), read with the model, and the lookup its features use.  A
 * word's classes say what it usually is (a verb, a noun, both) and
 * whether it takes a clause, without a tagger at run time.
 */
#include "mfile.h"

#include <stdlib.h>
#include <string.h>

const char *const ws_pos_class_names[WS_POS_NCLASS] = {"NN", "NNP", "VB", "VBD", "VBN", "VBG", "VBZ", "MD", "JJ",
                                                       "RB", "IN",  "DT", "PRP", "CD", "TO",  "WH",  "CC", "X"};

int ws_pos_class(const char *x)
{
    static const struct {
        const char *tag;
        int cls;
    } map[] = {{"NN", 0},   {"NNS", 0},  {"NNP", 1}, {"NNPS", 1}, {"VB", 2},   {"VBD", 3},  {"VBN", 4},
               {"VBG", 5},  {"VBZ", 6},  {"VBP", 6}, {"MD", 7},   {"JJ", 8},   {"JJR", 8},  {"JJS", 8},
               {"RB", 9},   {"RBR", 9},  {"RBS", 9}, {"RP", 9},   {"IN", 10},  {"DT", 11},  {"PDT", 11},
               {"PRP", 12}, {"PRP$", 12}, {"CD", 13}, {"TO", 14},  {"WDT", 15}, {"WP", 15},  {"WP$", 15},
               {"WRB", 15}, {"CC", 16}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(x, map[i].tag)) return map[i].cls;
    return WS_POS_NCLASS - 1;
}

void ws_pos_free(ws_pos *p)
{
    if (!p) return;
    ws__free(p->key);
    ws__free(p->val);
    ws__free(p);
}

static int class_of(const char *s, size_t n)
{
    for (int c = 0; c < WS_POS_NCLASS; c++)
        if (strlen(ws_pos_class_names[c]) == n && !memcmp(ws_pos_class_names[c], s, n)) return c;
    return -1;
}

/* Parses "WORD\tCLASS\tCLASS,...\tCLAUSE" (LINE[n], no newline) into P;
 * false when malformed. */
static bool record(ws_pos *p, const char *line, size_t n)
{
    const char *end = line + n, *t1 = memchr(line, '\t', n);
    if (!p || !p->key || !p->val || !t1 || t1 == line) return false;
    const char *t2 = memchr(t1 + 1, '\t', (size_t)(end - t1 - 1));
    if (!t2) return false;
    const char *t3 = memchr(t2 + 1, '\t', (size_t)(end - t2 - 1));
    if (!t3 || end - t3 != 2 || t3[1] < '0' || t3[1] > '3') return false;
    int top = class_of(t1 + 1, (size_t)(t2 - t1 - 1));
    if (top < 0) return false;
    uint32_t ambig = 0;
    for (const char *a = t2 + 1; a < t3;) {
        const char *c = memchr(a, ',', (size_t)(t3 - a));
        if (!c) c = t3;
        int k = class_of(a, (size_t)(c - a));
        if (k < 0) return false;
        ambig |= 1u << k;
        a = c + 1;
    }
    uint64_t h = ws_model_word_hash(line, (size_t)(t1 - line));
    size_t k = (size_t)h & (p->cap - 1);
    while (p->key[k]) {
        if (p->key[k] == h) return true;
        k = (k + 1) & (p->cap - 1);
    }
    p->key[k] = h;
    p->val[k] = (uint32_t)top | ambig << 5 | (uint32_t)(t3[1] - '0') << 23;
    return true;
}

const ws_mfile_kind ws_pos_kind = {WS_POS_FILE, WS_POS_MAGIC, WS_POS_VERSION, 0, "word-class",
                                   "(the word classes the statement model reads: make train)"};

int ws_pos_load(const char *dir, ws_pos **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_mfile mf;
    int rc = ws_mfile_open(&mf, dir, &ws_pos_kind, err, errlen);
    if (rc != WS_OK) return rc;
    ws_pos *p = NULL;
    if (mf.records > (1L << 22)) rc = ws_mfile_bad(&mf, 1, "more records than a word-class file holds");
    size_t cap = 1024;
    while (cap < (size_t)mf.records * 2) cap *= 2;
    if (rc == WS_OK &&
        (!(p = ws__calloc(1, sizeof *p)) || !(p->key = ws__calloc(cap, sizeof *p->key)) ||
         !(p->val = ws__calloc(cap, sizeof *p->val))))
        rc = ws_mfile_nomem(&mf);
    if (p) {
        p->cap = cap;
        p->sum = mf.sum;
    }
    char *line;
    size_t n;
    while (rc == WS_OK && (line = ws_mfile_next(&mf, &n)))
        if (!record(p, line, n)) rc = ws_mfile_bad(&mf, mf.ln, "expected WORD, CLASS, CLASS[,CLASS...] and 0-3");
    if (rc == WS_OK) rc = ws_mfile_end(&mf);
    ws_mfile_close(&mf);
    if (rc != WS_OK) {
        ws_pos_free(p);
        return rc;
    }
    *out = p;
    return WS_OK;
}

uint32_t ws_pos_get(const ws_pos *p, uint64_t h)
{
    size_t k = (size_t)h & (p->cap - 1);
    while (p->key[k]) {
        if (p->key[k] == h) return p->val[k];
        k = (k + 1) & (p->cap - 1);
    }
    return WS_POS_NONE;
}

uint32_t ws_pos_lookup(const ws_pos *p, const char *w, size_t n)
{
    if (!p || !w || !n) return WS_POS_NONE;
    return ws_pos_get(p, ws_model_word_hash(w, n));
}
