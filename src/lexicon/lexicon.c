/*
 * lexicon.c -- the knowledge files, loaded into one hash table.
 *
 * whosaid's knowledge is data a user can extend (data/ in the repository):
 *
 *   verbs.tsv          CLASS<TAB>lemma present past participle gerund
 *                      CLASS is speech (said), belief (believe, expect),
 *                      or noun (statement, interview: "in a statement");
 *                      a form written "-" is not a cue ("states" is
 *                      mostly a noun)
 *   titles.txt         one title or title word a line (prime minister,
 *                      spokesperson, head)
 *   demonyms.tsv       word<TAB>ISO code (Italian IT, U.S. US, Italy IT)
 *   organisations.txt  one organisation a line, optionally <TAB>canonical
 *                      (Kremlin, White House, NATO)
 *   abbreviations.txt  abbreviations ending in a period (Feb., Mr., U.S.)
 *   words.tsv          CLASS<TAB>word word ... for the closed classes:
 *                      pronoun, func, aux, prep, group, office, month,
 *                      weekday, stopname, and the function words the
 *                      attribution patterns ask about: clause, cueadv,
 *                      det, nostart, circ, postcue, cut
 *   cues.learned.tsv   (optional) cue statistics learned by `whosaid
 *                      train`: word<TAB>cue count<TAB>count<TAB>POS; a
 *                      word is a cue past the thresholds of config.h
 *
 * Keys are stored casefolded, multiword keys with single spaces.  Lines
 * starting with '#' and blank lines are ignored.  An entry named in two
 * files carries both classes.  A malformed line is an error naming the
 * file and line.
 *
 * The table (lexicon.h) is open addressing with linear probing, sized to
 * a power of two at most a quarter full; after loading it is read-only,
 * so threads may share it.  The keys of one to sixteen bytes (nearly
 * every word a text has) are also in a cuckoo table (build_words), for
 * the tokenizer's lookups without branches (lx_find_word).
 */
#include "lexicon.h"
#include "../speaker/names.h"
#include "../config.h"
#include "../model/model.h"
#include "../model/span.h"
#include "../model/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

const struct ws_model *ws_lx_model(const ws_lexicon *lx) { return lx->model; }
const struct ws_span_model *ws_lx_span(const ws_lexicon *lx) { return lx->span; }
const struct ws_source_model *ws_lx_source(const ws_lexicon *lx) { return lx->source; }

const lx_entry *ws_lx_get(const ws_lexicon *lx, const char *key, size_t len)
{
    if (!lx) return NULL;
    uint64_t k0 = 0;
    memcpy(&k0, key, len < 8 ? len : 8);
    size_t i = lx_slot_of(lx, key, len, k0, lx_key_hash(key, len, false));
    return lx->tag[i] ? &lx->tab[i].n->e : NULL;
}

int ws_lx_max_words(const ws_lexicon *lx) { return lx->max_words; }

int ws_lx_first_words(const ws_lexicon *lx, const char *w, size_t len)
{
    int64_t words;
    return ws_hmap_get(&lx->first, w, len, &words) ? (int)words : 1;
}

/* Notes that a key of WORDS words starts with the word W[len]. */
static int note_first(ws_lexicon *lx, const char *w, size_t len, int words)
{
    int64_t old;
    if (ws_hmap_get(&lx->first, w, len, &old) && old >= words) return WS_OK;
    return ws_hmap_put(&lx->first, w, len, words);
}

/* Doubles the table (1024 slots to start).  WS_OK or WS_NOMEM. */
static int grow(ws_lexicon *lx)
{
    size_t ncap = lx->cap ? lx->cap * 2 : 1024;
    unsigned nshift = lx->cap ? lx->shift - 1 : 64 - 10;
    lx_slot *nt = ws__calloc(ncap, sizeof *nt);
    uint8_t *ntag = ws__calloc(ncap, 1);
    if (!nt || !ntag) {
        ws__free(nt);
        ws__free(ntag);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < lx->cap; i++) {
        if (!lx->tag[i]) continue;
        const lx_node *n = lx->tab[i].n;
        uint64_t h = lx_key_hash(n->key, n->klen, true);
        size_t j = (size_t)(h >> nshift);
        while (ntag[j]) j = (j + 1) & (ncap - 1);
        nt[j] = lx->tab[i];
        ntag[j] = lx_tag(h);
    }
    ws__free(lx->tab);
    ws__free(lx->tag);
    lx->tab = nt;
    lx->tag = ntag;
    lx->cap = ncap;
    lx->shift = nshift;
    return WS_OK;
}

