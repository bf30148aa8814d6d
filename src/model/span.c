/*
 * span.c -- the learned content boundaries: candidates, features,
 * choice, loading and writing (span.h describes the model and its file).
 */
#include "span.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ tokens */

static bool sent_end(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return false;
    char c = (char)d->t[i].ch;
    return c == '.' || c == '?' || c == '!';
}

bool ws_span_is_edge(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return false;
    const tok *t = &d->t[i];
    if (t->flags & TK_QUOTE) return true;
    const unsigned char *s = (const unsigned char *)d->text + t->b;
    size_t n = t->e - t->b;
    if (n == 1) return s[0] && strchr(".,;:!?\"'()[]{}-*", s[0]) != NULL;
    uint32_t c = 0;
    if (n == 2 && (s[0] & 0xE0) == 0xC0) c = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    else if (n == 3 && (s[0] & 0xF0) == 0xE0)
        c = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0xAB || c == 0xBB || c == 0x2013 ||
           c == 0x2014 || c == 0x2026;
}

/* The lowercased word of token I, or a mark for punctuation and the
 * document's edges. */
static const char *word(const tokdoc *d, int i)
{
    if (i < 0) return "<s>";
    if (i >= d->n) return "</s>";
    const tok *t = &d->t[i];
    if (t->flags & TK_QUOTE) return (t->flags & TK_QOPEN) ? "<q" : (t->flags & TK_QCLOSE) ? "q>" : "\"";
    if (t->low) return t->low;
    return "<p>";
}

static const char *shape(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return "edge";
    const tok *t = &d->t[i];
    if (t->flags & TK_QUOTE) return (t->flags & TK_QOPEN) ? "qopen" : (t->flags & TK_QCLOSE) ? "qclose" : "quote";
    if (sent_end(d, i)) return "end";
    if (t->ch == ',') return "comma";
    if (t->flags & TK_PUNCT) return "punct";
    if (t->lxf & LX_PRONOUN) return "pron";
    if (t->lxf & LX_CLAUSE) return "clause";
    if (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) return "cueverb";
    if (t->lxf & LX_TITLE) return "title";
    if (t->lxf & LX_PREP) return "prep";
    if (t->lxf & LX_AUX) return "aux";
    if (t->lxf & LX_FUNCWORD) return "func";
    if (t->flags & TK_NUM) return "num";
    if (t->flags & TK_CAP) return "cap";
    return "low";
}

/* The cue's lemma: a listed verb's base form, else its word. */
static const char *cue_lemma(const tokdoc *d, const rawst *r)
{
    int i = r->q1 - 1;
    if (i < 0 || i >= d->n) return "-";
    const tok *t = &d->t[i];
    if (t->lx && t->lx->value && (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF))) return t->lx->value;
    return word(d, i);
}

static int bucket(int v)
{
    int a = v < 0 ? -v : v, s = v < 0 ? -1 : 1;
    if (a <= 4) return v;
    if (a <= 8) return 8 * s;
    if (a <= 12) return 12 * s;
    if (a <= 25) return 25 * s;
    return 99 * s;
}

/* ------------------------------------------------------------ candidates */

bool ws_span_bounds(const rawst *r, int b[WS_SPAN_NKINDS])
{
    if (r->c0 < 0 || r->c1 <= r->c0) return false;
    b[WS_SPAN_START] = r->c0;
    b[WS_SPAN_END] = r->c1;
    b[WS_SPAN_INNER_END] = b[WS_SPAN_INNER_START] = -1;
    bool src = r->s0 >= 0 && r->s1 > r->s0;
    b[WS_SPAN_SRC_START] = src ? r->s0 : -1;
    b[WS_SPAN_SRC_END] = src ? r->s1 : -1;
    if (r->c20 >= 0 && r->c21 > r->c20) {
        if (r->c20 < r->c1) return false;
        b[WS_SPAN_END] = r->c21;
        b[WS_SPAN_INNER_END] = r->c1;
        b[WS_SPAN_INNER_START] = r->c20;
    }
    return true;
}

