/*
 * store.c -- whosaid.Database: the queries of `whosaid search`, `speakers`
 * and `timeline` on a database made by `whosaid ingest`, through the same
 * library calls (ws_db_search, ws_db_speakers, ws_db_timeline), so a
 * filter means what it means on the command line and in `whosaid serve`.
 *
 * Rows are dicts with the keys and values of the command's
 * `--format jsonl` lines:
 *
 *   search    id, doc, doc_date, kind, content, content2, cue, source
 *             ({"text", "start", "end"} or None), speaker ({"name", "as",
 *             "title", "affiliation"} or None), date, date_text, venue,
 *             cluster, sort_date, confidence, method, topics (a list),
 *             title, url, outlet (the document's)
 *   speakers  name, statements, person (bool), first, last, titles,
 *             affiliations, aliases
 *   timeline  period, by, statements
 *
 * The ws_db handle is used by one thread at a time: queries run holding
 * the GIL (the callbacks build Python objects row by row).
 */
#include "pywhosaid.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

typedef struct database {
    PyObject_HEAD
    ws_db *db;
    PyObject *path;
    int busy; /* a query is running (a finaliser run by the collector in
                 its callback could start another from this thread) */
} database;

static int db_init(PyObject *self, PyObject *args, PyObject *kw)
{
    database *d = (database *)self;
    static char *kwlist[] = {"path_or_url", NULL};
    PyObject *arg;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O:Database", kwlist, &arg)) return -1;
    if (d->db || d->path) {
        PyErr_SetString(PyExc_RuntimeError, "the Database is already initialised");
        return -1;
    }
    if (!PyUnicode_Check(arg) && !PyBytes_Check(arg) && !PyObject_HasAttrString(arg, "__fspath__")) {
        PyErr_Format(PyExc_TypeError, "path_or_url must be a str or os.PathLike, not %.100s",
                     Py_TYPE(arg)->tp_name);
        return -1;
    }
    PyObject *fs = PyOS_FSPath(arg), *bytes = NULL;
    if (!fs) return -1;
    if (!PyUnicode_FSConverter(fs, &bytes)) {
        Py_DECREF(fs);
        return -1;
    }
    const char *p = PyBytes_AS_STRING(bytes);
    /* a file path must name an existing database, as for the commands
     * that query (opening would create an empty one) */
    struct stat sb;
    if (strcmp(p, ":memory:") && !strstr(p, "://") && stat(p, &sb) != 0) {
        PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, fs);
        Py_DECREF(fs);
        Py_DECREF(bytes);
        return -1;
    }
    ws_db *db = NULL;
    char err[512] = "";
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = ws_db_open(p, NULL, &db, err, sizeof err);
    Py_END_ALLOW_THREADS
    Py_DECREF(bytes);
    if (rc != WS_OK) {
        PyObject *msg = PyUnicode_FromFormat("%U: %s", fs, err[0] ? err : ws_strerror(rc));
        Py_DECREF(fs);
        if (msg) {
            PyErr_SetObject(rc == WS_IO ? PyExc_OSError : rc == WS_NOMEM ? PyExc_MemoryError : pyw_error, msg);
            Py_DECREF(msg);
        }
        return -1;
    }
    d->db = db;
    d->path = fs;
    return 0;
}

static void db_dealloc(PyObject *self)
{
    database *d = (database *)self;
    ws_db_close(d->db);
    Py_XDECREF(d->path);
    Py_TYPE(self)->tp_free(self);
}

static ws_db *open_db(database *d)
{
    if (!d->db) PyErr_SetString(PyExc_ValueError, "the Database is closed");
    else if (d->busy) PyErr_SetString(PyExc_RuntimeError, "the Database is in use by another query");
    else return d->db;
    return NULL;
}

/* Raises for a failed query: ValueError for a bad one (WS_PARSE), else
 * whosaid.Error, with the database's message.  Returns NULL. */
static PyObject *query_failed(database *d, int rc)
{
    if (PyErr_Occurred()) return NULL; /* raised in a callback */
    const char *m = ws_db_errmsg(d->db);
    return pyw_raise(rc == WS_PARSE ? WS_PARSE : rc == WS_NOMEM ? WS_NOMEM : WS_DB, m && *m ? m : NULL);
}

/* --------------------------------------------------------- arguments */

typedef struct query_args {
    ws_query q;
    char since[16], until[16];
} query_args;

