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
        /* he/she/they: agreement with every mention (pronoun.c) */
        if (sp->is_pronoun) continue;
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