/* Puts CUR in the cuckoo table T (lx->wshift): WS_OK, or WS_PARSE when
 * it finds no place. */
static int place_word(const ws_lexicon *lx, lx_wslot *t, lx_wslot cur)
{
    size_t j, h2;
    lx_word_homes(lx->wshift, cur.k0, cur.k1, &j, &h2);
    for (int kick = 0;; kick++) {
        if (!t[j].k0) {
            t[j] = cur;
            return WS_OK;
        }
        if (kick == 500) return WS_PARSE;
        lx_wslot out = t[j];
        t[j] = cur;
        cur = out;
        /* the key put out goes to its other home */
        size_t a, b;
        lx_word_homes(lx->wshift, cur.k0, cur.k1, &a, &b);
        j = j == a ? b : a;
    }
}

/* The first word of the multiword key of slot I, when it is of one to
 * sixteen bytes without a NUL byte (a word has none): its length, and
 * its zero-padded words in *K0 and *K1; else 0. */
static size_t first_word_of(const ws_lexicon *lx, size_t i, uint64_t *k0, uint64_t *k1)
{
    const lx_slot *s = &lx->tab[i];
    if (!lx->tag[i] || s->n->e.words < 2) return 0;
    const char *sp = memchr(s->n->key, ' ', s->klen);
    size_t len = sp ? (size_t)(sp - s->n->key) : 0;
    if (len - 1 >= 16 || memchr(s->n->key, 0, len)) return 0;
    char w[16] = {0};
    memcpy(w, s->n->key, len);
    memcpy(k0, w, 8);
    memcpy(k1, w + 8, 8);
    return len;
}

/* Places the keys of one to sixteen bytes without a NUL byte (a word has
 * none) in a cuckoo table of 1 << BITS slots (lx_find_word), and there
 * the first words of multiword keys with the most words of a key each
 * starts (ws_lx_first_words): WS_OK, or WS_PARSE when a key finds no
 * place (the caller tries a larger table). */
static int fill_words(ws_lexicon *lx, lx_wslot *t, unsigned bits)
{
    lx->wtab = t;
    lx->wshift = 64 - bits;
    for (size_t i = 0; i < lx->cap; i++) {
        const lx_slot *s = &lx->tab[i];
        if (!lx->tag[i] || s->klen - 1 >= 16 || memchr(s->n->key, 0, s->klen)) continue;
        lx_wslot cur = {s->k0, 0, &s->n->e, s->flags, 0};
        if (s->klen > 8) memcpy(&cur.k1, s->n->key + 8, 8);
        if (place_word(lx, t, cur) != WS_OK) return WS_PARSE;
    }
    for (size_t i = 0; i < lx->cap; i++) {
        uint64_t k0, k1;
        size_t len = first_word_of(lx, i, &k0, &k1);
        if (!len) continue;
        lx_wslot *r = (lx_wslot *)lx_find_wslot(lx_words_of(lx), k0, k1);
        uint32_t first = (uint32_t)ws_lx_first_words(lx, lx->tab[i].n->key, len);
        if (r != t - 1)
            r->first = first;
        else if (place_word(lx, t, (lx_wslot){k0, k1, NULL, 0, first}) != WS_OK)
            return WS_PARSE;
    }
    return WS_OK;
}

/* Builds lx->wtab, at most a third full, once the slots' flags are set.
 * WS_OK or WS_NOMEM. */
