/*
 * model_train.c -- learns the statement model (src/model/model.h) from an
 * annotated corpus in the PolNeAR layout (`whosaid train --model DIR`).
 *
 *   DIR/text/NAME.txt                     one article a file
 *   DIR/attributions/NAME_ANNOTATOR.ann   gold (the first in sorted order)
 *
 * Every article is run through the tokenizer and the attribution
 * patterns, with the learned cue thresholds loosened as the model will
 * run them; each candidate the patterns propose is labelled by whether
 * it links to a gold attribution as `whosaid eval` links (content Dice at
 * least 0.5 and, when the gold one has a source, a shared source token:
 * the scorer itself is asked, one candidate at a time).  An averaged
 * perceptron over the candidates' features (ws_model_features) learns
 * the weights, in integer arithmetic and a fixed order, so that the same
 * corpus gives the same file byte for byte.
 */
#define _GNU_SOURCE
#include "../eval/eval.h"
#include "../model/model.h"
#include "../config.h"
#include "avgp.h"

#include <stdlib.h>
#include <string.h>

typedef struct sample {
    size_t f0;   /* first feature in the pool */
    int nf;
    int y;       /* +1 links to gold, -1 not */
    int fold;    /* the half of the corpus its article is in */
    int fixed;   /* a pattern's candidate the model keeps anyway */
} sample;

typedef struct pool {
    uint32_t *f;
    size_t nf, capf;
    sample *s;
    size_t ns, caps;
    int fold;    /* of the article being read */
    int fixed;   /* of the sample being added */
    long gold;   /* gold attributions of the articles read */
} pool;

static int pool_add(pool *p, const uint32_t *f, int nf, int y)
{
    if (p->nf + (size_t)nf > p->capf) {
        size_t cap = p->capf ? p->capf * 2 : 1 << 16;
        while (cap < p->nf + (size_t)nf) cap *= 2;
        uint32_t *nv = ws__realloc(p->f, cap * sizeof *nv);
        if (!nv) return WS_NOMEM;
        p->f = nv;
        p->capf = cap;
    }
    if (p->ns == p->caps) {
        size_t cap = p->caps ? p->caps * 2 : 4096;
        sample *nv = ws__realloc(p->s, cap * sizeof *nv);
        if (!nv) return WS_NOMEM;
        p->s = nv;
        p->caps = cap;
    }
    if (nf > 0 && p->f) memcpy(p->f + p->nf, f, (size_t)nf * sizeof *f);
    p->s[p->ns++] = (sample){p->nf, nf, y, p->fold, p->fixed};
    p->nf += (size_t)nf;
    return WS_OK;
}

/* The code point range of tokens [t0,t1) of D as one BRAT range. */
static int range_of(const tokdoc *d, int t0, int t1, brat_range *r)
{
    if (t0 < 0 || t1 <= t0 || t1 > d->n) return 0;
    r->s = d->t[t0].cb;
    r->e = d->t[t1 - 1].ce;
    return 1;
}

/* Whether candidate R of D links to one of the gold attributions G[ng]. */
static int links(const tokdoc *d, const rawst *r, const char *text, size_t len, const brat_att *g, int ng,
                 int *out)
{
    brat_range src, cue, ct[2];
    brat_att p = {{&src, &cue, ct}, {0, 0, 0}};
    p.n[EV_SOURCE] = range_of(d, r->s0, r->s1, &src);
    p.n[EV_CUE] = range_of(d, r->q0, r->q1, &cue);
    p.n[EV_CONTENT] = range_of(d, r->c0, r->c1, &ct[0]);
    p.n[EV_CONTENT] += range_of(d, r->c20, r->c21, &ct[p.n[EV_CONTENT]]);
    ws_eval *ev;
    if (ws_eval_new(&ev) != WS_OK) return WS_NOMEM;
    int rc = ws_ev_add_parsed(ev, "", text, len, g, ng, &p, 1);
    *out = ev->linked[0] > 0;
    ws_eval_free(ev);
    return rc;
}

/* An article read and run through the tokenizer and the patterns, with
 * its gold cues. */
