/*
 * model.c -- the learned statement model: loading, features, scoring,
 * writing (model.h describes the model and its file).
 */
#include "model.h"
#include "mfile.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The FNV-1a hash of the NUL-terminated string S (one pass, no strlen
 * first): a feature's string value. */
static uint64_t str_hash(const char *s)
{
    uint64_t h = WS_FNV_INIT;
    for (; *s; s++) h = ws_fnv_step(h, (unsigned char)*s);
    return h;
}

/* ------------------------------------------------------------ loading */

static void wordset_clear(ws_wordset *s)
{
    for (size_t i = 0; i < s->n; i++) ws__free(s->w[i]);
    ws__free(s->w);
    ws__free(s->set);
    *s = (ws_wordset){0};
}

void ws_model_clear(ws_model *m)
{
    wordset_clear(&m->cues);
    wordset_clear(&m->any);
    ws__free(m->w);
    m->w = NULL;
    ws_embed_free(m->emb);
    m->emb = NULL;
    ws_pos_free(m->pos);
    m->pos = NULL;
}

void ws_model_free(ws_model *m)
{
    if (!m) return;
    ws_model_clear(m);
    ws__free(m);
}

static const ws_mfile_kind model_kind = {
    WS_MODEL_FILE, WS_MODEL_MAGIC, WS_MODEL_VERSION, 1, "model",
    "(the statement model: `make train` rebuilds it; --no-model, or a file named " WS_MODEL_RULES_ONLY
    " in the directory, runs the rules alone)"};

/* A record of the model's file other than a weight: a parameter or a
 * word of the cue vocabulary. */
static int model_record(void *ctx, ws_mfile *mf, char *line, size_t n)
{
    ws_model *m = ctx;
    char name[32];
    long val;
    if (!strncmp(line, "cue\t", 4)) return ws_model_add_cue(m, line + 4, n - 4) == WS_OK ? WS_OK : ws_mfile_nomem(mf);
    if (!strncmp(line, "any\t", 4)) return ws_model_add_any(m, line + 4, n - 4) == WS_OK ? WS_OK : ws_mfile_nomem(mf);
    if (!ws_mfile_param(line, name, &val)) return ws_mfile_bad(mf, mf->ln, "expected w or param record");
    if (!strcmp(name, "cand_rate")) m->cand_rate = (int)val;
    else if (!strcmp(name, "veto_rate")) m->veto_rate = (int)val;
    else if (!strcmp(name, "threshold")) m->threshold = (int)val;
    else if (!strcmp(name, "cue_threshold")) m->cue_threshold = (int)val;
    else if (!strcmp(name, "cv_f1")) m->cv_f1 = (int)val;
    else if (!strcmp(name, "keep_rules")) m->keep_rules = val != 0;
    else if (!strcmp(name, "clusters")) m->emb_sum = (uint64_t)val;
    else if (!strcmp(name, "pos")) m->pos_sum = (uint64_t)val;
    else return ws_mfile_bad(mf, mf->ln, "unknown parameter");
    return WS_OK;
}

int ws_model_load(const char *dir, ws_model **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_model *m = ws__calloc(1, sizeof *m);
    if (!m) {
        if (err && errlen) snprintf(err, errlen, "%s/%s: out of memory", dir, WS_MODEL_FILE);
        return WS_NOMEM;
    }
    m->bits = WS_MODEL_BITS;
    int rc = ws_mfile_load_weights(dir, &model_kind, m->bits, &m->w, model_record, m, err, errlen);
    if (rc == WS_OK && m->emb_sum) {
        /* the word clusters its features were learned with */
        rc = ws_embed_load(dir, &m->emb, err, errlen);
        if (rc == WS_OK && (m->emb->sum & WS_EMBED_SUM_MASK) != m->emb_sum) {
            if (err && errlen)
                snprintf(err, errlen, "%s/%s: not the word clusters the model was trained with (make train)", dir,
                         WS_EMBED_FILE);
            rc = WS_PARSE;
        }
    }
    if (rc == WS_OK && m->pos_sum) {
        /* the word classes its features were learned with */
        rc = ws_pos_load(dir, &m->pos, err, errlen);
        if (rc == WS_OK && (m->pos->sum & WS_EMBED_SUM_MASK) != m->pos_sum) {
            if (err && errlen)
                snprintf(err, errlen, "%s/%s: not the word classes the model was trained with (make train)", dir,
                         WS_POS_FILE);
            rc = WS_PARSE;
        }
    }
    if (rc != WS_OK) {
        ws_model_free(m);
        return rc;
    }
    *out = m;
    return WS_OK;
}

