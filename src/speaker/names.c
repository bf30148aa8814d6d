/*
 * names.c -- given names and gendered words; the persons a document names.
 *
 * Two plain files feed one table of lowercased words:
 *
 *   given_names.tsv   name<TAB>m|f|u    about 60,000 given names with their
 *                                       usual gender (u: used for both),
 *                                       built by scripts/given-names.sh
 *   gender_words.tsv  word<TAB>m|f|p|n  titles and nouns that tell a gender
 *                                       (Mrs, Queen, spokeswoman), plural
 *                                       people (police) or an organisation
 *                                       (company, ministry)
 *
 * The table holds each word's 64-bit hash (the lexicon's lx_hash, a step
 * or two a word) and its SPK_* bits, open addressing with linear probing
 * at most half full.  Two words with one hash would share their bits: at
 * 60,000 words the chance is about 1e-10.
 *
 * The given names serve two readers.  The speaker parser takes a word the
 * lexicon knows as a month or an auxiliary ("Jan", "May", "Will") as the
 * first word of a name when it is capitalised and a name word follows
 * ("Dutch Finance Minister Jan Kees de Jager"); and a person's first name
 * tells the gender a pronoun must agree with (pronoun.c).  A list of
 * given names is no list of persons: "Jordan" is a country and "Chelsea" a
 * club too, so a given name alone never makes a speaker.
 */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ws_names {
    uint64_t *h;   /* 0: empty */
    uint8_t *v;    /* SPK_* bits beside each hash */
    size_t cap, count;
};

static uint64_t key_hash(const char *w, size_t len)
{
    uint64_t h = lx_hash(w, len, false);
    return h ? h : 1;
}

static int grow(ws_names *nm)
{
    size_t cap = nm->cap ? nm->cap * 2 : 1024;
    uint64_t *h = ws__calloc(cap, sizeof *h);
    uint8_t *v = ws__calloc(cap, sizeof *v);
    if (!h || !v) {
        ws__free(h);
        ws__free(v);
        return WS_NOMEM;
    }
    for (size_t i = 0; i < nm->cap; i++) {
        if (!nm->h[i]) continue;
        size_t j = nm->h[i] & (cap - 1);
        while (h[j]) j = (j + 1) & (cap - 1);
        h[j] = nm->h[i];
        v[j] = nm->v[i];
    }
    ws__free(nm->h);
    ws__free(nm->v);
    nm->h = h;
    nm->v = v;
    nm->cap = cap;
    return WS_OK;
}

static int put(ws_names *nm, const char *w, size_t len, unsigned bits)
{
    if ((nm->count + 1) * 2 > nm->cap && grow(nm) != WS_OK) return WS_NOMEM;
    uint64_t h = key_hash(w, len);
    size_t j = h & (nm->cap - 1);
    while (nm->h[j] && nm->h[j] != h) j = (j + 1) & (nm->cap - 1);
    if (!nm->h[j]) {
        nm->h[j] = h;
        nm->count++;
    }
    /* a word in both files keeps both: a given name's gender wins over
     * nothing, and two genders make "both" */
    unsigned g = nm->v[j] & 3u, g2 = bits & 3u;
    unsigned merged = g == 0 ? g2 : g2 == 0 || g2 == g ? g : SPK_G_U;
    nm->v[j] = (uint8_t)((nm->v[j] & ~3u) | (bits & ~3u) | merged);
    return WS_OK;
}

/* The bits of the word of hash H (key_hash), 0 when absent. */
static unsigned get_hashed(const ws_names *nm, uint64_t h)
{
    size_t j = h & (nm->cap - 1);
    while (nm->h[j]) {
        if (nm->h[j] == h) return nm->v[j];
        j = (j + 1) & (nm->cap - 1);
    }
    return 0;
}

unsigned ws_names_get(const ws_names *nm, const char *w, size_t len)
{
    if (!nm || !nm->cap || !len) return 0;
    return get_hashed(nm, key_hash(w, len));
}

/* ws_names_get of a token's lowercased word, which is zero-padded, so
 * its last eight bytes are hashed whole. */
static unsigned get_tok(const ws_names *nm, const tok *t)
{
    if (!nm || !nm->cap || !t->ll) return 0;
    uint64_t h = lx_hash(t->low, t->ll, true);
    return get_hashed(nm, h ? h : 1);
}

