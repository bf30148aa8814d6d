/*
 * span_train.c -- learns the content boundaries (src/model/span.h) from
 * an annotated corpus in the PolNeAR layout (`whosaid train --span DIR`).
 *
 *   DIR/text/NAME.txt                     one article a file
 *   DIR/attributions/NAME_ANNOTATOR.ann   gold (the first in sorted order)
 *
 * Every article is run through the tokenizer, the attribution patterns
 * and the statement model of the data directory, as the extractor runs
 * them (without a span model).  Each statement whose cue meets a gold
 * cue (or, failing that, whose content covers at least half of a gold
 * content and is half covered by it) gives one ranking sample a boundary:
 * the positions ws_span_candidates allows, the right ones those that
 * equal the gold boundary once the marks the scorer strips are dropped.
 * A boundary whose gold position is not among them teaches nothing and
 * is skipped.  A ranking perceptron, averaged, learns the weights in
 * integer arithmetic and a fixed order: the same corpus and data give
 * the same file byte for byte.
 */
#define _GNU_SOURCE
#include "../eval/eval.h"
#include "../model/model.h"
#include "../model/span.h"
#include "avgp.h"

#include <stdlib.h>
#include <string.h>

#define SPAN_EPOCHS 12
#define SPAN_SCALE 100
/* Averaged weights smaller than this (in SPAN_SCALE units: half of one
 * update kept through the whole run) are dropped: they
 * are the rare features' and change few choices, and every weight kept
 * is a line the extractor reads at start. */
#define SPAN_PRUNE 50
/* The margins a wrong candidate must be beaten by (in updates of one
 * feature): a candidate whose content would still link to the gold one
 * (the scorer's Dice >= 1/2) costs less than one that would not. */
#define SPAN_MARGIN_LINK 10
#define SPAN_MARGIN_MISS 30

/* a boundary's candidate position; a ranking sample a boundary (bit c of
 * ok: candidate c is the gold boundary) */
typedef ws_avgp_cand cand;
typedef ws_avgp_rsample sample;

typedef struct spool {
    uint32_t *f;
    size_t nf, capf;
    cand *c;
    size_t nc, capc;
    sample *s;
    size_t ns, caps;
    uint32_t *link; /* a sample's candidates whose content would still link (bit c) */
    size_t capl;
} spool;


/* The gold ranges of role ROLE of G, sorted by start, into R[2]; returns
 * how many (at most two are kept: the first and the last). */
static int gold_ranges(const brat_att *g, int role, brat_range *r)
{
    int n = g->n[role];
    if (n <= 0) return 0;
    brat_range lo = g->r[role][0], hi = g->r[role][0];
    for (int k = 1; k < n; k++) {
        if (g->r[role][k].s < lo.s) lo = g->r[role][k];
        if (g->r[role][k].s > hi.s) hi = g->r[role][k];
    }
    r[0] = lo;
    r[1] = hi;
    return n > 1 ? 2 : 1;
}

