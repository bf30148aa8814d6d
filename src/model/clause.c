/*
 * clause.c -- the clause tagger: features, tags, loading and writing
 * (clause.h describes the model and its file).
 */
#include "clause.h"
#include "mfile.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

int ws_clause_of_rel(const char *rel)
{
    static const struct {
        const char *rel;
        int tag;
    } map[] = {{"root", WS_CLAUSE_ROOT},       {"ccomp", WS_CLAUSE_CCOMP},     {"advcl", WS_CLAUSE_ADVCL},
               {"acl", WS_CLAUSE_ACL},         {"conj", WS_CLAUSE_CONJ},       {"parataxis", WS_CLAUSE_PARATAXIS},
               {"xcomp", WS_CLAUSE_XCOMP},     {"dobj", WS_CLAUSE_OBJ},        {"iobj", WS_CLAUSE_OBJ},
               {"obj", WS_CLAUSE_OBJ},         {"nmod", WS_CLAUSE_NMOD},       {"obl", WS_CLAUSE_NMOD},
               {"nsubj", WS_CLAUSE_SUBJ},      {"csubj", WS_CLAUSE_SUBJ},      {"nsubjpass", WS_CLAUSE_SUBJ},
               {"csubjpass", WS_CLAUSE_SUBJ},  {"punct", WS_CLAUSE_NONE}};
    size_t n = strcspn(rel, ":"); /* the relation without its subtype */
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strlen(map[i].rel) == n && !memcmp(rel, map[i].rel, n)) return map[i].tag;
    return WS_CLAUSE_OTHER;
}

/* ------------------------------------------------------------ features */

/* The classes of tokens the features name. */
enum {
    SH_NONE = 1, SH_QUOTE, SH_END, SH_COMMA, SH_DASH, SH_COLON, SH_PAREN, SH_PUNCT, SH_PRON, SH_CLAUSE, SH_CUEVERB,
    SH_PREP, SH_AUX, SH_DET, SH_FUNC, SH_NUM, SH_CAP, SH_LOW
};

static int shape(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return SH_NONE;
    const tok *t = &d->t[i];
    if (t->flags & TK_QUOTE) return SH_QUOTE;
    if (t->flags & TK_PUNCT) {
        switch (t->ch) {
        case '.': case '?': case '!': return SH_END;
        case ',': return SH_COMMA;
        case '-': return SH_DASH;
        case ':': case ';': return SH_COLON;
        case '(': case ')': return SH_PAREN;
        default: return t->ch ? SH_PUNCT : SH_DASH; /* the multibyte marks: mostly dashes */
        }
    }
    if (t->lxf & LX_PRONOUN) return SH_PRON;
    if (t->lxf & (LX_CLAUSE | LX_CUT | LX_NOSTART)) return SH_CLAUSE;
    if (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF)) return SH_CUEVERB;
    if (t->lxf & LX_PREP) return SH_PREP;
    if (t->lxf & LX_AUX) return SH_AUX;
    if (t->lxf & LX_DET) return SH_DET;
    if (t->lxf & LX_FUNCWORD) return SH_FUNC;
    if (t->flags & TK_NUM) return SH_NUM;
    if (t->flags & TK_CAP) return SH_CAP;
    return SH_LOW;
}

/* Whether token I ends a sentence. */
static bool sent_end(const tokdoc *d, int i)
{
    char c = (char)d->t[i].ch;
    return c == '.' || c == '?' || c == '!';
}

/* Token I's word as a number: its lowercased form's hash, or a mark's. */
static uint64_t word(ws_clause_src *s, int i)
{
    if (i < 0) return 2;
    if (i >= s->d->n) return 4;
    if (s->wh[i]) return s->wh[i];
    const tok *t = &s->d->t[i];
    uint64_t v = (t->flags & TK_QUOTE) ? 6 : t->low ? ws_hash(WS_FNV_INIT, t->low, t->ll) | 1 : 8;
    return s->wh[i] = v;
}

int ws_clause_src_init(arena *a, const tokdoc *d, ws_clause_src *s)
{
    s->d = d;
    s->wh = ws_arena_alloc(a, ((size_t)d->n + 1) * sizeof *s->wh);
    if (!s->wh) return WS_NOMEM;
    memset(s->wh, 0, ((size_t)d->n + 1) * sizeof *s->wh);
    return WS_OK;
}

static int bucket(int v) { return v <= 3 ? v : v <= 6 ? 6 : v <= 10 ? 10 : v <= 20 ? 20 : 40; }

/* The most tokens the sentence features look at on either side. */
#define REACH 24

