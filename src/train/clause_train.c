/*
 * clause_train.c -- learns the clause tagger (src/model/clause.h) from a
 * CoNLL-U file of parsed articles and the articles' texts (`whosaid train
 * --clause FILE.conllu --texts DIR`; PolNeAR train's CoreNLP parses).
 *
 * Each article (`# newdoc id = NAME`, its text DIR/NAME.txt) is tokenized
 * as the extractor tokenizes it; each of its tokens that ends where a
 * parsed word ends (the MISC column's Start and End, code points) and
 * starts within it learns that word's tag: the relation of the largest
 * subtree whose last word, punctuation dependents aside, it is
 * (ws_clause_of_rel).  The features are the extractor's
 * (ws_clause_features); a multiclass perceptron, averaged, in integer
 * arithmetic and a fixed order: the same files give the same model byte
 * for byte.
 */
#define _GNU_SOURCE
#include "../model/clause.h"
#include "avgp.h"
#include "whosaid_eval.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CLAUSE_EPOCHS 6
#define CLAUSE_SCALE 10
#define CLAUSE_SEED 0x853C49E6748FEA9Bull
/* Averaged weights this small (CLAUSE_SCALE units) are dropped: they
 * change few tags and each kept one is a line of the file. */
#define CLAUSE_PRUNE 100

/* A parsed word: its code points, its head (1-based in its sentence, 0
 * for the root) and relation's tag. */
typedef struct cword {
    long s, e;
    int head, rel;
} cword;

/* The samples: per token its features F[f0, f0 + nf) and gold tag. */
typedef struct cpool {
    uint32_t *f;
    size_t nf, capf;
    struct csample {
        size_t f0;
        int nf, tag;
    } *s;
    size_t ns, caps;
} cpool;

/* What one article being read holds: its parsed words and their tags. */
typedef struct cdoc {
    char name[512];
    cword *w;
    int *tag;
    size_t n, cap;
    size_t sent0; /* the current sentence's first word */
} cdoc;

/* The tags of the sentence W[n] into TAG[n]: for each word, the relation
 * of the highest node whose subtree (punctuation dependents aside) ends
 * with it. */
static void sentence_tags(const cword *w, int n, int *tag)
{
    int *re = ws__calloc((size_t)n + 1, sizeof *re);
    if (!re) {
        for (int i = 0; i < n; i++) tag[i] = WS_CLAUSE_NONE;
        return;
    }
    for (int i = 0; i < n; i++) re[i] = i;
    /* the right edges: each non-punctuation word pushes its ancestors'
     * (a chain of heads, at most n long: a cycle stops there) */
    for (int i = 0; i < n; i++) {
        if (w[i].rel == WS_CLAUSE_NONE) continue;
        int k = i, steps = 0;
        while (w[k].head > 0 && w[k].head <= n && steps++ < n) {
            int h = w[k].head - 1;
            if (re[h] < i) re[h] = i;
            if (w[h].rel == WS_CLAUSE_NONE) break;
            k = h;
        }
    }
    for (int i = 0; i < n; i++) {
        int k = i, steps = 0;
        if (w[i].rel != WS_CLAUSE_NONE)
            while (w[k].head > 0 && w[k].head <= n && re[w[k].head - 1] == i && steps++ < n) k = w[k].head - 1;
        tag[i] = w[k].rel;
        /* a word that ends only its own subtree of a minor relation (a
         * determiner, a modifier, a compound's part) ends no phrase */
        if (k == i && tag[i] == WS_CLAUSE_OTHER) tag[i] = WS_CLAUSE_NONE;
    }
    ws__free(re);
}

static void sentence_done(cdoc *c)
{
    if (c->n > c->sent0) sentence_tags(c->w + c->sent0, (int)(c->n - c->sent0), c->tag + c->sent0);
    c->sent0 = c->n;
}