typedef struct article {
    ws_train_doc doc;
    int64_t *cues; /* the gold cues' first code points, sorted */
    int ncues;
} article;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The first code point of gold cue R's head: its first word past the
 * auxiliaries, adverbs and "to" it may begin with ("has learned", "also
 * said", "to say"), where the cue classifier decides and the proposals
 * run from (a proposal's source reaches back over those words). */
static int64_t cue_head(const tokdoc *d, const brat_range *r)
{
    int lo = ws_train_tok_to(d, r->s);
    if (lo >= d->n || (int64_t)d->t[lo].cb > r->s) return r->s;
    int e = lo;
    while (e < d->n && (int64_t)d->t[e].ce <= r->e) e++;
    int h = ws_model_cue_head(d, lo, e);
    return h == lo && r->s > (int64_t)d->t[lo].cb ? r->s : (int64_t)d->t[h].cb;
}

/* Whether token I of X begins a gold cue's head (cue_head). */
static bool gold_cue(const article *x, int i)
{
    int64_t c = x->doc.d.t[i].cb;
    return bsearch(&c, x->cues, (size_t)x->ncues, sizeof c, cmp_i64) != NULL;
}

/* Reads article PATH (NAME) of corpus DIR into X (ws_train_doc_read)
 * and finds its gold cues' heads; *HAVE 0 when it has no gold file. */
static int article_read(article *x, const ws_lexicon *lx, const char *dir, const char *path, const char *name,
                        bool adjust, int *have, char *err, size_t errlen)
{
    x->cues = NULL;
    x->ncues = 0;
    ws_train_doc *t = &x->doc;
    int rc = ws_train_doc_read(t, lx, dir, path, name, false, have, err, errlen);
    if (rc != WS_OK || !*have) return rc;
    if (!(x->cues = ws_arena_alloc(&t->a, (size_t)(t->ng + 1) * sizeof *x->cues))) rc = WS_NOMEM;
    for (int i = 0; rc == WS_OK && i < t->ng; i++)
        if (t->gold[i].n[EV_CUE]) x->cues[x->ncues++] = cue_head(&t->d, &t->gold[i].r[EV_CUE][0]);
    if (rc == WS_OK) qsort(x->cues, (size_t)x->ncues, sizeof *x->cues, cmp_i64);
    if (rc == WS_OK && adjust) ws_model_adjust(&t->d, &t->raw);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s: %s", path, ws_strerror(rc));
    return rc;
}

/* The passes over the corpus. */
enum { PASS_VOCAB, PASS_ANY, PASS_CUES, PASS_STATEMENTS };

/* A count of a word: how often seen, how often a cue began there. */
typedef struct wcount {
    char *w; /* owned */
    long seen, cue;
} wcount;
/* The words counted, in the order first seen; MAP finds a word's index. */
typedef struct wtab {
    ws_hmap map;
    wcount *v;
    size_t cap, n;
} wtab;

/* The counts of W[n], made when absent; NULL when out of memory.  Valid
 * until the next call. */
static wcount *wtab_get(wtab *t, const char *w, size_t n)
{
    bool added;
    int64_t *ref = ws_hmap_ref_h(&t->map, w, n, ws_hash_key(w, n), &added);
    if (!ref) return NULL;
    if (!added) return &t->v[*ref];
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1 << 14;
        wcount *nv = ws__realloc(t->v, cap * sizeof *nv);
        if (!nv) return NULL;
        t->v = nv;
        t->cap = cap;
    }
    if (!(t->v[t->n].w = ws__strndup(w, n))) return NULL;
    t->v[t->n].seen = t->v[t->n].cue = 0;
    *ref = (int64_t)t->n;
    return &t->v[t->n++];
}

static int cmp_wc(const void *a, const void *b)
{
    const wcount *x = a, *y = b;
    return strcmp(x->w, y->w);
}

/* Adds to M's cue vocabulary the words of T that began a cue at least
 * once and whose finest word cluster began cues in at least
 * WS_MODEL_VOCAB_CLUSTER_PCT% of its words' uses in the corpus: a word
 * too rare to count by itself ("lambasted") but used as the cue words
 * are ("blasted", "slammed"). */
static int cluster_vocab(ws_model *m, const wtab *t)
{
    long *seen = ws__calloc(1024, sizeof *seen), *cue = ws__calloc(1024, sizeof *cue);
    int rc = seen && cue ? WS_OK : WS_NOMEM;
    for (int pass = 0; rc == WS_OK && pass < 2; pass++) {
        for (size_t i = 0; rc == WS_OK && i < t->n; i++) {
            uint32_t c = ws_embed_lookup(m->emb, t->v[i].w, strlen(t->v[i].w));
            if (c == WS_EMBED_NONE) continue;
            c = c >> 20 & 0x3ff; /* the finest of the three */
            if (pass == 0) {
                seen[c] += t->v[i].seen;
                cue[c] += t->v[i].cue;
            } else if (t->v[i].cue >= 1 && cue[c] * 100 >= seen[c] * WS_MODEL_VOCAB_CLUSTER_PCT) {
                rc = ws_model_add_cue(m, t->v[i].w, strlen(t->v[i].w));
            }
        }
    }
    ws__free(seen);
    ws__free(cue);
    return rc;
}

/* One pass over article X: PASS_VOCAB counts words into T; PASS_ANY counts
 * into T the weak cue words whose source would be a noun phrase that
 * cannot speak (ws_model_any_sources), a use of them where a gold cue
 * begins as a cue; PASS_CUES adds
 * the cue classifier's samples to P; PASS_STATEMENTS proposes with M and
 * adds the statement classifier's samples to P. */
static int article_pass(article *x, int pass, const ws_model *m, wtab *t, pool *p)
{
    const tokdoc *d = &x->doc.d;
    uint32_t f[WS_MODEL_MAXF];
    if (pass == PASS_VOCAB) {
        for (int i = 0; i < d->n; i++) {
            if (!d->t[i].low || !(d->t[i].flags & TK_WORD)) continue;
            wcount *c = wtab_get(t, d->t[i].low, d->t[i].ll);
            if (!c) return WS_NOMEM;
            c->seen++;
            c->cue += gold_cue(x, i);
        }
        return WS_OK;
    }
    if (pass == PASS_ANY) {
        int *v = ws_arena_alloc(&x->doc.tmp, ((size_t)d->n + 1) * sizeof *v);
        if (!v) return WS_NOMEM;
        int n = ws_model_any_sources(m, &x->doc.tmp, d, &x->doc.raw, v, d->n + 1);
        for (int k = 0; k < n; k++) {
            wcount *c = wtab_get(t, d->t[v[k]].low, d->t[v[k]].ll);
            if (!c) return WS_NOMEM;
            c->seen++;
            c->cue += gold_cue(x, v[k]);
        }
        return WS_OK;
    }
    if (pass == PASS_CUES) {
        for (int i = 0; i < d->n; i++) {
            if (!ws_model_is_cue_word(m, d, i)) continue;
            int n = ws_model_cue_features(m, d, i, f);
            if (pool_add(p, f, n, gold_cue(x, i) ? 1 : -1) != WS_OK) return WS_NOMEM;
        }
        return WS_OK;
    }
    p->gold += x->doc.ng;
    rawlist raw = x->doc.raw;
    raw.v = ws_arena_alloc(&x->doc.tmp, (size_t)(raw.cap ? raw.cap : 1) * sizeof *raw.v);
    if (!raw.v) return WS_NOMEM;
    if (x->doc.raw.n) memcpy(raw.v, x->doc.raw.v, (size_t)x->doc.raw.n * sizeof *raw.v);
    int rc = ws_model_propose(m, &x->doc.tmp, d, &raw);
    for (int i = 0; rc == WS_OK && i < raw.n; i++) {
        int y = 0;
        rc = links(d, &raw.v[i], x->doc.text, x->doc.len, x->doc.gold, x->doc.ng, &y);
        int n = ws_model_features(m, d, &raw.v[i], f);
        p->fixed = m->keep_rules && i < x->doc.raw.n;
        if (rc == WS_OK) rc = pool_add(p, f, n, y ? 1 : -1);
    }
    p->fixed = 0;
    return rc;
}

/* The shuffling generator's seed: fixed, so that the same corpus gives
 * the same file; WHOSAID_TRAIN_SEED=N (a measuring aid for
 * bench/seeds.sh, never set by `make train`) starts it N steps of the
 * golden-ratio increment away, to show how much of a difference in the
 * figures the order of the samples alone makes. */
static uint64_t train_seed(void)
{
    const char *s = getenv("WHOSAID_TRAIN_SEED");
    return 0x853c49e6748fea9bull + (s ? (uint64_t)strtoull(s, NULL, 10) * 0x9E3779B97F4A7C15ull : 0);
}

/* Averaged perceptron over P: EPOCHS passes in an order shuffled by a
 * fixed generator; the averaged weights times WS_MODEL_SCALE into W. */
#define WS_MODEL_SCALE 100
static int perceptron(const pool *p, int fold, int epochs, ws_weight *w_out, int bits)
{
    ws_avgp ap;
    size_t *order = ws__calloc(p->ns + 1, sizeof *order);
    if (!order || ws_avgp_init(&ap, bits, train_seed()) != WS_OK) {
        ws__free(order);
        return WS_NOMEM;
    }
    size_t ns = 0;
    for (size_t i = 0; i < p->ns; i++)
        if ((fold < 0 || p->s[i].fold == fold) && !p->s[i].fixed) order[ns++] = i;
    for (int e = 0; e < epochs; e++) {
        ws_avgp_shuffle(&ap, order, ns);
        for (size_t k = 0; k < ns; k++, ap.c++) {
            const sample *s = &p->s[order[k]];
            int64_t score = ws_avgp_score(&ap, p->f + s->f0, s->nf);
            if ((s->y > 0 && score > 0) || (s->y < 0 && score < 0)) continue;
            ws_avgp_add(&ap, p->f + s->f0, s->nf, s->y);
        }
    }
    ws_avgp_average(&ap, WS_MODEL_SCALE, w_out);
    ws_avgp_free(&ap);
    ws__free(order);
    return WS_OK;
}

typedef struct scored {
    int64_t s;
    int y;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->s != y->s) return x->s > y->s ? -1 : 1;
    return x->y - y->y;
}