enum {
    F_BIAS = 1, F_W0, F_W1, F_WM1, F_W2, F_WM2, F_W01, F_WM10, F_S, F_SM1S0S1, F_S0S1S2, F_SUF, F_SUF1, F_LCL,
    F_LCLD, F_LCUE, F_LCOMMAS, F_FIRST, F_RPUNCT, F_REND, F_RNEXT, F_W0RP, F_CAP0, F_LCLW0
};

static inline uint32_t row(uint64_t tag, uint64_t v)
{
    return (uint32_t)(((v + (tag << 48)) * 0x9E3779B97F4A7C15ull) >> (64 - WS_CLAUSE_ROWBITS));
}

static inline uint64_t pair(uint64_t a, uint64_t b) { return (a * 0xD6E8FEB86659FD93ull) ^ b; }

int ws_clause_features(ws_clause_src *src, int i, uint32_t *f)
{
    const tokdoc *d = src->d;
    int n = 0;
    uint64_t w0 = word(src, i), w1 = word(src, i + 1), wm1 = word(src, i - 1);
    uint64_t s0 = (uint64_t)shape(d, i), s1 = (uint64_t)shape(d, i + 1), sm1 = (uint64_t)shape(d, i - 1);
    uint64_t s2 = (uint64_t)shape(d, i + 2);
    f[n++] = row(F_BIAS, 0);
    f[n++] = row(F_W0, w0);
    f[n++] = row(F_W1, w1);
    f[n++] = row(F_WM1, wm1);
    f[n++] = row(F_W2, word(src, i + 2));
    f[n++] = row(F_WM2, word(src, i - 2));
    f[n++] = row(F_W01, pair(w0, w1));
    f[n++] = row(F_WM10, pair(wm1, w0));
    f[n++] = row(F_S, s0);
    f[n++] = row(F_SM1S0S1, sm1 << 16 | s0 << 8 | s1);
    f[n++] = row(F_S0S1S2, s0 << 16 | s1 << 8 | s2);
    if (i >= 0 && i < d->n && d->t[i].low && d->t[i].ll >= 4) {
        const tok *t = &d->t[i];
        f[n++] = row(F_SUF, ws_hash(WS_FNV_INIT, t->low + t->ll - 3, 3));
        f[n++] = row(F_SUF1, pair(ws_hash(WS_FNV_INIT, t->low + t->ll - 2, 2), s1));
    }
    f[n++] = row(F_CAP0, (uint64_t)(i >= 0 && i < d->n ? d->t[i].flags & (TK_CAP | TK_UPPER | TK_NUM) : 0) << 8 | s1);
    /* the sentence to the left: the nearest clause word and speech verb,
     * the commas, the sentence's first word */
    int cl = -1, cue = -1, commas = 0, first = -1, comma_after_cl = 0;
    for (int k = i - 1; k >= 0 && k >= i - REACH; k--) {
        const tok *t = &d->t[k];
        if (sent_end(d, k)) break;
        first = k;
        if (t->ch == ',') {
            commas++;
            if (cl < 0) comma_after_cl = 1;
        }
        if (cl < 0 && (t->lxf & (LX_CLAUSE | LX_CUT | LX_CIRC | LX_NOSTART))) cl = k;
        if (cue < 0 && (t->lxf & (LX_CUE_VERB | LX_CUE_BELIEF))) cue = k;
        if (t->flags & TK_NEWLINE_BEFORE) break;
    }
    uint64_t clw = cl >= 0 ? word(src, cl) : 0;
    f[n++] = row(F_LCL, pair(clw, (uint64_t)comma_after_cl));
    f[n++] = row(F_LCLD, pair(clw, (uint64_t)bucket(cl >= 0 ? i - cl : 99)) << 4 | s1);
    f[n++] = row(F_LCLW0, pair(clw, w1));
    f[n++] = row(F_LCUE, (uint64_t)bucket(cue >= 0 ? i - cue : 99) << 8 | s1);
    f[n++] = row(F_LCOMMAS, (uint64_t)(commas > 3 ? 3 : commas) << 8 | s1);
    f[n++] = row(F_FIRST, first >= 0 ? word(src, first) : 0);
    /* to the right: the next punctuation and the sentence's end */
    int p = -1, end = -1;
    for (int k = i + 1; k < d->n && k <= i + REACH; k++) {
        const tok *t = &d->t[k];
        if (t->flags & TK_NEWLINE_BEFORE) {
            if (p < 0) p = k;
            end = k;
            break;
        }
        if (p < 0 && (t->flags & TK_PUNCT)) p = k;
        if (sent_end(d, k)) {
            end = k;
            break;
        }
    }
    uint64_t ps = p >= 0 ? (uint64_t)shape(d, p) : 0;
    f[n++] = row(F_RPUNCT, (uint64_t)bucket(p >= 0 ? p - i : 99) << 8 | ps);
    f[n++] = row(F_REND, (uint64_t)bucket(end >= 0 ? end - i : 99));
    f[n++] = row(F_RNEXT, p >= 0 ? pair(word(src, p + 1), ps) : 0);
    f[n++] = row(F_W0RP, pair(w0, (uint64_t)bucket(p >= 0 ? p - i : 99) << 8 | ps));
    return n;
}

