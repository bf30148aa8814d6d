/*
 * eval.c -- the attribution scorer: predicted attributions against gold
 * ones, figure for figure as ../shared/tools/attrib_eval.py computes them.
 *
 * Everything is done on token sets.  The article is decoded to code points
 * (invalid UTF-8 bytes as one U+FFFD each; "\r\n" and "\r" as one "\n",
 * which is what Python's text mode does) and cut into tokens with the
 * reference's regular expression \w+|[^\w\s] (Python 3, str patterns):
 *
 *   \w   letters (Lu Ll Lt Lm Lo), numbers (Nd Nl No) and '_': Python's
 *        str.isalnum() plus '_'.  Combining marks are not \w.
 *   \s   Zs, or bidirectional class WS, B or S: Python's str.isspace().
 *
 * A role's token set is every token lying wholly inside one of its ranges;
 * for exact matching and for linking, tokens that are one of the EDGE
 * characters (punctuation and quotation marks) are dropped from both ends.
 *
 *   exact    per role, the multiset intersection of non-empty stripped sets
 *   overlap  per role, |gold tokens & predicted tokens| over the unions of
 *            each side's unstripped sets
 *   linked   candidate pairs (gold i, predicted j) with Dice(content) >= 0.5
 *            and, when gold i has a source, a shared source token; taken
 *            greedily in descending (dice, i, j) order, as Python's
 *            sorted(reverse=True) orders the tuples, each side used once
 *   kinds    a gold attribution is "quoted" when its content text holds
 *            '"', U+201C or U+201D
 *
 * Dice is computed as 2*inter/(|g|+|p|) in double precision, so ties
 * compare exactly as they do in Python.
 *
 * Known limits: Unicode character classes follow utf8proc's tables, which
 * may be a version apart from the Python running the reference; the
 * difference would only show on characters added to Unicode recently.
 * Per-article scratch memory is one arena, reset for each article.
 */
#include "eval.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

typedef struct tokset {
    int *id;
    int n;
} tokset;

typedef struct doctoks {
    const int32_t *cp; /* code points */
    int64_t ncp;
    int64_t *a, *b;    /* token [a,b) in code points */
    int32_t *c;        /* first code point of the token */
    int n;
} doctoks;

static int is_word(int32_t c)
{
    if (c == '_') return 1;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int is_space(int32_t c)
{
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F)) return 1;
    if (c < 0x80) return 0;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    return p->category == UTF8PROC_CATEGORY_ZS || p->bidi_class == UTF8PROC_BIDI_CLASS_WS ||
           p->bidi_class == UTF8PROC_BIDI_CLASS_B || p->bidi_class == UTF8PROC_BIDI_CLASS_S;
}

/* The reference's EDGE set: stripped from both ends for exact matching. */
static int is_edge(int32_t c)
{
    static const int32_t edge[] = {'.', ',', ';', ':', '!', '?', '"', '\'', 0x201C, 0x201D, 0x2018,
                                   0x2019, 0xAB, 0xBB, '(', ')', '[', ']', '{', '}', '-', 0x2013,
                                   0x2014, 0x2026, '*'};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        if (edge[i] == c) return 1;
    return 0;
}

/* Decodes TEXT into code points as Python's text mode reads it. */
static int decode(arena *a, const char *text, size_t len, doctoks *d)
{
    int32_t *cp = ws_arena_alloc(a, (len + 1) * sizeof *cp);
    if (!cp) return WS_NOMEM;
    int64_t n = 0;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) {
            c = 0xFFFD;
            k = 1;
        }
        i += (size_t)k;
        if (c == '\r') {
            c = '\n';
            if (i < len && text[i] == '\n') i++;
        }
        cp[n++] = c;
    }
    d->cp = cp;
    d->ncp = n;
    return WS_OK;
}

