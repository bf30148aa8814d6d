/*
 * extract.c -- the extractor: one document in, its statements out.
 *
 * Runs the stages in the order data flows: tokens and units
 * (segment/tokenize.c), quotation marks (segment/quotes.c), attribution
 * patterns (attrib/patterns.c), then for each attribution its speaker
 * (speaker/speaker.c: name, title, affiliation; pronouns and surnames
 * resolved within the document), its date (date/date.c, found by the
 * patterns) and its cluster key (cluster/cluster.c).
 *
 * What the statements hold (their strings, the names) lives in the
 * extractor's arena, reset at its next call; what only the extraction
 * needs (the tokens, the patterns' lists, the raw statements, the speaker
 * records, the cluster keys' buffers) lives in a scratch arena, reset at
 * every call.  A pipeline keeps one scratch arena a thread and gives it
 * to the extractors that thread runs (ws__extract): each document's tokens
 * are then written over the last document's, memory still in the core's
 * cache, instead of into the arena of one of 64 extractors in turn, last
 * touched 64 documents before (the window's token arrays do not fit in a
 * core's cache); and memory stays bounded by the largest document.
 */
#include "extract.h"
#include "attrib/attrib.h"
#include "model/model.h"
#include "model/span.h"
#include "model/source.h"
#include "speaker/speaker.h"
#include "speaker/names.h"

#include <stdlib.h>
#include <string.h>

struct ws_extractor {
    const ws_lexicon *lx;
    arena a;   /* the statements, their strings, the names */
    arena tmp; /* ws_extract's scratch */
    size_t max_doc;
    ws_statement *st;
    size_t n;
    const char **names;
    size_t nnames;
};

int ws_extractor_new(const ws_lexicon *lx, ws_extractor **out)
{
    *out = NULL;
    if (!lx) return WS_USAGE;
    ws_extractor *ex = ws__calloc(1, sizeof *ex);
    if (!ex) return WS_NOMEM;
    ex->lx = lx;
    ex->max_doc = WS_DEFAULT_MAX_DOC;
    ws_arena_init(&ex->a);
    ws_arena_init(&ex->tmp);
    *out = ex;
    return WS_OK;
}

void ws_extractor_set_max_doc(ws_extractor *ex, size_t bytes) { ex->max_doc = bytes; }

void ws_extractor_free(ws_extractor *ex)
{
    if (!ex) return;
    ws_arena_free(&ex->a);
    ws_arena_free(&ex->tmp);
    ws__free(ex);
}

size_t ws_extract_names(const ws_extractor *ex, const char *const **names)
{
    *names = ex->names;
    return ex->nnames;
}

/* ws_span_of (segment/tokenize.c) inlined: four of them a statement. */
static inline ws_span span_at(const tokdoc *d, int t0, int t1)
{
    if (t0 < 0 || t1 <= t0 || t1 > d->n) return (ws_span){-1, -1, -1, -1};
    const tok *a = &d->t[t0], *z = &d->t[t1 - 1];
    return (ws_span){a->cb, z->ce, a->b, z->e};
}

static int cmp_raw(const void *x, const void *y)
{
    const rawst *a = x, *b = y;
    int ka = a->s0 >= 0 && a->s0 < a->q0 ? a->s0 : a->q0;
    int kb = b->s0 >= 0 && b->s0 < b->q0 ? b->s0 : b->q0;
    int pa = a->c0 < ka ? a->c0 : ka, pb = b->c0 < kb ? b->c0 : kb;
    if (pa != pb) return pa < pb ? -1 : 1;
    return a->q0 < b->q0 ? -1 : a->q0 > b->q0;
}

/* Sorts the raw statements by cmp_raw, stably, as glibc's qsort (a merge
 * sort) did: a stable order by a consistent comparison is unique.  By
 * insertion for the usual few dozen, nearly in order already; qsort past
 * 64. */
