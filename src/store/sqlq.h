/*
 * sqlq.h -- a SQL query under construction: its text and its bound
 * parameters (the SQLite backend's queries, sqlite_query.c).
 */
#ifndef WS_SQLQ_H
#define WS_SQLQ_H

#include <sqlite3.h>

#define SQLQ_MAX_PARAMS 16

typedef struct sqlq {
    sqlite3_str *sql; /* the text; append with sqlite3_str_* */
    int n;            /* parameters so far */
    int overflow;     /* more than SQLQ_MAX_PARAMS were added */
    struct {
        char *s; /* owned (sqlite3_malloc), or NULL for an integer */
        sqlite3_int64 i;
        int is_int;
    } p[SQLQ_MAX_PARAMS];
} sqlq;

/* Starts an empty query on DB. */
void ws_sqlq_init(sqlq *q, sqlite3 *db);

/* Adds a text parameter, taking OWNED (from sqlite3_mprintf or
 * sqlite3_malloc; NULL records an allocation failure). */
void ws_sqlq_text(sqlq *q, char *owned);

/* Adds an integer parameter. */
void ws_sqlq_int(sqlq *q, sqlite3_int64 v);

/* 1 when the text and every parameter were built (no allocation failed,
 * not too many parameters), else 0. */
int ws_sqlq_ok(const sqlq *q);

/* Prepares the query on DB with SUFFIX appended (may be NULL) and binds
 * its parameters.  Returns SQLITE_OK or the error of prepare; SQLITE_NOMEM
 * when the query was not built whole. */
int ws_sqlq_prepare(sqlq *q, sqlite3 *db, const char *suffix, sqlite3_stmt **st);

/* Frees the text and the parameters. */
void ws_sqlq_free(sqlq *q);

#endif
