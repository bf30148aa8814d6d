/*
 * store.h -- what the store's files share (not API).  Prefix tp_: topics.
 */
#ifndef WS_STORE_H
#define WS_STORE_H

#include "../internal.h"
#include "whosaid_store.h"

typedef struct tp_set tp_set;

/* Working memory of ws_tp_match, kept between calls (zero-initialise). */
typedef struct tp_scratch {
    buf b;
    size_t *offs;
    size_t cap;
} tp_scratch;

int ws_tp_load(const char *path, tp_set **out, char *err, size_t errlen);
int ws_tp_count(const tp_set *t);
const char *ws_tp_name(const tp_set *t, int i);
int ws_tp_match(const tp_set *t, const char *text, size_t len, tp_scratch *sc, unsigned char *hit);
void ws_tp_scratch_free(tp_scratch *sc);
void ws_tp_free(tp_set *t);

#endif