/* The statement threshold: the classifier learned on each half of P's
 * articles scores the other half's candidates, and the threshold is the
 * one under which the kept candidates would give the best linked F1
 * (linked candidates kept over kept and over P's gold attributions). */
static int choose_threshold(const pool *p, int bits, int *thr, int *f1_out)
{
    *thr = 0;
    *f1_out = 0;
    ws_weight *w = ws__calloc((size_t)1 << bits, sizeof *w);
    scored *v = ws__calloc(p->ns + 1, sizeof *v);
    int rc = w && v ? WS_OK : WS_NOMEM;
    for (int h = 0; rc == WS_OK && h < 2; h++) {
        rc = perceptron(p, h, WS_MODEL_EPOCHS, w, bits);
        for (size_t i = 0; rc == WS_OK && i < p->ns; i++) {
            if (p->s[i].fold == h) continue;
            v[i].s = p->s[i].fixed ? INT64_MAX
                                   : ws_model_score(&(ws_model){.w = w}, p->f + p->s[i].f0, p->s[i].nf);
            v[i].y = p->s[i].y;
        }
    }
    if (rc == WS_OK && p->ns) {
        qsort(v, p->ns, sizeof *v, cmp_scored);
        long tp = 0;
        double best = -1;
        for (size_t k = 0; k < p->ns; k++) {
            tp += v[k].y > 0;
            if (k + 1 < p->ns && v[k + 1].s == v[k].s) continue;
            double f1 = 2.0 * (double)tp / (double)((long)k + 1 + p->gold);
            if (f1 > best) {
                best = f1;
                *f1_out = (int)(f1 * 1000 + 0.5);
                /* keep what scores above: just below this cut */
                if (v[k].s == INT64_MAX) *thr = INT32_MAX; /* only the fixed ones */
                else *thr = (int)(k + 1 < p->ns ? (v[k].s + v[k + 1].s) / 2 : v[k].s - 1);
            }
        }
    }
    ws__free(w);
    ws__free(v);
    return rc;
}

