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
 * The table is open addressing with linear probing, sized to a power of
 * two at least twice the number of entries; after loading it is read-only.
 * Beside it, a byte a slot (its hash's top bits, 0 when empty) lets a
 * lookup walk a probe sequence in a few bytes and load a slot only when
 * its byte matches.  A slot keeps the key's first eight bytes, its length
 * and a copy of its flags (made when loading ends), so that the
 * tokenizer's lookups of short words never load a node.
 *
 * When loading ends, the keys of at most eight bytes (913 of 1244 in the
 * shipped data) are placed again in a cuckoo table at most a quarter
 * full: each at one of two homes from its hash's bits, so that the
 * tokenizer reads both slots at once, with addresses that wait only on
 * the hash, and selects the one whose eight bytes match (a key has no
 * NUL, so its zero-padded bytes are also its length).  On PolNeAR train
 * this took 247.4M instructions to 239.1M (callgrind) and the
 * tokenizer's time about 2.5%, where the tag probe read a slot after
 * the tag compare and its bit scan.  Tried before it and dropped (a
 * tokenizer-only bench, ws_tok_document over bench/out/text/1 twenty
 * times, medians of alternating runs): sixteen-byte slots with a 32-bit
 * entry index (64 KB, not 96: +1%, +4.4M instructions); the table at
 * most 3/4 full (2048 slots: 11% slower, more probes off the fast path)
 * or 1/4 full (neutral); the home slot read before the tags, with a
 * branch to the candidate when it is elsewhere (5% slower); no
 * candidate and a longer key answered from the tags (1% slower).  Tried
 * after it and dropped: keys of nine to sixteen bytes in a second cuckoo
 * table of 32-byte slots (k0, k1) for the tokenizer's longer words (with
 * branches 1.4% slower, with conditional moves neutral, -0.2M
 * instructions, and the slots twice the memory).
 */
#include "../internal.h"
#include "../speaker/names.h"
#include "../config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

uint64_t ws_lx_hash(const char *s, size_t n)
{
    uint64_t h = LX_HASH_INIT, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = lx_hash_word(h, w);
    }
    if (n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* the last 1..7 bytes as a zero-padded little-endian word, from
         * loads that overlap (a byte copy to the stack and an eight-byte
         * load of it would stall on store forwarding) */
        const unsigned char *p = (const unsigned char *)s;
        if (n >= 4) {
            uint32_t lo, hi;
            memcpy(&lo, p, 4);
            memcpy(&hi, p + n - 4, 4);
            w = (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4)));
        } else {
            w = (uint64_t)p[0] | ((uint64_t)p[n >> 1] << (8 * (n >> 1))) |
                ((uint64_t)p[n - 1] << (8 * (n - 1)));
        }
#else
        w = 0;
        memcpy(&w, s, n);
#endif
        h = lx_hash_word(h, w);
    }
    return h;
}

const lx_entry *ws_lx_get(const ws_lexicon *lx, const char *key, size_t len)
{
    return lx_get_h(lx, key, len, ws_lx_hash(key, len));
}

int ws_lx_max_words(const ws_lexicon *lx) { return lx->max_words; }

int ws_lx_first_words(const ws_lexicon *lx, const char *w, size_t len)
{
    if (!lx->fcap) return 1;
    uint64_t h = ws_lx_hash(w, len);
    for (size_t i = (size_t)h & (lx->fcap - 1); lx->first[i].words; i = (i + 1) & (lx->fcap - 1))
        if (lx->first[i].h == h) return lx->first[i].words;
    return 1;
}

