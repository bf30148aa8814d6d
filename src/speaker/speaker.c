/*
 * speaker.c -- from a source span to a speaker: name, title, affiliation.
 *
 * A source noun phrase is read right to left:
 *
 *   [det] [demonym|organisation]* [title words] [Name Name ...]['s office]
 *    the   Italian                 Prime Minister Giorgia Meloni  's office
 *          Kremlin                 spokesperson   Dmitry Peskov
 *          White House             Press Secretary Karoline Leavitt
 *
 * The name is the run of capitalised words at the right edge that are not
 * title words, demonyms or organisations, with name particles (de, van,
 * bin) inside.  It counts as a person's name only when what stands before
 * it is nothing, a title, a demonym, an organisation or a determiner:
 * in "the draft obtained by Axios" the capitalised word is not the head,
 * and the speaker is the phrase itself.  "X's office/spokesman said" is
 * attributed to X.  Demonyms give ISO country codes; organisations their
 * canonical names.  Groups and anonymous sources ("a Western official",
 * "Military planners in London and Paris") keep their words as the
 * speaker, with the last title word as their title.
 *
 * Person names are also harvested from titled mentions anywhere in the
 * document ("U.S. President Donald Trump sending ...") so that a later or
 * earlier bare surname resolves to the full name.
 */
#include "speaker.h"
#include "names.h"
#include "../segment/segment.h"

#include <string.h>

/* Name particles: de van von der den bin al da di la le du del dos ibn.
 * The token's length picks the words to compare (tok_is against each). */
static bool particle(const tokdoc *d, int k)
{
    if (k < 0 || k >= d->n) return false;
    const tok *t = &d->t[k];
    if (t->ll - 2u > 1u || !t->low) return false; /* two or three bytes: one test */
    const char *w = t->ll == 2 ? "dealdadiladule" : "vanvonderdenbindeldosibn";
    for (; *w; w += t->ll)
        if (t->low[0] == w[0] && memcmp(t->low, w, t->ll) == 0) return true;
    return false;
}

/* lex_match's keys of MAXW words down to one (MAXW <= end - k); a
 * function of its own so that lex_match's first test needs no frame for
 * the key. */
static __attribute__((noinline)) int lex_keys(const ws_lexicon *lx, const tokdoc *d, int k, int maxw, uint32_t flags,
                    const lx_entry **ent)
{
    char key[256];
    for (int w = maxw; w >= 1; w--) {
        /* one word: its entry is the one the tokenizer looked up, whose
         * flags (with those of its form without a final period) are in
         * lxf */
        if (w == 1 && !(d->t[k].lxf & flags)) break;
        size_t len = 0;
        bool ok = true;
        for (int i = 0; i < w && ok; i++) {
            const char *lo = d->t[k + i].low;
            /* no token's lowercased form holds a NUL byte (a NUL alone
             * has length 0), so its length is strlen's; a capped length
             * is too long for the key either way */
            size_t l = d->t[k + i].ll;
            if (len + l + 1 >= sizeof key) { ok = false; break; }
            if (i) key[len++] = ' ';
            memcpy(key + len, lo, l);
            len += l;
        }
        if (!ok) continue;
        const lx_entry *e = ws_lx_get(lx, key, len);
        /* "Feb." style tokens: lookups without the final period too */
        if (!e && len > 1 && key[len - 1] == '.') e = ws_lx_get(lx, key, len - 1);
        if (e && (e->flags & flags)) {
            *ent = e;
            return w;
        }
    }
    return 0;
}

/* Longest lexicon entry (with FLAGS) starting at token k within [k,end):
 * returns the number of tokens, and the entry. */
static inline int lex_match(arena *a, const ws_lexicon *lx, const tokdoc *d, int k, int end,
                     uint32_t flags, const lx_entry **ent)
{
    (void)a;
    /* with one token before END no multiword key fits: no need to ask
     * how long the keys starting with it are */
    int maxw = end - k > 1 ? lx_first_words_padded(lx, d->t[k].low, d->t[k].ll) : 1;
    if (maxw > end - k) maxw = end - k;
    /* one word whose flags have none of FLAGS (most): nothing */
    if (maxw == 1 && !(d->t[k].lxf & flags)) return 0;
    return lex_keys(lx, d, k, maxw, flags, ent);
}

/* Is T one of the words "the", "a", "an", or with FORMER "former"?  One
 * test. */
static bool article(const tok *t, bool former)
{
    uint64_t w = tok_low8(t);
    return (w == TOK_W8("the")) | (w == TOK_W8("a")) | (w == TOK_W8("an")) | (former & (w == TOK_W8("former")));
}