/* One pass's settings (corpus_pass), for each article. */
typedef struct pctx {
    const char *dir;
    const ws_lexicon *lx;
    int pass, fold;
    const ws_model *const *fm;
    wtab *t;
    pool *p;
    char *err;
    size_t errlen;
} pctx;

static int pass_article(const char *path, const char *name, size_t i, void *arg)
{
    const pctx *c = arg;
    /* FOLD 0 or 1: only the articles of that half (alternate ones);
     * FM[i % 2] is the model of article i */
    if (c->fold >= 0 && (int)(i % 2) != c->fold) return WS_OK;
    article x;
    int have = 0;
    int rc = article_read(&x, c->lx, c->dir, path, name, !c->fm[0]->keep_rules, &have, c->err, c->errlen);
    c->p->fold = (int)(i % 2);
    if (rc == WS_OK && have) rc = article_pass(&x, c->pass, c->fm[i % 2], c->t, c->p);
    ws_train_doc_free(&x.doc);
    return rc;
}

/* Runs PASS over every article of the corpus GOLD_DIR. */
static int corpus_pass(const char *gold_dir, const ws_lexicon *lx, int pass, const ws_model *const *fm, int fold,
                       wtab *t, pool *p, char *err, size_t errlen)
{
    pctx c = {gold_dir, lx, pass, fold, fm, t, p, err, errlen};
    int rc = ws_train_articles(gold_dir, pass_article, &c, err, errlen);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s", ws_strerror(rc));
    return rc;
}