/* A str or None argument into *OUT (borrowed from O). */
static int opt_str(PyObject *o, const char *what, const char **out) { return pyw_cstr(o, what, out); }

/* A date bound (str "YYYY-MM-DD", datetime.date or None) into BUF. */
static int opt_date(PyObject *o, const char *what, char buf[16], const char **out)
{
    ws_date dt;
    *out = NULL;
    if (pyw_date_arg(o, &dt, what, 0)) return -1;
    if (!dt.y) return 0;
    snprintf(buf, 16, "%04d-%02d-%02d", dt.y, dt.m, dt.d);
    *out = buf;
    return 0;
}

static int parse_query(query_args *a, PyObject *text, PyObject *speaker, PyObject *topic, PyObject *since,
                       PyObject *until, PyObject *kind, PyObject *match)
{
    memset(a, 0, sizeof *a);
    if (opt_str(text, "text", &a->q.text) || opt_str(speaker, "speaker", &a->q.speaker) ||
        opt_str(topic, "topic", &a->q.topic) || opt_str(match, "match", &a->q.match) ||
        opt_str(kind, "kind", &a->q.kind) || opt_date(since, "since", a->since, &a->q.since) ||
        opt_date(until, "until", a->until, &a->q.until))
        return -1;
    if (a->q.kind && strcmp(a->q.kind, "direct") && strcmp(a->q.kind, "indirect") && strcmp(a->q.kind, "mixed")) {
        PyErr_Format(PyExc_ValueError, "kind must be direct, indirect or mixed, not %R", kind);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ search */

static PyObject *nstr(const char *s)
{
    if (!s) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

static PyObject *span(const ws_db_span *s)
{
    if (!s->text) Py_RETURN_NONE;
    return Py_BuildValue("{s:N,s:L,s:L}", "text", nstr(s->text), "start", (long long)s->start, "end",
                         (long long)s->end);
}

static PyObject *topics_list(const char *t)
{
    PyObject *l = PyList_New(0);
    for (const char *p = t; l && p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        PyObject *s = PyUnicode_DecodeUTF8(p, (Py_ssize_t)n, "replace");
        if (!s || PyList_Append(l, s)) Py_CLEAR(l);
        Py_XDECREF(s);
        p += n + (e ? 1 : 0);
    }
    return l;
}

static int on_hit(void *ud, const ws_hit *h)
{
    PyObject *list = ud;
    PyObject *spk = h->speaker ? Py_BuildValue("{s:N,s:N,s:N,s:N}", "name", nstr(h->speaker), "as",
                                               nstr(h->said_as), "title", nstr(h->title), "affiliation",
                                               nstr(h->affiliation))
                               : (Py_INCREF(Py_None), Py_None);
    if (!spk) return 1;
    PyObject *o = Py_BuildValue(
        "{s:L,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:N,s:d,s:N,s:N,s:N,s:N,s:N}", "id",
        (long long)h->id, "doc", nstr(h->doc), "doc_date", nstr(h->doc_date), "kind", nstr(h->kind), "content",
        span(&h->content), "content2", span(&h->content2), "cue", span(&h->cue), "source", span(&h->source),
        "speaker", spk, "date", nstr(h->date), "date_text", nstr(h->date_text), "venue", nstr(h->venue), "cluster",
        nstr(h->cluster), "sort_date", nstr(h->sort_date), "confidence", h->confidence, "method", nstr(h->method),
        "topics", topics_list(h->topics), "title", nstr(h->doc_title), "url", nstr(h->doc_url), "outlet",
        nstr(h->doc_outlet));
    if (!o) return 1;
    int rc = PyList_Append(list, o);
    Py_DECREF(o);
    return rc ? 1 : 0;
}

PyDoc_STRVAR(search_doc,
             "search(text=None, speaker=None, topic=None, since=None, until=None,\n"
             "       kind=None, limit=50, match=None) -> list[dict]\n"
             "\n"
             "Statements matching every filter given, newest first, as `whosaid\n"
             "search --format jsonl` gives them.  text: words, all required, stemmed\n"
             "(\"peacekeepers\" finds \"peacekeeping\"; \"word*\" a prefix); speaker: a\n"
             "name or alias (\"Meloni\" is \"Giorgia Meloni\"); topic: a topic name;\n"
             "since/until: dates (str \"YYYY-MM-DD\" or datetime.date), inclusive;\n"
             "kind: \"direct\", \"indirect\" or \"mixed\"; limit: at most this many rows\n"
             "(0 or None: all); match: a raw SQLite FTS5 expression.\n"
             "ValueError for a bad date, kind, limit or query.");

static char *search_kw[] = {"text", "speaker", "topic", "since", "until", "kind", "limit", "match", NULL};

static PyObject *db_search(PyObject *self, PyObject *args, PyObject *kw)
{
    database *d = (database *)self;
    PyObject *text = NULL, *speaker = NULL, *topic = NULL, *since = NULL, *until = NULL, *kind = NULL,
             *limit = NULL, *match = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOOOOOOO:search", search_kw, &text, &speaker, &topic, &since,
                                     &until, &kind, &limit, &match))
        return NULL;
    if (!open_db(d)) return NULL;
    query_args a;
    if (parse_query(&a, text, speaker, topic, since, until, kind, match)) return NULL;
    a.q.limit = 50;
    if (limit == Py_None) {
        a.q.limit = 0;
    } else if (limit) {
        if (!PyLong_Check(limit) || PyBool_Check(limit)) {
            PyErr_Format(PyExc_TypeError, "limit must be an int or None, not %.100s", Py_TYPE(limit)->tp_name);
            return NULL;
        }
        int overflow;
        a.q.limit = PyLong_AsLongAndOverflow(limit, &overflow);
        if (a.q.limit == -1 && PyErr_Occurred()) return NULL;
        if (overflow > 0) a.q.limit = 0; /* more than any database holds: all */
        if (overflow < 0 || a.q.limit < 0) {
            PyErr_SetString(PyExc_ValueError, "limit must be 0 (all) or more");
            return NULL;
        }
    }
    PyObject *list = PyList_New(0);
    if (!list) return NULL;
    d->busy = 1;
    int rc = ws_db_search(d->db, &a.q, on_hit, list);
    d->busy = 0;
    if (rc != WS_OK) {
        Py_DECREF(list);
        return query_failed(d, rc);
    }
    return list;
}

/* ---------------------------------------------------------- speakers */

static int on_speaker(void *ud, const ws_speaker_row *r)
{
    PyObject *o = Py_BuildValue("{s:N,s:l,s:O,s:N,s:N,s:N,s:N,s:N}", "name", nstr(r->name), "statements",
                                r->statements, "person", r->is_person ? Py_True : Py_False, "first", nstr(r->first),
                                "last", nstr(r->last), "titles", nstr(r->titles), "affiliations",
                                nstr(r->affiliations), "aliases", nstr(r->aliases));
    if (!o) return 1;
    int rc = PyList_Append((PyObject *)ud, o);
    Py_DECREF(o);
    return rc ? 1 : 0;
}

PyDoc_STRVAR(speakers_doc,
             "speakers(name=None) -> list[dict]\n"
             "\n"
             "The speaker registry, most statements first, as `whosaid speakers\n"
             "--format jsonl`: name, statements, person, first, last, titles,\n"
             "affiliations, aliases.  name: only speakers whose name or alias matches.");

static PyObject *db_speakers(PyObject *self, PyObject *args, PyObject *kw)
{
    database *d = (database *)self;
    static char *kwlist[] = {"name", NULL};
    PyObject *name_o = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:speakers", kwlist, &name_o)) return NULL;
    if (!open_db(d)) return NULL;
    const char *name;
    if (pyw_cstr(name_o, "name", &name)) return NULL;
    PyObject *list = PyList_New(0);
    if (!list) return NULL;
    d->busy = 1;
    int rc = ws_db_speakers(d->db, name, on_speaker, list);
    d->busy = 0;
    if (rc != WS_OK) {
        Py_DECREF(list);
        return query_failed(d, rc);
    }
    return list;
}

/* ---------------------------------------------------------- timeline */

static const char *const periods[] = {"day", "week", "month"};

typedef struct tl_ctx {
    PyObject *list;
    ws_period by;
} tl_ctx;

static int on_period(void *ud, const char *period, long count)
{
    tl_ctx *t = ud;
    PyObject *o = Py_BuildValue("{s:s,s:s,s:l}", "period", period, "by", periods[t->by], "statements", count);
    if (!o) return 1;
    int rc = PyList_Append(t->list, o);
    Py_DECREF(o);
    return rc ? 1 : 0;
}

PyDoc_STRVAR(timeline_doc,
             "timeline(text=None, speaker=None, topic=None, since=None, until=None,\n"
             "         kind=None, by=\"month\", match=None) -> list[dict]\n"
             "\n"
             "The number of matching statements per period, oldest first, as\n"
             "`whosaid timeline --format jsonl`: period (\"YYYY-MM\", or \"YYYY-MM-DD\"\n"
             "for a day or a week's Monday), by, statements.  by: \"day\", \"week\" or\n"
             "\"month\".  Filters as for search(); undated statements are not counted.");

static PyObject *db_timeline(PyObject *self, PyObject *args, PyObject *kw)
{
    database *d = (database *)self;
    static char *kwlist[] = {"text", "speaker", "topic", "since", "until", "kind", "by", "match", NULL};
    PyObject *text = NULL, *speaker = NULL, *topic = NULL, *since = NULL, *until = NULL, *kind = NULL,
             *by = NULL, *match = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOOOOOOO:timeline", kwlist, &text, &speaker, &topic, &since,
                                     &until, &kind, &by, &match))
        return NULL;
    if (!open_db(d)) return NULL;
    query_args a;
    if (parse_query(&a, text, speaker, topic, since, until, kind, match)) return NULL;
    tl_ctx t = {NULL, WS_BY_MONTH};
    if (by && by != Py_None) {
        if (!PyUnicode_Check(by)) {
            PyErr_Format(PyExc_TypeError, "by must be a str, not %.100s", Py_TYPE(by)->tp_name);
            return NULL;
        }
        int i = 0;
        while (i < 3 && PyUnicode_CompareWithASCIIString(by, periods[i])) i++;
        if (i == 3) {
            PyErr_Format(PyExc_ValueError, "by must be day, week or month, not %R", by);
            return NULL;
        }
        t.by = (ws_period)i;
    }
    if (!(t.list = PyList_New(0))) return NULL;
    d->busy = 1;
    int rc = ws_db_timeline(d->db, &a.q, t.by, on_period, &t);
    d->busy = 0;
    if (rc != WS_OK) {
        Py_DECREF(t.list);
        return query_failed(d, rc);
    }
    return t.list;
}

