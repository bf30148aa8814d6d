/*
 * span.h -- the learned content boundaries (src/model/span.c): what the
 * lexicon (loading), the extractor (applying) and `whosaid train --span`
 * (src/train/span_train.c) share.  Not API.  Prefix ws_span_.
 *
 * The attribution patterns (and the statement model's proposals) give
 * each statement a content span.  The span model moves its boundaries:
 * for each boundary -- the content's first token, its end and, for a
 * quotation interrupted by its attribution, the end of the first part and
 * the start of the second -- it scores every position within
 * WS_SPAN_WINDOW tokens of the rules' boundary that leaves the content
 * clear of the cue and the source, from hashed features of the position
 * relative to the cue and to the rules' boundary (the words and marks on
 * either side, quotation marks, complementisers, commas, sentence ends,
 * distances), and takes the best (a ranking perceptron per boundary; the
 * rules' own position wins ties).  Integer weights: the same choice on
 * every machine.
 *
 * File format (data/content.model.tsv; text, one record a line):
 *
 *   whosaid-span<TAB>VERSION<TAB>BITS<TAB>RECORDS<TAB>CHECKSUM
 *   param<TAB>NAME<TAB>INTEGER        (window, samples)
 *   w<TAB>INDEX<TAB>WEIGHT            (INDEX < 2^BITS, sorted)
 *
 * RECORDS counts the lines after the header; CHECKSUM is the FNV-1a
 * 64-bit hash of their bytes (newlines included), 16 hex digits.  A
 * missing, truncated, damaged or foreign file is refused with one line
 * naming it (a data directory marked rules-only reads no model).
 */
#ifndef WS_SPAN_H
#define WS_SPAN_H

#include "../base/base.h"
#include "../segment/segment.h"
#include "../attrib/attrib.h"
#include "model.h"

#include <stdio.h>

#define WS_SPAN_FILE "content.model.tsv"
#define WS_SPAN_MAGIC "whosaid-span"
#define WS_SPAN_VERSION 1
#define WS_SPAN_BITS 18
/* The most features one position has (ws_span_features). */
#define WS_SPAN_MAXF 40
/* How far (tokens) a start may move from the rules'. */
#define WS_SPAN_WINDOW 4
/* How far (tokens) an end may move from the rules' besides the clause
 * breaks and sentence ends below. */
#define WS_SPAN_END_WINDOW 2
/* The most positions an end may take farther back than the window: the
 * clause breaks within the content (before a comma, a dash, a sentence
 * end, "and", "which", a preposition ...), nearest first. */
#define WS_SPAN_MAXFAR 6
/* The most positions an end may take farther on than the window: the
 * sentence ends after it, up to the end of its paragraph. */
#define WS_SPAN_MAXFWD 3
/* Past those, the end of the paragraph is one more, within this many
 * tokens of the window (a block quotation of several sentences after
 * "X added:", a list). */
#define WS_SPAN_PARA_REACH 160
/* The most positions an end may take before the clause breaks inside the
 * content nearest its start, farther back than the far ones. */
#define WS_SPAN_MAXNEAR 4
/* The most positions an end may take before the punctuation breaks (a
 * comma, dash, semicolon ...) nearest the content's start, past the
 * near ones. */
#define WS_SPAN_MAXPUNCT 2
/* The most candidate positions of one boundary. */
#define WS_SPAN_MAXC (2 * WS_SPAN_WINDOW + 1 + WS_SPAN_MAXFAR + WS_SPAN_MAXFWD + 1 + WS_SPAN_MAXNEAR + WS_SPAN_MAXPUNCT)

/* The boundaries of a content span. */
enum ws_span_kind {
    WS_SPAN_START = 0,       /* first token of the content */
    WS_SPAN_END = 1,         /* end (exclusive) of the content */
    WS_SPAN_INNER_END = 2,   /* end of the first part of a two-part content */
    WS_SPAN_INNER_START = 3, /* start of its second part */
    WS_SPAN_NKINDS = 4
};

typedef struct ws_span_model {
    int bits;
    ws_weight *w; /* 2^bits weights, fixed point (model.h) */
    int window;   /* the window it was trained with (information) */
    int samples;  /* boundaries it learned from (information) */
} ws_span_model;

/* The boundaries of statement R as the model sees them: B[kind], -1 for
 * a boundary R does not have (no second part).  False when R's content
 * is not one the model handles (empty, or a second part before the
 * first). */
bool ws_span_bounds(const rawst *r, int b[WS_SPAN_NKINDS]);

/* The positions boundary KIND of R (bounds B) may take in SD's document,
 * into POS[WS_SPAN_MAXC]; returns how many (B[KIND] itself among them
 * when valid).  A position is valid when the content stays non-empty,
 * within the document, and clear of R's cue and source, and the boundary
 * does not move over another statement's cue (SD's marks): a nested
 * attribution lies inside the content of the one that reports it.  The
 * positions within WS_SPAN_WINDOW of B[KIND] (WS_SPAN_END_WINDOW for an
 * end) come first (nearest first),
 * then, for the end, the clause breaks farther back (WS_SPAN_MAXFAR),
 * those nearest the content's start (WS_SPAN_MAXNEAR), the punctuation
 * breaks nearest it (WS_SPAN_MAXPUNCT) and the sentence ends farther on
 * (WS_SPAN_MAXFWD). */
