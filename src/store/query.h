/*
 * query.h -- the store's one query module (query.c), for the store's
 * public calls (ws_db_search, ws_db_speakers, ws_db_timeline) and for the
 * HTTP API (src/serve/api.c): a ws_query means the same to both.  Not
 * API.  Checks the query (a bad date or kind is WS_PARSE with the message
 * on the handle), turns it into a ws_filter (backend.h) and asks the
 * handle's backend.
 */
#ifndef WS_STORE_QUERY_H
#define WS_STORE_QUERY_H

#include "whosaid_store.h"
#include "backend.h"

/* Statements of Q newest first, OFFSET skipped, at most q->limit (0:
 * all); FLAGS: WS_HIT_*. */
int ws_query_search(ws_db *db, const ws_query *q, long offset, int flags, ws_store_hit_fn fn, void *ud);
/* The number of statements of Q. */
int ws_query_count(ws_db *db, const ws_query *q, long *n);
/* Dated statements of Q per period (first days, see ws_period_fn), with
 * SPLIT the MAX_SERIES largest series. */
int ws_query_timeline(ws_db *db, const ws_query *q, ws_period by, ws_split split, int max_series,
                      ws_period_fn fn, void *ud);
/* Speakers with statements matching NAME (NULL: all) as ws_query.speaker
 * matches, most statements first; ALL_ALIASES: aliases include the
 * canonical name.  *TOTAL (when not NULL) gets how many there are. */
int ws_query_speakers(ws_db *db, const char *name, long limit, long offset, int all_aliases, long *total,
                      ws_speaker_fn fn, void *ud);
/* Speaker ID (all aliases): *found 0 when there is none. */
int ws_query_speaker(ws_db *db, int64_t id, int *found, ws_speaker_fn fn, void *ud);
int ws_query_speaker_topics(ws_db *db, int64_t id, ws_count_fn fn, void *ud);
/* The names speaker ID was said under, each with its first and last
 * date and count (ws_store_seen), first seen first. */
int ws_query_speaker_names(ws_db *db, int64_t id, ws_seen_fn fn, void *ud);
/* The titles and affiliations speaker ID was seen with over time, each
 * pair with its first and last date and count, first seen first. */
int ws_query_speaker_roles(ws_db *db, int64_t id, ws_seen_fn fn, void *ud);
int ws_query_topics(ws_db *db, ws_count_fn fn, void *ud);
/* Document ID (DOC NULL) or DOC with its statements. */
int ws_query_document(ws_db *db, int64_t id, const char *doc, int *found,
                      int (*dfn)(void *ud, const ws_store_docrow *d),
                      int (*sfn)(void *ud, const ws_store_docst *s), void *ud);

/* Whether S is a registry id as the filters read one: digits only, at
 * most 17 of them; the value to *ID. */
int ws_query_is_id(const char *s, int64_t *id);

#endif