static int build_words(ws_lexicon *lx)
{
    size_t n = 0;
    for (size_t i = 0; i < lx->cap; i++)
        if (lx->tag[i]) /* a short key; a multiword key's first word: at most one slot more */
            n += (lx->tab[i].klen - 1 < 16) + (lx->tab[i].n->e.words > 1);
    unsigned bits = 6;
    while (((size_t)1 << bits) < n * 3) bits++;
    for (;; bits++) {
        if (bits > 30) return WS_NOMEM;
        lx_wslot *t = ws__calloc(((size_t)1 << bits) + 1, sizeof *t); /* and the empty slot before */
        if (!t) return WS_NOMEM;
        if (fill_words(lx, t + 1, bits) == WS_OK) return WS_OK;
        ws__free(t);
        lx->wtab = NULL;
    }
}

/* Casefolds S[n] into the arena, collapsing runs of spaces. */
static char *fold(arena *a, const char *s, size_t n, size_t *outlen)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &m,
                                      UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (r < 0) return NULL;
    char *o = ws_arena_alloc(a, (size_t)r + 1);
    if (!o) { free(m); return NULL; }
    size_t k = 0;
    for (utf8proc_ssize_t i = 0; i < r; i++) {
        char c = (char)m[i];
        if (c == ' ' || c == '\t') {
            if (k == 0 || o[k - 1] == ' ') continue;
            c = ' ';
        }
        o[k++] = c;
    }
    while (k && o[k - 1] == ' ') k--;
    o[k] = 0;
    free(m); /* utf8proc allocates with malloc */
    *outlen = k;
    return o;
}

/* Adds FLAGS (and VALUE/MONTH when given) to the entry KEY. */
static int add(ws_lexicon *lx, const char *key, size_t n, uint32_t flags, const char *value,
               int month)
{
    size_t klen;
    char *k = fold(&lx->mem, key, n, &klen);
    if (!k) return WS_NOMEM;
    if (!klen) return WS_OK;
    if ((lx->count + 1) * 4 > lx->cap && grow(lx) != WS_OK) return WS_NOMEM;
    int words = 1;
    for (size_t i = 0; i < klen; i++) words += k[i] == ' ';
    uint64_t k0 = 0;
    memcpy(&k0, k, klen < 8 ? klen : 8);
    uint64_t h = lx_key_hash(k, klen, false);
    size_t i = lx_slot_of(lx, k, klen, k0, h);
    if (!lx->tag[i]) {
        size_t padded = (klen + 8) & ~(size_t)7;
        lx_node *nd = ws_arena_alloc(&lx->mem, sizeof *nd + padded);
        if (!nd) return WS_NOMEM;
        memset(nd, 0, sizeof *nd + padded);
        memcpy(nd->key, k, klen);
        nd->klen = (uint32_t)klen;
        nd->e.words = (uint8_t)(words > 255 ? 255 : words);
        lx->tab[i] = (lx_slot){k0, (uint32_t)klen, 0, nd};
        lx->count++;
        lx->tag[i] = lx_tag(h);
    }
    lx_entry *e = &lx->tab[i].n->e;
    e->flags |= flags;
    if (value && !e->value) {
        e->value = ws_arena_strndup(&lx->mem, value, strlen(value));
        if (!e->value) return WS_NOMEM;
    }
    if (month >= 0) e->month = month;
    if (words > lx->max_words) lx->max_words = words;
    if (words > 1 && note_first(lx, k, (size_t)((const char *)memchr(k, ' ', klen) - k), words) != WS_OK)
        return WS_NOMEM;
    return WS_OK;
}

typedef struct loader {
    ws_lexicon *lx;
    char path[4096]; /* the file being read, for messages */
    int line;
    char *err;
    size_t errlen;
    int min_rate, veto_rate; /* learned cue thresholds (percent) */
} loader;

static int fail(loader *L, int rc, const char *what)
{
    if (L->err && L->errlen)
        snprintf(L->err, L->errlen, "%s:%d: %s", L->path, L->line, what);
    return rc;
}

