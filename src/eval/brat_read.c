/*
 * brat_read.c -- attributions read from BRAT standoff (.ann), the way the
 * reference scorer (../shared/tools/attrib_eval.py, load_ann) reads them.
 *
 * A .ann file is lines of tab-separated fields.  Two kinds matter:
 *
 *   T12<TAB>Content 10 42;50 61<TAB>the text      a span: TYPE then
 *                                                  "start end" ranges
 *                                                  joined by ';'
 *   E3<TAB>Attribution:T4 Source:T1 Cue:T2 Content:T3 Content2:T9
 *                                                  one attribution
 *
 * The role of a span is the role the E line gives it (its T type is not
 * consulted); trailing digits of a role name are dropped, so Content2 is
 * more Content.  A T line may come after the E line that names it; a T id
 * given twice keeps its last ranges.  An attribution is kept when it has
 * Content or Cue ranges (even ranges that cover no token).  Anything else
 * (A, R, # lines, unknown roles, a T line whose ranges are not pairs of
 * integers) is ignored.  Lines end at \n, \r\n or \r, as Python's
 * universal newlines read them.
 *
 * Known limits: the reference scorer crashes on a T line whose ranges are
 * not pairs of integers; here such a line is skipped.  Integers are
 * ASCII digits with an optional sign (Python's int() also takes '_'
 * separators and other scripts' digits; no .ann file uses them).
 */
#include "eval.h"
#include "../output/output.h"

#include <string.h>

/* One line: [p, p+n). */
typedef struct line {
    const char *p;
    size_t n;
} line;

typedef struct tspan {
    const char *id;
    size_t id_len;
    brat_range *r;
    int n;
} tspan;

/* The next line of S[len] at *pos; 0 at the end. */
static int next_line(const char *s, size_t len, size_t *pos, line *out)
{
    size_t i = *pos;
    if (i >= len) return 0;
    size_t j = i;
    while (j < len && s[j] != '\n' && s[j] != '\r') j++;
    out->p = s + i;
    out->n = j - i;
    if (j < len && s[j] == '\r' && j + 1 < len && s[j + 1] == '\n') j++;
    *pos = j < len ? j + 1 : j;
    return 1;
}

/* Field K (0-based) of a tab-separated line; 0 when absent. */
static int field(const line *l, int k, line *out)
{
    const char *p = l->p, *end = l->p + l->n;
    for (int f = 0;; f++) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        if (!t) t = end;
        if (f == k) {
            out->p = p;
            out->n = (size_t)(t - p);
            return 1;
        }
        if (t == end) return 0;
        p = t + 1;
    }
}

/* True when L is LETTER followed by one or more ASCII digits. */
static int is_id(const line *l, char letter)
{
    if (l->n < 2 || l->p[0] != letter) return 0;
    for (size_t i = 1; i < l->n; i++)
        if (l->p[i] < '0' || l->p[i] > '9') return 0;
    return 1;
}

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\n' || c == '\r'; }

/* Parses an integer from the whitespace-separated word [p,end) at *pp;
 * returns 1 and advances, 0 when there is no word, -1 when it is not an
 * integer. */
static int next_int(const char **pp, const char *end, int64_t *v)
{
    const char *p = *pp;
    while (p < end && is_ws(*p)) p++;
    if (p == end) {
        *pp = p;
        return 0;
    }
    int neg = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    const char *d = p;
    int64_t x = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        if (x > (INT64_MAX - 9) / 10) return -1;
        x = x * 10 + (*p++ - '0');
    }
    if (p == d || (p < end && !is_ws(*p))) return -1;
    *v = neg ? -x : x;
    *pp = p;
    return 1;
}

/* Parses "a b;c d" (R[n]) into arena ranges; 0 on success, 1 when
 * malformed, WS_NOMEM. */
static int parse_ranges(arena *a, const line *rng, brat_range **out, int *nout)
{
    int parts = 1;
    for (size_t i = 0; i < rng->n; i++) parts += rng->p[i] == ';';
    brat_range *r = ws_arena_alloc(a, (size_t)parts * sizeof *r);
    if (!r) return WS_NOMEM;
    const char *p = rng->p, *end = rng->p + rng->n;
    for (int k = 0; k < parts; k++) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *pe = semi ? semi : end;
        int64_t v[2];
        for (int j = 0; j < 2; j++)
            if (next_int(&p, pe, &v[j]) != 1) return 1;
        int64_t extra;
        if (next_int(&p, pe, &extra) != 0) return 1; /* not a pair */
        r[k].s = v[0];
        r[k].e = v[1];
        p = semi ? semi + 1 : end;
    }
    *out = r;
    *nout = parts;
    return 0;
}

static const tspan *find_span(const tspan *t, int nt, const char *id, size_t n)
{
    for (int i = nt - 1; i >= 0; i--) /* the last definition wins */
        if (t[i].id_len == n && !memcmp(t[i].id, id, n)) return &t[i];
    return NULL;
}

/* Appends the ranges of span TS to role slot (R, N). */
static int add_ranges(arena *a, brat_range **r, int *n, const tspan *ts)
{
    if (!ts || !ts->n) return WS_OK;
    brat_range *nr = ws_arena_alloc(a, (size_t)(*n + ts->n) * sizeof *nr);
    if (!nr) return WS_NOMEM;
    if (*n) memcpy(nr, *r, (size_t)*n * sizeof *nr);
    memcpy(nr + *n, ts->r, (size_t)ts->n * sizeof *nr);
    *r = nr;
    *n += ts->n;
    return WS_OK;
}