static bool name_word(const tokdoc *d, int k)
{
    const tok *t = &d->t[k];
    /* one test of the two masks (& rather than &&: one branch, not three) */
    return ((t->flags & (TK_WORD | TK_CAP | TK_NUM)) == (TK_WORD | TK_CAP)) &
           !(t->lxf & (LX_TITLE | LX_DEMONYM | LX_ORG | LX_FUNCWORD | LX_STOPNAME | LX_MONTH |
                       LX_WEEKDAY | LX_PRONOUN | LX_GROUPNOUN));
}

/* The lexicon entry (with a flag of FLAGS) of token K's word without its
 * possessive "'s" / "’s" ("Germany's" -> Germany, DE), or NULL. */
static const lx_entry *possessive_entry(const ws_lexicon *lx, const tokdoc *d, int k, uint32_t flags)
{
    const char *lo = d->t[k].low;
    size_t n = d->t[k].ll, cut = 0;
    if (n > 2 && lo[n - 1] == 's' && lo[n - 2] == '\'') cut = 2;
    else if (n > 4 && lo[n - 1] == 's' && (unsigned char)lo[n - 2] == 0x99 && (unsigned char)lo[n - 3] == 0x80 &&
             (unsigned char)lo[n - 4] == 0xE2)
        cut = 4;
    if (!cut) return NULL;
    const lx_entry *e = ws_lx_get(lx, lo, n - cut);
    return e && (e->flags & flags) ? e : NULL;
}

/* Strips a possessive "'s" / "’s" from a copied name. */
static void strip_possessive(char *s)
{
    size_t n = strlen(s);
    if (n > 2 && s[n - 1] == 's' && s[n - 2] == '\'') s[n - 2] = 0;
    else if (n > 4 && s[n - 1] == 's' && (unsigned char)s[n - 2] == 0x99 &&
             (unsigned char)s[n - 3] == 0x80 && (unsigned char)s[n - 4] == 0xE2)
        s[n - 4] = 0;
}

static bool possessive(const tokdoc *d, int k)
{
    const char *lo = d->t[k].low;
    /* strlen(lo) (see lex_match), unless the length is capped */
    size_t n = d->t[k].ll < 0xFFFFFF ? d->t[k].ll : strlen(lo);
    return n > 2 && lo[n - 1] == 's' && lo[n - 2] == '\'';
}

/* Finds the person name at the right edge of [s0,s1): [*n0,s1).  A
 * given name the lexicon also knows as a month or a verb ("Jan", "May",
 * "Will") starts the name when a name word follows it. */
static bool find_name(const ws_lexicon *lx, const tokdoc *d, int s0, int s1, int *n0)
{
    int k = s1 - 1;
    if (k < s0 || !name_word(d, k)) return false;
    while (k >= s0 && (name_word(d, k) || (k > s0 && particle(d, k) && name_word(d, k - 1))))
        k--;
    if (k >= s0 && k + 1 < s1 && ws_spk_given_at(lx, d, k, name_word(d, k + 1))) k--;
    *n0 = k + 1;
    return true;
}

static int parse_np(arena *a, const ws_lexicon *lx, const tokdoc *d, int s0, int s1, spk_info *o);

/* A party-and-district tag closing a source: "State Sen. Dana Holt
 * (R-Warren)" gives the tag's tokens [*p0,*p1) and where the phrase
 * before it ends (*end); false when [s0,s1) ends otherwise. */
static bool paren_tag(const tokdoc *d, int s0, int s1, int *end, int *p0, int *p1)
{
    if ((s1 - s0 < 4) | (d->t[s1 - 1].ch != ')')) return false; /* one branch */
    for (int k = s1 - 2; k > s0; k--) {
        if (d->t[k].ch == '(') {
            if (k + 1 >= s1 - 1) return false;
            *end = k;
            *p0 = k + 1;
            *p1 = s1 - 1;
            return true;
        }
        if (!(d->t[k].flags & TK_WORD) && d->t[k].ch != '-' && d->t[k].ch != '.' &&
            d->t[k].ch != ',')
            return false;
    }
    return false;
}

