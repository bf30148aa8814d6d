/*
 * cuestats.c -- learns which words are attribution cues from an annotated
 * corpus (`whosaid train`).
 *
 * Input: a CoreNLP-style token file as shipped with PolNeAR
 * (train.tokens.tsv): "# doc NAME" lines, blank lines between sentences,
 * and one token a line: start, end, word, lemma, POS, NER, role (BIO:
 * B-CUE, I-SOURCE, ...).  For every lowercased word the trainer counts how
 * often it occurs and how often it begins a cue, and the part of speech
 * it mostly has when it does (VBD said, VBZ says, VBG saying, VBN, NN).
 *
 * Output: data/cues.learned.tsv, sorted by word so that training is
 * deterministic:
 *
 *   word<TAB>cue_count<TAB>total_count<TAB>POS
 *
 * The lexicon (lexicon.c) reads it at start and treats a word as a cue
 * when it began a cue at least WS_CUE_MIN_COUNT times and in at least
 * WS_CUE_MIN_RATE of its occurrences.  The counts are kept, not the
 * decision, so a user can change the thresholds without retraining.
 */
#include "../base/base.h"
#include "whosaid_eval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define POS_SLOTS 8
static const char *const pos_names[POS_SLOTS] = {"VBD", "VBZ", "VBP", "VBG", "VBN", "VB", "NN", "OTHER"};

typedef struct cstat {
    char *word;
    long total, cue;
    long pos[POS_SLOTS];
} cstat;

/* The words seen: their statistics in V[0,n), in the order first seen,
 * and the index of each word's in IX. */
typedef struct ctab {
    ws_hmap ix;
    cstat *v;
    size_t n, cap;
} ctab;

/* The statistics of word W, made (zero) when it is new; NULL when out of
 * memory. */
static cstat *get(ctab *t, const char *w)
{
    size_t len = strlen(w);
    int64_t at;
    if (ws_hmap_get(&t->ix, w, len, &at)) return &t->v[at];
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 4096;
        cstat *nv = ws__realloc(t->v, nc * sizeof *nv);
        if (!nv) return NULL;
        t->v = nv;
        t->cap = nc;
    }
    cstat *s = &t->v[t->n];
    memset(s, 0, sizeof *s);
    s->word = ws__strndup(w, len);
    if (!s->word || ws_hmap_put(&t->ix, w, len, (int64_t)t->n) != WS_OK) {
        ws__free(s->word);
        return NULL;
    }
    t->n++;
    return s;
}

static int pos_slot(const char *p)
{
    if (!strncmp(p, "NN", 2)) return 6;
    for (int i = 0; i < 6; i++)
        if (!strcmp(p, pos_names[i])) return i;
    return 7;
}

static int cmp_word(const void *a, const void *b)
{
    const cstat *x = a, *y = b;
    return strcmp(x->word, y->word);
}

int ws_train_cues(const char *tsv, FILE *out, char *err, size_t errlen)
{
    FILE *f = fopen(tsv, "r");
    if (!f) {
        if (err) snprintf(err, errlen, "%s: %s", tsv, strerror(errno));
        return WS_IO;
    }
    ctab t = {.v = NULL, .n = 0, .cap = 0};
    ws_hmap_init(&t.ix, NULL);
    char line[8192];
    long ln = 0;
    int rc = WS_OK;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (!n || line[0] == '#') continue;
        char *fld[7];
        int nf = 0;
        char *p = line;
        fld[nf++] = p;
        for (; *p && nf < 7; p++)
            if (*p == '\t') { *p = 0; fld[nf++] = p + 1; }
        if (nf != 7) {
            if (err) snprintf(err, errlen, "%s:%ld: expected 7 tab-separated fields", tsv, ln);
            rc = WS_PARSE;
            break;
        }
        utf8proc_uint8_t *low = NULL;
        if (utf8proc_map((const utf8proc_uint8_t *)fld[2], 0, &low,
                         UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE) < 0) {
            if (err) snprintf(err, errlen, "%s:%ld: invalid UTF-8", tsv, ln);
            rc = WS_PARSE;
            break;
        }
        /* the curly apostrophe folds to ASCII, as the tokenizer does */
        char *w = (char *)low;
        for (char *q = w; (q = strstr(q, "\xe2\x80\x99")) != NULL;) {
            *q = '\'';
            memmove(q + 1, q + 3, strlen(q + 3) + 1);
        }
        cstat *s = get(&t, w);
        free(low);
        if (!s) { rc = WS_NOMEM; break; }
        s->total++;
        if (!strcmp(fld[6], "B-CUE")) {
            s->cue++;
            s->pos[pos_slot(fld[4])]++;
        }
    }
    if (rc == WS_OK && ferror(f)) rc = WS_IO;
    fclose(f);
    if (rc == WS_OK) {
        /* compact and sort for a deterministic file */
        size_t k = 0;
        for (size_t i = 0; i < t.n; i++)
            if (t.v[i].cue > 0) t.v[k++] = t.v[i];
            else ws__free(t.v[i].word);
        if (k > 1) qsort(t.v, k, sizeof *t.v, cmp_word);
        const char *base = strrchr(tsv, '/');
        fprintf(out, "# Cue statistics learned by `whosaid train` from %s.\n"
                     "# word<TAB>times it began a cue<TAB>times seen<TAB>its usual part of speech as a cue\n",
                base ? base + 1 : tsv);
        for (size_t i = 0; i < k; i++) {
            int best = 0;
            for (int j = 1; j < POS_SLOTS; j++)
                if (t.v[i].pos[j] > t.v[i].pos[best]) best = j;
            fprintf(out, "%s\t%ld\t%ld\t%s\n", t.v[i].word, t.v[i].cue, t.v[i].total, pos_names[best]);
            ws__free(t.v[i].word);
        }
        if (ferror(out)) rc = WS_IO;
    } else {
        for (size_t i = 0; i < t.n; i++) ws__free(t.v[i].word);
    }
    ws__free(t.v);
    ws_hmap_free(&t.ix);
    return rc;
}