static void sort_raw(rawst *v, int n)
{
    if (n > 64) {
        qsort(v, (size_t)n, sizeof *v, cmp_raw);
        return;
    }
    for (int i = 1; i < n; i++) {
        if (cmp_raw(&v[i - 1], &v[i]) <= 0) continue;
        rawst x = v[i];
        int j = i;
        while (j > 0 && cmp_raw(&v[j - 1], &x) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* The cluster key of statement ST of DOC: the key of the content, xored
 * with the key of a second part times a constant (the key covers both
 * parts). */
static uint64_t cluster_key(const ws_doc *doc, const ws_statement *st)
{
    uint64_t key = ws_cluster_key(doc->text + st->content.bstart,
                                  (size_t)(st->content.bend - st->content.bstart));
    if (st->content2.start >= 0)
        key ^= ws_cluster_key(doc->text + st->content2.bstart,
                              (size_t)(st->content2.bend - st->content2.bstart)) *
               0x9E3779B97F4A7C15ull;
    return key;
}

int ws_extract(ws_extractor *ex, const ws_doc *doc, const ws_statement **st, size_t *n)
{
    return ws__extract(ex, &ex->tmp, doc, st, n);
}

int ws__extract(ws_extractor *ex, arena *scratch, const ws_doc *doc, const ws_statement **st, size_t *n)
{
    *st = NULL;
    *n = 0;
    ex->st = NULL;
    ex->n = 0;
    ex->names = NULL;
    ex->nnames = 0;
    ws_arena_reset(&ex->a);
    ws_arena_reset(scratch);
    if (doc->text_len > ex->max_doc) return WS_TOOBIG;
    if (doc->text_len > UINT32_MAX / 2) return WS_TOOBIG;
    tokdoc d;
    int rc = ws_tok_document(scratch, ex->lx, doc->text ? doc->text : "", doc->text_len, &d);
    if (rc != WS_OK) return rc;
    /* "May Chen said": a given name in a name's place is no month or verb */
    ws_spk_given_names(ex->lx, &d);
    rawlist raw = {NULL, 0, 0};
    const int *titles;
    rc = ws_att_find(&ex->a, scratch, ex->lx, &d, doc->date, &raw, &titles);
    if (rc != WS_OK) return rc;
    /* the learned model keeps the candidates it takes for attributions */
    const ws_model *model = ws_lx_model(ex->lx);
    if (model && (rc = ws_model_apply(model, scratch, &d, &raw)) != WS_OK) return rc;
    ws_att_screen(&d, &raw);
    /* the learned content boundaries replace the patterns' */
    const ws_span_model *span = ws_lx_span(ex->lx);
    if (span && (rc = ws_span_apply(span, model ? model->pos : NULL, scratch, &d, &raw)) != WS_OK) return rc;
    const char **hv;
    int nh;
    rc = ws_spk_harvest(&ex->a, ex->lx, &d, titles, &hv, &nh);
    if (rc != WS_OK) return rc;
    sort_raw(raw.v, raw.n);

    ws_statement *out = ws_arena_alloc(&ex->a, (size_t)(raw.n ? raw.n : 1) * sizeof *out);
    const char **names = ws_arena_alloc(&ex->a, (size_t)(nh + raw.n + 1) * sizeof *names);
    if (!out || !names) return WS_NOMEM;
    int nn = 0;
    for (int i = 0; i < nh; i++) names[nn++] = hv[i];
    spk_info *info = ws_arena_alloc(scratch, (size_t)(raw.n ? raw.n : 1) * sizeof *info);
    /* the source spans as reported (the learned model's); the speaker is
     * read from the patterns' */
    int *src = ws_arena_alloc(scratch, (size_t)(raw.n ? raw.n : 1) * 2 * sizeof *src);
    if (!info || !src) return WS_NOMEM;
    /* the sources' shape mended (the speaker is read from the mended
     * span), then their boundaries learned */
    ws_source_repair(ex->lx, &d, &raw);
    ws_source_apply(ws_lx_source(ex->lx), &d, &raw, src);
    for (int i = 0; i < raw.n; i++) {
        const rawst *rw = &raw.v[i];
        rc = rw->a0 >= 0 ? ws_spk_parse(&ex->a, ex->lx, &d, rw->a0, rw->a1, &info[i])
                         : ws_spk_parse(&ex->a, ex->lx, &d, rw->s0, rw->s1, &info[i]);
        if (rc != WS_OK) return rc;
        if (info[i].is_person && !info[i].surname_only) names[nn++] = info[i].name;
    }
    /* pronouns and surnames within the document (speaker/resolve.c) */
    rc = ws_spk_resolve_doc(scratch, info, raw.n, names, nn);
    if (rc != WS_OK) return rc;
    for (int i = 0; i < raw.n; i++) {
        const rawst *r = &raw.v[i];
        const spk_info *sp = &info[i];
        ws_statement *s = &out[i];
        s->kind = r->kind;
        s->content = span_at(&d, r->c0, r->c1);
        s->content2 = span_at(&d, r->c20, r->c21);
        s->cue = span_at(&d, r->q0, r->q1);
        s->source = span_at(&d, src[(size_t)2 * i], src[(size_t)2 * i + 1]);
        s->speaker = sp->name;
        s->speaker_is_person = sp->is_person;
        /* a pronoun's title is not the person's it stands for */
        s->title = sp->is_pronoun ? NULL : sp->title;
        s->affiliation = sp->is_pronoun ? NULL : sp->affiliation;
        s->date = r->date;
        s->date_text = r->date_text;
        s->venue = r->venue;
        s->method = r->method;
        s->confidence = r->conf;
        s->cluster = cluster_key(doc, s);
    }
    /* he, she, they, it and a title alone (speaker/pronoun.c) */
    rc = ws_spk_pronouns(&ex->a, scratch, ex->lx, &d, raw.v, info, out, raw.n, names, nn);
    if (rc != WS_OK) return rc;
    ex->st = out;
    ex->n = (size_t)raw.n;
    ex->names = names;
    ex->nnames = (size_t)nn;
    *st = out;
    *n = ex->n;
    return WS_OK;
}
