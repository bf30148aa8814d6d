/*
 * topics.c -- which topics a statement is about, from a plain-text list of
 * words and phrases per topic.
 *
 * The topics file (data/topics.txt by default, `--topics FILE` otherwise)
 * is line-oriented UTF-8:
 *
 *     # a comment; blank lines are ignored
 *     [ceasefire]            a topic: the name between brackets
 *     ceasefire              a word or phrase that marks it, one a line
 *     cease-fire             punctuation separates words: also "cease fire"
 *     truce
 *     [peacekeepers]
 *     peacekeep*             a final '*' makes the last word a prefix
 *     boots on the ground
 *
 * Matching is on whole words, case-insensitively (Unicode lower case via
 * utf8proc).  A pattern word also matches its plural ("sanction" matches
 * "sanctions", "deal" "deals"), and a starred word any word beginning with
 * it.  A phrase matches consecutive words, ignoring the punctuation between
 * them.  A statement gets every topic one of whose patterns occurs in its
 * content (both parts of an interrupted quote).
 *
 * Known limits: no real stemming beyond the plural and the prefix star
 * ("guarantee" does not match "guaranteed" unless written "guarantee*");
 * no negation ("no ceasefire" is about the ceasefire, which is right);
 * words are runs of letters and digits, so "NATO's" is "nato" then "s".
 * The matcher tries at each word the patterns whose first word begins
 * with that word's first byte (a few dozen patterns over a sentence is
 * microseconds); a list of thousands would want a trie.
 */
#include "whosaid.h"
#include "../base/base.h"
#include "store.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

typedef struct tp_pattern {
    int topic;       /* index into names */
    int nwords;
    char **words;    /* lower-cased */
    size_t *lens;    /* their lengths */
    int prefix;      /* last word is a prefix */
} tp_pattern;

struct tp_set {
    char **names;
    int nnames;
    tp_pattern *pats;
    int npats;
    int *order;      /* pattern indices by the first byte of their first word */
    int start[257];  /* patterns starting with byte b: order[start[b], start[b+1]) */
};

/* Splits S[len] into lower-cased words appended to *out (a NUL-separated
 * list in B, offsets in *offs).  Returns the number of words or -1.
 * ASCII takes a shortcut with the same result: its word characters are
 * the letters and digits, its lower case A-Z + 32.  B is reserved once
 * (a lower-cased code point takes at most 3/2 of its bytes, plus a NUL a
 * word) and written directly. */
static int split_words(const char *s, size_t len, buf *b, size_t **offs, size_t *cap)
{
    int n = 0;
    int in_word = 0;
    b->len = 0;
    if (ws_buf_reserve(b, 2 * len + 2) != WS_OK) return -1;
    char *o = b->p;
    utf8proc_ssize_t i = 0;
    while ((size_t)i < len) {
        unsigned char a = (unsigned char)s[i];
        utf8proc_int32_t c = a;
        int wordch;
        if (a < 0x80) {
            i++;
            wordch = (a >= 'a' && a <= 'z') || (a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z');
        } else {
            utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)len - i, &c);
            if (l <= 0) { l = 1; c = 0xFFFD; }
            i += l;
            utf8proc_category_t cat = utf8proc_category(c);
            wordch = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                     (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) ||
                     (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
        }
        if (!wordch) {
            if (in_word) { *o++ = 0; in_word = 0; }
            continue;
        }
        if (!in_word) {
            if ((size_t)n == *cap) {
                size_t nc = *cap ? *cap * 2 : 32;
                size_t *no = ws__realloc(*offs, nc * sizeof *no);
                if (!no) return -1;
                *offs = no;
                *cap = nc;
            }
            (*offs)[n++] = (size_t)(o - b->p);
            in_word = 1;
        }
        if (a < 0x80) *o++ = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
        else o += utf8proc_encode_char(utf8proc_tolower(c), (utf8proc_uint8_t *)o);
    }
    if (in_word) *o++ = 0;
    b->len = (size_t)(o - b->p);
    return n;
}