static bool meets(int x0, int x1, int y0, int y1) { return y0 >= 0 && y1 > y0 && x0 < y1 && y0 < x1; }

/* Whether tokens [x0,x1) are a possible content part of R in D. */
static bool clear(const tokdoc *d, const rawst *r, int x0, int x1)
{
    return x0 >= 0 && x1 > x0 && x1 <= d->n && !meets(x0, x1, r->q0, r->q1) && !meets(x0, x1, r->s0, r->s1);
}

static bool is_start(int kind)
{
    return kind == WS_SPAN_START || kind == WS_SPAN_INNER_START || kind == WS_SPAN_SRC_START;
}

static bool is_source(int kind) { return kind == WS_SPAN_SRC_START || kind == WS_SPAN_SRC_END; }

/* Whether tokens [x0,x1) are a possible source of R (contents B) in D. */
static bool clear_src(const tokdoc *d, const rawst *r, const int b[WS_SPAN_NKINDS], int x0, int x1)
{
    bool two = b[WS_SPAN_INNER_END] >= 0;
    return x0 >= 0 && x1 > x0 && x1 <= d->n && !meets(x0, x1, r->q0, r->q1) &&
           !meets(x0, x1, b[WS_SPAN_START], two ? b[WS_SPAN_INNER_END] : b[WS_SPAN_END]) &&
           !(two && meets(x0, x1, b[WS_SPAN_INNER_START], b[WS_SPAN_END]));
}

/* Whether position P of boundary KIND (bounds B) is valid. */
static bool valid(const tokdoc *d, const rawst *r, const int b[WS_SPAN_NKINDS], int kind, int p)
{
    bool two = b[WS_SPAN_INNER_END] >= 0;
    switch (kind) {
    case WS_SPAN_START: return clear(d, r, p, two ? b[WS_SPAN_INNER_END] : b[WS_SPAN_END]);
    case WS_SPAN_END: return clear(d, r, two ? b[WS_SPAN_INNER_START] : b[WS_SPAN_START], p);
    case WS_SPAN_INNER_END: return p <= b[WS_SPAN_INNER_START] && clear(d, r, b[WS_SPAN_START], p);
    case WS_SPAN_INNER_START: return p >= b[WS_SPAN_INNER_END] && clear(d, r, p, b[WS_SPAN_END]);
    case WS_SPAN_SRC_START: return clear_src(d, r, b, p, b[WS_SPAN_SRC_END]);
    default: return clear_src(d, r, b, b[WS_SPAN_SRC_START], p);
    }
}

/* Whether a parenthesis lies between the positions A and B. */
static bool paren(const tokdoc *d, int a, int b)
{
    for (int k = a < b ? a : b; k < (a < b ? b : a); k++)
        if (d->t[k].ch == '(' || d->t[k].ch == ')') return true;
    return false;
}

/* Whether tokens [lo,hi) hold the cue of a statement other than R. */
static bool other_cue(const uint8_t *cues, const rawst *r, int lo, int hi)
{
    if (!cues) return false;
    for (int k = lo; k < hi; k++)
        if (cues[k] && (k < r->q0 || k >= r->q1)) return true;
    return false;
}

int ws_span_candidates(const tokdoc *d, const uint8_t *cues, const rawst *r, const int b[WS_SPAN_NKINDS], int kind,
                       int *pos)
{
    int at = b[kind], n = 0;
    if (at < 0) return 0;
    /* nearest first: the rules' own position, then outwards */
    for (int k = 0; k <= 2 * WS_SPAN_WINDOW; k++) {
        int off = (k + 1) / 2 * (k % 2 ? -1 : 1);
        int p = at + off;
        if (!valid(d, r, b, kind, p)) continue;
        if (!is_source(kind) && other_cue(cues, r, off < 0 ? p : at, off < 0 ? at : p)) continue;
        if (kind == WS_SPAN_SRC_START && b[WS_SPAN_SRC_END] - p > WS_SPAN_SRC_MAX) continue;
        if (kind == WS_SPAN_SRC_END && (p - b[WS_SPAN_SRC_START] > WS_SPAN_SRC_MAX || paren(d, at, p))) continue;
        /* a content is its words: a position next to punctuation or a
         * quotation mark is the same boundary as the one past them, and
         * only the words' one is scored */
        if (off && is_start(kind) && ws_span_is_edge(d, p)) continue;
        if (off && !is_start(kind) && ws_span_is_edge(d, p - 1)) continue;
        pos[n++] = p;
    }
    return n;
}

