/*
 * model.h -- the learned statement model (src/model/): what its users
 * share (the lexicon loads it, the extractor applies it, `whosaid train`
 * builds it).  Not API.
 *
 * The model is a linear classifier over the attribution patterns'
 * candidates: the patterns propose (with the learned cue thresholds
 * loosened, so that words which are cues only in some of their uses are
 * proposed too), and the model decides, from hashed sparse features of
 * each candidate and its context, which to keep.  A second classifier
 * decides for every word of the cue vocabulary (the words that began a
 * cue in the training corpus) whether a cue starts there, and where the
 * patterns proposed nothing there, proposes a candidate of its own: the
 * noun phrase before the cue as source, the rest of the sentence as
 * content.  Weights are integers
 * (fixed point), so scores are the same on every machine.
 *
 * File format (data/attrib.model.tsv; text, one record a line):
 *
 *   whosaid-model<TAB>VERSION<TAB>BITS<TAB>RECORDS<TAB>CHECKSUM
 *   param<TAB>NAME<TAB>INTEGER        (cand_rate, veto_rate, threshold,
 *                                      cue_threshold, keep_rules, cv_f1,
 *                                      clusters: the low 48 bits of the
 *                                      checksum of the word clusters it
 *                                      reads, DIR/embed.clusters.tsv; 0 or
 *                                      absent: none; pos: the same of the
 *                                      word classes, DIR/pos.classes.tsv)
 *   cue<TAB>WORD                      a word the cue classifier considers
 *   w<TAB>INDEX<TAB>WEIGHT            (INDEX < 2^BITS, sorted)
 *
 * RECORDS counts the lines after the header; CHECKSUM is the FNV-1a
 * 64-bit hash of their bytes (newlines included), 16 hex digits.  A file
 * that is truncated, damaged or of another version is refused with one
 * line naming it.
 */
#ifndef WS_MODEL_H
#define WS_MODEL_H

#include "whosaid.h"
#include "../base/base.h"
#include "../lexicon/lexicon.h"
#include "../segment/segment.h"
#include "../attrib/attrib.h"

#include <stdio.h>

#define WS_MODEL_FILE "attrib.model.tsv"
/* A file of this name in a data directory says it has no model: the
 * patterns alone extract (what --no-model asks for one run). */
#define WS_MODEL_RULES_ONLY "rules-only"
#define WS_MODEL_MAGIC "whosaid-model"
#define WS_MODEL_VERSION 1
#define WS_MODEL_BITS 20
/* The most features one candidate has (ws_model_features). */
#define WS_MODEL_MAXF 96
/* The step of the cue classifier's score as a feature of a candidate. */
#define WS_MODEL_CUE_STEP 300

/* Word clusters (embed.c; data/embed.clusters.tsv): a lowercased word's
 * cluster at each of three sizes. */
#define WS_EMBED_FILE "embed.clusters.tsv"
#define WS_EMBED_MAGIC "whosaid-clusters"
#define WS_EMBED_VERSION 1
/* ws_embed_lookup's answer for a word without clusters. */
#define WS_EMBED_NONE 0xffffffffu
/* The bits of the clusters' checksum a model records. */
#define WS_EMBED_SUM_MASK 0xffffffffffffull
typedef struct ws_embed {
    uint64_t *key;  /* word hashes (ws_model_word_hash), open addressing; 0 is empty */
    uint32_t *val;  /* C1 | C2 << 10 | C3 << 20 */
    size_t cap;     /* a power of two */
    int k[3];       /* the three sizes */
    uint64_t sum;   /* the file's checksum */
} ws_embed;

/* Loads DIR/embed.clusters.tsv into *OUT (the caller frees it with
 * ws_embed_free).  A missing, truncated or damaged file gives WS_PARSE or
 * WS_IO and "PATH: what" in ERR. */
int ws_embed_load(const char *dir, ws_embed **out, char *err, size_t errlen);
void ws_embed_free(ws_embed *e);
/* The clusters of lowercased word W[n] (C1 | C2 << 10 | C3 << 20), or
 * WS_EMBED_NONE (also when E is NULL). */
uint32_t ws_embed_lookup(const ws_embed *e, const char *w, size_t n);
/* The clusters of the word whose ws_model_word_hash is H (E not NULL). */
uint32_t ws_embed_get(const ws_embed *e, uint64_t h);

/* Word classes (pos.c; data/pos.classes.tsv, built by `whosaid train
 * --pos` from PolNeAR train's CoreNLP tags and parses): a lowercased
 * word's most frequent part-of-speech class, the classes it takes in at
 * least WS_POS_AMBIG_PCT% of its uses and how often it heads a clausal
 * complement (0: under 2% of its uses, 1: under 10%, 2: under 30%, 3).
 *
 *   whosaid-pos<TAB>VERSION<TAB>RECORDS<TAB>CHECKSUM
 *   WORD<TAB>CLASS<TAB>CLASS[,CLASS...]<TAB>CLAUSE
 *
 * (RECORDS and CHECKSUM as in the cluster file.) */