static int role_of(const char *k, size_t n)
{
    while (n && k[n - 1] >= '0' && k[n - 1] <= '9') n--;
    if (n == 6 && !memcmp(k, "Source", 6)) return EV_SOURCE;
    if (n == 3 && !memcmp(k, "Cue", 3)) return EV_CUE;
    if (n == 7 && !memcmp(k, "Content", 7)) return EV_CONTENT;
    return -1;
}

/* ws_brat_parse: see eval.h.  Two passes: T lines, then E lines. */
int ws_brat_parse(arena *a, const char *ann, size_t len, brat_att **out, int *n)
{
    *out = NULL;
    *n = 0;
    int nt = 0, ne = 0;
    size_t pos = 0;
    line l, f0, f1;
    while (next_line(ann, len, &pos, &l)) {
        if (!field(&l, 0, &f0) || !field(&l, 1, &f1)) continue;
        nt += is_id(&f0, 'T');
        ne += is_id(&f0, 'E');
    }
    tspan *ts = ws_arena_alloc(a, (size_t)(nt + 1) * sizeof *ts);
    brat_att *att = ws_arena_alloc(a, (size_t)(ne + 1) * sizeof *att);
    if (!ts || !att) return WS_NOMEM;
    int k = 0;
    pos = 0;
    while (next_line(ann, len, &pos, &l)) {
        if (!field(&l, 0, &f0) || !field(&l, 1, &f1) || !is_id(&f0, 'T')) continue;
        const char *sp = memchr(f1.p, ' ', f1.n);
        line rng = {sp ? sp + 1 : f1.p + f1.n, sp ? f1.n - (size_t)(sp + 1 - f1.p) : 0};
        brat_range *r;
        int nr;
        int rc = parse_ranges(a, &rng, &r, &nr);
        if (rc == WS_NOMEM) return rc;
        if (rc != 0) continue;
        ts[k].id = f0.p;
        ts[k].id_len = f0.n;
        ts[k].r = r;
        ts[k].n = nr;
        k++;
    }
    nt = k;
    k = 0;
    pos = 0;
    while (next_line(ann, len, &pos, &l)) {
        if (!field(&l, 0, &f0) || !field(&l, 1, &f1) || !is_id(&f0, 'E')) continue;
        brat_att *t = &att[k];
        memset(t, 0, sizeof *t);
        const char *p = f1.p, *end = f1.p + f1.n;
        while (p < end) {
            while (p < end && is_ws(*p)) p++;
            const char *w = p;
            while (p < end && !is_ws(*p)) p++;
            if (w == p) break;
            const char *colon = memchr(w, ':', (size_t)(p - w));
            size_t kl = colon ? (size_t)(colon - w) : (size_t)(p - w);
            int role = role_of(w, kl);
            if (role < 0) continue;
            const char *v = colon ? colon + 1 : p;
            int rc = add_ranges(a, &t->r[role], &t->n[role], find_span(ts, nt, v, (size_t)(p - v)));
            if (rc != WS_OK) return rc;
        }
        if (t->n[EV_CONTENT] || t->n[EV_CUE]) k++;
    }
    *out = att;
    *n = k;
    return WS_OK;
}

static int one_range(arena *a, brat_att *t, int role, ws_span s)
{
    brat_range *r = ws_arena_alloc(a, sizeof *r);
    if (!r) return WS_NOMEM;
    r->s = s.start;
    r->e = s.end;
    t->r[role] = r;
    t->n[role] = 1;
    return WS_OK;
}

/* ws_brat_from_statements: see eval.h.  Mirrors ws_write_brat: a Source
 * range when there is a source, always a Cue and a Content range (absent
 * spans are written as -1 -1, which cover no token), Content2 as a second
 * Content range, the parts of an interrupted quotation with their marks
 * (ws__brat_content). */
int ws_brat_from_statements(arena *a, const char *text, size_t len, const ws_statement *st, size_t n, brat_att **out,
                            int *nout)
{
    brat_att *att = ws_arena_alloc(a, (n + 1) * sizeof *att);
    if (!att) return WS_NOMEM;
    ws_doc doc = {.text = text, .text_len = text ? len : 0};
    for (size_t i = 0; i < n; i++) {
        brat_att *t = &att[i];
        memset(t, 0, sizeof *t);
        if (st[i].source.start >= 0 && one_range(a, t, EV_SOURCE, st[i].source) != WS_OK) return WS_NOMEM;
        if (one_range(a, t, EV_CUE, st[i].cue) != WS_OK) return WS_NOMEM;
        brat_range *r = ws_arena_alloc(a, 2 * sizeof *r);
        if (!r) return WS_NOMEM;
        ws_span c1, c2;
        ws__brat_content(&doc, &st[i], &c1, &c2);
        r[0].s = c1.start;
        r[0].e = c1.end;
        t->n[EV_CONTENT] = 1;
        if (c2.start >= 0) {
            r[1].s = c2.start;
            r[1].e = c2.end;
            t->n[EV_CONTENT] = 2;
        }
        t->r[EV_CONTENT] = r;
    }
    *out = att;
    *nout = (int)n;
    return WS_OK;
}