/* ------------------------------------------------------------- other */

static PyObject *db_close(PyObject *self, PyObject *unused)
{
    database *d = (database *)self;
    if (d->busy) {
        PyErr_SetString(PyExc_RuntimeError, "the Database is in use by a query");
        return NULL;
    }
    ws_db_close(d->db);
    d->db = NULL;
    Py_RETURN_NONE;
}

static PyObject *db_enter(PyObject *self, PyObject *unused)
{
    if (!open_db((database *)self)) return NULL;
    Py_INCREF(self);
    return self;
}

static PyObject *db_exit(PyObject *self, PyObject *args) { return db_close(self, NULL); }

static PyObject *db_repr(PyObject *self)
{
    database *d = (database *)self;
    return PyUnicode_FromFormat("whosaid.Database(%R)%s", d->path ? d->path : Py_None, d->db ? "" : " (closed)");
}

static PyMethodDef db_methods[] = {
    {"search", (PyCFunction)(void (*)(void))db_search, METH_VARARGS | METH_KEYWORDS, search_doc},
    {"speakers", (PyCFunction)(void (*)(void))db_speakers, METH_VARARGS | METH_KEYWORDS, speakers_doc},
    {"timeline", (PyCFunction)(void (*)(void))db_timeline, METH_VARARGS | METH_KEYWORDS, timeline_doc},
    {"close", db_close, METH_NOARGS, "close()\n\nCloses the database; further queries raise ValueError."},
    {"__enter__", db_enter, METH_NOARGS, NULL},
    {"__exit__", db_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(db_doc,
             "Database(path_or_url)\n"
             "\n"
             "A statement database made by `whosaid ingest` (SQLite file), for the\n"
             "queries of the command line: search(), speakers(), timeline().  Use one\n"
             "Database from one thread at a time.  A context manager (closes at\n"
             "exit).  Raises OSError (FileNotFoundError) when the file does not\n"
             "exist, whosaid.Error when it is not a whosaid database.");

PyTypeObject pyw_database_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "whosaid.Database",
    .tp_basicsize = sizeof(database),
    .tp_dealloc = db_dealloc,
    .tp_repr = db_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = db_doc,
    .tp_methods = db_methods,
    .tp_init = db_init,
    .tp_new = PyType_GenericNew,
};