int ws_spk_parse(arena *a, const ws_lexicon *lx, const tokdoc *d, int s0, int s1, spk_info *o)
{
    memset(o, 0, sizeof *o);
    if (s0 < 0 || s1 <= s0) return WS_OK;
    int pe, p0, p1;
    if (paren_tag(d, s0, s1, &pe, &p0, &p1)) {
        int rc = ws_spk_parse(a, lx, d, s0, pe, o);
        if (rc != WS_OK) return rc;
        if (o->is_person) {
            o->affiliation = ws_tok_text(a, d, p0, p1);
            return o->affiliation ? WS_OK : WS_NOMEM;
        }
        memset(o, 0, sizeof *o);
    }
    /* an appositive: "Hillary Clinton, the nominee" or "One hopeful,
     * Carly Fiorina": the part that names a person wins */
    for (int k = s0 + 1; k < s1 - 1; k++) {
        if (!(d->t[k].flags & TK_PUNCT)) continue;
        const unsigned char *pc = (const unsigned char *)d->text + d->t[k].b;
        bool dash = d->t[k].e - d->t[k].b == 3 && pc[0] == 0xE2 && pc[1] == 0x80 &&
                    (pc[2] == 0x93 || pc[2] == 0x94);
        if (*pc != ',' && !dash) continue;
        int rc = parse_np(a, lx, d, s0, k, o);
        if (rc != WS_OK || o->is_person) return rc;
        int e = s1;
        while (e > k + 1 && (d->t[e - 1].flags & TK_PUNCT)) e--;
        spk_info o2;
        memset(&o2, 0, sizeof o2);
        rc = parse_np(a, lx, d, k + 1, e, &o2);
        if (rc != WS_OK) return rc;
        if (o2.is_person) {
            if (!o2.title) o2.title = o->title;
            if (!o2.affiliation) o2.affiliation = o->affiliation;
            *o = o2;
        }
        return WS_OK;
    }
    return parse_np(a, lx, d, s0, s1, o);
}

/* Parses one noun phrase [s0,s1) (no comma inside). */
static int parse_np(arena *a, const ws_lexicon *lx, const tokdoc *d, int s0, int s1, spk_info *o)
{
    memset(o, 0, sizeof *o);
    if (s0 < 0 || s1 <= s0) return WS_OK;
    /* a lone pronoun */
    if ((s1 - s0 == 1) & ((d->t[s0].lxf & LX_PRONOUN) != 0)) { /* one branch */
        o->is_pronoun = 1;
        o->name = ws_tok_text(a, d, s0, s1);
        return o->name ? WS_OK : WS_NOMEM;
    }
    int e = s1;
    /* "X's office said": the speaker is X */
    if ((d->t[e - 1].lxf & LX_OFFICE) && e - s0 >= 2 && possessive(d, e - 2)) e--; /* rare first */
    int n0;
    bool named = find_name(lx, d, s0, e, &n0);
    if (named && n0 > s0) {
        /* the word before the name must belong to a title ("union leader",
         * "Presidential Office head"), a demonym or an organisation, not
         * to a phrase the name merely ends ("obtained by Axios",
         * "in London and Paris") */
        const tok *t = &d->t[n0 - 1];
        bool det = tok_is(d, n0 - 1, "the") || tok_is(d, n0 - 1, "former");
        if (!(t->flags & TK_WORD) || ((t->lxf & (LX_FUNCWORD | LX_PREP)) && !det)) named = false;
    }
    if (named) {
        /* a whole-organisation name ("White House") is not a person */
        const lx_entry *ent;
        int w = lex_match(a, lx, d, n0, e, LX_ORG | LX_DEMONYM, &ent);
        if (w == e - n0) named = false;
    }
    if (named) {
        char *nm = ws_tok_text(a, d, n0, e);
        if (!nm) return WS_NOMEM;
        strip_possessive(nm);
        o->name = nm;
        o->is_person = 1;
        o->surname_only = (e - n0 == 1);
        /* left part: affiliation (demonym/organisation) and title */
        int k = s0;
        while (k < n0 && article(&d->t[k], true)) k++;
        int t0 = -1, t1 = -1;
        while (k < n0) {
            const lx_entry *ent = NULL;
            int w = lex_match(a, lx, d, k, n0, LX_ORG | LX_DEMONYM, &ent);
            if (w > 0 && !(d->t[k].lxf & LX_TITLE && w == 1 && !(ent->flags & LX_DEMONYM))) {
                if (!o->affiliation) {
                    o->affiliation = (ent->flags & LX_DEMONYM) && ent->value ? ent->value
                                     : ent->value ? ent->value : ws_tok_text(a, d, k, k + w);
                }
                k += w;
                continue;
            }
            if (t0 < 0) t0 = k;
            t1 = k + 1;
            k++;
        }
        if (t0 >= 0) {
            bool any_title = false;
            for (int x = t0; x < t1; x++)
                if (d->t[x].lxf & LX_TITLE) any_title = true;
            if (any_title) {
                /* trim a trailing comma or "of" */
                while (t1 > t0 && !(d->t[t1 - 1].flags & TK_WORD)) t1--;
                o->title = ws_tok_text(a, d, t0, t1);
            }
        }
        return WS_OK;
    }
    /* no person: an organisation, a group, a document */
    const lx_entry *ent;
    int k = s0;
    while (k < s1 && article(&d->t[k], false)) k++;
    int w = k < s1 ? lex_match(a, lx, d, k, s1, LX_ORG, &ent) : 0;
    if (w > 0 && k + w == s1) {
        o->name = ent->value ? ent->value : ws_tok_text(a, d, k, s1);
        o->affiliation = o->name;
        return o->name ? WS_OK : WS_NOMEM;
    }
    o->name = ws_tok_text(a, d, s0, s1);
    if (!o->name) return WS_NOMEM;
    if (d->t[s1 - 1].lxf & LX_TITLE) {
        /* the office's words before its last: "vice president",
         * "foreign minister", "press secretary"; a country, organisation
         * or determiner before them is not the title */
        int t0 = s1 - 1;
        while (t0 > s0) {
            const tok *pw = &d->t[t0 - 1];
            if ((pw->flags & (TK_WORD | TK_NUM)) != TK_WORD || possessive(d, t0 - 1) ||
                (pw->lxf & (LX_DEMONYM | LX_ORG | LX_FUNCWORD | LX_DET | LX_PREP)))
                break;
            if ((pw->flags & TK_CAP) && !(pw->lxf & LX_TITLE)) break;
            t0--;
        }
        o->title = ws_tok_text(a, d, t0, s1);
    }
    for (int x = s0; x < s1; x++) {
        int w2 = lex_match(a, lx, d, x, s1, LX_ORG | LX_DEMONYM, &ent);
        if (w2 > 0) {
            o->affiliation = ent->value ? ent->value : ws_tok_text(a, d, x, x + w2);
            break;
        }
        /* "Germany's chancellor" */
        const lx_entry *pe = x + 1 < s1 ? possessive_entry(lx, d, x, LX_DEMONYM) : NULL;
        if (pe && pe->value) {
            o->affiliation = pe->value;
            break;
        }
    }
    return WS_OK;
}