/* ------------------------------------------------------------ features */

typedef struct fset {
    uint32_t *f;
    int n;
    uint32_t mask;
    int kind;
} fset;

static void addh(fset *fs, uint64_t h)
{
    if (fs->n >= WS_SPAN_MAXF) return;
    h ^= h >> 31;
    h *= 0x9E3779B97F4A7C15ull;
    h ^= h >> 29;
    fs->f[fs->n++] = (uint32_t)h & fs->mask;
}

static uint64_t tagh(const fset *fs, const char *tag)
{
    unsigned char k = (unsigned char)('0' + fs->kind);
    return ws_hash(ws_hash(WS_FNV_INIT, &k, 1), tag, strlen(tag));
}

static void adds(fset *fs, const char *tag, const char *a)
{
    addh(fs, ws_hash(tagh(fs, tag) ^ 0xff, a, strlen(a)));
}

static void add2(fset *fs, const char *tag, const char *a, const char *b)
{
    uint64_t h = ws_hash(tagh(fs, tag) ^ 0xff, a, strlen(a));
    addh(fs, ws_hash(h ^ 0xfe, b, strlen(b)));
}

static void addi(fset *fs, const char *tag, long v) { addh(fs, ws_hash(tagh(fs, tag) ^ 0xfd, &v, sizeof v)); }

static void addis(fset *fs, const char *tag, long v, const char *a)
{
    addh(fs, ws_hash(ws_hash(tagh(fs, tag) ^ 0xfd, &v, sizeof v) ^ 0xfe, a, strlen(a)));
}

int ws_span_cue_marks(arena *a, const tokdoc *d, const rawlist *raw, uint8_t **out)
{
    uint8_t *m = ws_arena_alloc(a, (size_t)d->n + 1);
    if (!m) return WS_NOMEM;
    memset(m, 0, (size_t)d->n + 1);
    for (int i = 0; i < raw->n; i++)
        for (int k = raw->v[i].q0; k < raw->v[i].q1; k++)
            if (k >= 0 && k < d->n) m[k] = 1;
    *out = m;
    return WS_OK;
}

