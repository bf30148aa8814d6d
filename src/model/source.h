/*
 * source.h -- the learned source boundaries (src/model/source.c): what the
 * lexicon (loading), the extractor (applying) and `whosaid train --source`
 * (src/train/source_train.c) share.  Not API.  Prefix ws_source_.
 *
 * The attribution patterns give each statement a source span, which
 * speaker resolution reads for the name, title and affiliation.  The
 * source model chooses the span the statement reports as its source, as
 * PolNeAR marks sources: how far a name extends ("Senate Majority Leader
 * Mitch McConnell"), whether an apposition or relative clause belongs to
 * it ("X, a former governor, said"; never a relative clause after a comma,
 * "X, who chairs the committee, said": the speaker is X), where a long
 * noun phrase starts.  It never changes the span speaker resolution reads: the
 * speaker stays what the patterns' span gives.
 *
 * Two boundaries a source: its first token and its end.  For each, the
 * candidates are positions near the patterns' boundary (up to
 * WS_SOURCE_NEAR tokens either way; an end past the patterns' only where a
 * phrase ends, before punctuation or a quotation mark) and, for the end,
 * the farther positions up to WS_SOURCE_FAR tokens on that stop at a
 * comma, a quotation mark or the limit; all within the limits of the statement's
 * unit, its cue and its content (ws_source_limits).  Each is scored by
 * hashed features (the words and classes on either side, how far and
 * which way it moves, what lies between it and the patterns' boundary,
 * the length of the span it gives, the cue word); the best wins, the
 * patterns' own on a tie (a ranking perceptron a boundary, integer
 * weights: the same choice on every machine).
 *
 * File format (data/source.model.tsv; read by mfile.c):
 *
 *   whosaid-source<TAB>VERSION<TAB>BITS<TAB>RECORDS<TAB>CHECKSUM
 *   param<TAB>samples<TAB>INTEGER
 *   w<TAB>INDEX<TAB>WEIGHT            (INDEX < 2^BITS, sorted)
 */
#ifndef WS_SOURCE_H
#define WS_SOURCE_H

#include "../base/base.h"
#include "../segment/segment.h"
#include "../attrib/attrib.h"
#include "model.h"

#include <stdio.h>

#define WS_SOURCE_FILE "source.model.tsv"
#define WS_SOURCE_MAGIC "whosaid-source"
#define WS_SOURCE_VERSION 1
#define WS_SOURCE_BITS 18
/* The most features one position has (ws_source_features). */
#define WS_SOURCE_MAXF 24
/* How far a boundary moves freely; how far an end may reach a stop. */
#define WS_SOURCE_NEAR 6
#define WS_SOURCE_FAR 40
/* The most candidates of one boundary. */
#define WS_SOURCE_MAXC 32

enum ws_source_kind { WS_SOURCE_START = 0, WS_SOURCE_END = 1, WS_SOURCE_NKINDS = 2 };

typedef struct ws_source_model {
    int bits;
    ws_weight *w; /* 2^bits weights, fixed point (model.h) */
    int samples;  /* boundaries it learned from (information) */
} ws_source_model;

/* The tokens [*LO, *HI) a source of R in D may cover: R's unit, on R's
 * source's side of its cue, clear of its content.  False when R has no
 * source or one the model does not handle (not wholly on one side of the
 * cue, or outside those limits). */
bool ws_source_limits(const tokdoc *d, const rawst *r, int *lo, int *hi);

/* Mends the patterns' and proposals' source spans of RAW where their
 * shape is wrong, before the source model and speaker resolution read
 * them: a word opening the sentence's setting taken for its subject
 * ("Ultimately, X refused": X), a phrase set off by dashes before the
 * cue taken for the speaker ("X -- a Y who backs Z -- said": X), a time
 * taken for the subject before it ("X had last month charged": X), a
 * participle or time after the subject's comma ("X, speaking at a
 * rally, warned": X),
 * dashes at a source's edges, and a participle's subject: the missing
 * one after its clause ("X walked in, chanting ...": X) or opening the
 * sentence ("Noting that ..., X added": X), the source of
 * the statement whose cue comes right before ('"...," he said, adding':
 * he) or whose content holds its pronoun ("X said she doubted it,
 * arguing": X).  The speaker is then read from the mended span. */
void ws_source_repair(const ws_lexicon *lx, const tokdoc *d, rawlist *raw);

/* The positions boundary KIND of R may take (limits LO, HI) into
 * POS[WS_SOURCE_MAXC], the patterns' own first; returns how many. */
int ws_source_candidates(const tokdoc *d, const rawst *r, int lo, int hi, int kind, int *pos);

/* The hashed features of boundary KIND of R at position P into
 * F[WS_SOURCE_MAXF]; returns how many. */
int ws_source_features(const tokdoc *d, const rawst *r, int lo, int hi, int kind, int p, uint32_t *f);

/* The source span M chooses for each statement of RAW into
 * SPAN[2 * RAW->n] (start, end; the patterns' span where the model does
 * not handle the statement). */
void ws_source_apply(const ws_source_model *m, const tokdoc *d, const rawlist *raw, int *span);

/* Loads DIR/source.model.tsv into *OUT.  A missing file is WS_IO; a bad
 * one WS_PARSE or WS_IO; "PATH: what" in ERR. */
int ws_source_load(const char *dir, ws_source_model **out, char *err, size_t errlen);
void ws_source_free(ws_source_model *m);
/* Writes M (parameters and non-zero weights) with its header. */
int ws_source_write(FILE *out, const ws_source_model *m);

#endif
