/*
 * source_train.c -- learns the source boundaries (src/model/source.h)
 * from an annotated corpus in the PolNeAR layout (`whosaid train --source
 * DIR`).
 *
 *   DIR/text/NAME.txt                     one article a file
 *   DIR/attributions/NAME_ANNOTATOR.ann   gold (the first in sorted order)
 *
 * Every article is run through the extraction's stages as the extractor
 * runs them (tokens, patterns, the statement model, the screen, the
 * content model of the data directory).  Each statement with a source
 * whose cue shares a code point with a gold cue that has a source gives
 * one ranking sample a boundary (its start, its end): the positions
 * ws_source_candidates allows, the right ones those equal to the gold
 * boundary once the marks the scorer strips are dropped.  A boundary
 * whose gold position is not among them is skipped.  The averaged
 * ranking perceptron of avgp.c learns the weights: the same corpus and
 * data give the same file byte for byte.
 */
#define _GNU_SOURCE
#include "../eval/eval.h"
#include "../model/model.h"
#include "../model/span.h"
#include "../model/source.h"
#include "../speaker/names.h"
#include "avgp.h"

#include <stdlib.h>
#include <string.h>

#define SOURCE_EPOCHS 12
#define SOURCE_SCALE 100

typedef struct spool {
    uint32_t *f;
    size_t nf, capf;
    ws_avgp_cand *c;
    size_t nc, capc;
    ws_avgp_rsample *s;
    size_t ns, caps;
} spool;


/* The gold attribution with a source whose cue statement R's cue meets,
 * or NULL. */
static const brat_att *match(const tokdoc *d, const rawst *r, const brat_att *g, int ng)
{
    if (r->q0 < 0 || r->q1 <= r->q0) return NULL;
    int64_t q0 = d->t[r->q0].cb, q1 = d->t[r->q1 - 1].ce;
    for (int i = 0; i < ng; i++) {
        if (!g[i].n[EV_SOURCE]) continue;
        for (int k = 0; k < g[i].n[EV_CUE]; k++)
            if (g[i].r[EV_CUE][k].s < q1 && q0 < g[i].r[EV_CUE][k].e) return &g[i];
    }
    return NULL;
}

/* Position P of boundary KIND with the marks the scorer strips dropped. */
static int canon(const tokdoc *d, int kind, int p)
{
    if (kind == WS_SOURCE_START)
        while (p < d->n && ws_span_is_edge(d, p)) p++;
    else
        while (p > 0 && ws_span_is_edge(d, p - 1)) p--;
    return p;
}

/* Adds the samples of statement R of D (gold G) to P. */
static int add_samples(spool *p, const tokdoc *d, const rawst *r, const brat_att *g)
{
    int lo, hi;
    if (!ws_source_limits(d, r, &lo, &hi)) return WS_OK;
    int64_t gs = g->r[EV_SOURCE][0].s, ge = g->r[EV_SOURCE][0].e;
    for (int k = 1; k < g->n[EV_SOURCE]; k++) {
        if (g->r[EV_SOURCE][k].s < gs) gs = g->r[EV_SOURCE][k].s;
        if (g->r[EV_SOURCE][k].e > ge) ge = g->r[EV_SOURCE][k].e;
    }
    int gold[WS_SOURCE_NKINDS] = {canon(d, WS_SOURCE_START, ws_train_tok_from(d, gs)), canon(d, WS_SOURCE_END, ws_train_tok_to(d, ge))};
    int pos[WS_SOURCE_MAXC];
    uint32_t f[WS_SOURCE_MAXF];
    for (int k = 0; k < WS_SOURCE_NKINDS; k++) {
        int n = ws_source_candidates(d, r, lo, hi, k, pos);
        uint32_t ok = 0;
        for (int c = 0; c < n; c++)
            if (canon(d, k, pos[c]) == gold[k]) ok |= 1u << c;
        if (n < 2 || !ok) continue;
        if (ws_train_grow((void **)&p->s, &p->caps, p->ns + 1, sizeof *p->s, 4096) != WS_OK ||
            ws_train_grow((void **)&p->c, &p->capc, p->nc + (size_t)n, sizeof *p->c, 1 << 16) != WS_OK)
            return WS_NOMEM;
        p->s[p->ns++] = (ws_avgp_rsample){p->nc, n, ok};
        for (int c = 0; c < n; c++) {
            int nf = ws_source_features(d, r, lo, hi, k, pos[c], f);
            if (ws_train_grow((void **)&p->f, &p->capf, p->nf + (size_t)nf, sizeof *p->f, 1 << 20) != WS_OK)
                return WS_NOMEM;
            if (nf > 0 && p->f) memcpy(p->f + p->nf, f, (size_t)nf * sizeof *f);
            p->c[p->nc++] = (ws_avgp_cand){p->nf, nf};
            p->nf += (size_t)nf;
        }
    }
    return WS_OK;
}