struct ws_span_doc;
int ws_span_candidates(struct ws_span_doc *sd, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int *pos);

/* The document's view the features take: per token its WS_SPAN_* flags
 * (whether it is a statement's cue or inside a quotation, set by
 * ws_span_prepare; the others
 * computed when first asked for, ws_span_flags), its word's hash and
 * class (filled as the features ask), with what is the same for every
 * position of the statement last scored.  Only the tokens around the
 * statements' boundaries are ever looked at. */
enum {
    WS_SPAN_CUE = 1,
    /* what the features count between two positions */
    WS_SPAN_END_MARK = 4, WS_SPAN_COMMA = 8, WS_SPAN_QUOTE = 16, WS_SPAN_CUEVERB = 64,
    WS_SPAN_BREAK = 32, /* a clause may end before it (ws_span_candidates' far ends) */
    WS_SPAN_EDGE = 128, /* ws_span_is_edge */
    WS_SPAN_KNOWN = 256, /* the flags above have been computed */
    WS_SPAN_INQ = 2, /* inside a quotation (marks included); set by ws_span_prepare */
    WS_SPAN_WKNOWN = 1024, /* the word's hash is in wh */
    WS_SPAN_AUX = 2048, /* an auxiliary: is, will, has ... */
    WS_SPAN_VERB = 4096, /* a finite verb by its word class (VBD, VBZ, VBP, MD) */
    WS_SPAN_VKNOWN = 8192 /* WS_SPAN_VERB has been looked up */
};
typedef struct ws_span_doc {
    const tokdoc *d;
    uint16_t *flag;   /* WS_SPAN_* a token (ws_span_flags) */
    struct { int b, e; } *quote; /* the quotations: opening and closing mark */
    int nquote;
    uint64_t *wh;     /* a token's word hash, once WS_SPAN_WKNOWN */
    uint8_t *sh;      /* a token's class, 0 until asked */
    const rawst *cur; /* the statement mh and lh are of */
    uint64_t mh, lh;  /* its method's and cue lemma's hashes */
    /* the counts of what lies between a position and the boundary of
     * statement bcur last scored (kind bkind, at bat, its cue bq0..bq1),
     * for the positions blo..bhi (span.c's between) */
    uint32_t *cum;
    const rawst *bcur;
    int bkind, bat, blo, bhi, bq0, bq1;
    /* the first auxiliary (WS_SPAN_AUX) in [alo, aend) of statement
     * acur's content, or aend */
    const rawst *acur;
    int alo, aend, aux;
    /* the word classes (the statement model's), or NULL: no verbs known */
    const ws_pos *pos;
    /* the first and last finite verb (WS_SPAN_VERB) in [vlo, vend) of
     * statement vcur's content, or vend and vlo - 1 */
    const rawst *vcur;
    int vlo, vend, vfirst, vlast;
} ws_span_doc;

/* Prepares SD for D and its statements RAW (or NULL), memory from A.
 * WS_OK or WS_NOMEM. */
int ws_span_prepare(arena *a, const tokdoc *d, const rawlist *raw, ws_span_doc *sd);

/* The WS_SPAN_* flags of token I (0 <= I <= the number of tokens) of
 * SD's document, computed the first time they are asked for. */
unsigned ws_span_flags(ws_span_doc *sd, int i);

/* The hashed features of boundary KIND of R at position P into
 * F[WS_SPAN_MAXF]; returns how many. */
int ws_span_features(ws_span_doc *sd, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int p, uint32_t *f);

/* Whether token I of D is punctuation or a quotation mark that the
 * scorers strip from a span's ends (so that positions differing by such
 * tokens alone are the same boundary). */
bool ws_span_is_edge(const tokdoc *d, int i);

/* Moves the content boundaries of every statement of RAW to the
 * positions M scores best (scratch memory from A; WC the word classes
 * M was trained with, or NULL).  WS_OK or
 * WS_NOMEM. */
int ws_span_apply(const ws_span_model *m, const ws_pos *wc, arena *a, const tokdoc *d, rawlist *raw);

/* Loads DIR/content.model.tsv into *OUT.  A missing file is WS_IO, as
 * a missing statement model is (the rules alone run only when asked
 * for); a bad one gives WS_PARSE or WS_IO; "PATH: what" in ERR. */
int ws_span_load(const char *dir, ws_span_model **out, char *err, size_t errlen);
void ws_span_free(ws_span_model *m);
/* Writes M (parameters and non-zero weights) with its header. */
int ws_span_write(FILE *out, const ws_span_model *m);

#endif