static const struct {
    const char *name;
    uint32_t flags;
} word_classes[] = {
    {"pronoun", LX_PRONOUN}, {"func", LX_FUNCWORD}, {"aux", LX_AUX | LX_FUNCWORD},
    {"prep", LX_PREP | LX_FUNCWORD}, {"group", LX_GROUPNOUN}, {"office", LX_OFFICE},
    {"month", LX_MONTH}, {"weekday", LX_WEEKDAY}, {"stopname", LX_STOPNAME},
    {"clause", LX_CLAUSE}, {"cueadv", LX_CUE_ADV}, {"det", LX_DET}, {"nostart", LX_NOSTART},
    {"circ", LX_CIRC}, {"postcue", LX_POSTCUE}, {"cut", LX_CUT},
    {"mute", LX_MUTE}, {"label", LX_LABEL}, {"passive", LX_PASSIVE_CUE},
};

/* Splits LINE at tabs into at most MAXF fields (in place). */
static int split_tabs(char *line, char **f, int maxf)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < maxf; p++)
        if (*p == '\t') { *p = 0; f[n++] = p + 1; }
    return n;
}

static int load_line(loader *L, const char *file, char *line)
{
    ws_lexicon *lx = L->lx;
    char *f[4];
    if (!strcmp(file, "verbs.tsv")) {
        if (split_tabs(line, f, 2) != 2) return fail(L, WS_PARSE, "expected CLASS<TAB>forms");
        uint32_t cls;
        if (!strcmp(f[0], "speech")) cls = LX_CUE_VERB;
        else if (!strcmp(f[0], "belief")) cls = LX_CUE_BELIEF;
        else if (!strcmp(f[0], "noun")) cls = LX_CUE_NOUN;
        else return fail(L, WS_PARSE, "class must be speech, belief or noun");
        /* lemma present past participle gerund (nouns: singular plural) */
        char *forms[8];
        int nf = 0;
        for (char *tk = strtok(f[1], " "); tk && nf < 8; tk = strtok(NULL, " ")) forms[nf++] = tk;
        if (nf < 1) return fail(L, WS_PARSE, "no forms");
        if (cls != LX_CUE_NOUN && nf != 5)
            return fail(L, WS_PARSE, "verbs need five forms: lemma present past participle gerund");
        for (int i = 0; i < nf; i++) {
            uint32_t fl = cls;
            if (!strcmp(forms[i], "-")) continue; /* a form that is no cue */
            if (cls != LX_CUE_NOUN) {
                if (i == 0) fl |= LX_LEMMA;
                if (i == 1) fl |= LX_PRESENT;
                if (i == 2) fl |= LX_PAST;
                if (i == 3) fl |= LX_CUE_PASSIVE;
                if (i == 4) fl |= LX_GERUND;
            }
            if (add(lx, forms[i], strlen(forms[i]), fl, forms[0], -1) != WS_OK)
                return fail(L, WS_NOMEM, "out of memory");
        }
        return WS_OK;
    }
    if (!strcmp(file, "demonyms.tsv")) {
        if (split_tabs(line, f, 2) != 2 || !*f[1]) return fail(L, WS_PARSE, "expected word<TAB>CODE");
        return add(lx, f[0], strlen(f[0]), LX_DEMONYM, f[1], -1) == WS_OK
                   ? WS_OK : fail(L, WS_NOMEM, "out of memory");
    }
    if (!strcmp(file, "organisations.txt")) {
        int nf = split_tabs(line, f, 2);
        const char *canon = nf == 2 && *f[1] ? f[1] : f[0];
        char tmp[256];
        snprintf(tmp, sizeof tmp, "%s", canon);
        return add(lx, f[0], strlen(f[0]), LX_ORG, tmp, -1) == WS_OK
                   ? WS_OK : fail(L, WS_NOMEM, "out of memory");
    }
    if (!strcmp(file, "cues.learned.tsv")) {
        if (split_tabs(line, f, 4) != 4) return fail(L, WS_PARSE, "expected word<TAB>cues<TAB>count<TAB>POS");
        char *e1, *e2;
        long cue = strtol(f[1], &e1, 10), total = strtol(f[2], &e2, 10);
        if (*e1 || *e2 || cue < 0 || total < cue) return fail(L, WS_PARSE, "bad counts");
        if (total >= WS_CUE_VETO_MIN_SEEN && cue * 100 < total * L->veto_rate) {
            /* the corpus says this listed word is rarely a cue */
            const lx_entry *e = ws_lx_get(lx, f[0], strlen(f[0]));
            if (e) ((lx_entry *)e)->flags &= ~(uint32_t)(LX_CUE_VERB | LX_CUE_BELIEF);
            return WS_OK;
        }
        if (cue < WS_CUE_MIN_COUNT || cue * 100 < total * L->min_rate) return WS_OK;
        uint32_t fl = LX_CUE_VERB;
        if (!strcmp(f[3], "VBD")) fl |= LX_PAST;
        else if (!strcmp(f[3], "VBZ") || !strcmp(f[3], "VBP")) fl |= LX_PRESENT;
        else if (!strcmp(f[3], "VB")) fl |= LX_LEMMA;
        else if (!strcmp(f[3], "VBG")) fl |= LX_GERUND;
        else if (!strcmp(f[3], "VBN")) fl |= LX_CUE_PASSIVE;
        else if (!strcmp(f[3], "NN")) fl = LX_CUE_NOUN;
        else return WS_OK;
        const lx_entry *old = ws_lx_get(lx, f[0], strlen(f[0]));
        bool listed = old && (old->flags & (LX_CUE_VERB | LX_CUE_BELIEF));
        if (!listed && cue * 100 < total * WS_CUE_STRONG_RATE_PCT) fl |= LX_WEAK;
        return add(lx, f[0], strlen(f[0]), fl, NULL, -1) == WS_OK ? WS_OK : fail(L, WS_NOMEM, "out of memory");
    }
    if (!strcmp(file, "titles.txt"))
        return add(lx, line, strlen(line), LX_TITLE, NULL, -1) == WS_OK
                   ? WS_OK : fail(L, WS_NOMEM, "out of memory");
    if (!strcmp(file, "abbreviations.txt"))
        return add(lx, line, strlen(line), LX_ABBREV, NULL, -1) == WS_OK
                   ? WS_OK : fail(L, WS_NOMEM, "out of memory");
    if (!strcmp(file, "words.tsv")) {
        if (split_tabs(line, f, 2) != 2) return fail(L, WS_PARSE, "expected CLASS<TAB>words");
        uint32_t fl = 0;
        for (size_t i = 0; i < sizeof word_classes / sizeof *word_classes; i++)
            if (!strcmp(f[0], word_classes[i].name)) fl = word_classes[i].flags;
        if (!fl) return fail(L, WS_PARSE, "unknown word class");
        int idx = 0;
        for (char *tk = strtok(f[1], " "); tk; tk = strtok(NULL, " "), idx++) {
            int month = -1;
            if (fl & LX_MONTH) month = idx / 2 + 1; /* "january jan" pairs */
            if (fl & LX_WEEKDAY) month = idx;        /* sunday = 0 */
            char *u = strchr(tk, '_');
            for (; u; u = strchr(u, '_')) *u = ' ';
            if (add(lx, tk, strlen(tk), fl, NULL, month) != WS_OK)
                return fail(L, WS_NOMEM, "out of memory");
        }
        return WS_OK;
    }
    return WS_OK;
}