/* Reads DIR/FILE; GIVEN: the lines are given names. */
static int load(ws_names *nm, const char *dir, const char *file, bool given, char *err,
                size_t errlen)
{
    char path[4096];
    FILE *f;
    int rc = ws_data_open(dir, file, true, path, sizeof path, &f, err, errlen);
    if (rc != WS_OK || !f) return rc;
    char line[512];
    int ln = 0;
    while (rc == WS_OK && fgets(line, sizeof line, f)) {
        ln++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (!n || line[0] == '#') continue;
        char *tab = strchr(line, '\t');
        const char *why = NULL;
        unsigned bits = 0;
        if (!tab || tab == line || tab[1] == 0 || tab[2] != 0) why = "expected WORD<TAB>CLASS";
        else {
            switch (tab[1]) {
            case 'm': bits = SPK_G_M; break;
            case 'f': bits = SPK_G_F; break;
            case 'u': bits = SPK_G_U; break;
            case 'p': bits = given ? 0 : SPK_PLURAL; break;
            case 'n': bits = given ? 0 : SPK_ORG; break;
            default: break;
            }
            if (!bits) why = given ? "the gender is not m, f or u" : "the class is not m, f, p or n";
        }
        if (why) {
            if (err && errlen) snprintf(err, errlen, "%s:%d: %s", path, ln, why);
            rc = WS_PARSE;
            break;
        }
        for (char *c = line; c < tab; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        rc = put(nm, line, (size_t)(tab - line), bits | (given ? SPK_GIVEN : 0));
    }
    if (rc == WS_OK && ferror(f)) {
        if (err && errlen) snprintf(err, errlen, "%s: read error", path);
        rc = WS_IO;
    }
    fclose(f);
    return rc;
}

int ws_names_load(const char *dir, ws_names **out, char *err, size_t errlen)
{
    *out = NULL;
    ws_names *nm = ws__calloc(1, sizeof *nm);
    if (!nm) return WS_NOMEM;
    int rc = load(nm, dir, "given_names.tsv", true, err, errlen);
    if (rc == WS_OK) rc = load(nm, dir, "gender_words.tsv", false, err, errlen);
    if (rc != WS_OK) {
        ws_names_free(nm);
        return rc;
    }
    *out = nm;
    return WS_OK;
}

void ws_names_free(ws_names *nm)
{
    if (!nm) return;
    ws__free(nm->h);
    ws__free(nm->v);
    ws__free(nm);
}

/* ------------------------------------------------------------ in text */

bool ws_spk_given_at(const ws_lexicon *lx, const tokdoc *d, int k, bool next_name)
{
    if (k < 0 || k + 1 >= d->n || !next_name) return false;
    const tok *t = &d->t[k];
    if (!(t->flags & TK_WORD) || !(t->flags & TK_CAP) || (t->flags & (TK_UPPER | TK_NUM)))
        return false;
    /* a title, a country or a function word is never read as a name
     * ("General" and "Prince" are given names too) */
    if (t->lxf & (LX_TITLE | LX_DEMONYM | LX_ORG | LX_FUNCWORD | LX_PRONOUN | LX_PREP |
                  LX_GROUPNOUN | LX_STOPNAME | LX_DET | LX_NOSTART | LX_CLAUSE))
        return false;
    /* "Jan." is the month; "Jan" before a name is a person */
    if (t->ll < 2 || t->low[t->ll - 1] == '.') return false;
    /* two words with no space between are no name ("May-June") */
    if (d->t[k + 1].b == t->e) return false;
    return (get_tok(ws_lx_names(lx), t) & SPK_GIVEN) != 0;
}

/* Lexicon classes of a word that is never a name's first word. */
#define NOT_GIVEN (LX_TITLE | LX_DEMONYM | LX_ORG | LX_PRONOUN | LX_PREP | LX_GROUPNOUN | LX_STOPNAME | \
                   LX_DET | LX_NOSTART | LX_CLAUSE | LX_WEEKDAY)
/* ... nor a name's second word. */
#define NOT_NAME (NOT_GIVEN | LX_FUNCWORD | LX_AUX | LX_MONTH | LX_CUE_VERB | LX_CUE_BELIEF | LX_CUE_NOUN)

