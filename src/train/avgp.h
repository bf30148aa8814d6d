/*
 * avgp.h -- the averaged perceptron the trainers of src/train/ share
 * (model_train.c, span_train.c, source_train.c), and what they share in
 * reading the corpus (prefix ws_train_: its articles, each read and run
 * through the patterns).  Private to src/train/.  Prefix ws_avgp_.
 *
 * Weights over hashed feature indexes (2^bits of them), in integer
 * arithmetic: each update adds D to a feature's weight W and D times the
 * time C (the samples seen so far, plus one) to its sum U, so that the
 * average of the weight over all times is W - U / C, written as
 * (W * C - U) * SCALE / C and saturated to a ws_weight.  Samples are
 * visited in an order shuffled before each pass by a fixed generator
 * (a 64-bit LCG and Fisher-Yates), so the same samples give the same
 * weights on every machine.
 *
 * Two learners are built on it: the binary classifier of model_train.c
 * (its own loop, over samples with a label +1 or -1) and the ranking one,
 * ws_avgp_rank, of the boundary models (each sample a set of candidates,
 * some right: when the best-scoring candidate is not right, the first
 * right one's features gain 1 and the best one's lose 1).
 */
#ifndef WS_AVGP_H
#define WS_AVGP_H

#include "../eval/eval.h"
#include "../model/model.h"

typedef struct ws_avgp {
    int64_t *w, *u; /* the weights; their updates times the time */
    size_t nw;      /* 2^bits */
    int64_t c;      /* the time: samples visited, plus one */
    uint64_t rng;   /* the shuffle's generator */
} ws_avgp;

/* Zero weights over 2^BITS indexes, the generator seeded with SEED.
 * WS_OK or WS_NOMEM. */
int ws_avgp_init(ws_avgp *p, int bits, uint64_t seed);
void ws_avgp_free(ws_avgp *p);
/* Shuffles ORDER[n] (one pass's order). */
void ws_avgp_shuffle(ws_avgp *p, size_t *order, size_t n);
/* The averaged weights times SCALE into OUT[2^bits], saturated. */
void ws_avgp_average(const ws_avgp *p, int scale, ws_weight *out);

/* The current score of features F[n]. */
static inline int64_t ws_avgp_score(const ws_avgp *p, const uint32_t *f, int n)
{
    int64_t s = 0;
    for (int i = 0; i < n; i++) s += p->w[f[i]];
    return s;
}

/* Adds D to the weights of features F[n] at the current time. */
static inline void ws_avgp_add(ws_avgp *p, const uint32_t *f, int n, int64_t d)
{
    for (int i = 0; i < n; i++) {
        p->w[f[i]] += d;
        p->u[f[i]] += d * p->c;
    }
}

/* A candidate of a ranking sample: its features F[f0, f0 + nf) of the
 * pool. */
typedef struct ws_avgp_cand {
    size_t f0;
    int nf;
} ws_avgp_cand;
/* A ranking sample: candidates C[c0, c0 + nc) of the pool (at most 32);
 * bit k of OK: candidate k is right. */
typedef struct ws_avgp_rsample {
    size_t c0;
    int nc;
    uint32_t ok;
} ws_avgp_rsample;

/* The ranking perceptron over samples S[ns] (candidates C, features F):
 * EPOCHS passes in the order the generator seeded SEED shuffles; the
 * averaged weights times SCALE into OUT[2^bits].  WS_OK or WS_NOMEM. */
int ws_avgp_rank(const uint32_t *f, const ws_avgp_cand *c, const ws_avgp_rsample *s, size_t ns, int epochs,
                 uint64_t seed, int scale, int bits, ws_weight *out);

/* Grows array *P of *CAP elements of SIZE bytes (FIRST when empty,
 * doubling) to hold NEED.  WS_OK or WS_NOMEM. */
int ws_train_grow(void **p, size_t *cap, size_t need, size_t size, size_t first);
/* The gold file of article NAME: the first DIR/attributions/NAME_*.ann in
 * sorted order (heap; the caller frees it with ws__free); NULL when none. */
char *ws_train_gold_path(const char *dir, const char *name);

/* What ws_train_articles calls for each article: its file PATH, its NAME
 * (the file's name without ".txt") and its index I in sorted order. */
typedef int (*ws_train_article_fn)(const char *path, const char *name, size_t i, void *arg);
/* Calls FN(path, name, i, ARG) for every article DIR/text/NAME.txt in
 * sorted order until one returns other than WS_OK, and returns that
 * status; WS_IO, with ERR set, when there is no article. */
int ws_train_articles(const char *dir, ws_train_article_fn fn, void *arg, char *err, size_t errlen);

/* An article of a corpus read and run through the tokenizer and the
 * patterns: its text, its gold attributions, its tokens and the
 * patterns' candidates; A holds the gold, TMP the tokens and candidates. */
typedef struct ws_train_doc {
    arena a, tmp;
    char *text, *ann;
    size_t len, alen;
    brat_att *gold;
    int ng;
    tokdoc d;
    rawlist raw;
} ws_train_doc;
/* Reads article PATH (NAME) of corpus DIR into X, with the given names
 * marked before the patterns run when GIVEN; *HAVE 0 (and nothing read)
 * when the article has no gold file: it is not scored, so not learned
 * from either.  On failure ERR names the file.  X is to be released with
 * ws_train_doc_free whatever the result. */
int ws_train_doc_read(ws_train_doc *x, const ws_lexicon *lx, const char *dir, const char *path, const char *name,
                      bool given, int *have, char *err, size_t errlen);
void ws_train_doc_free(ws_train_doc *x);

/* The first token of D starting at or after code point C; the end after
 * the last token ending at or before C. */
int ws_train_tok_from(const tokdoc *d, int64_t c);
int ws_train_tok_to(const tokdoc *d, int64_t c);

#endif