void ws_tp_free(tp_set *t)
{
    if (!t) return;
    for (int i = 0; i < t->nnames; i++) ws__free(t->names[i]);
    for (int i = 0; i < t->npats; i++) {
        for (int j = 0; j < t->pats[i].nwords; j++) ws__free(t->pats[i].words[j]);
        ws__free(t->pats[i].words);
        ws__free(t->pats[i].lens);
    }
    ws__free(t->names);
    ws__free(t->pats);
    ws__free(t->order);
    ws__free(t);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

static int add_name(tp_set *t, const char *name)
{
    char **nn = ws__realloc(t->names, (size_t)(t->nnames + 1) * sizeof *nn);
    if (!nn) return WS_NOMEM;
    t->names = nn;
    if (!(nn[t->nnames] = ws__strndup(name, strlen(name)))) return WS_NOMEM;
    t->nnames++;
    return WS_OK;
}

static int add_pattern(tp_set *t, char *line, buf *b, size_t **offs, size_t *cap)
{
    size_t len = strlen(line);
    int prefix = 0;
    if (len && line[len - 1] == '*') { prefix = 1; line[--len] = 0; }
    int n = split_words(line, len, b, offs, cap);
    if (n < 0) return WS_NOMEM;
    if (n == 0) return WS_PARSE;
    tp_pattern *np = ws__realloc(t->pats, (size_t)(t->npats + 1) * sizeof *np);
    if (!np) return WS_NOMEM;
    t->pats = np;
    tp_pattern *p = &np[t->npats];
    p->topic = t->nnames - 1;
    p->prefix = prefix;
    p->nwords = 0;
    p->words = ws__calloc((size_t)n, sizeof *p->words);
    p->lens = ws__calloc((size_t)n, sizeof *p->lens);
    t->npats++;
    if (!p->words || !p->lens) return WS_NOMEM;
    for (int i = 0; i < n; i++) {
        const char *w = b->p + (*offs)[i];
        p->lens[i] = strlen(w);
        if (!(p->words[i] = ws__strndup(w, p->lens[i]))) return WS_NOMEM;
        p->nwords++;
    }
    return WS_OK;
}

/* Fills T's order and start (a counting sort on first bytes). */
static int index_patterns(tp_set *t)
{
    t->order = ws__calloc((size_t)t->npats + 1, sizeof *t->order);
    if (!t->order) return WS_NOMEM;
    int count[256] = {0};
    for (int p = 0; p < t->npats; p++) count[(unsigned char)t->pats[p].words[0][0]]++;
    t->start[0] = 0;
    for (int b = 0; b < 256; b++) t->start[b + 1] = t->start[b] + count[b];
    int fill[256];
    memcpy(fill, t->start, sizeof fill);
    for (int p = 0; p < t->npats; p++) t->order[fill[(unsigned char)t->pats[p].words[0][0]]++] = p;
    return WS_OK;
}

/* Loads the topics file PATH into *out (free with ws_tp_free).  On failure
 * returns WS_IO, WS_PARSE or WS_NOMEM and writes "PATH:LINE: what" into
 * err[errlen]. */
int ws_tp_load(const char *path, tp_set **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return WS_IO;
    }
    tp_set *t = ws__calloc(1, sizeof *t);
    buf b = {0};
    size_t *offs = NULL, cap = 0;
    char line[1024];
    int rc = t ? WS_OK : WS_NOMEM;
    long ln = 0;
    while (rc == WS_OK && fgets(line, sizeof line, f)) {
        ln++;
        char *s = trim(line);
        if (!*s || *s == '#') continue;
        if (*s == '[') {
            char *e = strchr(s, ']');
            if (!e || e == s + 1) {
                snprintf(err, errlen, "%s:%ld: a topic is written [name]", path, ln);
                rc = WS_PARSE;
                break;
            }
            *e = 0;
            rc = add_name(t, trim(s + 1));
            continue;
        }
        if (t->nnames == 0) {
            snprintf(err, errlen, "%s:%ld: a phrase before the first [topic]", path, ln);
            rc = WS_PARSE;
            break;
        }
        rc = add_pattern(t, s, &b, &offs, &cap);
        if (rc == WS_PARSE) snprintf(err, errlen, "%s:%ld: a phrase needs a letter or digit", path, ln);
    }
    if (rc == WS_OK && ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        rc = WS_IO;
    }
    if (rc == WS_NOMEM) snprintf(err, errlen, "%s: out of memory", path);
    fclose(f);
    ws_buf_free(&b);
    ws__free(offs);
    if (rc == WS_OK) rc = index_patterns(t);
    if (rc != WS_OK) { ws_tp_free(t); return rc; }
    *out = t;
    return WS_OK;
}

int ws_tp_count(const tp_set *t) { return t ? t->nnames : 0; }

const char *ws_tp_name(const tp_set *t, int i) { return t->names[i]; }

/* Whether text word TW[tl] matches pattern word PW[pl] (as a prefix, or
 * with a plural ending). */
static int word_match(const char *pw, size_t pl, const char *tw, size_t tl, int prefix)
{
    if (tl < pl || memcmp(pw, tw, pl)) return 0;
    if (prefix) return 1;
    const char *rest = tw + pl;
    size_t rl = tl - pl;
    return rl == 0 || (rl == 1 && rest[0] == 's') || (rl == 2 && rest[0] == 'e' && rest[1] == 's');
}

/* Marks in hit[ws_tp_count(t)] (set to 1, never cleared) the topics whose
 * patterns occur in TEXT[len].  SCRATCH keeps its capacity between calls.
 * Returns WS_OK or WS_NOMEM. */
int ws_tp_match(const tp_set *t, const char *text, size_t len, tp_scratch *sc, unsigned char *hit)
{
    if (!t || !len) return WS_OK;
    int n = split_words(text, len, &sc->b, &sc->offs, &sc->cap);
    if (n < 0) return WS_NOMEM;
    /* at each word, only the patterns whose first word starts with its
     * first byte */
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)sc->b.p[sc->offs[i]];
        if (t->start[c] == t->start[c + 1]) continue;
        for (int k = t->start[c]; k < t->start[c + 1]; k++) {
            const tp_pattern *pt = &t->pats[t->order[k]];
            if (hit[pt->topic] || i + pt->nwords > n) continue;
            int ok = 1;
            for (int j = 0; j < pt->nwords && ok; j++) {
                size_t w0 = sc->offs[i + j], w1 = i + j + 1 < n ? sc->offs[i + j + 1] : sc->b.len;
                ok = word_match(pt->words[j], pt->lens[j], sc->b.p + w0, w1 - w0 - 1, pt->prefix && j == pt->nwords - 1);
            }
            if (ok) hit[pt->topic] = 1;
        }
    }
    return WS_OK;
}

void ws_tp_scratch_free(tp_scratch *sc)
{
    if (!sc) return;
    ws_buf_free(&sc->b);
    ws__free(sc->offs);
    memset(sc, 0, sizeof *sc);
}