void ws_spk_given_names(const ws_lexicon *lx, tokdoc *d)
{
    const ws_names *nm = ws_lx_names(lx);
    if (!nm) return;
    for (const int *cw = d->caps; *cw + 1 < d->n; cw++) {
        int k = *cw;
        tok *t = &d->t[k];
        const tok *nx = &d->t[k + 1];
        /* a month, an auxiliary or a belief verb ("Hope"); never a speech
         * verb ("Said" is a name too, but "Sharpton Said" a verb) */
        if (!(t->lxf & (LX_MONTH | LX_AUX | LX_CUE_BELIEF)) || (t->lxf & (NOT_GIVEN | LX_CUE_ADV | LX_CUE_VERB)))
            continue;
        if ((t->flags & (TK_WORD | TK_CAP | TK_UPPER | TK_NUM)) != (TK_WORD | TK_CAP)) continue;
        if ((nx->flags & (TK_WORD | TK_CAP | TK_UPPER | TK_NUM)) != (TK_WORD | TK_CAP) || (nx->lxf & NOT_NAME))
            continue;
        /* "Jan." is the month; "May-June" no name; "in May Chen ..." a date */
        if (t->ll < 2 || t->low[t->ll - 1] == '.' || nx->b == t->e) continue;
        if (k > 0) {
            const tok *pv = &d->t[k - 1];
            if (pv->lxf & (LX_PREP | LX_MONTH)) continue;
            /* a capitalised word before it that is no title: a title-case
             * headline ("Trump Will Meet Putin"), not a name's start */
            if ((pv->flags & (TK_WORD | TK_CAP)) == (TK_WORD | TK_CAP) &&
                !(pv->lxf & (LX_TITLE | LX_DEMONYM | LX_ORG | LX_FUNCWORD)) && !(t->flags & TK_NEWLINE_BEFORE))
                continue;
        }
        if (!(get_tok(nm, t) & SPK_GIVEN)) continue;
        /* "Can Sanders take a punch?": an auxiliary opening a question */
        if (t->lxf & LX_AUX) {
            int q = k + 2;
            while (q < d->n && d->t[q].ch != '.' && d->t[q].ch != '?' && d->t[q].ch != '!' &&
                   !(d->t[q].flags & TK_NEWLINE_BEFORE))
                q++;
            if (q < d->n && d->t[q].ch == '?') continue;
        }
        t->lxf = 0;
        t->lx = NULL;
    }
}

/* The SPK_* bits of the lowercased word [w, w+len) of a copied string. */
static unsigned word_bits(const ws_names *nm, const char *w, size_t len)
{
    char low[72]; /* 64 and the zeros after the word */
    if (len == 0 || len >= 64 || !nm || !nm->cap) return 0;
    for (size_t i = 0; i < len; i++)
        low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
    /* "Mrs." and "Mrs" alike */
    if (len > 1 && low[len - 1] == '.') len--;
    memset(low + len, 0, 8);
    uint64_t h = lx_hash(low, len, true);
    return get_hashed(nm, h ? h : 1);
}

unsigned ws_spk_gender(const ws_lexicon *lx, const char *name, const char *title)
{
    const ws_names *nm = ws_lx_names(lx);
    if (!nm) return SPK_G_NONE;
    /* a title's words decide first: "Queen", "Mrs", "spokeswoman" */
    for (const char *s = title; s && *s;) {
        while (*s == ' ') s++;
        const char *e = s;
        while (*e && *e != ' ') e++;
        unsigned b = word_bits(nm, s, (size_t)(e - s)), g = b & 3u;
        if (g != SPK_G_NONE && !(b & SPK_GIVEN)) return g;
        s = e;
    }
    if (!name) return SPK_G_NONE;
    const char *e = name;
    while (*e && *e != ' ') e++;
    if (!*e) return SPK_G_NONE; /* a surname alone tells nothing */
    unsigned b = word_bits(nm, name, (size_t)(e - name));
    return (b & SPK_GIVEN) ? (b & 3u) : SPK_G_NONE;
}

/* Is the lowercased word of T, whose SPK_* bits are BITS, a plural noun
 * for people ("officials", "aides", "police")?  The lexicon's group nouns
 * ending in s, and the words that gender_words.tsv marks p. */
static bool plural_word(unsigned bits, const tok *t)
{
    if (bits & SPK_PLURAL) return true;
    if (!(t->lxf & LX_GROUPNOUN) || t->ll < 3) return false;
    const char *w = t->low;
    size_t n = t->ll;
    return w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i';
}

