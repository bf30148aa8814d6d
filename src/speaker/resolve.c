/*
 * resolve.c -- the rules that resolve a speaker's name (see speaker.h)
 * and their two in-memory users: the extractor's resolution within a
 * document and the pipeline's window of full names across documents.
 * The store's registry (src/store/registry.c) applies the same rules to
 * its tables.
 */
#include "speaker.h"

#include <stdlib.h>
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
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        char c = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
        o[i] = c;
        h ^= (unsigned char)c;
        h *= 1099511628211ull;
    }
    o[n] = 0;
    return h;
}

/* ------------------------------------------------ within a document */

int ws_spk_resolve_doc(arena *a, spk_info *info, int n, const char *const *names, int nn)
{
    const spk_info *last_person = NULL;
    const char **lastw = NULL;
    size_t *lastl = NULL;
    for (int i = 0; i < n; i++) {
        spk_info *sp = &info[i];
        if (sp->is_pronoun) {
            /* he/she/they: the last person quoted before in the document */
            if (last_person) {
                sp->name = last_person->name;
                sp->is_person = 1;
            }
            continue;
        }
        if (sp->is_person && sp->surname_only) {
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
        if (sp->is_person) last_person = sp;
    }
    return WS_OK;
}

/* ------------------------------------------------ the pipeline's window */

struct spk_went {
    char *key;  /* folded surname */
    char *full; /* full name */
    uint64_t h;
    size_t klen;
};

/* Names are short: their folded keys are made on the stack up to this
 * length, on the heap beyond. */
#define KEY_SMALL 64

/* The slot for the folded key K[klen] of hash H: its entry, or the empty
 * slot where it would go. */
static struct spk_went *window_find(const ws_spk_window *w, const char *k, size_t klen, uint64_t h)
{
    size_t i = (size_t)h & (w->cap - 1);
    while (w->e[i].key && !(w->e[i].h == h && w->e[i].klen == klen && memcmp(w->e[i].key, k, klen) == 0))
        i = (i + 1) & (w->cap - 1);
    return &w->e[i];
}

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

int ws_spk_window_learn(ws_spk_window *w, const ws_spk_fullname *r)
{
    if ((w->n + 1) * 2 > w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 256;
        struct spk_went *nt = ws__calloc(nc, sizeof *nt);
        if (!nt) return WS_NOMEM;
        for (size_t i = 0; i < w->cap; i++) {
            if (!w->e[i].key) continue;
            size_t j = (size_t)w->e[i].h & (nc - 1);
            while (nt[j].key) j = (j + 1) & (nc - 1);
            nt[j] = w->e[i];
        }
        ws__free(w->e);
        w->e = nt;
        w->cap = nc;
    }
    struct spk_went *e = window_find(w, r->key, r->klen, r->h);
    if (e->key) return WS_OK;
    e->key = ws__strndup(r->key, r->klen);
    e->full = e->key ? ws__strndup(r->full, r->flen) : NULL;
    if (!e->full) {
        ws__free(e->key);
        e->key = NULL;
        return WS_NOMEM;
    }
    e->h = r->h;
    e->klen = r->klen;
    w->n++;
    return WS_OK;
}

const char *ws_spk_window_get(const ws_spk_window *w, const char *surname)
{
    if (!w->cap) return NULL;
    size_t n = strlen(surname);
    char small[KEY_SMALL];
    char *k = n < sizeof small ? small : ws__alloc(n + 1);
    if (!k) return NULL;
    const struct spk_went *e = window_find(w, k, n, ws_spk_fold(surname, n, k));
    if (k != small) ws__free(k);
    return e->key ? e->full : NULL;
}

void ws_spk_window_free(ws_spk_window *w)
{
    for (size_t i = 0; i < w->cap; i++) {
        ws__free(w->e[i].key);
        ws__free(w->e[i].full);
    }
    ws__free(w->e);
    w->e = NULL;
    w->cap = w->n = 0;
}