int ws_train_model(const char *gold_dir, const char *data_dir, int filter_rules, FILE *out, char *err,
                   size_t errlen)
{
    /* keeping the patterns' candidates, the patterns run as without a
     * model; deciding on them, with the learned cue thresholds loosened */
    int cand_rate = filter_rules ? WS_MODEL_CAND_RATE_PCT : WS_CUE_MIN_RATE_PCT;
    int veto_rate = filter_rules ? WS_MODEL_VETO_RATE_PCT : WS_CUE_VETO_RATE_PCT;
    err[0] = 0;
    ws_lexicon *lx = NULL;
    int rc = ws__lexicon_load_with(data_dir, cand_rate, veto_rate, true, &lx, err,
                                   errlen);
    if (rc != WS_OK) return rc;
    ws_model m = {.bits = WS_MODEL_BITS, .cand_rate = cand_rate, .veto_rate = veto_rate, .threshold = 0,
                  .cue_threshold = WS_MODEL_CUE_THRESHOLD, .keep_rules = !filter_rules};
    /* the word clusters of DATA_DIR, when it has them (make train builds
     * them first; without them the model learns without their features) */
    char epath[4096];
    snprintf(epath, sizeof epath, "%s/%s", data_dir, WS_EMBED_FILE);
    FILE *ef = fopen(epath, "r");
    if (ef) {
        fclose(ef);
        rc = ws_embed_load(data_dir, &m.emb, err, errlen);
        if (rc != WS_OK) {
            ws_lexicon_free(lx);
            return rc;
        }
    }
    /* and its word classes (make train builds them first too) */
    snprintf(epath, sizeof epath, "%s/%s", data_dir, WS_POS_FILE);
    if (rc == WS_OK && (ef = fopen(epath, "r"))) {
        fclose(ef);
        rc = ws_pos_load(data_dir, &m.pos, err, errlen);
        if (rc != WS_OK) {
            ws_embed_free(m.emb);
            ws_lexicon_free(lx);
            return rc;
        }
    }
    wtab t = {0};
    ws_hmap_init(&t.map, NULL);
    pool p = {0};
    ws_weight *w2 = NULL;
    /* the cue vocabulary: words that began a gold cue often enough */
    const ws_model *both[2] = {&m, &m};
    rc = corpus_pass(gold_dir, lx, PASS_VOCAB, both, -1, &t, &p, err, errlen);
    if (rc == WS_OK && t.v) {
        qsort(t.v, t.n, sizeof *t.v, cmp_wc);
        for (size_t i = 0; rc == WS_OK && i < t.n; i++)
            if (t.v[i].cue >= WS_MODEL_VOCAB_MIN && t.v[i].cue * 100 >= t.v[i].seen * WS_MODEL_VOCAB_RATE_PCT)
                rc = ws_model_add_cue(&m, t.v[i].w, strlen(t.v[i].w));
        if (rc == WS_OK && m.emb) rc = cluster_vocab(&m, &t);
    }
    /* the weak cue words that take any noun phrase as source: a gold cue
     * often enough where the source found cannot speak */
    wtab ta = {0};
    ws_hmap_init(&ta.map, NULL);
    if (rc == WS_OK) rc = corpus_pass(gold_dir, lx, PASS_ANY, both, -1, &ta, &p, err, errlen);
    if (rc == WS_OK && ta.v) {
        qsort(ta.v, ta.n, sizeof *ta.v, cmp_wc);
        for (size_t i = 0; rc == WS_OK && i < ta.n; i++) {
            if (getenv("WS_ANY_DEBUG")) fprintf(stderr, "any %s %ld %ld\n", ta.v[i].w, ta.v[i].cue, ta.v[i].seen);
            if (ta.v[i].cue >= WS_MODEL_ANY_MIN && ta.v[i].cue * 100 >= ta.v[i].seen * WS_MODEL_ANY_PCT)
                rc = ws_model_add_any(&m, ta.v[i].w, strlen(ta.v[i].w));
        }
    }
    for (size_t i = 0; ta.v && i < ta.n; i++) ws__free(ta.v[i].w);
    ws__free(ta.v);
    ws_hmap_free(&ta.map);
    /* the cue classifier on each half of the corpus: the statement
     * classifier learns from the proposals a cue classifier makes on
     * articles it did not learn from, as it will meet them */
    ws_model half[2] = {m, m};
    half[0].w = ws__calloc((size_t)1 << WS_MODEL_BITS, sizeof *m.w);
    half[1].w = ws__calloc((size_t)1 << WS_MODEL_BITS, sizeof *m.w);
    if (!half[0].w || !half[1].w) rc = WS_NOMEM;
    for (int h = 0; rc == WS_OK && h < 2; h++) {
        p.nf = p.ns = 0;
        rc = corpus_pass(gold_dir, lx, PASS_CUES, both, h, &t, &p, err, errlen);
        if (rc == WS_OK) rc = perceptron(&p, -1, WS_MODEL_EPOCHS, half[h].w, WS_MODEL_BITS);
    }
    const ws_model *other[2] = {&half[1], &half[0]};
    p.nf = p.ns = 0;
    if (rc == WS_OK && !(w2 = ws__calloc((size_t)1 << WS_MODEL_BITS, sizeof *w2))) rc = WS_NOMEM;
    if (rc == WS_OK) rc = corpus_pass(gold_dir, lx, PASS_STATEMENTS, other, -1, &t, &p, err, errlen);
    if (rc == WS_OK) rc = choose_threshold(&p, WS_MODEL_BITS, &m.threshold, &m.cv_f1);
    if (rc == WS_OK) rc = perceptron(&p, -1, WS_MODEL_EPOCHS, w2, WS_MODEL_BITS);
    ws__free(half[0].w);
    ws__free(half[1].w);
    /* the cue classifier shipped learns from the whole corpus */
    p.nf = p.ns = 0;
    if (rc == WS_OK && !(m.w = ws__calloc((size_t)1 << WS_MODEL_BITS, sizeof *m.w))) rc = WS_NOMEM;
    if (rc == WS_OK) rc = corpus_pass(gold_dir, lx, PASS_CUES, both, -1, &t, &p, err, errlen);
    if (rc == WS_OK) rc = perceptron(&p, -1, WS_MODEL_EPOCHS, m.w, WS_MODEL_BITS);
    /* one table: the two classifiers' features have distinct names */
    for (size_t i = 0; rc == WS_OK && i < (size_t)1 << WS_MODEL_BITS; i++) {
        int64_t v = (int64_t)m.w[i] + w2[i];
        m.w[i] = ws_weight_clamp(v);
    }
    if (rc == WS_OK) rc = ws_model_write(out, &m);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s", ws_strerror(rc));
    for (size_t i = 0; t.v && i < t.n; i++) ws__free(t.v[i].w);
    ws__free(t.v);
    ws_hmap_free(&t.map);
    ws_model_clear(&m);
    ws__free(w2);
    ws__free(p.f);
    ws__free(p.s);
    ws_lexicon_free(lx);
    return rc;
}