static int64_t overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1)
{
    int64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

/* The gold attribution statement R of D stands for, or NULL. */
static const brat_att *match(const tokdoc *d, const rawst *r, const brat_att *g, int ng)
{
    if (r->q0 >= 0 && r->q1 > r->q0) {
        int64_t q0 = d->t[r->q0].cb, q1 = d->t[r->q1 - 1].ce;
        for (int i = 0; i < ng; i++) {
            if (!g[i].n[EV_CONTENT]) continue;
            for (int k = 0; k < g[i].n[EV_CUE]; k++)
                if (overlap(q0, q1, g[i].r[EV_CUE][k].s, g[i].r[EV_CUE][k].e)) return &g[i];
        }
    }
    int64_t c0 = d->t[r->c0].cb, c1 = d->t[(r->c21 > r->c1 ? r->c21 : r->c1) - 1].ce;
    for (int i = 0; i < ng; i++) {
        brat_range gr[2];
        if (!gold_ranges(&g[i], EV_CONTENT, gr)) continue;
        int64_t o = overlap(c0, c1, gr[0].s, gr[1].e);
        if (o * 2 >= c1 - c0 && o * 2 >= gr[1].e - gr[0].s) return &g[i];
    }
    return NULL;
}

/* Position P of boundary KIND with the marks the scorer strips
 * dropped: a content is its words. */
static int canon(const tokdoc *d, int kind, int p)
{
    if (kind == WS_SPAN_START || kind == WS_SPAN_INNER_START)
        while (p < d->n && ws_span_is_edge(d, p)) p++;
    else
        while (p > 0 && ws_span_is_edge(d, p - 1)) p--;
    return p;
}

/* The candidates POS[0..N) of boundary KIND (START or END) of a one-part
 * content (bounds B) whose content would still link to the gold one
 * [GOLD start, GOLD end) by the scorer's criterion, a Dice coefficient of
 * at least one half (counted in tokens; the other boundary at its gold
 * position when that lies within the start's window of the rules', else
 * at the rules'): bit c for candidate c.  BEST: only those of the highest
 * Dice. */
static uint32_t linkable(const tokdoc *d, int kind, const int *pos, int n, const int b[WS_SPAN_NKINDS],
                         const int gold[WS_SPAN_NKINDS], bool best)
{
    int other = kind == WS_SPAN_START ? WS_SPAN_END : WS_SPAN_START;
    int o = abs(gold[other] - b[other]) <= WS_SPAN_WINDOW ? gold[other] : canon(d, other, b[other]);
    int gs = gold[WS_SPAN_START], ge = gold[WS_SPAN_END];
    if (ge <= gs) return 0;
    long dv[WS_SPAN_MAXC], top = 0;
    for (int c = 0; c < n; c++) {
        int p = canon(d, kind, pos[c]);
        int s = kind == WS_SPAN_START ? p : o, e = kind == WS_SPAN_START ? o : p;
        int lo = s > gs ? s : gs, hi = e < ge ? e : ge;
        dv[c] = e > s ? 2000L * (hi > lo ? hi - lo : 0) / ((e - s) + (ge - gs)) : 0; /* Dice in thousandths */
        if (dv[c] > top) top = dv[c];
    }
    uint32_t ok = 0;
    for (int c = 0; c < n; c++)
        if (dv[c] >= 500 && (!best || dv[c] == top)) ok |= 1u << c;
    return ok;
}

/* Adds the samples of statement R of D (gold G) to P. */
static int add_samples(spool *p, ws_span_doc *sd, const rawst *r, const brat_att *g)
{
    const tokdoc *d = sd->d;
    int b[WS_SPAN_NKINDS];
    if (!ws_span_bounds(r, b)) return WS_OK;
    brat_range gr[2];
    int ngr = gold_ranges(g, EV_CONTENT, gr);
    if (!ngr) return WS_OK;
    int gold[WS_SPAN_NKINDS];
    gold[WS_SPAN_START] = canon(d, WS_SPAN_START, ws_train_tok_from(d, gr[0].s));
    gold[WS_SPAN_END] = canon(d, WS_SPAN_END, ws_train_tok_to(d, gr[ngr - 1].e));
    gold[WS_SPAN_INNER_END] = ngr == 2 ? canon(d, WS_SPAN_INNER_END, ws_train_tok_to(d, gr[0].e)) : -1;
    gold[WS_SPAN_INNER_START] = ngr == 2 ? canon(d, WS_SPAN_INNER_START, ws_train_tok_from(d, gr[1].s)) : -1;
    int pos[WS_SPAN_MAXC];
    uint32_t f[WS_SPAN_MAXF];
    bool one = ngr == 1 && b[WS_SPAN_INNER_END] < 0;
    for (int k = 0; k < WS_SPAN_NKINDS; k++) {
        if (gold[k] < 0 || b[k] < 0) continue;
        if (k == WS_SPAN_END && b[WS_SPAN_INNER_END] < 0) { /* the end as ws_span_apply sees it: after the start, at its gold place if reachable */
            int ns = ws_span_candidates(sd, r, b, WS_SPAN_START, pos);
            for (int c = 0; c < ns; c++)
                if (canon(d, WS_SPAN_START, pos[c]) == gold[WS_SPAN_START] && pos[c] < b[WS_SPAN_END])
                    b[WS_SPAN_START] = pos[c];
        }
        int n = ws_span_candidates(sd, r, b, k, pos);
        uint32_t ok = 0;
        for (int c = 0; c < n; c++)
            if (canon(d, k, pos[c]) == gold[k]) ok |= 1u << c;
        bool lk = one && (k == WS_SPAN_START || k == WS_SPAN_END);
        /* no exact candidate: the ones nearest the gold content by Dice, if they would link */
        if (!ok && n >= 2 && lk) ok = linkable(d, k, pos, n, b, gold, true);
        if (n < 2 || !ok) continue;
        if (ws_train_grow((void **)&p->s, &p->caps, p->ns + 1, sizeof *p->s, 4096) != WS_OK ||
            ws_train_grow((void **)&p->link, &p->capl, p->ns + 1, sizeof *p->link, 4096) != WS_OK ||
            ws_train_grow((void **)&p->c, &p->capc, p->nc + (size_t)n, sizeof *p->c, 1 << 16) != WS_OK)
            return WS_NOMEM;
        p->link[p->ns] = ok | (lk ? linkable(d, k, pos, n, b, gold, false) : 0);
        p->s[p->ns++] = (sample){p->nc, n, ok};
        for (int c = 0; c < n; c++) {
            int nf = ws_span_features(sd, r, b, k, pos[c], f);
            if (ws_train_grow((void **)&p->f, &p->capf, p->nf + (size_t)nf, sizeof *p->f, 1 << 20) != WS_OK)
                return WS_NOMEM;
            if (nf > 0 && p->f) memcpy(p->f + p->nf, f, (size_t)nf * sizeof *f);
            p->c[p->nc++] = (cand){p->nf, nf};
            p->nf += (size_t)nf;
        }
    }
    return WS_OK;
}

/* Reads article PATH (NAME) of DIR, runs the extraction's candidate
 * stages on it and adds its samples to P. */
static int article(spool *p, const ws_lexicon *lx, const char *dir, const char *path, const char *name, char *err,
                   size_t errlen)
{
    ws_train_doc x;
    int have;
    int rc = ws_train_doc_read(&x, lx, dir, path, name, false, &have, err, errlen);
    if (rc != WS_OK || !have) { /* not annotated: nothing to learn */
        ws_train_doc_free(&x);
        return rc;
    }
    const ws_model *m = ws_lx_model(lx);
    if (m) rc = ws_model_apply(m, &x.tmp, &x.d, &x.raw);
    ws_span_doc sd;
    if (rc == WS_OK) rc = ws_span_prepare(&x.tmp, &x.d, &x.raw, &sd);
    sd.pos = m ? m->pos : NULL; /* the word classes the extractor passes */
    for (int i = 0; rc == WS_OK && i < x.raw.n; i++) {
        const brat_att *g = match(&x.d, &x.raw.v[i], x.gold, x.ng);
        if (g) rc = add_samples(p, &sd, &x.raw.v[i], g);
    }
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s: %s", path, ws_strerror(rc));
    ws_train_doc_free(&x);
    return rc;
}

/* The averaged ranking perceptron over P into W_OUT (2^bits weights),
 * with a loss-augmented margin: a sample updates unless its best right
 * candidate beats every wrong one by that one's margin (SPAN_MARGIN_LINK
 * or SPAN_MARGIN_MISS), the right one up and the wrong one with the
 * highest score plus margin down. */
static int learn(const spool *p, ws_weight *w_out, int bits)
{
    ws_avgp a;
    size_t *order = ws__calloc(p->ns + 1, sizeof *order);
    if (!order || ws_avgp_init(&a, bits, 0x2545F4914F6CDD1Dull) != WS_OK) {
        ws__free(order);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < p->ns; i++) order[i] = i;
    for (int e = 0; e < SPAN_EPOCHS; e++) {
        ws_avgp_shuffle(&a, order, p->ns);
        for (size_t k = 0; k < p->ns; k++, a.c++) {
            const sample *x = &p->s[order[k]];
            uint32_t lk = p->link[order[k]];
            int good = -1, bad = -1;
            int64_t gs = 0, bs = 0;
            for (int j = 0; j < x->nc; j++) {
                const cand *cd = &p->c[x->c0 + (size_t)j];
                int64_t sc = ws_avgp_score(&a, p->f + cd->f0, cd->nf);
                if (x->ok >> j & 1) {
                    if (good < 0 || sc > gs) {
                        gs = sc;
                        good = j;
                    }
                } else {
                    sc += lk >> j & 1 ? SPAN_MARGIN_LINK : SPAN_MARGIN_MISS;
                    if (bad < 0 || sc > bs) {
                        bs = sc;
                        bad = j;
                    }
                }
            }
            if (good < 0 || bad < 0 || gs > bs) continue;
            const cand *g = &p->c[x->c0 + (size_t)good], *b = &p->c[x->c0 + (size_t)bad];
            ws_avgp_add(&a, p->f + g->f0, g->nf, 1);
            ws_avgp_add(&a, p->f + b->f0, b->nf, -1);
        }
    }
    ws_avgp_average(&a, SPAN_SCALE, w_out);
    ws_avgp_free(&a);
    ws__free(order);
    size_t nw = (size_t)1 << bits;
    for (size_t i = 0; i < nw; i++)
        if (w_out[i] > -SPAN_PRUNE && w_out[i] < SPAN_PRUNE) w_out[i] = 0;
    return WS_OK;
}

/* What each article of the corpus adds its samples with. */
typedef struct sctx {
    spool *p;
    const ws_lexicon *lx;
    const char *dir;
    char *err;
    size_t errlen;
} sctx;

static int each_article(const char *path, const char *name, size_t i, void *arg)
{
    const sctx *c = arg;
    return article(c->p, c->lx, c->dir, path, name, c->err, c->errlen);
}

int ws_train_span(const char *gold_dir, const char *data_dir, FILE *out, char *err, size_t errlen)
{
    err[0] = 0;
    /* the spans as the rules and the statement model give them, without
     * whatever content model the data directory holds (or lacks): the
     * lexicon read as ws_lexicon_load reads it, with the statement model's
     * cue thresholds, but no model; then the statement model alone */
    ws_model *sm = NULL;
    int rc = ws_model_load(data_dir, &sm, err, errlen);
    if (rc != WS_OK) return rc;
    ws_lexicon *lx = NULL;
    rc = ws__lexicon_load_with(data_dir, sm->cand_rate, sm->veto_rate, true, &lx, err, errlen);
    if (rc != WS_OK) {
        ws_model_free(sm);
        return rc;
    }
    lx->model = sm;
    spool p = {0};
    rc = ws_train_articles(gold_dir, each_article, &(sctx){&p, lx, gold_dir, err, errlen}, err, errlen);
    ws_span_model m = {.bits = WS_SPAN_BITS, .window = WS_SPAN_WINDOW, .samples = (int)p.ns};
    if (rc == WS_OK && !(m.w = ws__calloc((size_t)1 << m.bits, sizeof *m.w))) rc = WS_NOMEM;
    if (rc == WS_OK) rc = learn(&p, m.w, m.bits);
    if (rc == WS_OK) rc = ws_span_write(out, &m);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s", ws_strerror(rc));
    ws__free(m.w);
    ws__free(p.f);
    ws__free(p.c);
    ws__free(p.s);
    ws__free(p.link);
    ws_lexicon_free(lx);
    return rc;
}
