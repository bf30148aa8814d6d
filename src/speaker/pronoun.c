/*
 * pronoun.c -- which earlier source or person a pronoun stands for.
 *
 * A source "he", "she", "they" or "it" (and the possessives before an
 * office: "his spokesman") stands for the nearest mention before its
 * statement that agrees with it:
 *
 *   pronoun          agrees with
 *   he, him, his     one person whose gender is male or not known
 *   she, her         one person whose gender is female or not known
 *   they, them       a group ("officials", "the police"), an organisation
 *   it, its          an organisation ("the company", "the ministry")
 *
 * A person's gender comes from a title word (Mrs, Queen, spokeswoman) or
 * the first name (names.c); an unnamed source ("a source close to the
 * probe") is one person of unknown gender.  When no mention agrees the
 * pronoun stays unresolved: an empty answer is better than a wrong one.
 *
 * Known limits: nearness in tokens, not syntax: in "Cruz attacked Ana
 * Ortiz; he said" the subject Cruz is found only because Ortiz disagrees;
 * with two men the object wins.  A singular "they" for one person is read
 * as a group.
 */
#include "names.h"

#include <string.h>
#include <strings.h>

/* The pronoun's class: 'm', 'f', 'p' (they), 'n' (it), 0 (none). */
static char pronoun_class(const tok *t)
{
    static const struct { const char *w; char c; } tab[] = {
        {"he", 'm'},   {"him", 'm'},   {"his", 'm'},   {"he's", 'm'},  {"he'd", 'm'},
        {"she", 'f'},  {"her", 'f'},   {"she's", 'f'}, {"she'd", 'f'},
        {"they", 'p'}, {"them", 'p'},  {"their", 'p'}, {"they're", 'p'}, {"they've", 'p'},
        {"they'd", 'p'}, {"it", 'n'},  {"its", 'n'},   {"it's", 'n'},
    };
    for (size_t i = 0; i < sizeof tab / sizeof *tab; i++)
        if (t->ll == strlen(tab[i].w) && memcmp(t->low, tab[i].w, t->ll) == 0) return tab[i].c;
    return 0;
}

/* The full name in NAMES[0,nn) whose last word is the one-word NAME, or
 * NAME. */
static const char *complete(const char *name, const char *const *names, int nn)
{
    if (!name || strchr(name, ' ')) return name;
    size_t l = strlen(name);
    for (int k = 0; k < nn; k++) {
        const char *w = strrchr(names[k], ' ');
        w = w ? w + 1 : names[k];
        if (strlen(w) == l && strcasecmp(w, name) == 0) return names[k];
    }
    return name;
}

/* What reading a mention's words needs (see spk_mention). */
typedef struct reader {
    arena *a;
    const ws_lexicon *lx;
    const tokdoc *d;
    const char *const *names; /* the document's full names */
    int nn;
} reader;

/* Reads the name and title of a person found in the text (M->n0 >= 0,
 * name not yet read): their tokens' text, the name without a
 * possessive 's and completed from the document's full names. */
static int read_name(const reader *r, spk_mention *m)
{
    if (m->n0 < 0 || m->name) return WS_OK;
    char *name = ws_tok_text(r->a, r->d, m->n0, m->end);
    char *title = m->tok < m->n0 ? ws_tok_text(r->a, r->d, m->tok, m->n0) : NULL;
    if (!name || (m->tok < m->n0 && !title)) return WS_NOMEM;
    size_t l = strlen(name);
    if (l > 2 && name[l - 1] == 's' && name[l - 2] == '\'') name[l - 2] = 0;
    m->name = complete(name, r->names, r->nn);
    m->title = title;
    return WS_OK;
}

/* Does mention M agree with a pronoun of class C (its gender read when
 * first asked).  *RC: WS_NOMEM when reading failed. */
static bool agrees(const reader *r, char c, spk_mention *m, int *rc)
{
    switch (c) {
    case 'm':
    case 'f':
        if (m->plural || m->org) return false;
        if (!m->gendered) {
            if ((*rc = read_name(r, m)) != WS_OK) return false;
            m->gender = (unsigned char)ws_spk_gender(r->lx, m->name, m->title);
            m->gendered = 1;
        }
        return m->gender == SPK_G_NONE || m->gender == SPK_G_U ||
               m->gender == (c == 'm' ? SPK_G_M : SPK_G_F);
    case 'p': return m->plural || m->org;
    case 'n': return m->org;
    default: return false;
    }
}

/* The mention that the pronoun at token P (he, she, they, it, his ...)
 * stands for: the nearest of M[0,n) ending at or before BEFORE whose
 * gender and number agree with it (a person found in the text before
 * a source ending where it ends); NULL when none agrees or the word is
 * no third-person pronoun.  M[0,np) are the persons found in the text,
 * their ends increasing; the sources after them in any order. */