int ws_model_write(FILE *out, const ws_model *m)
{
    buf b = {0};
    char line[256];
    int n = snprintf(line, sizeof line,
                     "param\tcand_rate\t%d\nparam\tveto_rate\t%d\nparam\tthreshold\t%d\nparam\tcue_threshold\t%d\n"
                     "param\tkeep_rules\t%d\nparam\tcv_f1\t%d\nparam\tclusters\t%" PRIu64 "\n",
                     m->cand_rate, m->veto_rate, m->threshold, m->cue_threshold, m->keep_rules, m->cv_f1,
                     m->emb ? (uint64_t)(m->emb->sum & WS_EMBED_SUM_MASK) : (uint64_t)0);
    int rc = ws_buf_append(&b, line, (size_t)n);
    if (rc == WS_OK && m->pos) {
        n = snprintf(line, sizeof line, "param\tpos\t%" PRIu64 "\n", (uint64_t)(m->pos->sum & WS_EMBED_SUM_MASK));
        rc = ws_buf_append(&b, line, (size_t)n);
    }
    for (size_t i = 0; rc == WS_OK && i < m->cues.n; i++) {
        if (ws_buf_append(&b, "cue\t", 4) != WS_OK || ws_buf_append(&b, m->cues.w[i], strlen(m->cues.w[i])) != WS_OK ||
            ws_buf_putc(&b, '\n') != WS_OK)
            rc = WS_NOMEM;
    }
    for (size_t i = 0; rc == WS_OK && i < m->any.n; i++) {
        if (ws_buf_append(&b, "any\t", 4) != WS_OK || ws_buf_append(&b, m->any.w[i], strlen(m->any.w[i])) != WS_OK ||
            ws_buf_putc(&b, '\n') != WS_OK)
            rc = WS_NOMEM;
    }
    if (rc == WS_OK) rc = ws_mfile_write_weights(out, &model_kind, &b, m->w, m->bits);
    ws_buf_free(&b);
    return rc;
}

/* ------------------------------------------------------------ cue vocabulary */

uint64_t ws_model_word_hash(const char *w, size_t n)
{
    uint64_t h = lx_hash(w, n, false);
    return h ? h : 1;
}

/* Adds WORD to S (nothing when it is there).  WS_OK or WS_NOMEM. */
static int wordset_add(ws_wordset *s, const char *word, size_t n)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *ns = ws__calloc(cap, sizeof *ns);
        char **nw = ws__realloc(s->w, cap / 2 * sizeof *nw);
        if (!ns || !nw) {
            ws__free(ns);
            if (nw) s->w = nw;
            return WS_NOMEM;
        }
        s->w = nw;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->set[i]) continue;
            size_t k = (size_t)s->set[i] & (cap - 1);
            while (ns[k]) k = (k + 1) & (cap - 1);
            ns[k] = s->set[i];
        }
        ws__free(s->set);
        s->set = ns;
        s->cap = cap;
    }
    uint64_t h = ws_model_word_hash(word, n);
    size_t k = (size_t)h & (s->cap - 1);
    while (s->set[k]) {
        if (s->set[k] == h) return WS_OK;
        k = (k + 1) & (s->cap - 1);
    }
    if (!(s->w[s->n] = ws__strndup(word, n))) return WS_NOMEM;
    s->n++;
    s->set[k] = h;
    return WS_OK;
}

/* Whether the word of hash H (ws_model_word_hash) is in S. */
static inline bool wordset_has(const ws_wordset *s, uint64_t h)
{
    if (!s->cap) return false;
    size_t k = (size_t)h & (s->cap - 1);
    while (s->set[k]) {
        if (s->set[k] == h) return true;
        k = (k + 1) & (s->cap - 1);
    }
    return false;
}

int ws_model_add_cue(ws_model *m, const char *word, size_t n) { return wordset_add(&m->cues, word, n); }

int ws_model_add_any(ws_model *m, const char *word, size_t n) { return wordset_add(&m->any, word, n); }

/* Whether T is one of M's weak cue words that take any noun phrase as
 * source. */
static bool is_any_word(const ws_model *m, const tok *t)
{
    return m->any.n && t->low && wordset_has(&m->any, ws_model_word_hash(t->low, t->ll));
}

/* Whether T is a word of the cue vocabulary CUES (ws_model_is_cue_word,
 * inline in ws_model_propose's loop over every token). */
static inline bool is_cue_word(const ws_wordset *cues, const tok *t)
{
    if (!cues->cap || !t->low || !(t->flags & TK_WORD)) return false;
    uint64_t h = lx_hash(t->low, t->ll, true); /* ws_model_word_hash: low is zero-padded */
    return wordset_has(cues, h ? h : 1);
}

bool ws_model_is_cue_word(const ws_model *m, const tokdoc *d, int i) { return is_cue_word(&m->cues, &d->t[i]); }

/* ------------------------------------------------------------ features */

typedef struct fset {
    uint32_t *f;
    int n;
    uint32_t mask;
} fset;

/* A feature's hash so far, H, with the value V mixed in (one multiply). */
static inline uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x9E3779B97F4A7C15ull; }

/* Adds the feature whose hash, a product of mix, is H: its index is the
 * product's top bits. */