int ws_span_features(const tokdoc *d, const uint8_t *cues, const rawst *r, const int b[WS_SPAN_NKINDS], int kind,
                     int p, uint32_t *f)
{
    fset fs = {f, 0, ((uint32_t)1 << WS_SPAN_BITS) - 1, kind};
    bool st = is_start(kind);
    /* the tokens inside and outside the boundary, nearest first */
    int in = st ? p : p - 1, out = st ? p - 1 : p;
    int in2 = st ? p + 1 : p - 2, out2 = st ? p - 2 : p + 1;
    int off = bucket(p - b[kind]);
    const char *meth = r->method ? r->method : "-";
    const char *wi = word(d, in), *wo = word(d, out), *si = shape(d, in), *so = shape(d, out);
    const char *cl = cue_lemma(d, r);
    const char *sgn = off < 0 ? "-" : off > 0 ? "+" : "0";
    addi(&fs, "o", off);
    addis(&fs, "o-m", off, meth);
    addis(&fs, "o-k", off, r->kind == WS_DIRECT ? "d" : r->kind == WS_MIXED ? "m" : "i");
    adds(&fs, "wi", wi);
    adds(&fs, "wo", wo);
    add2(&fs, "wi-wo", wi, wo);
    adds(&fs, "si", si);
    adds(&fs, "so", so);
    add2(&fs, "si-so", si, so);
    add2(&fs, "si2-so2", shape(d, in2), shape(d, out2));
    adds(&fs, "wi2", word(d, in2));
    adds(&fs, "wo2", word(d, out2));
    add2(&fs, "sgn-si", sgn, si);
    add2(&fs, "sgn-so", sgn, so);
    add2(&fs, "sgn-wi", sgn, wi);
    add2(&fs, "sgn-wo", sgn, wo);
    add2(&fs, "cl-wi", cl, wi);
    add2(&fs, "cl-wo", cl, wo);
    add2(&fs, "m-si-so", meth, si);
    /* where the cue and the source lie */
    bool after = b[is_source(kind) ? WS_SPAN_SRC_START : WS_SPAN_START] >= r->q1;
    int dq = after ? p - r->q1 : r->q0 - p;
    addis(&fs, "dq", bucket(dq), after ? "after" : "before");
    addi(&fs, "atcue", st ? p == r->q1 : p == r->q0);
    if (is_source(kind)) addi(&fs, "atct", st ? p == r->c1 || p == r->c21 : p == r->c0 || p == r->c20);
    else addi(&fs, "atsrc", r->s0 >= 0 && (st ? p == r->s1 : p == r->s0));
    /* what lies between the position and the rules' boundary */
    int lo = p < b[kind] ? p : b[kind], hi = p < b[kind] ? b[kind] : p;
    int ends = 0, commas = 0, quotes = 0, nl = 0, verbs = 0, other = 0;
    for (int k = lo; k < hi; k++) {
        other += cues && cues[k] && (k < r->q0 || k >= r->q1);
        verbs += (d->t[k].lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) != 0;
        ends += sent_end(d, k);
        commas += d->t[k].ch == ',';
        quotes += (d->t[k].flags & TK_QUOTE) != 0;
        nl += (d->t[k].flags & TK_NEWLINE_BEFORE) && k > lo;
    }
    addis(&fs, "between", (ends > 2 ? 2 : ends) * 9 + (commas > 2 ? 2 : commas) * 3 + (quotes > 2 ? 2 : quotes), sgn);
    addis(&fs, "nl-between", nl > 1 ? 1 : nl, sgn);
    addis(&fs, "cues-between", verbs > 2 ? 2 : verbs, sgn);
    /* another statement's cue: a nested attribution */
    addis(&fs, "other-cue", other > 0, sgn);
    addi(&fs, "other-cue-in", cues && in >= 0 && in < d->n && cues[in] && (in < r->q0 || in >= r->q1));
    /* a line break at the boundary; the boundary inside a quotation */
    bool brk = st ? (p < d->n && (d->t[p].flags & TK_NEWLINE_BEFORE)) : (p < d->n && (d->t[p].flags & TK_NEWLINE_BEFORE));
    addi(&fs, "brk", brk);
    int inq = 0;
    for (int k = in; k >= 0 && k > in - 80; k--) {
        if ((d->t[k].flags & TK_QOPEN) && d->t[k].pair >= in) {
            inq = 1;
            break;
        }
        if (k < in && sent_end(d, k) && in - k > 40) break;
    }
    add2(&fs, "inq-si", inq ? "q" : "-", si);
    /* the length the content would have */
    int len;
    if (kind == WS_SPAN_SRC_START) len = b[WS_SPAN_SRC_END] - p;
    else if (kind == WS_SPAN_SRC_END) len = p - b[WS_SPAN_SRC_START];
    else if (st) len = (b[WS_SPAN_INNER_END] >= 0 && kind == WS_SPAN_START ? b[WS_SPAN_INNER_END] : b[WS_SPAN_END]) - p;
    else len = p - (b[WS_SPAN_INNER_START] >= 0 && kind == WS_SPAN_END ? b[WS_SPAN_INNER_START] : b[WS_SPAN_START]);
    addi(&fs, "len", bucket(len));
    return fs.n;
}