int ws_spk_harvest(arena *a, const ws_lexicon *lx, const tokdoc *d, const int *titles,
                const char ***names, int *n)
{
    int cap = 8, cnt = 0;
    const char **v = ws_arena_alloc(a, (size_t)cap * sizeof *v);
    if (!v) return WS_NOMEM;
    /* the title words before a capitalised word (a name word or a given
     * name), from ws_att_find's list, found without a branch a word
     * (each is written, and kept when counted) */
    int nt = 0;
    while (titles[nt] < d->n) nt++;
    int *cand = ws_arena_alloc(a, ((size_t)nt + 1) * sizeof *cand);
    if (!cand) return WS_NOMEM;
    int nc = 0;
    for (int i = 0; i < nt; i++) {
        cand[nc] = titles[i];
        nc += (d->t[titles[i] + 1].flags & (TK_WORD | TK_CAP)) == (TK_WORD | TK_CAP);
    }
    /* K is where the scan may resume (past a name taken) */
    int k = 0;
    for (int i = 0; i < nc; i++) {
        if (cand[i] < k) continue;
        k = cand[i];
        bool given = !name_word(d, k + 1) && ws_spk_given_at(lx, d, k + 1, name_word(d, k + 2));
        if (!given && !name_word(d, k + 1)) continue;
        int e = k + 1 + given;
        while (e < d->n && (name_word(d, e) || (particle(d, e) && e + 1 < d->n && name_word(d, e + 1))))
            e++;
        if (e - (k + 1) < 2) continue;
        char *nm = ws_tok_text(a, d, k + 1, e);
        if (!nm) return WS_NOMEM;
        strip_possessive(nm);
        if (cnt == cap) {
            const char **nv = ws_arena_alloc(a, (size_t)cap * 2 * sizeof *nv);
            if (!nv) return WS_NOMEM;
            memcpy(nv, v, (size_t)cnt * sizeof *v);
            v = nv;
            cap *= 2;
        }
        v[cnt++] = nm;
        k = e;
    }
    *names = v;
    *n = cnt;
    return WS_OK;
}
