/*
 * attrib.h -- the attribution patterns (attrib/): what they find in a
 * tokenized document, before speakers are resolved.  Prefix att_.
 */
#ifndef WS_ATTRIB_H
#define WS_ATTRIB_H

#include "../segment/segment.h"

/* What the attribution patterns find, before speakers are resolved. */
typedef struct rawst {
    ws_kind kind;
    int c0, c1;      /* content tokens [c0,c1) */
    int c20, c21;    /* second content part or -1 */
    int q0, q1;      /* cue tokens */
    int s0, s1;      /* source tokens, -1 when none */
    int a0, a1;      /* the phrase naming the speaker when the source does
                        not ("who" -> "voters"), or -1 */
    int unit;
    ws_date date;
    const char *date_text;
    const char *venue;
    const char *method;
    double conf;
} rawst;

typedef struct rawlist {
    rawst *v;
    int n, cap;
} rawlist;

int ws_raw_push(arena *a, rawlist *l, const rawst *r);

/* Finds the attributions of every unit of D into OUT.  The statements'
 * strings are allocated in A; OUT's list and what ws_att_find needs only
 * while it runs, in TMP (ws__extract's scratch).  *TITLES receives (TMP
 * memory) the tokens k < d->n - 2 with LX_TITLE, in order, ending with
 * d->n: the list ws_spk_harvest reads, made in ws_att_find's pass over every
 * token. */
int ws_att_find(arena *a, arena *tmp, const ws_lexicon *lx, const tokdoc *d, ws_date ref,
             rawlist *out, const int **titles);

/* Drops from RAW the candidates (the patterns' or the model's) that what
 * stands around their cue says are no statement: a negated cue, a passive
 * whose subject would be the source, a source that cannot speak; a
 * pattern's candidate nested in a model proposal's content; a proposal
 * that repeats a pattern's statement at the adverb before its cue
 * (screen.c).  Keeps the order of the others. */
void ws_att_screen(const tokdoc *d, rawlist *raw);

#endif
