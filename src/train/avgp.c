/*
 * avgp.c -- the averaged perceptron the trainers share, and their growing
 * arrays, article loop, gold-file lookup, article reading and token
 * lookup by code point (avgp.h).
 */
#include "avgp.h"
#include "../speaker/names.h"

#include <glob.h>
#include <stdio.h>
#include <string.h>

int ws_avgp_init(ws_avgp *p, int bits, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    p->nw = (size_t)1 << bits;
    p->w = ws__calloc(p->nw, sizeof *p->w);
    p->u = ws__calloc(p->nw, sizeof *p->u);
    p->c = 1;
    p->rng = seed;
    if (!p->w || !p->u) {
        ws_avgp_free(p);
        return WS_NOMEM;
    }
    return WS_OK;
}

void ws_avgp_free(ws_avgp *p)
{
    ws__free(p->w);
    ws__free(p->u);
    p->w = p->u = NULL;
}

void ws_avgp_shuffle(ws_avgp *p, size_t *order, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        p->rng = p->rng * 6364136223846793005ull + 1442695040888963407ull;
        size_t j = (size_t)(p->rng >> 33) % i;
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

void ws_avgp_average(const ws_avgp *p, int scale, ws_weight *out)
{
    for (size_t i = 0; i < p->nw; i++) {
        int64_t v = (p->w[i] * p->c - p->u[i]) * scale / p->c;
        out[i] = ws_weight_clamp(v);
    }
}

int ws_avgp_rank(const uint32_t *f, const ws_avgp_cand *c, const ws_avgp_rsample *s, size_t ns, int epochs,
                 uint64_t seed, int scale, int bits, ws_weight *out)
{
    ws_avgp p;
    size_t *order = ws__calloc(ns + 1, sizeof *order);
    if (!order || ws_avgp_init(&p, bits, seed) != WS_OK) {
        ws__free(order);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < ns; i++) order[i] = i;
    for (int e = 0; e < epochs; e++) {
        ws_avgp_shuffle(&p, order, ns);
        for (size_t k = 0; k < ns; k++, p.c++) {
            const ws_avgp_rsample *x = &s[order[k]];
            int best = 0, good = -1;
            int64_t bs = 0;
            for (int j = 0; j < x->nc; j++) {
                const ws_avgp_cand *cd = &c[x->c0 + (size_t)j];
                int64_t sc = ws_avgp_score(&p, f + cd->f0, cd->nf);
                if (j == 0 || sc > bs) {
                    bs = sc;
                    best = j;
                }
                if (good < 0 && (x->ok >> j & 1)) good = j;
            }
            if ((x->ok >> best & 1) || good < 0) continue;
            const ws_avgp_cand *g = &c[x->c0 + (size_t)good], *b = &c[x->c0 + (size_t)best];
            ws_avgp_add(&p, f + g->f0, g->nf, 1);
            ws_avgp_add(&p, f + b->f0, b->nf, -1);
        }
    }
    ws_avgp_average(&p, scale, out);
    ws_avgp_free(&p);
    ws__free(order);
    return WS_OK;
}

int ws_train_grow(void **p, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap) return WS_OK;
    size_t n = *cap ? *cap : first;
    while (n < need) n *= 2;
    void *np = ws__realloc(*p, n * size);
    if (!np) return WS_NOMEM;
    *p = np;
    *cap = n;
    return WS_OK;
}

int ws_train_articles(const char *dir, ws_train_article_fn fn, void *arg, char *err, size_t errlen)
{
    char pat[4096];
    snprintf(pat, sizeof pat, "%s/text/*.txt", dir);
    glob_t g;
    if (glob(pat, 0, NULL, &g) != 0) {
        snprintf(err, errlen, "%s: no articles", pat);
        return WS_IO;
    }
    int rc = WS_OK;
    for (size_t i = 0; rc == WS_OK && i < g.gl_pathc; i++) {
        const char *path = g.gl_pathv[i];
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        char name[1024];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(base) - 4), base);
        rc = fn(path, name, i, arg);
    }
    globfree(&g);
    return rc;
}

/* The gold file of article NAME: the first DIR/attributions/NAME_*.ann in
 * sorted order; NULL when none. */
char *ws_train_gold_path(const char *dir, const char *name)
{
    char pat[4096];
    snprintf(pat, sizeof pat, "%s/attributions/%s_*.ann", dir, name);
    glob_t g;
    char *res = NULL;
    if (glob(pat, 0, NULL, &g) != 0) return NULL;
    for (size_t i = 0; i < g.gl_pathc && !res; i++) {
        const char *base = strrchr(g.gl_pathv[i], '/');
        base = base ? base + 1 : g.gl_pathv[i];
        const char *us = strrchr(base, '_');
        if (us && (size_t)(us - base) == strlen(name) && !memcmp(base, name, strlen(name)))
            res = ws__strndup(g.gl_pathv[i], strlen(g.gl_pathv[i]));
    }
    globfree(&g);
    return res;
}

int ws_train_doc_read(ws_train_doc *x, const ws_lexicon *lx, const char *dir, const char *path, const char *name,
                      bool given, int *have, char *err, size_t errlen)
{
    memset(x, 0, sizeof *x);
    ws_arena_init(&x->a);
    ws_arena_init(&x->tmp);
    *have = 0;
    char *gpath = ws_train_gold_path(dir, name);
    if (!gpath) return WS_OK;
    *have = 1;
    int rc = ws_ev_read_file(path, &x->text, &x->len);
    if (rc != WS_OK) snprintf(err, errlen, "%s: cannot read", path);
    if (rc == WS_OK && (rc = ws_ev_read_file(gpath, &x->ann, &x->alen)) != WS_OK)
        snprintf(err, errlen, "%s: cannot read", gpath);
    ws__free(gpath);
    const int *titles;
    if (rc == WS_OK) rc = ws_brat_parse(&x->a, x->ann, x->alen, &x->gold, &x->ng);
    if (rc == WS_OK) rc = ws_tok_document(&x->tmp, lx, x->text, x->len, &x->d);
    if (rc == WS_OK && given) ws_spk_given_names(lx, &x->d);
    if (rc == WS_OK) rc = ws_att_find(&x->a, &x->tmp, lx, &x->d, (ws_date){0, 0, 0}, &x->raw, &titles);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s: %s", path, ws_strerror(rc));
    return rc;
}

void ws_train_doc_free(ws_train_doc *x)
{
    ws_arena_free(&x->a);
    ws_arena_free(&x->tmp);
    ws__free(x->text);
    ws__free(x->ann);
}

int ws_train_tok_from(const tokdoc *d, int64_t c)
{
    int lo = 0, hi = d->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if ((int64_t)d->t[mid].cb < c) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

int ws_train_tok_to(const tokdoc *d, int64_t c)
{
    int lo = 0, hi = d->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if ((int64_t)d->t[mid].ce <= c) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
