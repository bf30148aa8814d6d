/*
 * pos.c -- word classes for the statement model: the file
 * data/pos.classes.tsv (model.h describes it; src/train/pos_train.c
 * builds it), read with the model, and the lookup its features use.  A
 * word's classes say what it usually is (a verb, a noun, both) and
 * whether it takes a clause, without a tagger at run time.
 */
#include "model.h"

#include <errno.h>
#include <inttypes.h>
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

static uint64_t word_hash(const char *w, size_t n)
{
    uint64_t h = ws_hash(WS_FNV_INIT, w, n);
    return h ? h : 1;
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
    if (!t1 || t1 == line) return false;
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
    uint64_t h = word_hash(line, (size_t)(t1 - line));
    size_t k = (size_t)h & (p->cap - 1);
    while (p->key[k]) {
        if (p->key[k] == h) return true;
        k = (k + 1) & (p->cap - 1);
    }
    p->key[k] = h;
    p->val[k] = (uint32_t)top | ambig << 5 | (uint32_t)(t3[1] - '0') << 23;
    return true;
}

static int bad(char *err, size_t errlen, const char *path, long line, const char *what)
{
    if (err && errlen) {
        if (line > 0) snprintf(err, errlen, "%s:%ld: %s", path, line, what);
        else snprintf(err, errlen, "%s: %s", path, what);
    }
    return WS_PARSE;
}

int ws_pos_load(const char *dir, ws_pos **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, WS_POS_FILE);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (err && errlen) snprintf(err, errlen, "%s: %s (the model reads it: make train)", path, strerror(errno));
        return errno == ENOENT ? WS_PARSE : WS_IO;
    }
    char line[1024], magic[32];
    unsigned version = 0;
    long records = 0, seen = 0, ln = 1;
    uint64_t sum = 0, h = WS_FNV_INIT;
    int rc = WS_OK;
    ws_pos *p = NULL;
    char *body = NULL;
    if (!fgets(line, sizeof line, f) ||
        sscanf(line, "%31s %u %ld %" SCNx64, magic, &version, &records, &sum) != 4 ||
        strcmp(magic, WS_POS_MAGIC) != 0) {
        rc = bad(err, errlen, path, 1, "not a whosaid word-class file");
        goto done;
    }
    if (version != WS_POS_VERSION || records < 0 || records > (1L << 22)) {
        rc = bad(err, errlen, path, 1, "word-class file of another version: rebuild it (make train)");
        goto done;
    }
    size_t cap = 1024;
    while (cap < (size_t)records * 2) cap *= 2;
    p = ws__calloc(1, sizeof *p);
    if (!p || !(p->key = ws__calloc(cap, sizeof *p->key)) || !(p->val = ws__calloc(cap, sizeof *p->val))) {
        rc = WS_NOMEM;
        if (err && errlen) snprintf(err, errlen, "%s: out of memory", path);
        goto done;
    }
    p->cap = cap;
    /* the records at once: one read, one checksum over them */
    long start = ftell(f);
    if (start < 0 || fseek(f, 0, SEEK_END) != 0) {
        rc = WS_IO;
        if (err && errlen) snprintf(err, errlen, "%s: cannot seek", path);
        goto done;
    }
    long size = ftell(f) - start;
    if (size < 0 || fseek(f, start, SEEK_SET) != 0 || !(body = ws__alloc((size_t)size + 1))) {
        rc = size < 0 ? WS_IO : WS_NOMEM;
        if (err && errlen) snprintf(err, errlen, "%s: %s", path, size < 0 ? "cannot seek" : "out of memory");
        goto done;
    }
    if (fread(body, 1, (size_t)size, f) != (size_t)size) {
        rc = WS_IO;
        if (err && errlen) snprintf(err, errlen, "%s: read error", path);
        goto done;
    }
    h = ws_hash(h, body, (size_t)size);
    for (const char *q = body, *end = body + size; q < end;) {
        ln++;
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        if (++seen > records) {
            rc = bad(err, errlen, path, ln, "more records than its header says");
            goto done;
        }
        if (!nl) {
            rc = bad(err, errlen, path, ln, "truncated line");
            goto done;
        }
        if (!record(p, q, (size_t)(nl - q))) {
            rc = bad(err, errlen, path, ln, "expected WORD, CLASS, CLASS[,CLASS...] and 0-3");
            goto done;
        }
        q = nl + 1;
    }
    if (seen != records) {
        rc = bad(err, errlen, path, 0, "truncated (fewer records than its header says)");
    } else if (h != sum) {
        rc = bad(err, errlen, path, 0, "damaged (checksum mismatch)");
    }
    p->sum = sum;
done:
    fclose(f);
    ws__free(body);
    if (rc != WS_OK) {
        ws_pos_free(p);
        return rc;
    }
    *out = p;
    return WS_OK;
}

uint32_t ws_pos_lookup(const ws_pos *p, const char *w, size_t n)
{
    if (!p || !w || !n) return WS_POS_NONE;
    uint64_t h = word_hash(w, n);
    size_t k = (size_t)h & (p->cap - 1);
    while (p->key[k]) {
        if (p->key[k] == h) return p->val[k];
        k = (k + 1) & (p->cap - 1);
    }
    return WS_POS_NONE;
}