static spk_mention *antecedent(const reader *r, int p, int before, spk_mention *m, int np, int n,
                               int *rc)
{
    const tokdoc *d = r->d;
    if (p < 0 || p >= d->n) return NULL;
    char c = pronoun_class(&d->t[p]);
    if (!c) return NULL;
    spk_mention *best = NULL;
    /* the persons: the last that ends in time and agrees */
    int lo = 0, hi = np; /* the first person ending after BEFORE */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (m[mid].end > before) hi = mid;
        else lo = mid + 1;
    }
    for (int i = lo - 1; i >= 0 && !best; i--) {
        if (m[i].tok == p) continue;
        if (agrees(r, c, &m[i], rc)) best = &m[i];
        if (*rc != WS_OK) return NULL;
    }
    /* the sources: a later end wins, a person at one end (ends are
     * positive: none is -1) */
    int bend = best ? best->end : -1, bper = best ? best->person : 0;
    for (int i = np; i < n; i++) {
        /* too late, the pronoun itself, or no nearer than the best (one
         * test) */
        if ((m[i].end > before) | (m[i].tok == p) | (m[i].end < bend) |
            ((m[i].end == bend) & (m[i].person <= bper)))
            continue;
        if (agrees(r, c, &m[i], rc)) {
            best = &m[i];
            bend = best->end;
            bper = best->person;
        }
        if (*rc != WS_OK) return NULL;
    }
    return best;
}

/* Does the title T end with the words of TOKENS [k0,k1) ("Prime
 * Minister" ends with "prime minister", "Finance Minister" with
 * "minister"), case aside. */
static bool title_ends_with(const char *t, const tokdoc *d, int k0, int k1)
{
    size_t tl = strlen(t), pos = tl;
    for (int k = k1 - 1; k >= k0; k--) {
        size_t l = d->t[k].ll;
        if (l > pos || strncasecmp(t + pos - l, d->t[k].low, l) != 0) return false;
        pos -= l;
        if (k > k0) {
            if (pos == 0 || t[pos - 1] != ' ') return false;
            pos--;
        }
    }
    return pos == 0 || t[pos - 1] == ' ';
}

/* Sets M[k] for the tokens k of [k0, k1) below N (none when K0 < 0). */
static void mark_range(unsigned char *m, int k0, int k1, int n)
{
    if (k1 > n) k1 = n;
    if (k0 >= 0 && k0 < k1) memset(m + k0, 1, (size_t)(k1 - k0));
}

/* Is the source [s0,s1) a title alone ("the prime minister", "the
 * German chancellor"): its words from *K0 on title words, those before
 * function words and demonyms (the last one's country in *AFF)? */
static bool title_alone(const tokdoc *d, int s0, int s1, int *k0, const char **aff)
{
    int k = s0;
    while (k < s1 && (d->t[k].lxf & LX_FUNCWORD) && !(d->t[k].lxf & LX_TITLE)) k++;
    *aff = NULL;
    while (k < s1 && (d->t[k].lxf & LX_DEMONYM) && !(d->t[k].lxf & LX_TITLE)) {
        const lx_entry *e = d->t[k].lx;
        *aff = e && e->value ? e->value : NULL;
        k++;
    }
    if (k >= s1) return false;
    for (int x = k; x < s1; x++)
        if (!(d->t[x].lxf & LX_TITLE) || !(d->t[x].flags & TK_WORD)) return false;
    *k0 = k;
    return true;
}

/* The holder of the title alone [k,s1) (title_alone; AFF its country or
 * organisation, or NULL): the one person of M[0,n) that the document
 * names with that title (and that affiliation, when the source gives
 * one); NULL when none or several do. */
static const spk_mention *title_holder(const reader *r, int k, int s1, const char *aff, spk_mention *m,
                                       int n, int *rc)
{
    const tokdoc *d = r->d;
    const spk_mention *found = NULL;
    for (int i = 0; i < n; i++) {
        if (!m[i].person) continue;
        /* a person found in the text has a title when words precede
         * its name */
        if (m[i].n0 >= 0 && m[i].tok == m[i].n0) continue;
        if ((*rc = read_name(r, &m[i])) != WS_OK) return NULL;
        if (!m[i].title || !m[i].name || !strchr(m[i].name, ' ')) continue;
        if (!title_ends_with(m[i].title, d, k, s1)) continue;
        if (aff && (!m[i].affiliation || strcmp(aff, m[i].affiliation) != 0)) continue;
        if (found && strcmp(found->name, m[i].name) != 0) return NULL;
        found = &m[i];
    }
    return found;
}

/* Where the mentions a pronoun source of R may stand for end: at its
 * source or its content, whichever is first. */
static int before_of(const tokdoc *d, const rawst *r)
{
    int before = r->a0 >= 0 ? r->a0 : r->s0;
    if (r->c0 >= 0 && r->c0 < before) before = r->c0;
    /* a quote's opening mark stands before its first word */
    if (before > 0 && (d->t[before - 1].flags & TK_PUNCT)) before--;
    return before;
}

