/*
 * internal.h -- types and calls shared between the library's modules.
 *
 * Nothing here is API.  Module prefixes:
 *   ws__mem/arena_   memory (util/mem.c)
 *   spk_             speaker parsing and resolution (speaker/speaker.c)
 * The extraction stages have private headers of their own:
 * lexicon/lexicon.h, segment/segment.h, date/dates.h, attrib/attrib.h,
 * cluster/cluster.h, output/output.h and extract.h.
 */
#ifndef WS_INTERNAL_H
#define WS_INTERNAL_H

#include "whosaid.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ----------------------------------------------------------- memory */

void *ws__alloc(size_t n);
void *ws__calloc(size_t n, size_t size);
void *ws__realloc(void *p, size_t n);
void ws__free(void *p);
char *ws__strndup(const char *s, size_t n);

/* A bump allocator: chunks that only grow, reset between documents.  The
 * first chunk keeps its memory across resets (capacity reused); chunks
 * past ARENA_KEEP bytes are released on reset so that one huge document
 * does not pin its memory for the rest of a run. */
typedef struct arena_chunk arena_chunk;
typedef struct arena {
    arena_chunk *head;
    size_t total;
} arena;

void ws_arena_init(arena *a);
void *ws_arena_alloc(arena *a, size_t n); /* 8-aligned, NULL on failure */
char *ws_arena_strndup(arena *a, const char *s, size_t n);
void ws_arena_reset(arena *a);
void ws_arena_free(arena *a);

/* A growable byte buffer (heap). */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

int ws_buf_grow(buf *b, size_t extra); /* ws_buf_reserve's slow path */
/* Makes room for EXTRA more bytes and a NUL.  WS_OK or WS_NOMEM.  Inline:
 * the writers call it for every field. */
static inline int ws_buf_reserve(buf *b, size_t extra)
{
    return b->p && b->cap - b->len > extra ? WS_OK : ws_buf_grow(b, extra);
}
int ws_buf_append(buf *b, const char *s, size_t n);
int ws_buf_putc(buf *b, char c);
void ws_buf_free(buf *b);

/* ----------------------------------------------------------- speakers */

typedef struct tokdoc tokdoc; /* segment/segment.h */

typedef struct spk_info {
    const char *name;        /* resolved or as written */
    const char *title;
    const char *affiliation;
    int is_person;           /* a proper name was found */
    int is_pronoun;
    int surname_only;        /* single-word person name */
} spk_info;

/* Parses the source tokens [s0,s1) into name, title and affiliation. */
int ws_spk_parse(arena *a, const ws_lexicon *lx, const tokdoc *d, int s0, int s1,
              spk_info *out);

/* Collects person names of two or more words mentioned anywhere in D
 * ("President Donald Trump" gives "Donald Trump").  TITLES lists the
 * tokens k < d->n - 2 with LX_TITLE, in order, ending with d->n (as
 * ws_att_find makes it). */
int ws_spk_harvest(arena *a, const ws_lexicon *lx, const tokdoc *d, const int *titles,
                const char ***names, int *n);


/* ------------------------------------------------------------ input */

/* The number of bytes of IN[len] that ws_utf8_sanitize replaces (0: IN is
 * valid UTF-8 and would be copied as it is). */
size_t ws__utf8_bad(const char *in, size_t len);

/* The length of the well-formed UTF-8 sequence at S[0,n) (n >= 1,
 * S[0] >= 0x80), or 0 when S[0] is an invalid byte: utf8proc_iterate's
 * verdict, the two- and three-byte forms decided without it. */
size_t ws__utf8_seq(const unsigned char *s, size_t n);


#endif