/* Notes that a key of WORDS words starts with the word W[len]. */
static int note_first(ws_lexicon *lx, const char *w, size_t len, int words)
{
    if ((lx->fcount + 1) * 2 > lx->fcap) {
        size_t ncap = lx->fcap ? lx->fcap * 2 : 256;
        struct lx_first *nt = ws__calloc(ncap, sizeof *nt);
        if (!nt) return WS_NOMEM;
        for (size_t i = 0; i < lx->fcap; i++) {
            if (!lx->first[i].words) continue;
            size_t j = (size_t)lx->first[i].h & (ncap - 1);
            while (nt[j].words) j = (j + 1) & (ncap - 1);
            nt[j] = lx->first[i];
        }
        ws__free(lx->first);
        lx->first = nt;
        lx->fcap = ncap;
    }
    uint64_t h = ws_lx_hash(w, len);
    size_t i = (size_t)h & (lx->fcap - 1);
    while (lx->first[i].words && lx->first[i].h != h) i = (i + 1) & (lx->fcap - 1);
    if (!lx->first[i].words) {
        lx->first[i].h = h;
        lx->fcount++;
    }
    if (words > lx->first[i].words) lx->first[i].words = words;
    return WS_OK;
}

static int grow(ws_lexicon *lx)
{
    size_t ncap = lx->cap ? lx->cap * 2 : 1024;
    lx_slot *nt = ws__calloc(ncap + LX_TAG_PAD, sizeof(lx_slot));
    uint8_t *ntag = ws__calloc(ncap + LX_TAG_PAD, 1);
    if (!nt || !ntag) {
        ws__free(nt);
        ws__free(ntag);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < lx->cap; i++) {
        lx_slot *s = &lx->tab[i];
        if (!s->n) continue;
        uint64_t h = ws_lx_hash(s->n->key, s->klen);
        size_t j = (size_t)h & (ncap - 1);
        while (nt[j].n) j = (j + 1) & (ncap - 1);
        nt[j] = *s;
        ntag[j] = lx_tag(h);
    }
    memcpy(ntag + ncap, ntag, LX_TAG_PAD); /* the copies after the end */
    memcpy(nt + ncap, nt, LX_TAG_PAD * sizeof(lx_slot));
    ws__free(lx->tab);
    ws__free(lx->tag);
    lx->tab = nt;
    lx->tag = ntag;
    lx->cap = ncap;
    return WS_OK;
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
    if ((lx->count + 1) * 2 > lx->cap && grow(lx) != WS_OK) return WS_NOMEM;
    int words = 1;
    for (size_t i = 0; i < klen; i++) words += k[i] == ' ';
    uint64_t h = ws_lx_hash(k, klen);
    size_t i = (size_t)h & (lx->cap - 1);
    while (lx->tab[i].n && !(lx->tab[i].klen == klen && memcmp(lx->tab[i].n->key, k, klen) == 0))
        i = (i + 1) & (lx->cap - 1);
    lx_slot *s = &lx->tab[i];
    if (!s->n) {
        size_t kcap = (klen + 8) & ~(size_t)7;
        lx_node *nd = ws_arena_alloc(&lx->mem, sizeof *nd + kcap);
        if (!nd) return WS_NOMEM;
        memset(nd, 0, sizeof *nd + kcap);
        memcpy(nd->key, k, klen);
        nd->klen = (uint32_t)klen;
        nd->e.words = (uint8_t)(words > 255 ? 255 : words);
        memcpy(&s->k0, nd->key, 8);
        s->klen = (uint32_t)klen;
        s->n = nd;
        lx->tag[i] = lx_tag(h);
        if (i < LX_TAG_PAD) lx->tag[lx->cap + i] = lx_tag(h);
        lx->count++;
        if (klen == 1 && (unsigned char)k[0] < 0x80) lx->single[(unsigned char)k[0]] = 1;
    }
    lx_entry *e = &s->n->e;
    e->flags |= flags;
    s->flags = e->flags;
    if (i < LX_TAG_PAD) lx->tab[lx->cap + i] = *s; /* its copy after the end */
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

/* Places the keys of at most eight bytes in a cuckoo table of CAP slots
 * (lx_short): WS_OK, or WS_PARSE when a key finds no place (then the
 * caller tries a larger table). */
static int fill_short(ws_lexicon *lx, lx_short *t, size_t cap)
{
    size_t mask = cap - 1;
    for (size_t i = 0; i < lx->cap; i++) {
        const lx_slot *s = &lx->tab[i];
        if (!s->n || s->klen > 8) continue;
        lx_short cur = {s->k0, &s->n->e, s->flags, 0};
        size_t j = lx_short_home1(ws_lx_hash(s->n->key, s->klen), mask);
        for (int kick = 0;; kick++) {
            if (!t[j].k0) {
                t[j] = cur;
                break;
            }
            if (kick == 500) return WS_PARSE;
            lx_short out = t[j];
            t[j] = cur;
            cur = out;
            /* the evicted key goes to its other home */
            const lx_node *n = (const lx_node *)(const void *)cur.e;
            uint64_t h = ws_lx_hash(n->key, n->klen);
            size_t h1 = lx_short_home1(h, mask);
            j = j == h1 ? lx_short_home2(h, mask) : h1;
        }
    }
    return WS_OK;
}

/* Builds lx->shrt, at most a quarter full. */
static int build_short(ws_lexicon *lx)
{
    size_t n = 0;
    for (size_t i = 0; i < lx->cap; i++)
        if (lx->tab[i].n && lx->tab[i].klen <= 8) n++;
    size_t cap = 64;
    while (cap < n * 4) cap *= 2;
    for (;; cap *= 2) {
        if (cap > ((size_t)1 << 30)) return WS_NOMEM;
        lx_short *t = ws__calloc(cap, sizeof *t);
        if (!t) return WS_NOMEM;
        if (fill_short(lx, t, cap) == WS_OK) {
            lx->shrt = t;
            lx->scap = cap;
            return WS_OK;
        }
        ws__free(t);
    }
}

typedef struct loader {
    ws_lexicon *lx;
    char path[4096]; /* the file being read, for messages */
    int line;
    char *err;
    size_t errlen;
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
        if (total >= WS_CUE_VETO_MIN_SEEN && cue * 100 < total * WS_CUE_VETO_RATE_PCT) {
            /* the corpus says this listed word is rarely a cue */
            const lx_entry *e = ws_lx_get(lx, f[0], strlen(f[0]));
            if (e) ((lx_entry *)e)->flags &= ~(uint32_t)(LX_CUE_VERB | LX_CUE_BELIEF);
            return WS_OK;
        }
        if (cue < WS_CUE_MIN_COUNT || cue * 100 < total * WS_CUE_MIN_RATE_PCT) return WS_OK;
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
    snprintf(L->path, sizeof L->path, "%s/%s", dir, file);
    const char *path = L->path;
    L->line = 0;
    FILE *f = fopen(path, "r");
    if (!f && optional && errno == ENOENT) return WS_OK;
    if (!f) {
        L->line = 0;
        if (L->err && L->errlen)
            snprintf(L->err, L->errlen, "%s: %s", path, strerror(errno));
        return WS_IO;
    }
    char line[4096];
    int rc = WS_OK;
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
    static const char *const files[] = {"words.tsv", "verbs.tsv", "titles.txt", "demonyms.tsv",
                                        "organisations.txt", "abbreviations.txt"};
    *out = NULL;
    if (!dir) dir = ws_default_data_dir();
    ws_lexicon *lx = ws__calloc(1, sizeof *lx);
    if (!lx) return WS_NOMEM;
    ws_arena_init(&lx->mem);
    loader L = {.lx = lx, .err = err, .errlen = errlen};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        int rc = load_file(&L, dir, files[i], false);
        if (rc != WS_OK) {
            ws_lexicon_free(lx);
            return rc;
        }
    }
    int rc = load_file(&L, dir, "cues.learned.tsv", true);
    if (rc == WS_OK) rc = ws_names_load(dir, &lx->names, err, errlen);
    if (rc != WS_OK) {
        ws_lexicon_free(lx);
        return rc;
    }
    /* the slots' copies of the flags, after the vetoes of the learned
     * cues cleared some (and of the first slots' copies after the end) */
    size_t nslots = lx->cap ? lx->cap + LX_TAG_PAD : 0;
    for (size_t i = 0; i < nslots; i++)
        if (lx->tab[i].n) lx->tab[i].flags = lx->tab[i].n->e.flags;
    if (build_short(lx) != WS_OK) {
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
    ws__free(lx->tab);
    ws__free(lx->tag);
    ws__free(lx->first);
    ws__free(lx->shrt);
    ws_names_free(lx->names);
    ws_arena_free(&lx->mem);
    ws__free(lx);
}
