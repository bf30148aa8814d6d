/*
 * sqlq.c -- SQL text plus bound parameters, built piece by piece.
 *
 * Searches filter on words, speaker, topic, dates and kind, each adding a
 * condition and its parameters; values never enter the SQL text, they are
 * bound.  A failed allocation or too many parameters is remembered and
 * reported once, when the query is prepared.
 */
#include "sqlq.h"

#include <string.h>

void ws_sqlq_init(sqlq *q, sqlite3 *db)
{
    memset(q, 0, sizeof *q);
    q->sql = sqlite3_str_new(db);
}

void ws_sqlq_text(sqlq *q, char *owned)
{
    if (q->n == SQLQ_MAX_PARAMS) {
        sqlite3_free(owned);
        q->overflow = 1;
        return;
    }
    q->p[q->n].s = owned;
    q->p[q->n].is_int = 0;
    q->n++;
}

void ws_sqlq_int(sqlq *q, sqlite3_int64 v)
{
    if (q->n == SQLQ_MAX_PARAMS) {
        q->overflow = 1;
        return;
    }
    q->p[q->n].s = NULL;
    q->p[q->n].i = v;
    q->p[q->n].is_int = 1;
    q->n++;
}

int ws_sqlq_ok(const sqlq *q)
{
    if (q->overflow || sqlite3_str_errcode(q->sql)) return 0;
    for (int i = 0; i < q->n; i++)
        if (!q->p[i].is_int && !q->p[i].s) return 0;
    return 1;
}

int ws_sqlq_prepare(sqlq *q, sqlite3 *db, const char *suffix, sqlite3_stmt **st)
{
    *st = NULL;
    if (suffix) sqlite3_str_appendall(q->sql, suffix);
    if (!ws_sqlq_ok(q)) return SQLITE_NOMEM;
    int rc = sqlite3_prepare_v2(db, sqlite3_str_value(q->sql), -1, st, NULL);
    if (rc != SQLITE_OK) return rc;
    for (int i = 0; i < q->n; i++) {
        if (q->p[i].is_int) sqlite3_bind_int64(*st, i + 1, q->p[i].i);
        else sqlite3_bind_text(*st, i + 1, q->p[i].s, -1, SQLITE_TRANSIENT);
    }
    return SQLITE_OK;
}

void ws_sqlq_free(sqlq *q)
{
    for (int i = 0; i < q->n; i++) sqlite3_free(q->p[i].s);
    sqlite3_free(sqlite3_str_finish(q->sql));
    q->sql = NULL;
    q->n = 0;
}
