/*
 * eval.h -- what the evaluation module's files share (not API; the API
 * is include/whosaid_eval.h).
 *
 * Prefixes: ws_brat_ (brat_read.c, reading .ann standoff), ws_ev_
 * (eval.c, the scorer; evdir.c, whole directories).
 */
#ifndef WS_EVAL_H
#define WS_EVAL_H

#include "../base/base.h"
#include "whosaid_eval.h"

/* Roles in the order the reference scorer keeps them. */
enum { EV_SOURCE = 0, EV_CUE = 1, EV_CONTENT = 2, EV_NROLES = 3 };

/* A half-open range of code points as written in a .ann file. */
typedef struct brat_range {
    int64_t s, e;
} brat_range;

/* One attribution: the ranges of each role (Content2 counts as Content),
 * in the order the E line names them. */
typedef struct brat_att {
    brat_range *r[EV_NROLES];
    int n[EV_NROLES];
} brat_att;

/* What is kept of a scored article. */
typedef struct ev_article {
    char *name;
    long gold, pred, linked;
    char **missed, **spurious; /* heap strings (ws__alloc) */
    size_t nmissed, nspurious;
} ev_article;

struct ws_eval {
    arena a;                         /* scratch for the article being added */
    long exact[EV_NROLES][3];        /* tp, npred, ngold */
    long over[EV_NROLES][3];
    long linked[3];
    long quoted[2], unquoted[2];     /* gold linked, gold total */
    long failed;
    ev_article *art;
    size_t nart, cap;
};

/* Parses BRAT standoff ANN[len] into *out (*n attributions, arena memory)
 * exactly as attrib_eval.py's load_ann does: T lines give ranges, E lines
 * tie roles together, an attribution with neither Content nor Cue ranges
 * is dropped, malformed lines are ignored.  Returns WS_OK or WS_NOMEM. */
int ws_brat_parse(arena *a, const char *ann, size_t len, brat_att **out, int *n);

/* The attributions ws_write_brat would write for ST[n] of the document
 * TEXT[len], as ws_brat_parse would read them back. */
int ws_brat_from_statements(arena *a, const char *text, size_t len, const ws_statement *st, size_t n, brat_att **out,
                            int *nout);

/* Scores one article whose attributions are already parsed (see
 * ws_eval_add_brat for TEXT). */
int ws_ev_add_parsed(ws_eval *ev, const char *name, const char *text, size_t len,
                  const brat_att *gold, int ngold, const brat_att *pred, int npred);

/* Reads the whole file PATH into a new NUL-terminated buffer (*out, owned
 * by the caller, ws__free).  Returns WS_OK, WS_IO or WS_NOMEM. */
int ws_ev_read_file(const char *path, char **out, size_t *len);

#endif