static int load_file(loader *L, const char *dir, const char *file, bool optional)
{
    L->line = 0;
    FILE *f;
    int rc = ws_data_open(dir, file, optional, L->path, sizeof L->path, &f, L->err, L->errlen);
    if (rc != WS_OK || !f) return rc;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        L->line++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n') { rc = fail(L, WS_PARSE, "line too long"); break; }
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (!n || line[0] == '#') continue;
        rc = load_line(L, file, line);
        if (rc != WS_OK) break;
    }
    if (rc == WS_OK && ferror(f)) rc = fail(L, WS_IO, "read error");
    fclose(f);
    return rc;
}

int ws_lexicon_load(const char *dir, ws_lexicon **out, char *err, size_t errlen)
{
    return ws__lexicon_load_with(dir, -1, -1, false, out, err, errlen);
}

int ws_lexicon_load_rules(const char *dir, ws_lexicon **out, char *err, size_t errlen)
{
    return ws__lexicon_load_with(dir, -1, -1, true, out, err, errlen);
}

int ws__lexicon_load_with(const char *dir, int cand_rate, int veto_rate, bool no_model,
                          ws_lexicon **out, char *err, size_t errlen)
{
    static const char *const files[] = {"words.tsv", "verbs.tsv", "titles.txt", "demonyms.tsv",
                                        "organisations.txt", "abbreviations.txt"};
    *out = NULL;
    if (!dir) dir = ws_default_data_dir();
    ws_lexicon *lx = ws__calloc(1, sizeof *lx);
    if (!lx) return WS_NOMEM;
    ws_arena_init(&lx->mem);
    ws_hmap_init(&lx->first, NULL);
    /* a table even when no file has a word: the probes need none */
    if (grow(lx) != WS_OK) {
        ws_lexicon_free(lx);
        return WS_NOMEM;
    }
    loader L = {.lx = lx, .err = err, .errlen = errlen, .min_rate = WS_CUE_MIN_RATE_PCT,
                .veto_rate = WS_CUE_VETO_RATE_PCT};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        int rc = load_file(&L, dir, files[i], false);
        if (rc != WS_OK) {
            ws_lexicon_free(lx);
            return rc;
        }
    }
    if (!no_model) {
        /* a directory marked for the rules alone */
        char mark[4096];
        snprintf(mark, sizeof mark, "%s/%s", dir, WS_MODEL_RULES_ONLY);
        FILE *mf = fopen(mark, "r");
        if (mf) {
            fclose(mf);
            no_model = true;
        }
    }
    if (!no_model) {
        /* the statement model decides among candidates: the patterns then
         * propose with the looser thresholds it was trained with (read
         * by cues.learned.tsv alone; after the word files, so that a
         * missing directory is named by its first file) */
        int rc = ws_model_load(dir, &lx->model, err, errlen);
        if (rc != WS_OK) {
            ws_lexicon_free(lx);
            return rc;
        }
        /* and the content boundaries are learned too */
        if ((rc = ws_span_load(dir, &lx->span, err, errlen)) != WS_OK) {
            ws_lexicon_free(lx);
            return rc;
        }
        /* and the source spans */
        if ((rc = ws_source_load(dir, &lx->source, err, errlen)) != WS_OK) {
            ws_lexicon_free(lx);
            return rc;
        }
        if (lx->model) {
            L.min_rate = lx->model->cand_rate;
            L.veto_rate = lx->model->veto_rate;
        }
    }
    if (cand_rate >= 0) L.min_rate = cand_rate;
    if (veto_rate >= 0) L.veto_rate = veto_rate;
    int rc = load_file(&L, dir, "cues.learned.tsv", true);
    if (rc == WS_OK) rc = ws_names_load(dir, &lx->names, err, errlen);
    if (rc != WS_OK) {
        ws_lexicon_free(lx);
        return rc;
    }
    /* the slots' copies of the flags, after the learned cues' vetoes
     * cleared some */
    for (size_t i = 0; i < lx->cap; i++)
        if (lx->tag[i]) lx->tab[i].flags = lx->tab[i].n->e.flags;
    if (build_words(lx) != WS_OK) {
        ws_lexicon_free(lx);
        return WS_NOMEM;
    }
    *out = lx;
    return WS_OK;
}

#ifndef WS_DATA_DIR
#define WS_DATA_DIR "data"
#endif

const char *ws_default_data_dir(void)
{
    const char *e = getenv("WHOSAID_DATA");
    if (e && *e) return e;
    return WS_DATA_DIR;
}

void ws_lexicon_free(ws_lexicon *lx)
{
    if (!lx) return;
    if (lx->wtab) ws__free(lx->wtab - 1);
    ws__free(lx->tab);
    ws__free(lx->tag);
    ws_hmap_free(&lx->first);
    ws_names_free(lx->names);
    ws_model_free(lx->model);
    ws_span_free(lx->span);
    ws_source_free(lx->source);
    ws_arena_free(&lx->mem);
    ws__free(lx);
}
