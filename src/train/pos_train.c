/*
 * pos_train.c -- builds the word classes (data/pos.classes.tsv, read by
 * src/model/pos.c) from a CoNLL-U file (`whosaid train --pos FILE`): for
 * every lowercased word form seen at least WS_POS_MIN_SEEN times, its
 * most frequent part-of-speech class, the classes it takes in at least
 * WS_POS_AMBIG_PCT percent of its uses (its ambiguity class), and how
 * often it heads a clausal complement (ccomp, xcomp, parataxis).  The
 * classes group the Penn tags of the file's XPOS column (model/model.h,
 * ws_pos_class_names).  Words are written sorted; the same file gives the
 * same output byte for byte.
 */
#include "../model/mfile.h"
#include "whosaid_eval.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A word's counts; the words themselves are the keys of a ws_hmap whose
 * values index these. */
typedef struct wstat {
    size_t key; /* where the word starts in the map's keys (ws_hmap.keys) */
    long seen, heads;
    long n[WS_POS_NCLASS];
} wstat;

typedef struct wtable {
    ws_hmap map; /* word -> index in v */
    wstat *v;
    size_t cap, n;
} wtable;

/* The index of W[n]'s counts, made when absent; -1 when out of memory. */
static long wtable_get(wtable *t, const char *w, size_t n)
{
    bool added;
    int64_t *ref = ws_hmap_ref_h(&t->map, w, n, ws_hash_key(w, n), &added);
    if (!ref) return -1;
    if (!added) return (long)*ref;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1 << 14;
        wstat *nv = ws__realloc(t->v, cap * sizeof *nv);
        if (!nv) return -1;
        t->v = nv;
        t->cap = cap;
    }
    *ref = (int64_t)t->n;
    t->v[t->n] = (wstat){.key = (size_t)(ws_hmap_key(&t->map, ref) - t->map.keys.p)};
    return (long)t->n++;
}

/* A word and its counts, for writing them sorted. */
typedef struct wrow {
    const char *w;
    const wstat *s;
} wrow;

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const wrow *)a)->w, ((const wrow *)b)->w);
}

/* One token of the sentence being read: its word's index in the table. */
typedef struct ctok {
    long w;
    int cls, head, clausal;
} ctok;

/* Adds the sentence T[n] to the counts: a token whose dependent is a
 * clausal complement heads one. */
static void sentence_done(wtable *tab, const ctok *t, int n)
{
    for (int i = 0; i < n; i++) {
        wstat *s = &tab->v[t[i].w];
        s->seen++;
        s->n[t[i].cls]++;
        for (int j = 0; j < n; j++) s->heads += t[j].clausal && t[j].head == i + 1;
    }
}

/* Splits LINE at tabs into at most 10 fields; returns how many. */
static int fields(char *line, char **f)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < 10; p++)
        if (*p == '\t') {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

int ws_train_pos(const char *conllu, FILE *out, char *err, size_t errlen)
{
    err[0] = 0;
    FILE *in = fopen(conllu, "r");
    if (!in) {
        snprintf(err, errlen, "%s: %s", conllu, strerror(errno));
        return WS_IO;
    }
    wtable t = {0};
    ws_hmap_init(&t.map, NULL);
    ctok sent[1024];
    int ns = 0, rc = WS_OK;
    long ln = 0;
    char line[4096], low[512];
    while (rc == WS_OK && fgets(line, sizeof line, in)) {
        ln++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') line[--len] = 0;
        if (len == 0) {
            sentence_done(&t, sent, ns);
            ns = 0;
            continue;
        }
        if (line[0] == '#') continue;
        char *f[10];
        if (fields(line, f) < 8) {
            snprintf(err, errlen, "%s:%ld: expected ten tab-separated fields", conllu, ln);
            rc = WS_PARSE;
            break;
        }
        if (strchr(f[0], '-') || strchr(f[0], '.')) continue; /* multiword ranges, empty nodes */
        size_t n = strlen(f[1]);
        if (n == 0 || n >= sizeof low || ns == (int)(sizeof sent / sizeof *sent)) continue;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)f[1][i];
            low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        long w = wtable_get(&t, low, n);
        if (w < 0) {
            rc = WS_NOMEM;
            break;
        }
        const char *rel = f[7];
        sent[ns++] = (ctok){w, ws_pos_class(f[4]), atoi(f[6]),
                            !strncmp(rel, "ccomp", 5) || !strncmp(rel, "xcomp", 5) || !strncmp(rel, "parataxis", 9)};
    }
    if (rc == WS_OK) sentence_done(&t, sent, ns);
    if (rc == WS_OK && ferror(in)) {
        snprintf(err, errlen, "%s: read error", conllu);
        rc = WS_IO;
    }
    fclose(in);
    buf b = {0};
    wrow *rows = rc == WS_OK && t.n ? ws__calloc(t.n, sizeof *rows) : NULL;
    if (rc == WS_OK && t.n && !rows) rc = WS_NOMEM;
    if (rows) {
        for (size_t i = 0; i < t.n; i++) rows[i] = (wrow){t.map.keys.p + t.v[i].key, &t.v[i]};
        qsort(rows, t.n, sizeof *rows, cmp_row);
        for (size_t i = 0; rc == WS_OK && i < t.n; i++) {
            const wstat *s = rows[i].s;
            if (s->seen < WS_POS_MIN_SEEN) continue;
            /* words are one field: none holds a tab or newline (CoNLL-U) */
            int top = 0;
            for (int c = 1; c < WS_POS_NCLASS; c++)
                if (s->n[c] > s->n[top]) top = c;
            char rec[1024];
            int k = snprintf(rec, sizeof rec, "%s\t%s\t", rows[i].w, ws_pos_class_names[top]);
            int any = 0;
            for (int c = 0; c < WS_POS_NCLASS; c++)
                if (s->n[c] * 100 >= s->seen * WS_POS_AMBIG_PCT)
                    k += snprintf(rec + k, sizeof rec - (size_t)k, "%s%s", any++ ? "," : "", ws_pos_class_names[c]);
            long pct = s->heads * 100 / s->seen;
            k += snprintf(rec + k, sizeof rec - (size_t)k, "\t%d\n", pct >= 30 ? 3 : pct >= 10 ? 2 : pct >= 2 ? 1 : 0);
            if (k >= (int)sizeof rec) continue;
            rc = ws_buf_append(&b, rec, (size_t)k);
        }
    }
    if (rc == WS_OK) rc = ws_mfile_write(out, &ws_pos_kind, NULL, &b);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s: %s", conllu, ws_strerror(rc));
    ws_buf_free(&b);
    ws__free(rows);
    ws_hmap_free(&t.map);
    ws__free(t.v);
    return rc;
}