static void addh(fset *fs, uint64_t h)
{
    if (fs->n >= WS_MODEL_MAXF) return;
    fs->f[fs->n++] = (uint32_t)(h >> (64 - WS_MODEL_BITS)) & fs->mask;
}

/* A feature's hash starts with the FNV-1a hash of its tag, and its
 * values are mixed in: a string by its str_hash, an integer as it is.
 * The adders take a string value as its hash, so that a value that
 * several features read (the word, its neighbours, its lemma) is hashed
 * once.  They are inline and this loop unrolled, so that for a literal
 * tag (every caller's) or a literal value the compiler computes its hash,
 * not each call. */
#if defined(__GNUC__)
#define FEATURE_INLINE static inline __attribute__((always_inline))
#else
#define FEATURE_INLINE static inline
#endif
FEATURE_INLINE uint64_t tag_hash(const char *tag)
{
    size_t n = strlen(tag);
    uint64_t h = WS_FNV_INIT;
#pragma GCC unroll 32
    for (size_t i = 0; i < n; i++) h = ws_fnv_step(h, (unsigned char)tag[i]);
    return h;
}

/* The feature named TAG of the string whose str_hash is S. */
FEATURE_INLINE void adds(fset *fs, const char *tag, uint64_t s) { addh(fs, mix(tag_hash(tag) ^ 0xff, s)); }

/* The feature named TAG of the integer V. */
FEATURE_INLINE void addi(fset *fs, const char *tag, long v) { addh(fs, mix(tag_hash(tag) ^ 0xfd, (uint64_t)v)); }

/* The feature named TAG of two strings joined (their str_hash A and B). */
FEATURE_INLINE void add2(fset *fs, const char *tag, uint64_t a, uint64_t b)
{
    addh(fs, mix(mix(tag_hash(tag) ^ 0xfe, a), b));
}

/* The feature named TAG of the string of str_hash S and the integer V. */
FEATURE_INLINE void addsi(fset *fs, const char *tag, uint64_t s, long v)
{
    addh(fs, mix(mix(tag_hash(tag) ^ 0xfc, s), (uint64_t)v));
}

/* The feature named TAG of two integers. */
FEATURE_INLINE void addii(fset *fs, const char *tag, long a, long b) { addi(fs, tag, a * 4096 + b); }

/* Whether T ends a sentence (a full stop, question or exclamation mark;
 * an abbreviation keeps its period in its word). */
static bool sent_end(const tok *t) { return t->ch == '.' || t->ch == '?' || t->ch == '!'; }

/* The lowercased word of token I, or a mark for positions outside D. */
static const char *word(const tokdoc *d, int i)
{
    if (i < 0) return "<s>";
    if (i >= d->n) return "</s>";
    const tok *t = &d->t[i];
    if (t->low) return t->low;
    if (t->flags & TK_QUOTE) return "\"";
    return "<p>";
}

/* The str_hash of word(D, I). */
static uint64_t word_h(const tokdoc *d, int i)
{
    if (i < 0) return tag_hash("<s>");
    if (i >= d->n) return tag_hash("</s>");
    const tok *t = &d->t[i];
    if (t->low) return str_hash(t->low);
    if (t->flags & TK_QUOTE) return tag_hash("\"");
    return tag_hash("<p>");
}

/* A coarse shape of token I, its class of word or punctuation, as the
 * str_hash of its name: edge, quote, punct, pron, title, org, group,
 * func, num, cap or low. */
static uint64_t shape_h(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return tag_hash("edge");
    const tok *t = &d->t[i];
    if (t->flags & TK_QUOTE) return tag_hash("quote");
    if (t->flags & TK_PUNCT) return tag_hash("punct");
    if (t->lxf & LX_PRONOUN) return tag_hash("pron");
    if (t->lxf & LX_TITLE) return tag_hash("title");
    if (t->lxf & LX_ORG) return tag_hash("org");
    if (t->lxf & LX_GROUPNOUN) return tag_hash("group");
    if (t->lxf & LX_FUNCWORD) return tag_hash("func");
    if (t->flags & TK_NUM) return tag_hash("num");
    if (t->flags & TK_CAP) return tag_hash("cap");
    return tag_hash("low");
}

static long bucket(long v)
{
    if (v <= 3) return v;
    if (v <= 5) return 5;
    if (v <= 10) return 10;
    if (v <= 20) return 20;
    if (v <= 40) return 40;
    return 99;
}

/* The lemma of the cue: a listed verb's base form, else the word. */
static const char *lemma(const tokdoc *d, int i)
{
    if (i >= 0 && i < d->n && d->t[i].lx && d->t[i].lx->value && (d->t[i].lxf & (LX_CUE_VERB | LX_CUE_BELIEF)))
        return d->t[i].lx->value;
    return word(d, i);
}

/* The str_hash of lemma(D, I), where word(D, I)'s is W. */
static uint64_t lemma_h(const tokdoc *d, int i, uint64_t w)
{
    const char *l = lemma(d, i);
    return l == word(d, i) ? w : str_hash(l);
}