/* ------------------------------------------------------------ choice */

static long score(const ws_span_model *m, const uint32_t *f, int n)
{
    long s = 0;
    for (int i = 0; i < n; i++) s += m->w[f[i]];
    return s;
}

int ws_span_apply(const ws_span_model *m, arena *a, const tokdoc *d, rawlist *raw)
{
    uint8_t *cues;
    if (ws_span_cue_marks(a, d, raw, &cues) != WS_OK) return WS_NOMEM;
    int pos[WS_SPAN_MAXC];
    uint32_t f[WS_SPAN_MAXF];
    for (int i = 0; i < raw->n; i++) {
        rawst *r = &raw->v[i];
        int b[WS_SPAN_NKINDS], nb[WS_SPAN_NKINDS];
        if (!ws_span_bounds(r, b)) continue;
        for (int k = 0; k < WS_SPAN_NKINDS; k++) {
            nb[k] = b[k];
            int n = ws_span_candidates(d, cues, r, b, k, pos);
            long best = 0;
            for (int c = 0; c < n; c++) {
                long s = score(m, f, ws_span_features(d, cues, r, b, k, pos[c], f));
                if (c == 0 || s > best) {
                    best = s;
                    nb[k] = pos[c];
                }
            }
        }
        /* the parts must stay in order and non-empty */
        if (nb[WS_SPAN_INNER_END] >= 0) {
            if (nb[WS_SPAN_START] < nb[WS_SPAN_INNER_END] && nb[WS_SPAN_INNER_END] <= nb[WS_SPAN_INNER_START] &&
                nb[WS_SPAN_INNER_START] < nb[WS_SPAN_END]) {
                r->c0 = nb[WS_SPAN_START];
                r->c1 = nb[WS_SPAN_INNER_END];
                r->c20 = nb[WS_SPAN_INNER_START];
                r->c21 = nb[WS_SPAN_END];
            }
        } else if (nb[WS_SPAN_START] < nb[WS_SPAN_END]) {
            r->c0 = nb[WS_SPAN_START];
            r->c1 = nb[WS_SPAN_END];
        }
        /* and the source clear of the content as it now is */
        if (b[WS_SPAN_SRC_START] >= 0 && nb[WS_SPAN_SRC_START] < nb[WS_SPAN_SRC_END] &&
            !meets(nb[WS_SPAN_SRC_START], nb[WS_SPAN_SRC_END], r->c0, r->c1) &&
            !meets(nb[WS_SPAN_SRC_START], nb[WS_SPAN_SRC_END], r->c20, r->c21)) {
            r->s0 = nb[WS_SPAN_SRC_START];
            r->s1 = nb[WS_SPAN_SRC_END];
        }
    }
    return WS_OK;
}

/* ------------------------------------------------------------ file */

void ws_span_free(ws_span_model *m)
{
    if (!m) return;
    ws__free(m->w);
    ws__free(m);
}

static int bad(char *err, size_t errlen, const char *path, long line, const char *what)
{
    if (err && errlen) {
        if (line > 0) snprintf(err, errlen, "%s:%ld: %s", path, line, what);
        else snprintf(err, errlen, "%s: %s", path, what);
    }
    return WS_PARSE;
}

/* Parses "w<TAB>INDEX<TAB>WEIGHT\n". */
static bool weight_record(const char *line, long *idx, long *val)
{
    char *e;
    if (line[0] != 'w' || line[1] != '\t') return false;
    *idx = strtol(line + 2, &e, 10);
    if (e == line + 2 || *e != '\t') return false;
    const char *v = e + 1;
    *val = strtol(v, &e, 10);
    return e != v && *e == '\n';
}