void ws_spk_mention_of(const ws_lexicon *lx, const tokdoc *d, int s0, int s1,
                       const spk_info *sp, spk_mention *m)
{
    const ws_names *nm = ws_lx_names(lx);
    memset(m, 0, sizeof *m);
    m->tok = s0;
    m->end = s1;
    m->n0 = -1;
    m->gendered = 1;
    m->name = sp->name;
    m->title = sp->title;
    m->affiliation = sp->affiliation;
    m->person = (unsigned char)(sp->is_person != 0);
    if (sp->is_person) {
        /* a capitalised plural noun at a sentence's start ("Reporters
         * asked") is no one's name */
        if (s1 - s0 == 1 && (get_tok(nm, &d->t[s0]) & SPK_PLURAL)) {
            m->person = 0;
            m->plural = 1;
            return;
        }
        /* the gender when a pronoun asks (ws_spk_gender) */
        m->gendered = 0;
        return;
    }
    /* no name: the head noun tells a group, an organisation or one
     * person ("a source close to the probe"); it is the first noun that
     * the lexicon or gender_words.tsv knows, before any preposition */
    if (sp->affiliation && sp->name == sp->affiliation) {
        m->org = 1;
        return;
    }
    for (int k = s0; k < s1; k++) {
        const tok *t = &d->t[k];
        if (!(t->flags & TK_WORD)) continue;
        if ((t->lxf & LX_PREP) && k > s0) break;
        unsigned b = get_tok(nm, t);
        if (plural_word(b, t)) {
            m->plural = 1;
            return;
        }
        if (b & SPK_ORG) {
            m->org = 1;
            return;
        }
        if ((t->lxf & (LX_GROUPNOUN | LX_TITLE)) || ((b & 3u) && !(b & SPK_GIVEN))) {
            m->gender = (unsigned char)(b & SPK_GIVEN ? 0 : b & 3u);
            return;
        }
    }
    /* nothing known: an organisation's name the lexicon lacks, or words */
    m->org = 1;
}

/* Can T be a word of a person's name. */
static bool cap_tok(const tok *t)
{
    /* one test of the two masks (& rather than &&: one branch, not four) */
    return ((t->flags & (TK_WORD | TK_CAP | TK_NUM)) == (TK_WORD | TK_CAP)) &
           !(t->lxf & (LX_TITLE | LX_DEMONYM | LX_ORG | LX_FUNCWORD | LX_STOPNAME | LX_MONTH |
                       LX_WEEKDAY | LX_PRONOUN | LX_GROUPNOUN | LX_PREP | LX_AUX));
}

int ws_spk_persons(arena *a, const ws_lexicon *lx, const tokdoc *d, int k1, spk_mention **out, int *n)
{
    const ws_names *nm = ws_lx_names(lx);
    int cap = 16, cnt = 0;
    spk_mention *v = ws_arena_alloc(a, (size_t)cap * sizeof *v);
    if (!v) return WS_NOMEM;
    if (!nm) {
        *out = v;
        *n = 0;
        return WS_OK;
    }
    /* a given name and a title alike need a name word after them: the
     * capitalised words before one, found without a branch a word (each
     * is written, and kept when counted) */
    int *cand = ws_arena_alloc(a, ((size_t)d->n + 1) * sizeof *cand);
    if (!cand) return WS_NOMEM;
    int nc = 0, lim = k1 < d->n - 1 ? k1 : d->n - 1;
    for (const int *cw = d->caps; *cw < lim; cw++) {
        cand[nc] = *cw;
        nc += cap_tok(&d->t[*cw + 1]);
    }
    int next = 0; /* where the last person's name ended */
    for (int i = 0; i < nc; i++) {
        int k = cand[i];
        const tok *t = &d->t[k];
        if (k < next) continue;
        bool given = !(t->lxf & LX_TITLE) && ws_spk_given_at(lx, d, k, true);
        bool titled = (t->lxf & LX_TITLE) != 0;
        if (!given && !titled) continue;
        /* the title words right before, for the gender ("Queen", "Mrs") */
        int t0 = k;
        while (given && t0 > 0 && (d->t[t0 - 1].lxf & LX_TITLE)) t0--;
        int n0 = given ? k : k + 1;
        int e = n0 + 1;
        while (e < d->n && cap_tok(&d->t[e])) e++;
        /* a titled surname alone ("Mrs Thatcher") counts, a given name
         * alone does not */
        if (given && e - n0 < 2) continue;
        if (cnt == cap) {
            spk_mention *nv = ws_arena_alloc(a, (size_t)cap * 2 * sizeof *nv);
            if (!nv) return WS_NOMEM;
            memcpy(nv, v, (size_t)cnt * sizeof *v);
            v = nv;
            cap *= 2;
        }
        spk_mention *m = &v[cnt++];
        memset(m, 0, sizeof *m);
        m->tok = t0;
        m->n0 = n0;
        m->end = e;
        m->person = 1;
        next = e;
    }
    *out = v;
    *n = cnt;
    return WS_OK;
}

const ws_names *ws_lx_names(const ws_lexicon *lx) { return lx ? lx->names : NULL; }
