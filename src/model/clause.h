/*
 * clause.h -- the clause tagger (src/model/clause.c): what the content
 * boundaries (span.c, which loads it beside its own file and asks it
 * about the tokens its candidates touch) and `whosaid train --clause`
 * (src/train/clause_train.c) share.  Not API.  Prefix ws_clause_.
 *
 * For a token of a tokenized document, the tagger guesses which phrase
 * of the sentence's dependency parse ends with it: the relation of the
 * largest subtree whose last word (punctuation aside) the token is
 * (WS_CLAUSE_* below: the sentence's root, a clausal complement, an
 * adverbial clause, a relative clause, an object ...), or none.  A linear
 * scorer cannot see where a clause ends from the words at a boundary
 * alone; the tag says it from what the parses of PolNeAR train taught.
 * It is a multiclass perceptron, averaged, over hashed features of the
 * token, its neighbours and the sentence around it (the clause words and
 * speech verbs to its left, the punctuation to its right), computed for
 * one token at a time: tokens are tagged only where asked, each once.
 * Integer weights: the same tags on every machine.
 *
 * File format (data/clause.model.tsv; text, one record a line):
 *
 *   whosaid-clause<TAB>VERSION<TAB>BITS<TAB>RECORDS<TAB>CHECKSUM
 *   param<TAB>NAME<TAB>INTEGER        (samples)
 *   w<TAB>INDEX<TAB>WEIGHT            (INDEX = ROW * 16 + TAG < 2^BITS)
 *
 * as mfile.h describes; a missing, truncated or damaged file is refused
 * with one line naming it.
 */
#ifndef WS_CLAUSE_H
#define WS_CLAUSE_H

#include "../base/base.h"
#include "../segment/segment.h"
#include "model.h"

#include <stdio.h>

#define WS_CLAUSE_FILE "clause.model.tsv"
#define WS_CLAUSE_MAGIC "whosaid-clause"
#define WS_CLAUSE_VERSION 2
/* Feature rows; each row holds a weight for each of 16 tags. */
#define WS_CLAUSE_ROWBITS 15
#define WS_CLAUSE_BITS (WS_CLAUSE_ROWBITS + 4)
/* The most features one token has. */
#define WS_CLAUSE_MAXF 32

/* The tags: the relation of the largest subtree a token ends. */
enum ws_clause_tag {
    WS_CLAUSE_NONE = 0, /* a word inside a phrase, punctuation, a small phrase */
    WS_CLAUSE_ROOT,     /* the sentence */
    WS_CLAUSE_CCOMP,    /* a clausal complement: "said [the bridge will reopen]" */
    WS_CLAUSE_ADVCL,    /* an adverbial clause: "[While X said A], B" */
    WS_CLAUSE_ACL,      /* a clause of a noun, relative or not */
    WS_CLAUSE_CONJ,     /* a conjunct */
    WS_CLAUSE_PARATAXIS,
    WS_CLAUSE_XCOMP,    /* an open complement: "wants [to go]" */
    WS_CLAUSE_OBJ,      /* an object: "praised [the mayor]" */
    WS_CLAUSE_NMOD,     /* a noun's or verb's prepositional phrase */
    WS_CLAUSE_SUBJ,     /* a subject */
    WS_CLAUSE_OTHER,    /* another phrase with words of its own */
    WS_CLAUSE_NTAGS
};

typedef struct ws_clause {
    int bits;
    ws_weight *w;    /* 2^bits weights, fixed point (model.h) */
    int samples;     /* tokens it learned from (information) */
} ws_clause;

/* What the features of a document's tokens cache: a token's word hash
 * (D->n + 1 of them, 0 until computed). */
typedef struct ws_clause_src {
    const tokdoc *d;
    uint64_t *wh;
} ws_clause_src;

/* The tag of the dependency relation REL (a CoNLL-U DEPREL such as
 * "ccomp", "acl:relcl", "nmod:tmod"); WS_CLAUSE_OTHER for one not
 * listed, WS_CLAUSE_NONE for punctuation. */
int ws_clause_of_rel(const char *rel);

/* The feature rows (each < 2^WS_CLAUSE_ROWBITS) of token I of S's
 * document into F[WS_CLAUSE_MAXF]; returns how many. */
int ws_clause_features(ws_clause_src *s, int i, uint32_t *f);

/* The best tag of M for features F[n]. */
int ws_clause_best(const ws_clause *m, const uint32_t *f, int n);

/* A document's tags, computed when first asked for. */
typedef struct ws_clause_doc {
    const ws_clause *m;
    const tokdoc *d;
    uint8_t *tag;   /* a token's tag + 1; 0 until asked */
    ws_clause_src src;
} ws_clause_doc;

/* Prepares S for D (memory from A).  WS_OK or WS_NOMEM. */
int ws_clause_src_init(arena *a, const tokdoc *d, ws_clause_src *s);
/* Prepares CD for D (memory from A).  WS_OK or WS_NOMEM. */
int ws_clause_prepare(arena *a, const ws_clause *m, const tokdoc *d, ws_clause_doc *cd);

/* The tag of token I of CD's document (WS_CLAUSE_NONE outside it). */
int ws_clause_tag_slow(ws_clause_doc *cd, int i);
static inline int ws_clause_tag(ws_clause_doc *cd, int i)
{
    if (i < 0 || i >= cd->d->n) return WS_CLAUSE_NONE;
    return cd->tag[i] ? cd->tag[i] - 1 : ws_clause_tag_slow(cd, i);
}

/* Loads DIR/clause.model.tsv into *OUT.  WS_IO (missing, unreadable),
 * WS_PARSE or WS_NOMEM with "PATH[:LINE]: what" in ERR. */
int ws_clause_load(const char *dir, ws_clause **out, char *err, size_t errlen);
void ws_clause_free(ws_clause *m);
/* Writes M (parameters and non-zero weights) with its header. */
int ws_clause_write(FILE *out, const ws_clause *m);

#endif