int ws_span_load(const char *dir, ws_span_model **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, WS_SPAN_FILE);
    FILE *f = fopen(path, "r");
    if (!f && errno == ENOENT) return WS_OK;
    if (!f) {
        if (err && errlen) snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return WS_IO;
    }
    char line[256];
    int rc = WS_OK;
    ws_span_model *m = NULL;
    unsigned version = 0;
    int bits = 0;
    long records = 0, seen = 0;
    uint64_t sum = 0, h = WS_FNV_INIT;
    char magic[32];
    if (!fgets(line, sizeof line, f)) {
        rc = bad(err, errlen, path, 0, "empty model file");
        goto done;
    }
    if (sscanf(line, "%31s %u %d %ld %" SCNx64, magic, &version, &bits, &records, &sum) != 5 ||
        strcmp(magic, WS_SPAN_MAGIC) != 0) {
        rc = bad(err, errlen, path, 1, "not a whosaid span model file");
        goto done;
    }
    if (version != WS_SPAN_VERSION || bits != WS_SPAN_BITS) {
        rc = bad(err, errlen, path, 1, "model of another version: retrain it (make train)");
        goto done;
    }
    m = ws__calloc(1, sizeof *m);
    if (!m || !(m->w = ws__calloc((size_t)1 << bits, sizeof *m->w))) {
        rc = WS_NOMEM;
        if (err && errlen) snprintf(err, errlen, "%s: out of memory", path);
        goto done;
    }
    m->bits = bits;
    long ln = 1;
    while (fgets(line, sizeof line, f)) {
        ln++;
        size_t n = strlen(line);
        h = ws_hash(h, line, n);
        seen++;
        if (n == 0 || line[n - 1] != '\n') {
            rc = bad(err, errlen, path, ln, "truncated line");
            goto done;
        }
        char name[32];
        long idx, val;
        if (weight_record(line, &idx, &val)) {
            if (idx < 0 || idx >= (1L << bits) || val < INT32_MIN || val > INT32_MAX) {
                rc = bad(err, errlen, path, ln, "weight out of range");
                goto done;
            }
            m->w[idx] = (int32_t)val;
        } else if (sscanf(line, "param %31s %ld", name, &val) == 2) {
            if (!strcmp(name, "window")) m->window = (int)val;
            else if (!strcmp(name, "samples")) m->samples = (int)val;
            else {
                rc = bad(err, errlen, path, ln, "unknown parameter");
                goto done;
            }
        } else {
            rc = bad(err, errlen, path, ln, "expected w or param record");
            goto done;
        }
    }
    if (ferror(f)) {
        rc = WS_IO;
        if (err && errlen) snprintf(err, errlen, "%s: read error", path);
    } else if (seen != records) {
        rc = bad(err, errlen, path, 0, "truncated (fewer records than its header says)");
    } else if (h != sum) {
        rc = bad(err, errlen, path, 0, "damaged (checksum mismatch)");
    }
done:
    fclose(f);
    if (rc != WS_OK) {
        ws_span_free(m);
        return rc;
    }
    *out = m;
    return WS_OK;
}

int ws_span_write(FILE *out, const ws_span_model *m)
{
    buf b = {0};
    char line[96];
    long records = 2;
    int n = snprintf(line, sizeof line, "param\twindow\t%d\nparam\tsamples\t%d\n", m->window, m->samples);
    if (ws_buf_append(&b, line, (size_t)n) != WS_OK) goto nomem;
    for (size_t i = 0; i < (size_t)1 << m->bits; i++) {
        if (!m->w[i]) continue;
        n = snprintf(line, sizeof line, "w\t%zu\t%ld\n", i, (long)m->w[i]);
        if (ws_buf_append(&b, line, (size_t)n) != WS_OK) goto nomem;
        records++;
    }
    uint64_t h = ws_hash(WS_FNV_INIT, b.p, b.len);
    fprintf(out, "%s\t%d\t%d\t%ld\t%016" PRIx64 "\n", WS_SPAN_MAGIC, WS_SPAN_VERSION, m->bits, records, h);
    fwrite(b.p, 1, b.len, out);
    ws_buf_free(&b);
    return ferror(out) ? WS_IO : WS_OK;
nomem:
    ws_buf_free(&b);
    return WS_NOMEM;
}