/* The hash by which the word clusters and classes find the word of token
 * I (ws_model_word_hash), or 0 for no word there. */
static uint64_t wkey(const tokdoc *d, int i)
{
    if (i < 0 || i >= d->n) return 0;
    const tok *t = &d->t[i];
    if (!t->low || !(t->flags & TK_WORD) || !t->ll) return 0;
    uint64_t h = lx_hash(t->low, t->ll, true); /* low is zero-padded */
    return h ? h : 1;
}

/* The word clusters of the word of hash K (WS_EMBED_NONE for none, an
 * unknown word or a model without clusters). */
static uint32_t clus(const ws_model *m, uint64_t k)
{
    return m->emb && k ? ws_embed_get(m->emb, k) : WS_EMBED_NONE;
}

/* The word classes of the word of hash K (WS_POS_NONE for none, an
 * unknown word or a model without them). */
static uint32_t wclass(const ws_model *m, uint64_t k)
{
    return m->pos && k ? ws_pos_get(m->pos, k) : WS_POS_NONE;
}

/* Cluster C at level L (0 coarsest, 2 finest) as a feature value: -1
 * for none. */
static long clev(uint32_t c, int l)
{
    return c == WS_EMBED_NONE ? -1 : (long)(c >> (10 * l) & 0x3ff);
}

/* The statement classifier's features of candidate R of D into F (see
 * ws_model_features).  The cue classifier's score of token HEAD is
 * HEAD_SCORE when HEAD >= 0: a proposal's, which propose computed. */
