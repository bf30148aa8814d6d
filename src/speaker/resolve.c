/*
 * resolve.c -- the rules that resolve a speaker's name (see speaker.h)
 * and their two in-memory users: the extractor's resolution within a
 * document and the pipeline's window of full names across documents.
 * The store's registry (src/store/registry.c) applies the same rules to
 * its tables.
 */
#include "speaker.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ the rules */

const char *ws_spk_surname(const char *name, size_t *len)
{
    const char *p = strrchr(name, ' ');
    p = p ? p + 1 : name;
    *len = strlen(p);
    return p;
}

bool ws_spk_is_bare(const char *name, int is_person)
{
    return is_person && name && !strchr(name, ' ');
}

bool ws_spk_is_full(const char *name) { return strchr(name, ' ') != NULL; }

uint64_t ws_spk_fold(const char *s, size_t n, char *o)
{
    uint64_t h = WS_FNV_INIT;
    for (size_t i = 0; i < n; i++) {
        char c = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
        o[i] = c;
        h = ws_fnv_step(h, (unsigned char)c);
    }
    o[n] = 0;
    return h;
}

/* ------------------------------------------------ within a document */

int ws_spk_resolve_doc(arena *a, spk_info *info, int n, const char *const *names, int nn)
{
    const char **lastw = NULL;
    size_t *lastl = NULL;
    for (int i = 0; i < n; i++) {
        spk_info *sp = &info[i];
        /* a surname alone (he/she/they: agreement with every mention,
         * pronoun.c); one test */
        if (!((sp->is_person != 0) & (sp->surname_only != 0) & !sp->is_pronoun)) continue;
        if (!lastw) {
            /* the names' surnames and their lengths, found once per
             * document */
            lastw = ws_arena_alloc(a, (size_t)(nn ? nn : 1) * sizeof *lastw);
            lastl = ws_arena_alloc(a, (size_t)(nn ? nn : 1) * sizeof *lastl);
            if (!lastw || !lastl) return WS_NOMEM;
            for (int k = 0; k < nn; k++) lastw[k] = ws_spk_surname(names[k], &lastl[k]);
        }
        /* strings equal but for case have one length (tolower maps a
         * byte to a byte, never to NUL): compared first */
        size_t spl = strlen(sp->name);
        for (int k = 0; k < nn; k++)
            if (lastl[k] == spl && strcasecmp(lastw[k], sp->name) == 0) {
                sp->name = names[k];
                break;
            }
    }
    return WS_OK;
}

/* ------------------------------------------------ the pipeline's window */

/* Names are short: their folded keys are made on the stack up to this
 * length, on the heap beyond. */
#define KEY_SMALL 64

bool ws_spk_fullname_of(const char *full, char *keybuf, ws_spk_fullname *r)
{
    const char *sp = strrchr(full, ' ');
    if (!sp) return false;
    size_t n = strlen(sp + 1);
    r->full = full;
    r->flen = (size_t)(sp - full) + 1 + n;
    r->key = keybuf;
    r->klen = n;
    r->h = ws_spk_fold(sp + 1, n, keybuf);
    return true;
}

void ws_spk_window_init(ws_spk_window *w)
{
    memset(w, 0, sizeof *w);
    ws_hmap_init(&w->map, NULL);
}

int ws_spk_window_learn(ws_spk_window *w, const ws_spk_fullname *r)
{
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        char **nf = ws__realloc(w->full, nc * sizeof *nf);
        if (!nf) return WS_NOMEM;
        w->full = nf;
        w->cap = nc;
    }
    bool added;
    int64_t *v = ws_hmap_ref_h(&w->map, r->key, r->klen, r->h, &added);
    if (!v) return WS_NOMEM;
    if (!added) return WS_OK;
    /* the map has the key now: its value must name a full name */
    char *full = ws__strndup(r->full, r->flen);
    w->full[w->n] = full ? full : NULL;
    *v = (int64_t)w->n++;
    return full ? WS_OK : WS_NOMEM;
}

const char *ws_spk_window_get(const ws_spk_window *w, const char *surname)
{
    if (!w->n) return NULL;
    size_t n = strlen(surname);
    char small[KEY_SMALL];
    char *k = n < sizeof small ? small : ws__alloc(n + 1);
    if (!k) return NULL;
    int64_t i;
    bool found = ws_hmap_get_h(&w->map, k, n, ws_spk_fold(surname, n, k), &i);
    if (k != small) ws__free(k);
    return found ? w->full[i] : NULL;
}