int ws_spk_pronouns(arena *keep, arena *a, const ws_lexicon *lx, const tokdoc *d, const rawst *raw,
                    const spk_info *info, ws_statement *out, int n, const char *const *names,
                    int nn)
{
    /* the statements to resolve: a pronoun, or a title alone that the
     * patterns found (no person: "the prime minister") */
    int *todo = ws_arena_alloc(a, (size_t)(n ? n : 1) * sizeof *todo);
    if (!todo) return WS_NOMEM;
    int nt = 0;
    for (int i = 0; i < n; i++) {
        const rawst *r = &raw[i];
        bool alone = !info[i].is_person & !info[i].is_pronoun & (info[i].title != NULL) & (r->a0 < 0) &
                     (r->s0 >= 0);
        /* written always, kept when counted (one branch less) */
        todo[nt] = i;
        nt += info[i].is_pronoun | alone;
    }
    if (!nt) return WS_OK;
    /* the persons named before K1: before the last pronoun, or all when
     * a title alone asks */
    int k1 = 0;
    for (int t = 0; t < nt && k1 < d->n; t++) {
        const rawst *r = &raw[todo[t]];
        int k;
        const char *aff;
        if (info[todo[t]].is_pronoun) {
            int b = before_of(d, r);
            if (b > k1) k1 = b;
        } else if (title_alone(d, r->s0, r->s1, &k, &aff)) {
            k1 = d->n;
        }
    }
    spk_mention *pm;
    int npm;
    int rc = ws_spk_persons(a, lx, d, k1, &pm, &npm);
    if (rc != WS_OK) return rc;
    spk_mention *m = ws_arena_alloc(a, ((size_t)npm + (size_t)n + 1) * sizeof *m);
    if (!m) return WS_NOMEM;
    int nm = 0;
    /* a person named inside reported words is seldom the one a later
     * pronoun means ("He said Trump was wrong. He added ...") */
    unsigned char *said = ws_arena_alloc(a, (size_t)d->n + 1);
    if (!said) return WS_NOMEM;
    memset(said, 0, (size_t)d->n + 1);
    for (int i = 0; i < n; i++) {
        mark_range(said, raw[i].c0, raw[i].c1, d->n);
        mark_range(said, raw[i].c20, raw[i].c21, d->n);
    }
    for (int i = 0; i < npm; i++)
        if (!said[pm[i].tok]) m[nm++] = pm[i];
    int nper = nm; /* m[0,nper): the persons, in text order */
    for (int i = 0; i < n; i++) {
        const rawst *r = &raw[i];
        int s0 = r->a0 >= 0 ? r->a0 : r->s0, s1 = r->a0 >= 0 ? r->a1 : r->s1;
        if (info[i].is_pronoun | !info[i].name | (s0 < 0)) continue; /* one branch */
        ws_spk_mention_of(lx, d, s0, s1, &info[i], &m[nm++]);
    }
    const reader rd = {a, lx, d, names, nn};
    for (int t = 0; t < nt; t++) {
        int i = todo[t];
        const rawst *r = &raw[i];
        if (!info[i].is_pronoun) { /* a title alone */
            int k;
            const char *aff;
            if (!title_alone(d, r->s0, r->s1, &k, &aff)) continue;
            const spk_mention *h = title_holder(&rd, k, r->s1, aff, m, nm, &rc);
            if (rc != WS_OK) return rc;
            if (!h) continue;
            out[i].speaker = ws_arena_strndup(keep, h->name, strlen(h->name));
            out[i].title = ws_arena_strndup(keep, h->title, strlen(h->title));
            if (!out[i].speaker || !out[i].title) return WS_NOMEM;
            if (h->affiliation) out[i].affiliation = h->affiliation;
            out[i].speaker_is_person = 1;
            continue;
        }
        int p = r->a0 >= 0 ? r->a0 : r->s0;
        spk_mention *ant = antecedent(&rd, p, before_of(d, r), m, nper, nm, &rc);
        if (rc != WS_OK) return rc;
        ws_statement *s = &out[i];
        if (!ant) continue;
        if ((rc = read_name(&rd, ant)) != WS_OK) return rc;
        /* the persons' strings are scratch; the statements' outlive it */
        s->speaker = ant->name;
        s->title = ant->title;
        if (ant->n0 >= 0) {
            s->speaker = ws_arena_strndup(keep, ant->name, strlen(ant->name));
            s->title = ant->title ? ws_arena_strndup(keep, ant->title, strlen(ant->title)) : NULL;
            if (!s->speaker || (ant->title && !s->title)) return WS_NOMEM;
        }
        s->affiliation = ant->affiliation;
        s->speaker_is_person = ant->person;
    }
    return WS_OK;
}