static int features(const ws_model *m, const tokdoc *d, const rawst *r, uint32_t *f, int head, long head_score)
{
    fset fs = {f, 0, ((uint32_t)1 << WS_MODEL_BITS) - 1};
    const uint64_t none = tag_hash("");
    const uint64_t meth = r->method ? str_hash(r->method) : tag_hash("-");
    adds(&fs, "bias", none);
    adds(&fs, "m", meth);
    addi(&fs, "k", r->kind);
    int q = r->q0;
    const uint64_t cw = word_h(d, q), cl = lemma_h(d, q, cw);
    adds(&fs, "cw", cw);
    adds(&fs, "cl", cl);
    add2(&fs, "cl-m", cl, meth);
    addi(&fs, "cn", r->q1 - r->q0);
    uint32_t fl = q >= 0 && q < d->n ? d->t[q].lxf : 0;
    addi(&fs, "cf", (long)(fl & (LX_CUE_VERB | LX_CUE_BELIEF | LX_CUE_NOUN | LX_WEAK | LX_PAST |
                                 LX_PRESENT | LX_GERUND | LX_LEMMA | LX_CUE_PASSIVE)));
    const uint64_t p1 = word_h(d, q - 1), n1 = word_h(d, r->q1), sp1 = shape_h(d, q - 1);
    adds(&fs, "p1", p1);
    adds(&fs, "p2", word_h(d, q - 2));
    adds(&fs, "n1", n1);
    adds(&fs, "n2", word_h(d, r->q1 + 1));
    add2(&fs, "cl-p1", cl, p1);
    add2(&fs, "cl-n1", cl, n1);
    adds(&fs, "sp1", sp1);
    adds(&fs, "sn1", shape_h(d, r->q1));
    add2(&fs, "cl-sp1", cl, sp1);
    if (m->emb) {
        uint32_t cc = clus(m, wkey(d, q));
        addi(&fs, "cc1", clev(cc, 1));
        addi(&fs, "cc2", clev(cc, 2));
        addii(&fs, "cc1-p1c0", clev(cc, 1), clev(clus(m, wkey(d, q - 1)), 0));
        addii(&fs, "cc1-n1c0", clev(cc, 1), clev(clus(m, wkey(d, r->q1)), 0));
        if (r->s0 >= 0 && r->s1 > r->s0) {
            uint32_t sh = clus(m, wkey(d, r->s1 - 1));
            addi(&fs, "shc0", clev(sh, 0));
            addi(&fs, "shc1", clev(sh, 1));
            addii(&fs, "cc1-shc0", clev(cc, 1), clev(sh, 0));
        }
        if (r->c0 >= 0 && r->c1 > r->c0) addi(&fs, "ctfc1", clev(clus(m, wkey(d, r->c0)), 1));
    }

    /* the sentence around the cue (at most 60 tokens either side) */
    int u0 = q, u1 = r->q1;
    while (u0 > 0 && !sent_end(&d->t[u0 - 1]) && q - u0 < 60) u0--;
    while (u1 < d->n && !sent_end(&d->t[u1 - 1]) && u1 - r->q1 < 60) u1++;
    addi(&fs, "cpos", bucket(q - u0));
    addi(&fs, "crest", bucket(u1 - r->q1));
    addi(&fs, "first-unit", u0 == 0);
    /* inside a quotation: an opening mark before the cue in its sentence
     * whose pair closes after it */
    int inq = 0;
    for (int k = u0; k < q && k < d->n; k++)
        if ((d->t[k].flags & TK_QOPEN) && d->t[k].pair > q) inq = 1;
    addi(&fs, "inq", inq);

    /* the source */
    if (r->s0 >= 0 && r->s1 > r->s0) {
        int sl = r->s1 - r->s0;
        const uint64_t ssh = shape_h(d, r->s0), ssl = shape_h(d, r->s1 - 1);
        adds(&fs, "sf", word_h(d, r->s0));
        adds(&fs, "sl", word_h(d, r->s1 - 1));
        adds(&fs, "ssh", ssh);
        adds(&fs, "ssl", ssl);
        addi(&fs, "sn", bucket(sl));
        addi(&fs, "sbefore", r->s1 <= q);
        long gap = r->s1 <= q ? q - r->s1 : r->s0 - r->q1;
        addi(&fs, "sgap", bucket(gap));
        add2(&fs, "cl-ssh", cl, ssh);
        add2(&fs, "cl-ssl", cl, ssl);
        int caps = 0;
        for (int k = r->s0; k < r->s1; k++) caps += (d->t[k].flags & TK_CAP) != 0;
        addi(&fs, "scaps", bucket(caps));
    } else {
        adds(&fs, "nosrc", none);
        add2(&fs, "cl-nosrc", cl, meth);
    }

    /* the content */
    if (r->c0 >= 0 && r->c1 > r->c0) {
        int cn = r->c1 - r->c0;
        const uint64_t ctf = word_h(d, r->c0), ctfs = shape_h(d, r->c0);
        addi(&fs, "ctn", bucket(cn));
        add2(&fs, "cl-ctn", cl, cn <= 3 ? tag_hash("short") : cn <= 8 ? tag_hash("mid") : tag_hash("long"));
        adds(&fs, "ctf", ctf);
        adds(&fs, "ctl", word_h(d, r->c1 - 1));
        adds(&fs, "ctfs", ctfs);
        add2(&fs, "cl-ctf", cl, ctf);
        add2(&fs, "cl-ctfs", cl, ctfs);
        addi(&fs, "ctbefore", r->c1 <= q);
        long gap = r->c1 <= q ? q - r->c1 : r->c0 - r->q1;
        addi(&fs, "ctgap", bucket(gap));
        int quotes = 0, ends = 0, caps = 0, verbs = 0;
        for (int k = r->c0; k < r->c1; k++) {
            quotes += (d->t[k].flags & TK_QUOTE) != 0;
            ends += sent_end(&d->t[k]) && k + 1 < r->c1;
            caps += (d->t[k].flags & TK_CAP) != 0;
            verbs += (d->t[k].lxf & LX_AUX) != 0;
        }
        addi(&fs, "ctq", quotes > 2 ? 3 : quotes);
        addi(&fs, "ctends", ends > 2 ? 3 : ends);
        addi(&fs, "ctcaprate", cn ? caps * 4 / cn : 0);
        addi(&fs, "ctaux", verbs > 2 ? 3 : verbs);
        add2(&fs, "cl-ctq", cl, quotes ? tag_hash("q") : tag_hash("nq"));
        addi(&fs, "ct2", r->c20 >= 0);
    }
    addi(&fs, "conf", (long)(r->conf * 10));
    /* what the cue classifier says of the cue's first word past an
     * auxiliary or adverb */
    int h = q;
    while (h + 1 < r->q1 && (d->t[h].lxf & (LX_AUX | LX_CUE_ADV))) h++;
    if (h >= 0 && h < d->n) {
        long sc = head_score;
        if (h != head) {
            uint32_t g[WS_MODEL_MAXF];
            int ng = ws_model_cue_features(m, d, h, g);
            sc = ws_model_score(m, g, ng);
        }
        sc /= WS_MODEL_CUE_STEP;
        sc = sc > 6 ? 6 : sc < -6 ? -6 : sc;
        addi(&fs, "cuescore", sc);
        const char b[2] = {(char)('g' + sc), 0};
        add2(&fs, "cuescore-m", str_hash(b), meth);
    }
    return fs.n;
}

int ws_model_features(const ws_model *m, const tokdoc *d, const rawst *r, uint32_t *f)
{
    return features(m, d, r, f, -1, 0);
}

/* PolNeAR's contents begin with the complementiser: "said that X" has
 * the content "that X". */
void ws_model_adjust(const tokdoc *d, rawlist *raw)
{
    for (int i = 0; i < raw->n; i++) {
        rawst *r = &raw->v[i];
        if (r->c0 > 0 && r->c0 - 1 >= r->q1 && tok_is(d, r->c0 - 1, "that")) r->c0--;
    }
}

/* The word class of token I (WS_PC_*, -1 for none or an unknown word). */
static long pclass(const ws_model *m, const tokdoc *d, int i) { return ws_pos_top(wclass(m, wkey(d, i))); }