#define WS_POS_FILE "pos.classes.tsv"
#define WS_POS_MAGIC "whosaid-pos"
#define WS_POS_VERSION 1
#define WS_POS_NCLASS 18
#define WS_POS_MIN_SEEN 3
#define WS_POS_AMBIG_PCT 10
#define WS_POS_NONE 0xffffffffu
/* The classes' names, as the file writes them. */
extern const char *const ws_pos_class_names[WS_POS_NCLASS];
/* The classes by their index in ws_pos_class_names. */
enum {
    WS_PC_NN, WS_PC_NNP, WS_PC_VB, WS_PC_VBD, WS_PC_VBN, WS_PC_VBG, WS_PC_VBZ, WS_PC_MD, WS_PC_JJ,
    WS_PC_RB, WS_PC_IN, WS_PC_DT, WS_PC_PRP, WS_PC_CD, WS_PC_TO, WS_PC_WH, WS_PC_CC, WS_PC_X
};
/* The class of Penn tag XPOS (the last, "X", for punctuation and the rest). */
int ws_pos_class(const char *xpos);
typedef struct ws_pos {
    uint64_t *key;  /* word hashes (ws_model_word_hash), open addressing; 0 is empty */
    uint32_t *val;  /* CLASS | AMBIG << 5 | CLAUSE << 23 */
    size_t cap;
    uint64_t sum;   /* the file's checksum */
} ws_pos;
/* The parts of a ws_pos_lookup value. */
static inline long ws_pos_top(uint32_t v) { return v == WS_POS_NONE ? -1 : (long)(v & 0x1f); }
static inline long ws_pos_ambig(uint32_t v) { return v == WS_POS_NONE ? -1 : (long)(v >> 5 & 0x3ffff); }
static inline long ws_pos_clause(uint32_t v) { return v == WS_POS_NONE ? -1 : (long)(v >> 23 & 3); }
/* Loads DIR/pos.classes.tsv into *OUT (freed with ws_pos_free).  A
 * missing, truncated or damaged file gives WS_PARSE or WS_IO and
 * "PATH[:LINE]: what" in ERR. */
int ws_pos_load(const char *dir, ws_pos **out, char *err, size_t errlen);
void ws_pos_free(ws_pos *p);
/* The classes of lowercased word W[n], or WS_POS_NONE (also when P is NULL). */
uint32_t ws_pos_lookup(const ws_pos *p, const char *w, size_t n);
/* The classes of the word whose ws_model_word_hash is H (P not NULL). */
uint32_t ws_pos_get(const ws_pos *p, uint64_t h);

/* A model weight: fixed point, small enough that a table of 2^20 of
 * them stays within the caches' reach; loading refuses a file whose
 * weight does not fit, and training saturates to this range. */
typedef int16_t ws_weight;
#define WS_WEIGHT_MAX INT16_MAX

/* V saturated to a weight (symmetrically). */
static inline ws_weight ws_weight_clamp(int64_t v)
{
    return (ws_weight)(v > WS_WEIGHT_MAX ? WS_WEIGHT_MAX : v < -WS_WEIGHT_MAX ? -WS_WEIGHT_MAX : v);
}

/* A set of lowercased words: the strings in the order they were added
 * (the order the model file lists them) and their hashes
 * (ws_model_word_hash) by open addressing. */
typedef struct ws_wordset {
    char **w;      /* heap strings */
    size_t n;
    uint64_t *set; /* 0 marks an empty slot (a word's hash is never 0) */
    size_t cap;    /* a power of two, or 0 */
} ws_wordset;

typedef struct ws_model {
    int bits;
    ws_weight *w;   /* 2^bits weights, fixed point */
    int cand_rate;  /* learned cue min rate (percent) while the model decides */
    int veto_rate;  /* listed cue veto rate (percent) while the model decides */
    int threshold;  /* keep a candidate whose score is above this */
    int cue_threshold; /* a cue starts at a word whose score is above this */
    int keep_rules; /* 1: the patterns' candidates are all kept (as the
                       rules alone find them); the model only adds */
    int cv_f1;      /* per mille: the linked F1 the threshold gave on the
                       halves of the training corpus (information) */
    ws_wordset cues; /* the cue vocabulary */
    ws_wordset any;  /* the weak cue words that take any noun phrase as
                        source ("the poll shows") */
    ws_embed *emb;  /* the word clusters it was trained with, or NULL */
    uint64_t emb_sum; /* their checksum's low 48 bits (param clusters), or 0 */
    ws_pos *pos;    /* the word classes it was trained with, or NULL */
    uint64_t pos_sum; /* their checksum's low 48 bits (param pos), or 0 */
} ws_model;

