/*
 * pywhosaid.h -- what the files of the Python module share (private).
 *
 * The module `whosaid` is one CPython extension over the public headers:
 *
 *   module.c    the module: interned key strings, the conversions between
 *               Python values and ws_doc / ws_date, statements as dicts,
 *               errors as exceptions, extract() and to_frame()
 *   extract.c   whosaid.Extractor and the iterator of extract_many()
 *   read.c      whosaid.read(): documents from files as dicts
 *   store.c     whosaid.Database: search, speakers, timeline
 *
 * Ownership: every PyObject * returned by a pyw_ function is a new
 * reference (NULL with a Python exception set), except where a comment
 * says "borrowed".  The GIL is held in every function here unless its
 * comment says otherwise.
 */
#ifndef PYWHOSAID_H
#define PYWHOSAID_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "whosaid.h"
#include "whosaid_store.h"

/* Keys of the dicts the module builds, interned once at import (module.c)
 * and read-only afterwards. */
typedef struct pyw_keys {
    PyObject *doc, *kind, *content, *content2, *cue, *source, *speaker, *date, *date_text, *venue,
        *cluster, *confidence, *method;
    PyObject *text, *start, *end, *name, *title, *affiliation;
    PyObject *id, *url, *outlet, *author, *lang;
    PyObject *kinds[3]; /* "direct", "indirect", "mixed" by ws_kind */
    PyObject *stmt_template; /* a dict with the statement keys, for PyDict_Copy */
    PyObject *span_template;
    PyObject *speaker_template;
} pyw_keys;

extern pyw_keys pyw_k;

/* whosaid.Error: a library failure that no built-in exception names. */
extern PyObject *pyw_error;

/* A document taken from Python arguments, for ws_pipeline_push.  The
 * pointers in DOC are borrowed from the objects in KEEP (references held
 * until pyw_doc_release) or from ID_BUF. */
typedef struct pyw_doc {
    ws_doc doc;
    PyObject *keep[4];
    int nkeep;
    int has_date; /* the document named a date (else the default applies) */
    char id_buf[32];
} pyw_doc;

/* Fills D from keyword-style values (TEXT required; the others may be NULL
 * or None).  FIELD names the argument in messages ("text" or "item 3's
 * 'text'").  Returns 0, or -1 with TypeError/ValueError set. */
int pyw_doc_fill(pyw_doc *d, PyObject *text, PyObject *date, PyObject *id, PyObject *title,
                 PyObject *url, PyObject *outlet, int json_date);

/* Fills D from one item of extract_many's input: a str (or bytes), or a
 * dict with "text" and optionally "id", "date", "title", "url", "outlet"
 * (as a line of `--input jsonl`), "author" and "lang" (as whosaid.read
 * gives them).  An item without an id gets INDEX as
 * its id.  Returns 0, or -1 with an exception set. */
int pyw_doc_from_item(pyw_doc *d, PyObject *item, Py_ssize_t index);

void pyw_doc_release(pyw_doc *d);

/* Parses a date argument: None (y == 0), a str "YYYY-MM-DD" (with
 * JSON_DATE, as a JSON line's "date": a longer timestamp's first ten
 * characters, "" meaning none) or a datetime.date.  WHAT names the
 * argument.  Returns 0, or -1 with ValueError/TypeError set. */
int pyw_date_arg(PyObject *o, ws_date *out, const char *what, int json_date);

/* A date as "YYYY-MM-DD", or None when unknown. */
PyObject *pyw_date_str(ws_date d);

/* The statements ST[n] of DOC as a list of dicts (the fields of `whosaid
 * extract`'s JSON lines); ID is the "doc" value (borrowed).  Appends them
 * to LIST.  Returns 0, or -1 with an exception set. */
int pyw_statements_append(PyObject *list, PyObject *id, const ws_doc *doc, const ws_statement *st,
                          size_t n);

/* The "doc" value of a delivered document: its id as a str, None when it
 * has none. */
PyObject *pyw_doc_id(const ws_doc *doc);

/* Sets the Python exception for library status RC (ValueError for
 * WS_PARSE/WS_TOOBIG/WS_USAGE, OSError for WS_IO, MemoryError, ...) with
 * MSG (NULL: ws_strerror's).  Returns NULL. */
PyObject *pyw_raise(int rc, const char *msg);

/* The str argument ARG as UTF-8 (borrowed from ARG), refusing an embedded
 * NUL; NULL for None.  Returns 0, or -1 with TypeError/ValueError set. */
int pyw_cstr(PyObject *arg, const char *what, const char **out);

/* The loaded knowledge of the whosaid.Extractor O (borrowed from O; NULL
 * when O was never initialised). */
const ws_lexicon *pyw_extractor_lexicon(PyObject *o);

/* Types and functions of the other files, registered by module.c. */
extern PyTypeObject pyw_extractor_type;
extern PyTypeObject pyw_extract_iter_type;
extern PyTypeObject pyw_read_iter_type;
extern PyTypeObject pyw_database_type;

/* Runs DOC through a one-document pipeline of LX and returns its
 * statements as a list (module.c's extract() and Extractor.extract). */
PyObject *pyw_extract_one(const ws_lexicon *lx, pyw_doc *d);

PyObject *pyw_read(PyObject *self, PyObject *args, PyObject *kw);

#endif