/* What follows cue word I (of str_hash HW) before its sentence's end K1,
 * past determiners, possessives, adjectives, numbers and adverbs: a noun
 * phrase as its object ("gave a speech", "hired an aide"), a clause word,
 * a quotation or colon, "to", a preposition, punctuation or another word;
 * for a noun object, its head's word and cluster and whether a clause or
 * quotation opens within six tokens after it ("told reporters that").
 * A verb of doing with a plain object is told from a verb of saying by
 * these joined with the cue word. */
static void cue_object(const ws_model *m, const tokdoc *d, int i, int k1, uint64_t hw, fset *fs)
{
    int j = i + 1;
    while (j < k1 && j - i <= 4 && d->t[j].low && (d->t[j].flags & TK_WORD) && !tok_is(d, j, "that")) {
        long c = pclass(m, d, j);
        if (c != WS_PC_DT && c != WS_PC_PRP && c != WS_PC_JJ && c != WS_PC_CD && c != WS_PC_RB) break;
        j++;
    }
    enum { OBJ_NOUN, OBJ_CLAUSE, OBJ_QUOTE, OBJ_TO, OBJ_PREP, OBJ_PUNCT, OBJ_OTHER, OBJ_SKIPPED = 8 };
    long kind;
    int head = -1;
    const long cj = j < k1 ? pclass(m, d, j) : -1;
    if (j >= k1) kind = OBJ_PUNCT;
    else if (d->t[j].flags & TK_QUOTE) kind = OBJ_QUOTE;
    else if (!(d->t[j].flags & TK_WORD)) kind = d->t[j].ch == ':' ? OBJ_QUOTE : OBJ_PUNCT;
    else if (tok_is(d, j, "that") || cj == WS_PC_WH || tok_is(d, j, "whether") || tok_is(d, j, "if"))
        kind = OBJ_CLAUSE;
    else if (tok_is(d, j, "to")) kind = OBJ_TO;
    else if (cj == WS_PC_IN) kind = OBJ_PREP;
    else if (cj == WS_PC_NN || cj == WS_PC_NNP || (cj < 0 && (d->t[j].flags & TK_CAP))) {
        kind = OBJ_NOUN;
        /* the noun phrase's last noun: its head */
        head = j;
        while (head + 1 < k1 && head - j < 3) {
            long cn = pclass(m, d, head + 1);
            if (cn != WS_PC_NN && cn != WS_PC_NNP) break;
            head++;
        }
    } else kind = OBJ_OTHER;
    addsi(fs, "T-w-ok", hw, j - i > 1 ? kind + OBJ_SKIPPED : kind);
    if (head < 0) return;
    const uint32_t oc = clus(m, wkey(d, head));
    addsi(fs, "T-w-oc1", hw, clev(oc, 1));
    adds(fs, "T-w-oh", mix(hw, word_h(d, head)));
    int after = 0;
    for (int k = head + 1; k < k1 && k - head <= 6 && !after; k++)
        after = (d->t[k].flags & TK_QUOTE) || d->t[k].ch == ':' || tok_is(d, k, "that");
    addsi(fs, "T-w-oafter", hw, after);
    addii(fs, "T-c1-oc1", clev(clus(m, wkey(d, i)), 1), clev(oc, 1));
}