/* Adds the samples of article C (its text in DIR) to P. */
static int doc_done(cpool *p, cdoc *c, const ws_lexicon *lx, const char *dir, char *err,
                    size_t errlen)
{
    sentence_done(c);
    if (!c->name[0] || !c->n) return WS_OK;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.txt", dir, c->name);
    char *text = NULL;
    size_t len = 0;
    int rc = ws_ev_read_file(path, &text, &len);
    if (rc != WS_OK) { /* an article without its text teaches nothing */
        ws__free(text);
        return WS_OK;
    }
    arena a;
    ws_arena_init(&a);
    tokdoc d;
    rc = ws_tok_document(&a, lx, text, len, &d);
    ws_clause_src src;
    if (rc == WS_OK) rc = ws_clause_src_init(&a, &d, &src);
    size_t j = 0;
    uint32_t f[WS_CLAUSE_MAXF];
    for (int i = 0; rc == WS_OK && i < d.n; i++) {
        while (j < c->n && c->w[j].e < (long)d.t[i].ce) j++;
        if (j == c->n) break;
        if (c->w[j].e != (long)d.t[i].ce || c->w[j].s > (long)d.t[i].cb) continue;
        int nf = ws_clause_features(&src, i, f);
        if (ws_train_grow((void **)&p->s, &p->caps, p->ns + 1, sizeof *p->s, 1 << 16) != WS_OK ||
            ws_train_grow((void **)&p->f, &p->capf, p->nf + (size_t)nf, sizeof *p->f, 1 << 20) != WS_OK) {
            rc = WS_NOMEM;
            break;
        }
        memcpy(p->f + p->nf, f, (size_t)nf * sizeof *f);
        p->s[p->ns++] = (struct csample){p->nf, nf, c->tag[j]};
        p->nf += (size_t)nf;
    }
    if (rc != WS_OK) snprintf(err, errlen, "%s: %s", path, ws_strerror(rc));
    ws_arena_free(&a);
    ws__free(text);
    return rc;
}

/* Splits LINE at tabs into F[10]; returns how many fields. */
static int fields(char *line, char **f)
{
    int n = 0;
    for (char *p = line; n < 10;) {
        f[n++] = p;
        p = strchr(p, '\t');
        if (!p) break;
        *p++ = 0;
    }
    return n;
}

/* The number after KEY= in the MISC field M, or -1. */
static long misc(const char *m, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = m; p && *p; p = strchr(p, '|'), p = p ? p + 1 : NULL)
        if (!strncmp(p, key, k) && p[k] == '=') return strtol(p + k + 1, NULL, 10);
    return -1;
}

/* The multiclass perceptron over P into W (2^bits weights). */
static int learn(const cpool *p, ws_weight *w_out, int bits)
{
    ws_avgp a;
    size_t *order = ws__calloc(p->ns + 1, sizeof *order);
    uint32_t *up = ws__calloc((size_t)WS_CLAUSE_MAXF * 2, sizeof *up);
    if (!order || !up || ws_avgp_init(&a, bits, CLAUSE_SEED) != WS_OK) {
        ws__free(order);
        ws__free(up);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < p->ns; i++) order[i] = i;
    for (int e = 0; e < CLAUSE_EPOCHS; e++) {
        ws_avgp_shuffle(&a, order, p->ns);
        for (size_t k = 0; k < p->ns; k++, a.c++) {
            const struct csample *x = &p->s[order[k]];
            const uint32_t *f = p->f + x->f0;
            int64_t s[16] = {0};
            for (int i = 0; i < x->nf; i++)
                for (int c = 0; c < WS_CLAUSE_NTAGS; c++) s[c] += a.w[(size_t)f[i] << 4 | (size_t)c];
            int best = 0;
            for (int c = 1; c < WS_CLAUSE_NTAGS; c++)
                if (s[c] > s[best]) best = c;
            if (best == x->tag) continue;
            for (int i = 0; i < x->nf; i++) {
                up[i] = f[i] << 4 | (uint32_t)x->tag;
                up[x->nf + i] = f[i] << 4 | (uint32_t)best;
            }
            ws_avgp_add(&a, up, x->nf, 1);
            ws_avgp_add(&a, up + x->nf, x->nf, -1);
        }
    }
    ws_avgp_average(&a, CLAUSE_SCALE, w_out);
    size_t nw = (size_t)1 << bits;
    for (size_t i = 0; i < nw; i++)
        if (w_out[i] > -CLAUSE_PRUNE && w_out[i] < CLAUSE_PRUNE) w_out[i] = 0;
    ws_avgp_free(&a);
    ws__free(order);
    ws__free(up);
    return WS_OK;
}