/* The hash of a lowercased word for the cue vocabulary (the lexicon's
 * lx_hash, which the tokens' zero-padded words hash in a step or two);
 * never 0. */
uint64_t ws_model_word_hash(const char *w, size_t n);
/* Adds WORD to M's cue vocabulary.  WS_OK or WS_NOMEM. */
int ws_model_add_cue(ws_model *m, const char *word, size_t n);
/* Adds WORD to M's weak cue words that take any noun phrase before them
 * as source.  WS_OK or WS_NOMEM. */
int ws_model_add_any(ws_model *m, const char *word, size_t n);
/* The tokens of D (their indexes into OUT[cap], how many returned) where
 * ws_model_propose would propose a weak cue word of M's vocabulary, were
 * it to take any noun phrase before it as source: the source it finds
 * cannot speak ("the poll shows").  The patterns' candidates RAW are
 * taken as ws_model_propose takes them. */
int ws_model_any_sources(const ws_model *m, arena *a, const tokdoc *d, const rawlist *raw, int *out, int cap);
/* Whether token I of D is a word of M's cue vocabulary. */
bool ws_model_is_cue_word(const ws_model *m, const tokdoc *d, int i);
/* The head word of a cue that begins at token I and ends before token E:
 * its first word past the auxiliaries, adverbs and "to" it may begin
 * with ("has learned", "also said", "to say"), where the
 * cue classifier decides. */
int ws_model_cue_head(const tokdoc *d, int i, int e);
/* How a cue word's proposal stands on its source (ws_model_proposal_at). */
enum { WS_PROP_NONE, WS_PROP_SPEAKS, WS_PROP_NOUN };
/* The proposal at cue word I of unit [U0, end of its content END) of D
 * into R (cue, content, source), where TAKEN[d->n + 1] marks the tokens
 * that already are a candidate's cue or lie inside a pattern's content;
 * returns what its source is: WS_PROP_SPEAKS a strong cue's source or
 * one that can speak, WS_PROP_NOUN a noun phrase that cannot speak
 * before a weak cue word, WS_PROP_NONE none to propose. */
int ws_model_proposal_at(const tokdoc *d, const uint8_t *taken, int u0, int end, int i, rawst *r);
/* The cue classifier's features of token I into F[WS_MODEL_MAXF] (M's
 * word clusters among them). */
int ws_model_cue_features(const ws_model *m, const tokdoc *d, int i, uint32_t *f);
/* Adds to RAW (memory from A) a candidate for every word of D the cue
 * classifier takes for a cue where no candidate of RAW has its cue.
 * WS_OK or WS_NOMEM. */
int ws_model_propose(const ws_model *m, arena *a, const tokdoc *d, rawlist *raw);
/* The adjustments of spans made before features are taken. */
void ws_model_adjust(const tokdoc *d, rawlist *raw);

/* Loads DIR/attrib.model.tsv into *OUT.  A missing, truncated, damaged
 * or foreign file gives WS_IO or WS_PARSE and one line "PATH: what" in
 * ERR (the rules alone are chosen by the caller, never by a missing
 * file: see WS_MODEL_RULES_ONLY). */
int ws_model_load(const char *dir, ws_model **out, char *err, size_t errlen);
/* Releases what M holds (not M itself): for a model built in place. */
void ws_model_clear(ws_model *m);
void ws_model_free(ws_model *m);

/* The hashed features (indexes below 2^WS_MODEL_BITS) of candidate R of
 * document D into F[WS_MODEL_MAXF], among them M's cue classifier's score
 * of its cue; returns how many. */
int ws_model_features(const ws_model *m, const tokdoc *d, const rawst *r, uint32_t *f);

/* The score of the features F[n] under M. */
static inline long ws_model_score(const ws_model *m, const uint32_t *f, int n)
{
    long s = 0;
    for (int i = 0; i < n; i++) s += m->w[f[i]];
    return s;
}

/* Drops from RAW the candidates of D the model does not keep; with
 * M->keep_rules only those from index FIRST on (its own proposals). */
void ws_model_filter(const ws_model *m, const tokdoc *d, rawlist *raw, int first);
/* What the extractor runs: ws_model_adjust, ws_model_propose (memory from
 * A), ws_model_filter.  WS_OK or WS_NOMEM. */
int ws_model_apply(const ws_model *m, arena *a, const tokdoc *d, rawlist *raw);

/* Writes model M (its parameters, cue vocabulary and non-zero weights). */
int ws_model_write(FILE *out, const ws_model *m);

#endif