int ws_model_cue_features(const ws_model *m, const tokdoc *d, int i, uint32_t *f)
{
    fset fs = {f, 0, ((uint32_t)1 << WS_MODEL_BITS) - 1};
    const char *w = word(d, i);
    const uint64_t hw = str_hash(w), p1 = word_h(d, i - 1), n1 = word_h(d, i + 1);
    const uint64_t sp1 = shape_h(d, i - 1), sn1 = shape_h(d, i + 1);
    adds(&fs, "T-bias", tag_hash(""));
    adds(&fs, "T-w", hw);
    adds(&fs, "T-l", lemma_h(d, i, hw));
    size_t n = strlen(w);
    adds(&fs, "T-s3", n > 3 ? str_hash(w + n - 3) : hw);
    adds(&fs, "T-s2", n > 2 ? str_hash(w + n - 2) : hw);
    adds(&fs, "T-p1", p1);
    adds(&fs, "T-p2", word_h(d, i - 2));
    adds(&fs, "T-n1", n1);
    adds(&fs, "T-n2", word_h(d, i + 2));
    adds(&fs, "T-sp1", sp1);
    adds(&fs, "T-sp2", shape_h(d, i - 2));
    adds(&fs, "T-sn1", sn1);
    adds(&fs, "T-sn2", shape_h(d, i + 2));
    add2(&fs, "T-w-p1", hw, p1);
    add2(&fs, "T-w-n1", hw, n1);
    add2(&fs, "T-w-sp1", hw, sp1);
    add2(&fs, "T-w-sn1", hw, sn1);
    uint32_t fl = d->t[i].lxf;
    addi(&fs, "T-f", (long)(fl & (LX_CUE_VERB | LX_CUE_BELIEF | LX_CUE_NOUN | LX_WEAK | LX_PAST | LX_PRESENT |
                                   LX_GERUND | LX_LEMMA | LX_CUE_PASSIVE)));
    addi(&fs, "T-cap", (d->t[i].flags & TK_CAP) != 0);
    /* where it lies in its sentence, and whether inside a quotation */
    int k0 = i, quotes = 0, inq = 0;
    while (k0 > 0 && !sent_end(&d->t[k0 - 1]) && i - k0 < 60) k0--;
    for (int k = k0; k < i; k++) {
        quotes += (d->t[k].flags & TK_QUOTE) != 0;
        if ((d->t[k].flags & TK_QOPEN) && d->t[k].pair > i) inq = 1;
    }
    addi(&fs, "T-pos", bucket(i - k0));
    addi(&fs, "T-inq", inq);
    addi(&fs, "T-qb", quotes > 2 ? 3 : quotes);
    int k1 = i;
    while (k1 < d->n && !sent_end(&d->t[k1]) && k1 - i < 60) k1++;
    addi(&fs, "T-rest", bucket(k1 - i));
    add2(&fs, "T-w-rest", hw, k1 - i <= 2 ? tag_hash("end") : k1 - i <= 6 ? tag_hash("near") : tag_hash("far"));
    add2(&fs, "T-w-pos", hw, i - k0 <= 1 ? tag_hash("start") : i - k0 <= 6 ? tag_hash("near") : tag_hash("far"));
    /* the words' keys for their classes and clusters, i-2 .. i+2 */
    uint64_t key[5] = {0};
    if (m->pos || m->emb)
        for (int k = 0; k < 5; k++) key[k] = wkey(d, i - 2 + k);
    if (m->pos) {
        /* the word classes of the word and its neighbours: what it
         * usually is (verb, noun, both), whether it takes a clause, and
         * what stands around this use of it ("to support", "his support") */
        uint32_t c = wclass(m, key[2]), cp1 = wclass(m, key[1]), cp2 = wclass(m, key[0]);
        uint32_t cn1 = wclass(m, key[3]);
        addi(&fs, "T-pt", ws_pos_top(c));
        addi(&fs, "T-pa", ws_pos_ambig(c));
        addi(&fs, "T-pc", ws_pos_clause(c));
        addii(&fs, "T-pa-p1t", ws_pos_ambig(c), ws_pos_top(cp1));
        addii(&fs, "T-pa-n1t", ws_pos_ambig(c), ws_pos_top(cn1));
        addii(&fs, "T-p1t-p2t", ws_pos_top(cp1), ws_pos_top(cp2));
        addsi(&fs, "T-w-p1t", hw, ws_pos_top(cp1));
        addsi(&fs, "T-w-n1t", hw, ws_pos_top(cn1));
        addii(&fs, "T-pc-n1t", ws_pos_clause(c), ws_pos_top(cn1));
    }
    if (m->emb) {
        /* the word's and its neighbours' clusters: what kind of word it
         * is and what kind of words stand around this use of it */
        uint32_t c = clus(m, key[2]), cp1 = clus(m, key[1]), cp2 = clus(m, key[0]);
        uint32_t cn1 = clus(m, key[3]), cn2 = clus(m, key[4]);
        addi(&fs, "T-c0", clev(c, 0));
        addi(&fs, "T-c1", clev(c, 1));
        addi(&fs, "T-c2", clev(c, 2));
        addi(&fs, "T-p1c1", clev(cp1, 1));
        addi(&fs, "T-p2c0", clev(cp2, 0));
        addi(&fs, "T-n1c1", clev(cn1, 1));
        addi(&fs, "T-n2c0", clev(cn2, 0));
        addsi(&fs, "T-w-p1c1", hw, clev(cp1, 1));
        addsi(&fs, "T-w-n1c1", hw, clev(cn1, 1));
        addsi(&fs, "T-w-n2c0", hw, clev(cn2, 0));
        addii(&fs, "T-c1-p1c1", clev(c, 1), clev(cp1, 1));
        addii(&fs, "T-c1-n1c1", clev(c, 1), clev(cn1, 1));
        addii(&fs, "T-c2-n1c0", clev(c, 2), clev(cn1, 0));
    }
    if (m->pos) cue_object(m, d, i, k1, hw, &fs);
    return fs.n;
}

/* The tokens that already are a candidate's cue or lie inside a pattern's
 * content, where no cue is proposed: TAKEN[d->n + 1] from A, or NULL. */
static uint8_t *taken_tokens(arena *a, const tokdoc *d, const rawlist *raw)
{
    uint8_t *taken = ws_arena_alloc(a, (size_t)d->n + 1);
    if (!taken) return NULL;
    memset(taken, 0, (size_t)d->n + 1);
    for (int k = 0; k < raw->n; k++)
        for (int q = raw->v[k].q0; q < raw->v[k].q1 && q < d->n; q++)
            if (q >= 0) taken[q] = 1;
    for (int k = 0; k < raw->n; k++)
        for (int c = raw->v[k].c0; c < raw->v[k].c1 && c < d->n; c++)
            if (c >= 0) taken[c] = 1;
    return taken;
}