int ws_train_clause(const char *conllu, const char *text_dir, const char *data_dir, FILE *out, char *err,
                    size_t errlen)
{
    err[0] = 0;
    ws_lexicon *lx = NULL;
    int rc = ws__lexicon_load_with(data_dir, -1, -1, true, &lx, err, errlen);
    if (rc != WS_OK) return rc;
    FILE *in = fopen(conllu, "r");
    if (!in) {
        snprintf(err, errlen, "%s: %s", conllu, strerror(errno));
        ws_lexicon_free(lx);
        return WS_IO;
    }
    ws_clause m = {.bits = WS_CLAUSE_BITS};
    cpool p = {0};
    cdoc c = {0};
    long ln = 0;
    char line[8192];
    while (rc == WS_OK && fgets(line, sizeof line, in)) {
        ln++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') line[--len] = 0;
        if (!strncmp(line, "# newdoc id = ", 14)) {
            rc = doc_done(&p, &c, lx, text_dir, err, errlen);
            size_t nl = strlen(line + 14);
            if (nl >= sizeof c.name) nl = sizeof c.name - 1;
            memcpy(c.name, line + 14, nl);
            c.name[nl] = 0;
            c.n = c.sent0 = 0;
            continue;
        }
        if (len == 0) {
            sentence_done(&c);
            continue;
        }
        if (line[0] == '#') continue;
        char *f[10];
        if (fields(line, f) < 10) {
            snprintf(err, errlen, "%s:%ld: expected ten tab-separated fields", conllu, ln);
            rc = WS_PARSE;
            break;
        }
        if (strchr(f[0], '-') || strchr(f[0], '.')) continue; /* multiword ranges, empty nodes */
        long s = misc(f[9], "Start"), e = misc(f[9], "End");
        if (s < 0 || e < s) {
            snprintf(err, errlen, "%s:%ld: expected Start=N|End=N in MISC", conllu, ln);
            rc = WS_PARSE;
            break;
        }
        if (ws_train_grow((void **)&c.w, &c.cap, c.n + 1, sizeof *c.w, 4096) != WS_OK) {
            rc = WS_NOMEM;
            break;
        }
        int *nt = ws__realloc(c.tag, c.cap * sizeof *nt);
        if (!nt) {
            rc = WS_NOMEM;
            break;
        }
        c.tag = nt;
        c.w[c.n++] = (cword){s, e, atoi(f[6]), ws_clause_of_rel(f[7])};
    }
    if (rc == WS_OK && ferror(in)) {
        snprintf(err, errlen, "%s: read error", conllu);
        rc = WS_IO;
    }
    fclose(in);
    if (rc == WS_OK) rc = doc_done(&p, &c, lx, text_dir, err, errlen);
    if (rc == WS_OK && !p.ns) {
        snprintf(err, errlen, "%s: no parsed word matches a token of %s", conllu, text_dir);
        rc = WS_PARSE;
    }
    m.samples = (int)p.ns;
    if (rc == WS_OK && !(m.w = ws__calloc((size_t)1 << m.bits, sizeof *m.w))) rc = WS_NOMEM;
    if (rc == WS_OK) rc = learn(&p, m.w, m.bits);
    if (rc == WS_OK) rc = ws_clause_write(out, &m);
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s", ws_strerror(rc));
    ws__free(m.w);
    ws__free(p.f);
    ws__free(p.s);
    ws__free(c.w);
    ws__free(c.tag);
    ws_lexicon_free(lx);
    return rc;
}