/* Reads article PATH (NAME) of DIR, runs the extraction's stages on it
 * and adds its samples to P. */
static int article(spool *p, ws_lexicon *lx, const char *dir, const char *path, const char *name, char *err,
                   size_t errlen)
{
    ws_train_doc x;
    int have;
    int rc = ws_train_doc_read(&x, lx, dir, path, name, true, &have, err, errlen);
    if (rc != WS_OK || !have) { /* not annotated: nothing to learn */
        ws_train_doc_free(&x);
        return rc;
    }
    const ws_model *m = ws_lx_model(lx);
    if (m) rc = ws_model_apply(m, &x.tmp, &x.d, &x.raw);
    if (rc == WS_OK) ws_att_screen(&x.d, &x.raw);
    const ws_span_model *sm = ws_lx_span(lx);
    if (rc == WS_OK && sm) rc = ws_span_apply(sm, m ? m->pos : NULL, &x.tmp, &x.d, &x.raw);
    if (rc == WS_OK) ws_source_repair(lx, &x.d, &x.raw);
    for (int i = 0; rc == WS_OK && i < x.raw.n; i++) {
        const brat_att *g = match(&x.d, &x.raw.v[i], x.gold, x.ng);
        if (g) rc = add_samples(p, &x.d, &x.raw.v[i], g);
    }
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s: %s", path, ws_strerror(rc));
    ws_train_doc_free(&x);
    return rc;
}

/* What each article of the corpus adds its samples with. */
typedef struct sctx {
    spool *p;
    ws_lexicon *lx;
    const char *dir;
    char *err;
    size_t errlen;
} sctx;

static int each_article(const char *path, const char *name, size_t i, void *arg)
{
    const sctx *c = arg;
    return article(c->p, c->lx, c->dir, path, name, c->err, c->errlen);
}

int ws_train_source(const char *gold_dir, const char *data_dir, FILE *out, char *err, size_t errlen)
{
    err[0] = 0;
    /* the statements as the extractor gives them before the source model:
     * the lexicon with the statement and content models of DATA_DIR, and
     * without whatever source model it holds (or lacks) */
    ws_model *stm = NULL;
    ws_span_model *spm = NULL;
    int rc = ws_model_load(data_dir, &stm, err, errlen);
    if (rc == WS_OK) rc = ws_span_load(data_dir, &spm, err, errlen);
    ws_lexicon *lx = NULL;
    if (rc == WS_OK) rc = ws__lexicon_load_with(data_dir, stm->cand_rate, stm->veto_rate, true, &lx, err, errlen);
    if (rc != WS_OK) {
        ws_model_free(stm);
        ws_span_free(spm);
        return rc;
    }
    lx->model = stm;
    lx->span = spm;
    spool p = {0};
    rc = ws_train_articles(gold_dir, each_article, &(sctx){&p, lx, gold_dir, err, errlen}, err, errlen);
    ws_source_model m = {.bits = WS_SOURCE_BITS, .samples = (int)p.ns};
    if (rc == WS_OK && !(m.w = ws__calloc((size_t)1 << m.bits, sizeof *m.w))) rc = WS_NOMEM;
    if (rc == WS_OK)
        rc = ws_avgp_rank(p.f, p.c, p.s, p.ns, SOURCE_EPOCHS, 0x9E3779B97F4A7C15ull, SOURCE_SCALE, m.bits, m.w);
    if (rc == WS_OK) rc = ws_source_write(out, &m);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s", ws_strerror(rc));
    ws__free(m.w);
    ws__free(p.f);
    ws__free(p.c);
    ws__free(p.s);
    ws_lexicon_free(lx);
    return rc;
}