int ws_clause_best(const ws_clause *m, const uint32_t *f, int n)
{
    int32_t s[16];
#ifdef __SSE2__
    /* the 16 weights of a row, widened to 32 bits, four at a time */
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
    for (int k = 0; k < n; k++) {
        const ws_weight *w = m->w + ((size_t)f[k] << 4);
        __m128i lo = _mm_loadu_si128((const void *)w), hi = _mm_loadu_si128((const void *)(w + 8));
        a0 = _mm_add_epi32(a0, _mm_srai_epi32(_mm_unpacklo_epi16(lo, lo), 16));
        a1 = _mm_add_epi32(a1, _mm_srai_epi32(_mm_unpackhi_epi16(lo, lo), 16));
        a2 = _mm_add_epi32(a2, _mm_srai_epi32(_mm_unpacklo_epi16(hi, hi), 16));
        a3 = _mm_add_epi32(a3, _mm_srai_epi32(_mm_unpackhi_epi16(hi, hi), 16));
    }
    _mm_storeu_si128((void *)s, a0);
    _mm_storeu_si128((void *)(s + 4), a1);
    _mm_storeu_si128((void *)(s + 8), a2);
    _mm_storeu_si128((void *)(s + 12), a3);
#else
    memset(s, 0, sizeof s);
    for (int k = 0; k < n; k++) {
        const ws_weight *w = m->w + ((size_t)f[k] << 4);
        for (int c = 0; c < 16; c++) s[c] += w[c];
    }
#endif
    int best = 0;
    for (int c = 1; c < WS_CLAUSE_NTAGS; c++)
        if (s[c] > s[best]) best = c;
    return best;
}

int ws_clause_prepare(arena *a, const ws_clause *m, const tokdoc *d, ws_clause_doc *cd)
{
    cd->m = m;
    cd->d = d;
    cd->tag = ws_arena_alloc(a, (size_t)d->n + 1);
    if (!cd->tag) return WS_NOMEM;
    memset(cd->tag, 0, (size_t)d->n + 1);
    return ws_clause_src_init(a, d, &cd->src);
}

int ws_clause_tag_slow(ws_clause_doc *cd, int i)
{
    if (!cd->m) return WS_CLAUSE_NONE;
    uint32_t f[WS_CLAUSE_MAXF];
    int n = ws_clause_features(&cd->src, i, f);
    int t = ws_clause_best(cd->m, f, n);
    cd->tag[i] = (uint8_t)(t + 1);
    return t;
}

/* ------------------------------------------------------------ file */

void ws_clause_free(ws_clause *m)
{
    if (!m) return;
    ws__free(m->w);
    ws__free(m);
}

static const ws_mfile_kind clause_kind = {WS_CLAUSE_FILE, WS_CLAUSE_MAGIC, WS_CLAUSE_VERSION, 1, "clause model",
                                          "(the clause tagger the content model reads: `make train` rebuilds it)"};

static int clause_record(void *ctx, ws_mfile *mf, char *line, size_t n)
{
    (void)n;
    ws_clause *m = ctx;
    char name[32];
    long val;
    if (!ws_mfile_param(line, name, &val)) return ws_mfile_bad(mf, mf->ln, "expected w or param record");
    if (!strcmp(name, "samples")) m->samples = (int)val;
    else return ws_mfile_bad(mf, mf->ln, "unknown parameter");
    return WS_OK;
}

int ws_clause_load(const char *dir, ws_clause **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_clause *m = ws__calloc(1, sizeof *m);
    if (!m) {
        if (err && errlen) snprintf(err, errlen, "%s/%s: out of memory", dir, WS_CLAUSE_FILE);
        return WS_NOMEM;
    }
    m->bits = WS_CLAUSE_BITS;
    int rc = ws_mfile_load_weights(dir, &clause_kind, m->bits, &m->w, clause_record, m, err, errlen);
    if (rc != WS_OK) {
        ws_clause_free(m);
        return rc;
    }
    *out = m;
    return WS_OK;
}

int ws_clause_write(FILE *out, const ws_clause *m)
{
    buf b = {0};
    char line[96];
    int n = snprintf(line, sizeof line, "param\tsamples\t%d\n", m->samples);
    int rc = ws_buf_append(&b, line, (size_t)n);
    if (rc == WS_OK) rc = ws_mfile_write_weights(out, &clause_kind, &b, m->w, m->bits);
    ws_buf_free(&b);
    return rc;
}
