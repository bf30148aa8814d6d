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

typedef struct wstat {
    char *w;
    long seen, heads;
    long n[WS_POS_NCLASS];
} wstat;

typedef struct wtable {
    wstat *v;
    size_t cap, n;
} wtable;

static uint64_t whash(const char *w, size_t n) { return ws_hash(WS_FNV_INIT, w, n); }

static wstat *wtable_get(wtable *t, const char *w, size_t n)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1 << 15;
        wstat *nv = ws__calloc(cap, sizeof *nv);
        if (!nv) return NULL;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->v[i].w) continue;
            size_t k = (size_t)whash(t->v[i].w, strlen(t->v[i].w)) & (cap - 1);
            while (nv[k].w) k = (k + 1) & (cap - 1);
            nv[k] = t->v[i];
        }
        ws__free(t->v);
        t->v = nv;
        t->cap = cap;
    }
    size_t k = (size_t)whash(w, n) & (t->cap - 1);
    while (t->v[k].w) {
        if (strlen(t->v[k].w) == n && !memcmp(t->v[k].w, w, n)) return &t->v[k];
        k = (k + 1) & (t->cap - 1);
    }
    if (!(t->v[k].w = ws__strndup(w, n))) return NULL;
    t->n++;
    return &t->v[k];
}

static int cmp_stat(const void *a, const void *b)
{
    const wstat *x = a, *y = b;
    if (!x->w || !y->w) return !x->w - !y->w;
    return strcmp(x->w, y->w);
}

/* One token of the sentence being read: its word is the table's copy
 * (the table's entries move as it grows; the strings do not). */
typedef struct ctok {
    const char *w;
    int cls, head, clausal;
} ctok;

/* Adds the sentence T[n] to the counts: a token whose dependent is a
 * clausal complement heads one.  WS_OK or WS_NOMEM. */
static int sentence_done(wtable *tab, const ctok *t, int n)
{
    for (int i = 0; i < n; i++) {
        wstat *s = wtable_get(tab, t[i].w, strlen(t[i].w));
        if (!s) return WS_NOMEM;
        s->seen++;
        s->n[t[i].cls]++;
        for (int j = 0; j < n; j++) s->heads += t[j].clausal && t[j].head == i + 1;
    }
    return WS_OK;
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
    ctok sent[1024];
    int ns = 0, rc = WS_OK;
    long ln = 0;
    char line[4096], low[512];
    while (rc == WS_OK && fgets(line, sizeof line, in)) {
        ln++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') line[--len] = 0;
        if (len == 0) {
            rc = sentence_done(&t, sent, ns);
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
        wstat *s = wtable_get(&t, low, n);
        if (!s) {
            rc = WS_NOMEM;
            break;
        }
        const char *rel = f[7];
        sent[ns++] = (ctok){s->w, ws_pos_class(f[4]), atoi(f[6]),
                            !strncmp(rel, "ccomp", 5) || !strncmp(rel, "xcomp", 5) || !strncmp(rel, "parataxis", 9)};
    }
    if (rc == WS_OK) rc = sentence_done(&t, sent, ns);
    if (rc == WS_OK && ferror(in)) {
        snprintf(err, errlen, "%s: read error", conllu);
        rc = WS_IO;
    }
    fclose(in);
    buf b = {0};
    if (rc == WS_OK && t.v) {
        qsort(t.v, t.cap, sizeof *t.v, cmp_stat);
        for (size_t i = 0; rc == WS_OK && i < t.n; i++) {
            const wstat *s = &t.v[i];
            if (s->seen < WS_POS_MIN_SEEN) continue;
            /* words are one field: none holds a tab or newline (CoNLL-U) */
            int top = 0;
            for (int c = 1; c < WS_POS_NCLASS; c++)
                if (s->n[c] > s->n[top]) top = c;
            char rec[1024];
            int k = snprintf(rec, sizeof rec, "%s\t%s\t", s->w, ws_pos_class_names[top]);
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
    for (size_t i = 0; t.v && i < t.cap; i++) ws__free(t.v[i].w);
    ws__free(t.v);
    return rc;
}