void ws_spk_window_free(ws_spk_window *w)
{
    for (size_t i = 0; i < w->n; i++) ws__free(w->full[i]);
    ws__free(w->full);
    ws_hmap_free(&w->map);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------ titles across documents */

/* Words before a title that make it no present holder's, or no one
 * person's. */
static bool stops_title(const char *w, size_t n)
{
    static const char *const words[] = {"a", "an", "one", "another", "some", "former", "late", "future",
                                        "next", "previous", "ex", "then", "any", "every", "each"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && strncasecmp(words[i], w, n) == 0) return true;
    return false;
}

/* Capitalised words before a title alone: its country or organisation
 * ("German", "Germany's", "Kremlin", "White House"). */
#define TITLE_AFF_WORDS 3

bool ws_spk_title_alone(const char *speaker, int is_person, const char *title, const char *affiliation)
{
    if (is_person || !speaker || !title || !*title || !affiliation || !*affiliation) return false;
    for (const char *p = speaker; *p;) {
        while (*p == ' ' || *p == '-') p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '-') e++;
        if (e > p && stops_title(p, (size_t)(e - p))) return false;
        p = e;
    }
    /* the whole source is [the] AFFILIATION-WORDS TITLE: "the US vice
     * president" (title "president") or "the GOP presidential nominee"
     * name another office than the title */
    size_t sl = strlen(speaker), tl = strlen(title);
    if (tl >= sl || strcasecmp(speaker + sl - tl, title) != 0 || speaker[sl - tl - 1] != ' ') return false;
    const char *p = speaker, *end = speaker + sl - tl - 1;
    if (!strncasecmp(p, "the ", 4)) p += 4;
    int words = 0;
    while (p < end) {
        const char *e = p;
        while (e < end && *e != ' ') e++;
        /* a lowercase word is no name of a country or organisation */
        if (*p >= 'a' && *p <= 'z') return false;
        if (++words > TITLE_AFF_WORDS) return false;
        p = e;
        while (p < end && *p == ' ') p++;
    }
    return words > 0;
}

bool ws_spk_title_holder(const char *speaker, int is_person, const char *title, const char *affiliation)
{
    /* the fields first, the speaker's words last */
    return is_person && title && *title && affiliation && *affiliation && speaker && ws_spk_is_full(speaker);
}

void ws_spk_titles_init(ws_spk_titles *t)
{
    memset(t, 0, sizeof *t);
    ws_hmap_init(&t->keys, NULL);
    ws_hmap_init(&t->holders, NULL);
}

/* The key of TITLE (folded) and AFFILIATION, and NAME after it when not
 * NULL, in t->key. */
static int title_key(ws_spk_titles *t, const char *title, const char *affiliation, const char *name)
{
    size_t tl = strlen(title), al = strlen(affiliation), nl = name ? strlen(name) : 0;
    t->key.len = 0;
    if (ws_buf_reserve(&t->key, tl + al + nl + 3) != WS_OK) return WS_NOMEM;
    ws_spk_fold(title, tl, t->key.p);
    t->key.p[tl] = 0x1f;
    memcpy(t->key.p + tl + 1, affiliation, al);
    t->key.len = tl + 1 + al;
    if (name) {
        t->key.p[t->key.len++] = 0x1f;
        memcpy(t->key.p + t->key.len, name, nl);
        t->key.len += nl;
    }
    return WS_OK;
}

int ws_spk_titles_learn(ws_spk_titles *t, const char *name, const char *title, const char *affiliation,
                        int64_t day)
{
    if (day <= 0) return WS_OK;
    if (title_key(t, title, affiliation, name)) return WS_NOMEM;
    int64_t k;
    if (ws_hmap_get(&t->holders, t->key.p, t->key.len, &k)) {
        spk_holder *h = &t->h[k];
        if (day < h->first) h->first = day;
        if (day > h->last) h->last = day;
        return WS_OK;
    }
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        spk_holder *nh = ws__realloc(t->h, nc * sizeof *nh);
        if (!nh) return WS_NOMEM;
        t->h = nh;
        t->cap = nc;
    }
    spk_holder *h = &t->h[t->n];
    h->name = ws__strndup(name, strlen(name));
    h->title = ws__strndup(title, strlen(title));
    if (!h->name || !h->title) {
        ws__free(h->name);
        ws__free(h->title);
        return WS_NOMEM;
    }
    h->first = h->last = day;
    if (ws_hmap_put(&t->holders, t->key.p, t->key.len, (int64_t)t->n) != WS_OK) goto nomem;
    /* the key without the name: the holder heads its list */
    if (title_key(t, title, affiliation, NULL)) goto nomem;
    int64_t first = -1;
    ws_hmap_get(&t->keys, t->key.p, t->key.len, &first);
    h->next = first;
    if (ws_hmap_put(&t->keys, t->key.p, t->key.len, (int64_t)t->n) != WS_OK) goto nomem;
    t->n++;
    return WS_OK;
nomem:
    ws__free(h->name);
    ws__free(h->title);
    return WS_NOMEM;
}

const spk_holder *ws_spk_titles_get(ws_spk_titles *t, const char *title, const char *affiliation, int64_t day)
{
    int64_t k;
    if (!t->n || day <= 0 || title_key(t, title, affiliation, NULL) ||
        !ws_hmap_get(&t->keys, t->key.p, t->key.len, &k))
        return NULL;
    const spk_holder *found = NULL;
    for (; k >= 0; k = t->h[k].next) {
        const spk_holder *h = &t->h[k];
        if (h->first > day + WS_SPK_TITLE_DAYS || h->last < day - WS_SPK_TITLE_DAYS) continue;
        if (found) return NULL;
        found = h;
    }
    return found;
}

void ws_spk_titles_free(ws_spk_titles *t)
{
    for (size_t i = 0; i < t->n; i++) {
        ws__free(t->h[i].name);
        ws__free(t->h[i].title);
    }
    ws__free(t->h);
    ws_hmap_free(&t->keys);
    ws_hmap_free(&t->holders);
    ws_buf_free(&t->key);
    memset(t, 0, sizeof *t);
}