/* The end of unit U's content: the unit's end before its final marks. */
static int content_end(const tokdoc *d, int u)
{
    int u0 = d->u[u].t0, end = d->u[u].t1;
    while (end > u0 && (d->t[end - 1].flags & TK_PUNCT) && !(d->t[end - 1].flags & TK_QUOTE)) end--;
    return end;
}

/* The cue classifier's score of a proposal's head word. */
typedef struct cue_score {
    int head;
    long score;
} cue_score;

/* ws_model_propose; with SCORE (memory for d->n values), each
 * proposal's head word and its score, in the order the proposals are
 * added. */
static int propose(const ws_model *m, arena *a, const tokdoc *d, rawlist *raw, cue_score *score)
{
    if (!m->cues.cap) return WS_OK;
    uint8_t *taken = taken_tokens(a, d, raw);
    if (!taken) return WS_NOMEM;
    uint32_t f[WS_MODEL_MAXF];
    int np = 0;
    const ws_wordset cues = m->cues;
    const tok *t = d->t;
    for (int u = 0; u < d->nu; u++) {
        int u0 = d->u[u].t0, end = content_end(d, u);
        /* a cue leaves at least two tokens of content before the end */
        for (int i = u0; i < end - 2; i++) {
            if (taken[i] || !is_cue_word(&cues, &t[i])) continue;
            rawst r;
            int src = ws_model_proposal_at(d, taken, u0, end, i, &r);
            /* a weak cue word's noun phrase only for the words that take
             * one */
            if (src == WS_PROP_NONE || (src == WS_PROP_NOUN && !is_any_word(m, &d->t[i]))) continue;
            /* the cue classifier last: the checks above take no features */
            int n = ws_model_cue_features(m, d, i, f);
            const long sc = ws_model_score(m, f, n);
            if (sc <= m->cue_threshold) continue;
            for (int k = r.c0; k < r.c1; k++)
                if (d->t[k].flags & TK_QUOTE) r.kind = WS_MIXED;
            r.unit = u;
            r.date = (ws_date){0, 0, 0};
            r.date_text = NULL;
            r.venue = NULL;
            r.method = "model:cue";
            r.conf = 0.5;
            if (ws_raw_push(a, raw, &r) != WS_OK) return WS_NOMEM;
            if (score) score[np++] = (cue_score){i, sc};
        }
    }
    return WS_OK;
}

int ws_model_propose(const ws_model *m, arena *a, const tokdoc *d, rawlist *raw)
{
    return propose(m, a, d, raw, NULL);
}

int ws_model_any_sources(const ws_model *m, arena *a, const tokdoc *d, const rawlist *raw, int *out, int cap)
{
    if (!m->cues.cap) return 0;
    uint8_t *taken = taken_tokens(a, d, raw);
    if (!taken) return 0;
    int n = 0;
    for (int u = 0; u < d->nu; u++) {
        int u0 = d->u[u].t0, end = content_end(d, u);
        for (int i = u0; i < end - 2 && n < cap; i++) {
            if (taken[i] || !is_cue_word(&m->cues, &d->t[i])) continue;
            rawst r;
            if (ws_model_proposal_at(d, taken, u0, end, i, &r) == WS_PROP_NOUN) out[n++] = i;
        }
    }
    return n;
}

/* ws_model_filter; with SCORE, the cue classifier's scores of the
 * proposals from FIRST on (propose's), at their head words. */
static void filter(const ws_model *m, const tokdoc *d, rawlist *raw, int first, const cue_score *score)
{
    uint32_t f[WS_MODEL_MAXF];
    int k = 0;
    for (int i = 0; i < raw->n; i++) {
        if (m->keep_rules && i < first) {
            raw->v[k++] = raw->v[i];
            continue;
        }
        const cue_score *cs = score && i >= first ? &score[i - first] : NULL;
        int n = features(m, d, &raw->v[i], f, cs ? cs->head : -1, cs ? cs->score : 0);
        if (ws_model_score(m, f, n) > m->threshold) raw->v[k++] = raw->v[i];
    }
    raw->n = k;
}

void ws_model_filter(const ws_model *m, const tokdoc *d, rawlist *raw, int first)
{
    filter(m, d, raw, first, NULL);
}

int ws_model_apply(const ws_model *m, arena *a, const tokdoc *d, rawlist *raw)
{
    if (!m->keep_rules) ws_model_adjust(d, raw);
    int first = raw->n;
    cue_score *score = ws_arena_alloc(a, ((size_t)d->n + 1) * sizeof *score);
    if (!score) return WS_NOMEM;
    int rc = propose(m, a, d, raw, score);
    if (rc != WS_OK) return rc;
    filter(m, d, raw, first, score);
    return WS_OK;
}