static int tokenize(arena *a, doctoks *d)
{
    int cap = 0;
    for (int64_t i = 0; i < d->ncp; i++) cap += !is_space(d->cp[i]);
    d->a = ws_arena_alloc(a, (size_t)(cap + 1) * sizeof *d->a);
    d->b = ws_arena_alloc(a, (size_t)(cap + 1) * sizeof *d->b);
    d->c = ws_arena_alloc(a, (size_t)(cap + 1) * sizeof *d->c);
    if (!d->a || !d->b || !d->c) return WS_NOMEM;
    int n = 0;
    for (int64_t i = 0; i < d->ncp;) {
        int32_t c = d->cp[i];
        if (is_space(c)) { i++; continue; }
        int64_t j = i + 1;
        if (is_word(c))
            while (j < d->ncp && is_word(d->cp[j])) j++;
        d->a[n] = i;
        d->b[n] = j;
        d->c[n] = c;
        n++;
        i = j;
    }
    d->n = n;
    return WS_OK;
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* The first token starting at or after S. */
static int first_from(const doctoks *d, int64_t s)
{
    int lo = 0, hi = d->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (d->a[mid] < s) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The tokens wholly inside one of R[nr], sorted, optionally stripped of
 * EDGE tokens at both ends. */
static int token_set(arena *a, const doctoks *d, const brat_range *r, int nr, int strip, tokset *out)
{
    int total = 0;
    for (int k = 0; k < nr; k++)
        for (int t = first_from(d, r[k].s); t < d->n && d->b[t] <= r[k].e; t++) total++;
    out->id = ws_arena_alloc(a, (size_t)(total + 1) * sizeof *out->id);
    if (!out->id) return WS_NOMEM;
    int n = 0;
    for (int k = 0; k < nr; k++)
        for (int t = first_from(d, r[k].s); t < d->n && d->b[t] <= r[k].e; t++) out->id[n++] = t;
    if (nr > 1 && n > 1) {
        qsort(out->id, (size_t)n, sizeof *out->id, cmp_int);
        int m = 1;
        for (int i = 1; i < n; i++)
            if (out->id[i] != out->id[m - 1]) out->id[m++] = out->id[i];
        n = m;
    }
    int lo = 0;
    if (strip) {
        while (lo < n && is_edge(d->c[out->id[lo]])) lo++;
        while (n > lo && is_edge(d->c[out->id[n - 1]])) n--;
    }
    out->id += lo;
    out->n = n - lo;
    return WS_OK;
}

static int set_equal(const tokset *x, const tokset *y)
{
    return x->n == y->n && (x->n == 0 || !memcmp(x->id, y->id, (size_t)x->n * sizeof *x->id));
}

static int set_inter(const tokset *x, const tokset *y)
{
    int i = 0, j = 0, n = 0;
    while (i < x->n && j < y->n) {
        if (x->id[i] < y->id[j]) i++;
        else if (x->id[i] > y->id[j]) j++;
        else { n++; i++; j++; }
    }
    return n;
}

typedef struct pair {
    double dice;
    int i, j;
} pair;

/* Descending (dice, i, j), as sorted(..., reverse=True) orders tuples. */
static int cmp_pair_desc(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->dice != q->dice) return p->dice < q->dice ? 1 : -1;
    if (p->i != q->i) return p->i < q->i ? 1 : -1;
    if (p->j != q->j) return p->j < q->j ? 1 : -1;
    return 0;
}

/* Appends the text of R[n] (code points of D, clamped) to B, line breaks
 * and tabs as spaces, parts joined by " ... ". */
static int put_ranges(buf *b, const doctoks *d, const brat_range *r, int n)
{
    if (!n) return ws_buf_putc(b, '-');
    for (int k = 0; k < n; k++) {
        if (k && ws_buf_append(b, " ... ", 5) != WS_OK) return WS_NOMEM;
        int64_t s = r[k].s < 0 ? 0 : r[k].s, e = r[k].e > d->ncp ? d->ncp : r[k].e;
        for (int64_t i = s; i < e; i++) {
            int32_t c = d->cp[i];
            if (c == '\n' || c == '\t') c = ' ';
            utf8proc_uint8_t u[4];
            utf8proc_ssize_t l = utf8proc_encode_char(c, u);
            if (ws_buf_append(b, (const char *)u, (size_t)l) != WS_OK) return WS_NOMEM;
        }
    }
    return WS_OK;
}

/* "source | cue | content" of T as a heap string. */
static char *describe(const doctoks *d, const brat_att *t)
{
    buf b = {0};
    static const int order[] = {EV_SOURCE, EV_CUE, EV_CONTENT};
    for (int k = 0; k < 3; k++) {
        if ((k && ws_buf_append(&b, " | ", 3) != WS_OK) || put_ranges(&b, d, t->r[order[k]], t->n[order[k]]) != WS_OK) {
            ws_buf_free(&b);
            return NULL;
        }
    }
    return b.p;
}

static void article_clear(ev_article *x)
{
    ws__free(x->name);
    for (size_t i = 0; i < x->nmissed; i++) ws__free(x->missed[i]);
    for (size_t i = 0; i < x->nspurious; i++) ws__free(x->spurious[i]);
    ws__free(x->missed);
    ws__free(x->spurious);
    memset(x, 0, sizeof *x);
}

/* Builds article record X: name, counts, the unlinked attributions. */
static int make_article(ev_article *x, const char *name, const doctoks *d, const brat_att *gold, int ng,
                        const char *used_g, const brat_att *pred, int np, const char *used_p, long linked)
{
    memset(x, 0, sizeof *x);
    x->name = ws__strndup(name ? name : "", strlen(name ? name : ""));
    x->gold = ng;
    x->pred = np;
    x->linked = linked;
    x->missed = ws__calloc((size_t)(ng - linked) + 1, sizeof *x->missed);
    x->spurious = ws__calloc((size_t)(np - linked) + 1, sizeof *x->spurious);
    if (!x->name || !x->missed || !x->spurious) goto nomem;
    for (int i = 0; i < ng; i++) {
        if (used_g[i]) continue;
        if (!(x->missed[x->nmissed] = describe(d, &gold[i]))) goto nomem;
        x->nmissed++;
    }
    for (int j = 0; j < np; j++) {
        if (used_p[j]) continue;
        if (!(x->spurious[x->nspurious] = describe(d, &pred[j]))) goto nomem;
        x->nspurious++;
    }
    return WS_OK;
nomem:
    article_clear(x);
    return WS_NOMEM;
}

/* ws_ev_add_parsed: see eval.h.  All counts are computed first and added to
 * EV only when nothing failed, so that WS_NOMEM leaves EV unchanged. */
int ws_ev_add_parsed(ws_eval *ev, const char *name, const char *text, size_t len, const brat_att *gold,
                  int ng, const brat_att *pred, int np)
{
    arena *a = &ev->a;
    doctoks d;
    if (decode(a, text ? text : "", text ? len : 0, &d) != WS_OK || tokenize(a, &d) != WS_OK) return WS_NOMEM;
    if (ev->nart == ev->cap) {
        size_t cap = ev->cap ? ev->cap * 2 : 64;
        ev_article *na = ws__realloc(ev->art, cap * sizeof *na);
        if (!na) return WS_NOMEM;
        ev->art = na;
        ev->cap = cap;
    }
    /* Stripped token sets of every role of every attribution. */
    tokset *G = ws_arena_alloc(a, (size_t)(ng + 1) * EV_NROLES * sizeof *G);
    tokset *P = ws_arena_alloc(a, (size_t)(np + 1) * EV_NROLES * sizeof *P);
    uint8_t *mark = ws_arena_alloc(a, (size_t)d.n + 1);
    char *used_g = ws_arena_alloc(a, (size_t)ng + 1), *used_p = ws_arena_alloc(a, (size_t)np + 1);
    char *taken = ws_arena_alloc(a, (size_t)ng + 1);
    if (!G || !P || !mark || !used_g || !used_p || !taken) return WS_NOMEM;
    for (int i = 0; i < ng; i++)
        for (int r = 0; r < EV_NROLES; r++)
            if (token_set(a, &d, gold[i].r[r], gold[i].n[r], 1, &G[i * EV_NROLES + r]) != WS_OK) return WS_NOMEM;
    for (int j = 0; j < np; j++)
        for (int r = 0; r < EV_NROLES; r++)
            if (token_set(a, &d, pred[j].r[r], pred[j].n[r], 1, &P[j * EV_NROLES + r]) != WS_OK) return WS_NOMEM;

    long exact[EV_NROLES][3], over[EV_NROLES][3];
    for (int r = 0; r < EV_NROLES; r++) {
        /* exact: each predicted non-empty set takes an equal gold one */
        memset(taken, 0, (size_t)ng + 1);
        long tp = 0, npred = 0, ngold = 0;
        for (int i = 0; i < ng; i++) ngold += G[i * EV_NROLES + r].n > 0;
        for (int j = 0; j < np; j++) {
            const tokset *s = &P[j * EV_NROLES + r];
            if (!s->n) continue;
            npred++;
            for (int i = 0; i < ng; i++) {
                if (taken[i] || !G[i * EV_NROLES + r].n || !set_equal(s, &G[i * EV_NROLES + r])) continue;
                taken[i] = 1;
                tp++;
                break;
            }
        }
        exact[r][0] = tp;
        exact[r][1] = npred;
        exact[r][2] = ngold;
        /* overlap: unions of the unstripped sets, bit 1 gold, bit 2 pred */
        memset(mark, 0, (size_t)d.n + 1);
        for (int side = 0; side < 2; side++) {
            const brat_att *v = side ? pred : gold;
            int nv = side ? np : ng;
            for (int i = 0; i < nv; i++) {
                tokset s;
                if (token_set(a, &d, v[i].r[r], v[i].n[r], 0, &s) != WS_OK) return WS_NOMEM;
                for (int k = 0; k < s.n; k++) mark[s.id[k]] |= (uint8_t)(1u << side);
            }
        }
        long both = 0, pu = 0, gu = 0;
        for (int t = 0; t < d.n; t++) {
            gu += mark[t] & 1;
            pu += (mark[t] >> 1) & 1;
            both += mark[t] == 3;
        }
        over[r][0] = both;
        over[r][1] = pu;
        over[r][2] = gu;
    }

    /* linked: candidate pairs, best first, one to one */
    size_t npairs = 0;
    pair *pairs = ws_arena_alloc(a, ((size_t)ng * (size_t)np + 1) * sizeof *pairs);
    if (!pairs) return WS_NOMEM;
    for (int i = 0; i < ng; i++) {
        const tokset *gc = &G[i * EV_NROLES + EV_CONTENT], *gs = &G[i * EV_NROLES + EV_SOURCE];
        for (int j = 0; j < np; j++) {
            const tokset *pc = &P[j * EV_NROLES + EV_CONTENT], *ps = &P[j * EV_NROLES + EV_SOURCE];
            int inter = set_inter(gc, pc);
            if (!inter) continue;
            double dice = (double)(2 * inter) / (double)(gc->n + pc->n);
            if (dice < 0.5) continue;
            if (gs->n && !set_inter(gs, ps)) continue;
            pairs[npairs++] = (pair){dice, i, j};
        }
    }
    qsort(pairs, npairs, sizeof *pairs, cmp_pair_desc);
    memset(used_g, 0, (size_t)ng + 1);
    memset(used_p, 0, (size_t)np + 1);
    long linked = 0;
    for (size_t k = 0; k < npairs; k++) {
        if (used_g[pairs[k].i] || used_p[pairs[k].j]) continue;
        used_g[pairs[k].i] = used_p[pairs[k].j] = 1;
        linked++;
    }

    /* quoted or not: a quotation mark anywhere in the gold content text */
    long q[2] = {0, 0}, u[2] = {0, 0};
    for (int i = 0; i < ng; i++) {
        int quoted = 0;
        for (int k = 0; k < gold[i].n[EV_CONTENT] && !quoted; k++) {
            const brat_range *r = &gold[i].r[EV_CONTENT][k];
            int64_t s = r->s < 0 ? 0 : r->s, e = r->e > d.ncp ? d.ncp : r->e;
            for (int64_t c = s; c < e; c++)
                if (d.cp[c] == '"' || d.cp[c] == 0x201C || d.cp[c] == 0x201D) { quoted = 1; break; }
        }
        long *x = quoted ? q : u;
        x[1]++;
        x[0] += used_g[i];
    }

    ev_article *art = &ev->art[ev->nart];
    if (make_article(art, name, &d, gold, ng, used_g, pred, np, used_p, linked) != WS_OK) return WS_NOMEM;
    ev->nart++;
    for (int r = 0; r < EV_NROLES; r++)
        for (int k = 0; k < 3; k++) {
            ev->exact[r][k] += exact[r][k];
            ev->over[r][k] += over[r][k];
        }
    ev->linked[0] += linked;
    ev->linked[1] += np;
    ev->linked[2] += ng;
    ev->quoted[0] += q[0];
    ev->quoted[1] += q[1];
    ev->unquoted[0] += u[0];
    ev->unquoted[1] += u[1];
    return WS_OK;
}

/* ------------------------------------------------------------ public API */

int ws_eval_new(ws_eval **out)
{
    ws_eval *ev = ws__calloc(1, sizeof *ev);
    if (!ev) return WS_NOMEM;
    ws_arena_init(&ev->a);
    *out = ev;
    return WS_OK;
}

void ws_eval_free(ws_eval *ev)
{
    if (!ev) return;
    for (size_t i = 0; i < ev->nart; i++) article_clear(&ev->art[i]);
    ws__free(ev->art);
    ws_arena_free(&ev->a);
    ws__free(ev);
}

int ws_eval_add_brat(ws_eval *ev, const char *name, const char *text, size_t len, const char *gold,
                     size_t gold_len, const char *pred, size_t pred_len)
{
    if (!ev || (!gold && gold_len)) return WS_USAGE;
    ws_arena_reset(&ev->a);
    brat_att *g, *p = NULL;
    int ng, np = 0;
    int rc = ws_brat_parse(&ev->a, gold ? gold : "", gold_len, &g, &ng);
    if (rc == WS_OK && pred) rc = ws_brat_parse(&ev->a, pred, pred_len, &p, &np);
    if (rc == WS_OK) rc = ws_ev_add_parsed(ev, name, text, len, g, ng, p, np);
    ws_arena_reset(&ev->a);
    return rc;
}

int ws_eval_add_statements(ws_eval *ev, const char *name, const char *text, size_t len, const char *gold,
                           size_t gold_len, const ws_statement *st, size_t n)
{
    if (!ev || (!gold && gold_len) || (!st && n) || n > (size_t)INT32_MAX) return WS_USAGE;
    ws_arena_reset(&ev->a);
    brat_att *g, *p;
    int ng, np;
    int rc = ws_brat_parse(&ev->a, gold ? gold : "", gold_len, &g, &ng);
    if (rc == WS_OK) rc = ws_brat_from_statements(&ev->a, text, len, st, n, &p, &np);
    if (rc == WS_OK) rc = ws_ev_add_parsed(ev, name, text, len, g, ng, p, np);
    ws_arena_reset(&ev->a);
    return rc;
}

static ws_eval_prf prf(long tp, long npred, long ngold)
{
    ws_eval_prf x = {tp, npred, ngold, 0, 0, 0};
    x.p = npred ? (double)tp / (double)npred : 0.0;
    x.r = ngold ? (double)tp / (double)ngold : 0.0;
    x.f = x.p + x.r != 0.0 ? 2 * x.p * x.r / (x.p + x.r) : 0.0;
    return x;
}

void ws_eval_get(const ws_eval *ev, ws_eval_result *out)
{
    memset(out, 0, sizeof *out);
    if (!ev) return;
    out->articles = (long)ev->nart;
    out->failed = ev->failed;
    for (int r = 0; r < EV_NROLES; r++) {
        out->exact[r] = prf(ev->exact[r][0], ev->exact[r][1], ev->exact[r][2]);
        out->overlap[r] = prf(ev->over[r][0], ev->over[r][1], ev->over[r][2]);
    }
    out->linked = prf(ev->linked[0], ev->linked[1], ev->linked[2]);
    out->quoted_linked = ev->quoted[0];
    out->quoted_gold = ev->quoted[1];
    out->unquoted_linked = ev->unquoted[0];
    out->unquoted_gold = ev->unquoted[1];
    out->quoted_recall = ev->quoted[1] ? (double)ev->quoted[0] / (double)ev->quoted[1] : 0.0;
    out->unquoted_recall = ev->unquoted[1] ? (double)ev->unquoted[0] / (double)ev->unquoted[1] : 0.0;
}

size_t ws_eval_count(const ws_eval *ev) { return ev ? ev->nart : 0; }

int ws_eval_article_get(const ws_eval *ev, size_t i, ws_eval_article *out)
{
    if (!ev || i >= ev->nart) return WS_USAGE;
    const ev_article *x = &ev->art[i];
    ws_eval_prf f = prf(x->linked, x->pred, x->gold);
    out->name = x->name;
    out->gold = x->gold;
    out->predicted = x->pred;
    out->linked = x->linked;
    out->p = f.p;
    out->r = f.r;
    out->f = f.f;
    out->missed = (const char *const *)x->missed;
    out->nmissed = x->nmissed;
    out->spurious = (const char *const *)x->spurious;
    out->nspurious = x->nspurious;
    return WS_OK;
}
