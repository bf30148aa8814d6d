/*
 * module.c -- the module `whosaid`: conversions, statements as dicts,
 * errors as exceptions, extract() and to_frame().
 *
 * A statement becomes the dict that `whosaid extract` writes as a JSON
 * line, key for key and value for value:
 *
 *   doc         the document's id (str), None when it has none
 *   kind        "direct", "indirect" or "mixed"
 *   content     {"text", "start", "end"}; content2, cue and source the
 *               same or None.  Offsets are code points, which are the
 *               indexes of a Python str: text[start:end] == span["text"]
 *   speaker     {"name", "title", "affiliation"} or None
 *   date        "YYYY-MM-DD" or None; date_text, venue str or None
 *   cluster     16 hex digits; confidence a float; method a str
 *
 * Dicts are made by copying a template dict that holds the keys (CPython
 * copies a clean dict's key table whole), then setting the values, so no
 * dict is resized and every key is an interned string with its hash kept.
 *
 * A str given as text is read in its UTF-8 form (CPython keeps it with
 * the object; for ASCII it is the object's own data).  A str with lone
 * surrogates (which have no UTF-8) is read with each replaced by U+FFFD,
 * one code point for one, so offsets stay those of the str.  bytes are
 * read as the command line reads a file: each byte that is not valid
 * UTF-8 becomes one U+FFFD.
 */
#include "pywhosaid.h"

#include <datetime.h>
#include <string.h>

pyw_keys pyw_k;
PyObject *pyw_error;

/* ------------------------------------------------------------ errors */

PyObject *pyw_raise(int rc, const char *msg)
{
    if (!msg || !*msg) msg = ws_strerror(rc);
    switch (rc) {
    case WS_NOMEM: return PyErr_NoMemory();
    case WS_IO: PyErr_SetString(PyExc_OSError, msg); break;
    case WS_PARSE:
    case WS_TOOBIG:
    case WS_USAGE: PyErr_SetString(PyExc_ValueError, msg); break;
    default: PyErr_SetString(pyw_error, msg); break;
    }
    return NULL;
}

/* ------------------------------------------------------------- input */

int pyw_cstr(PyObject *arg, const char *what, const char **out)
{
    *out = NULL;
    if (!arg || arg == Py_None) return 0;
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str or None, not %.100s", what, Py_TYPE(arg)->tp_name);
        return -1;
    }
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
    if (!s) return -1;
    if ((size_t)n != strlen(s)) {
        PyErr_Format(PyExc_ValueError, "%s contains a NUL character", what);
        return -1;
    }
    *out = s;
    return 0;
}

/* S with every lone surrogate replaced by U+FFFD (same length). */
static PyObject *without_surrogates(PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_UCS4 max = PyUnicode_MAX_CHAR_VALUE(s);
    PyObject *o = PyUnicode_New(n, max < 0xFFFF ? 0xFFFF : max);
    if (!o) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        PyUnicode_WRITE(PyUnicode_KIND(o), PyUnicode_DATA(o), i, c);
    }
    return o;
}

static int keep(pyw_doc *d, PyObject *o)
{
    Py_INCREF(o);
    d->keep[d->nkeep++] = o;
    return 0;
}

/* TEXT (str or bytes) into d->doc.text. */
static int doc_text(pyw_doc *d, PyObject *text, const char *what)
{
    if (PyUnicode_Check(text)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(text, &n);
        if (!s) {
            if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return -1;
            PyErr_Clear();
            PyObject *fixed = without_surrogates(text);
            if (!fixed) return -1;
            s = PyUnicode_AsUTF8AndSize(fixed, &n);
            if (!s) {
                Py_DECREF(fixed);
                return -1;
            }
            d->keep[d->nkeep++] = fixed; /* the new reference */
        } else {
            keep(d, text);
        }
        d->doc.text = s;
        d->doc.text_len = (size_t)n;
        return 0;
    }
    if (PyBytes_Check(text)) {
        keep(d, text);
        d->doc.text = PyBytes_AS_STRING(text);
        d->doc.text_len = (size_t)PyBytes_GET_SIZE(text);
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s must be a str or bytes, not %.100s", what, Py_TYPE(text)->tp_name);
    return -1;
}

static int doc_id(pyw_doc *d, PyObject *id)
{
    if (!id || id == Py_None) return 0;
    if (PyUnicode_Check(id)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(id, &n);
        if (!s) return -1;
        keep(d, id);
        d->doc.id = s;
        d->doc.id_len = (size_t)n;
        return 0;
    }
    if (PyLong_Check(id) && !PyBool_Check(id)) {
        /* as a JSON line's integer id is written */
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(id, &overflow);
        if (v == -1 && PyErr_Occurred()) return -1;
        if (overflow) {
            PyErr_SetString(PyExc_ValueError, "id is too large an integer");
            return -1;
        }
        int k = snprintf(d->id_buf, sizeof d->id_buf, "%lld", v);
        d->doc.id = d->id_buf;
        d->doc.id_len = (size_t)k;
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "id must be a str, an int or None, not %.100s", Py_TYPE(id)->tp_name);
    return -1;
}

int pyw_date_arg(PyObject *o, ws_date *out, const char *what, int json_date)
{
    out->y = out->m = out->d = 0;
    if (!o || o == Py_None) return 0;
    if (PyDate_Check(o)) { /* datetime.datetime is one too */
        out->y = PyDateTime_GET_YEAR(o);
        out->m = PyDateTime_GET_MONTH(o);
        out->d = PyDateTime_GET_DAY(o);
        return 0;
    }
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str \"YYYY-MM-DD\", a datetime.date or None, not %.100s", what,
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(o, &n);
    if (!s) return -1;
    char tmp[11] = "";
    if (json_date) {
        if (n == 0) return 0; /* a JSON line's "" is no date */
        if (n >= 10) {
            memcpy(tmp, s, 10);
            tmp[10] = 0;
        }
    } else if (n == 10) {
        memcpy(tmp, s, 11);
    }
    if (ws_date_parse(tmp, out) != WS_OK) {
        PyErr_Format(PyExc_ValueError, "%s is not a valid date YYYY-MM-DD: %R", what, o);
        return -1;
    }
    return 0;
}

PyObject *pyw_date_str(ws_date d)
{
    if (!d.y) Py_RETURN_NONE;
    char b[32];
    int k = snprintf(b, sizeof b, "%04d-%02d-%02d", d.y, d.m, d.d);
    return PyUnicode_FromStringAndSize(b, k);
}

int pyw_doc_fill(pyw_doc *d, PyObject *text, PyObject *date, PyObject *id, PyObject *title, PyObject *url,
                 PyObject *outlet, int json_date)
{
    memset(d, 0, sizeof *d);
    if (doc_text(d, text, "text") || doc_id(d, id) || pyw_cstr(title, "title", &d->doc.title) ||
        pyw_cstr(url, "url", &d->doc.url) || pyw_cstr(outlet, "outlet", &d->doc.outlet) ||
        pyw_date_arg(date, &d->doc.date, "date", json_date))
        return -1;
    d->has_date = d->doc.date.y != 0;
    return 0;
}

void pyw_doc_release(pyw_doc *d)
{
    for (int i = 0; i < d->nkeep; i++) Py_DECREF(d->keep[i]);
    d->nkeep = 0;
}

/* D[key] as a borrowed reference or NULL (absent), -1 on error. */
static int item_get(PyObject *dict, PyObject *key, PyObject **out)
{
    *out = PyDict_GetItemWithError(dict, key);
    return *out || !PyErr_Occurred() ? 0 : -1;
}

int pyw_doc_from_item(pyw_doc *d, PyObject *item, Py_ssize_t index)
{
    memset(d, 0, sizeof *d);
    if (PyUnicode_Check(item) || PyBytes_Check(item)) {
        if (doc_text(d, item, "text")) return -1;
    } else if (PyDict_Check(item)) {
        PyObject *text, *id, *date, *title, *url, *outlet, *author, *lang;
        if (item_get(item, pyw_k.text, &text) || item_get(item, pyw_k.id, &id) ||
            item_get(item, pyw_k.date, &date) || item_get(item, pyw_k.title, &title) ||
            item_get(item, pyw_k.url, &url) || item_get(item, pyw_k.outlet, &outlet) ||
            item_get(item, pyw_k.author, &author) || item_get(item, pyw_k.lang, &lang))
            return -1;
        if (!text) {
            PyErr_Format(PyExc_ValueError, "document %zd (a dict) has no \"text\"", index);
            return -1;
        }
        /* a JSON line's "" id means none */
        if (id && PyUnicode_Check(id) && PyUnicode_GET_LENGTH(id) == 0) id = NULL;
        if (pyw_doc_fill(d, text, date, id, title, url, outlet, 1) ||
            pyw_cstr(author, "author", &d->doc.author) || pyw_cstr(lang, "lang", &d->doc.lang)) {
            pyw_doc_release(d);
            return -1;
        }
    } else {
        PyErr_Format(PyExc_TypeError, "document %zd must be a str, bytes or a dict with \"text\", not %.100s",
                     index, Py_TYPE(item)->tp_name);
        return -1;
    }
    if (!d->doc.id) {
        int k = snprintf(d->id_buf, sizeof d->id_buf, "%zd", index);
        d->doc.id = d->id_buf;
        d->doc.id_len = (size_t)k;
    }
    return 0;
}

/* -------------------------------------------------------- statements */

PyObject *pyw_doc_id(const ws_doc *doc)
{
    if (!doc->id || !doc->id_len) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(doc->id, (Py_ssize_t)doc->id_len, "replace");
}

/* Sets D[KEY] = V and drops the reference to V (NULL: fails). */
static int set_new(PyObject *d, PyObject *key, PyObject *v)
{
    if (!v) return -1;
    int rc = PyDict_SetItem(d, key, v);
    Py_DECREF(v);
    return rc;
}

static PyObject *str_or_none(const char *s)
{
    if (!s) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

static PyObject *span_dict(const ws_doc *doc, ws_span sp)
{
    size_t len;
    const char *t = ws_span_text(doc, sp, &len);
    if (!t) Py_RETURN_NONE;
    PyObject *d = PyDict_Copy(pyw_k.span_template);
    if (!d) return NULL;
    if (set_new(d, pyw_k.text, PyUnicode_DecodeUTF8(t, (Py_ssize_t)len, "replace")) ||
        set_new(d, pyw_k.start, PyLong_FromLongLong(sp.start)) ||
        set_new(d, pyw_k.end, PyLong_FromLongLong(sp.end))) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *speaker_dict(const ws_statement *s)
{
    if (!s->speaker) Py_RETURN_NONE;
    PyObject *d = PyDict_Copy(pyw_k.speaker_template);
    if (!d) return NULL;
    if (set_new(d, pyw_k.name, str_or_none(s->speaker)) || set_new(d, pyw_k.title, str_or_none(s->title)) ||
        set_new(d, pyw_k.affiliation, str_or_none(s->affiliation))) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *statement_dict(PyObject *id, const ws_doc *doc, const ws_statement *s)
{
    PyObject *d = PyDict_Copy(pyw_k.stmt_template);
    if (!d) return NULL;
    char hex[17];
    ws_cluster_hex(s->cluster, hex);
    int k = s->kind == WS_DIRECT ? 0 : s->kind == WS_MIXED ? 2 : 1;
    Py_INCREF(id);
    Py_INCREF(pyw_k.kinds[k]);
    if (set_new(d, pyw_k.doc, id) || set_new(d, pyw_k.kind, pyw_k.kinds[k]) ||
        set_new(d, pyw_k.content, span_dict(doc, s->content)) ||
        set_new(d, pyw_k.content2, span_dict(doc, s->content2)) || set_new(d, pyw_k.cue, span_dict(doc, s->cue)) ||
        set_new(d, pyw_k.source, span_dict(doc, s->source)) || set_new(d, pyw_k.speaker, speaker_dict(s)) ||
        set_new(d, pyw_k.date, pyw_date_str(s->date)) || set_new(d, pyw_k.date_text, str_or_none(s->date_text)) ||
        set_new(d, pyw_k.venue, str_or_none(s->venue)) ||
        set_new(d, pyw_k.cluster, PyUnicode_FromStringAndSize(hex, 16)) ||
        set_new(d, pyw_k.confidence, PyFloat_FromDouble(s->confidence)) ||
        set_new(d, pyw_k.method, str_or_none(s->method))) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

int pyw_statements_append(PyObject *list, PyObject *id, const ws_doc *doc, const ws_statement *st, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        PyObject *d = statement_dict(id, doc, &st[i]);
        if (!d) return -1;
        int rc = PyList_Append(list, d);
        Py_DECREF(d);
        if (rc) return -1;
    }
    return 0;
}

/* ----------------------------------------------------------- extract */

typedef struct one_ctx {
    PyThreadState *ts; /* this thread's state while the GIL is released */
    PyObject *list;
    int failed;        /* a Python exception is set */
    int status;        /* the document's own failure */
    char err[256];
} one_ctx;

/* Runs on the calling thread inside ws_pipeline_push/finish, without the
 * GIL: takes it to build the dicts. */
static int one_emit(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st,
                    size_t n)
{
    one_ctx *c = ud;
    if (status != WS_OK) {
        c->status = status;
        snprintf(c->err, sizeof c->err, "%s", errmsg ? errmsg : "");
        return 0;
    }
    PyEval_RestoreThread(c->ts);
    PyObject *id = pyw_doc_id(doc);
    int rc = id ? pyw_statements_append(c->list, id, doc, st, n) : -1;
    Py_XDECREF(id);
    c->ts = PyEval_SaveThread();
    if (rc) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

PyObject *pyw_extract_one(const ws_lexicon *lx, pyw_doc *d)
{
    one_ctx c = {NULL, PyList_New(0), 0, WS_OK, ""};
    if (!c.list) return NULL;
    /* a run of one document: speakers resolved as `whosaid extract`
     * resolves them in a file holding only this document */
    ws_pipeline_opts po = {.threads = 0, .window_docs = 2};
    ws_pipeline *p;
    int rc = ws_pipeline_new(lx, &po, one_emit, &c, &p);
    if (rc != WS_OK) {
        Py_DECREF(c.list);
        return pyw_raise(rc, NULL);
    }
    c.ts = PyEval_SaveThread();
    rc = ws_pipeline_push(p, &d->doc);
    if (rc == WS_OK) rc = ws_pipeline_finish(p);
    ws_pipeline_free(p);
    PyEval_RestoreThread(c.ts);
    if (c.failed || rc != WS_OK || c.status != WS_OK) {
        Py_DECREF(c.list);
        if (c.failed) return NULL;
        return rc != WS_OK ? pyw_raise(rc, NULL) : pyw_raise(c.status, c.err);
    }
    return c.list;
}

/* ------------------------------------------------------------ module */

typedef struct module_state {
    PyObject *default_extractor; /* made by the first extract() */
} module_state;

static PyObject *default_extractor(PyObject *module)
{
    module_state *ms = PyModule_GetState(module);
    if (!ms->default_extractor) {
        ms->default_extractor = PyObject_CallNoArgs((PyObject *)&pyw_extractor_type);
        if (!ms->default_extractor) return NULL;
    }
    return ms->default_extractor;
}

PyDoc_STRVAR(extract_doc,
             "extract(text, date=None, id=None, title=None, url=None, outlet=None) -> list[dict]\n"
             "\n"
             "The statements of one document, as `whosaid extract` writes them as\n"
             "JSON lines: a dict per statement with doc, kind, content, content2,\n"
             "cue, source ({\"text\", \"start\", \"end\"} or None), speaker ({\"name\",\n"
             "\"title\", \"affiliation\"} or None), date, date_text, venue, cluster,\n"
             "confidence and method.  Offsets are code points: text[start:end].\n"
             "\n"
             "text is a str (or UTF-8 bytes); date, the publication date, a str\n"
             "\"YYYY-MM-DD\" or a datetime.date (relative dates such as \"on Monday\"\n"
             "are resolved from it); id (str or int) becomes each statement's \"doc\".\n"
             "Uses the knowledge of whosaid.Extractor() loaded once; see Extractor\n"
             "for another data directory and for many documents.\n"
             "\n"
             "Raises TypeError for arguments of the wrong type, ValueError for a\n"
             "bad date or a document over the size limit (64 MiB).");

static char *extract_kw[] = {"text", "date", "id", "title", "url", "outlet", NULL};

static PyObject *mod_extract(PyObject *module, PyObject *args, PyObject *kw)
{
    PyObject *text, *date = NULL, *id = NULL, *title = NULL, *url = NULL, *outlet = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OOOOO:extract", extract_kw, &text, &date, &id, &title, &url,
                                     &outlet))
        return NULL;
    PyObject *ex = default_extractor(module);
    if (!ex) return NULL;
    pyw_doc d;
    if (pyw_doc_fill(&d, text, date, id, title, url, outlet, 0)) {
        pyw_doc_release(&d);
        return NULL;
    }
    /* held while the GIL is released: the module's state may be cleared
     * meanwhile (interpreter shutdown) */
    Py_INCREF(ex);
    PyObject *r = pyw_extract_one(pyw_extractor_lexicon(ex), &d);
    Py_DECREF(ex);
    pyw_doc_release(&d);
    return r;
}

/* to_frame: the columns of ROWS, nested dicts flattened one level. */

/* LAYOUT maps each top-level key to None (a plain column) or to a dict
 * of its sub-keys (one column each, "key_sub"), in first-seen order. */
static int layout_add(PyObject *layout, PyObject *row, Py_ssize_t i)
{
    if (!PyDict_Check(row)) {
        PyErr_Format(PyExc_TypeError, "to_frame(): item %zd is a %.100s, not a statement dict", i,
                     Py_TYPE(row)->tp_name);
        return -1;
    }
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(row, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) {
            PyErr_Format(PyExc_TypeError, "to_frame(): item %zd has a key that is not a str", i);
            return -1;
        }
        PyObject *cur = PyDict_GetItemWithError(layout, k);
        if (!cur && PyErr_Occurred()) return -1;
        if (PyDict_Check(v)) {
            if (!cur || cur == Py_None) {
                PyObject *sub = PyDict_New();
                if (!sub || set_new(layout, k, sub)) return -1;
                cur = sub;
            }
            PyObject *sk, *sv;
            Py_ssize_t sp = 0;
            while (PyDict_Next(v, &sp, &sk, &sv))
                if (!PyUnicode_Check(sk) || PyDict_SetDefault(cur, sk, Py_None) == NULL) {
                    if (!PyErr_Occurred())
                        PyErr_Format(PyExc_TypeError, "to_frame(): item %zd has a key that is not a str", i);
                    return -1;
                }
        } else if (!cur && PyDict_SetItem(layout, k, Py_None)) {
            return -1;
        }
    }
    return 0;
}

/* Appends to COLS[NAME] (a list, made when missing) the value V. */
static int col_append(PyObject *cols, PyObject *name, PyObject *v)
{
    PyObject *l = PyDict_GetItemWithError(cols, name);
    if (!l) {
        if (PyErr_Occurred()) return -1;
        l = PyList_New(0);
        if (!l || set_new(cols, name, l)) return -1;
    }
    return PyList_Append(l, v ? v : Py_None);
}

PyDoc_STRVAR(to_frame_doc,
             "to_frame(statements) -> pandas.DataFrame\n"
             "\n"
             "A DataFrame with a row per statement dict (from extract, extract_many\n"
             "or Database.search) and a column per field, nested fields flattened\n"
             "into columns named field_key: content_text, content_start,\n"
             "content_end, ..., speaker_name, speaker_title, speaker_affiliation.\n"
             "A span or speaker that is None gives None in each of its columns.\n"
             "pandas.DataFrame(statements) works as well, with the nested fields\n"
             "as dicts.  Needs pandas (Debian: python3-pandas); ImportError without.");

static PyObject *mod_to_frame(PyObject *module, PyObject *arg)
{
    PyObject *pd = PyImport_ImportModule("pandas");
    if (!pd) {
        if (PyErr_ExceptionMatches(PyExc_ImportError)) {
            PyObject *et, *ev, *tb;
            PyErr_Fetch(&et, &ev, &tb);
            PyErr_NormalizeException(&et, &ev, &tb);
            PyErr_SetString(PyExc_ImportError,
                            "whosaid.to_frame needs pandas (Debian: apt-get install python3-pandas)");
            PyObject *et2, *ev2, *tb2;
            PyErr_Fetch(&et2, &ev2, &tb2);
            PyErr_NormalizeException(&et2, &ev2, &tb2);
            PyException_SetCause(ev2, ev); /* steals ev */
            Py_XDECREF(et);
            Py_XDECREF(tb);
            PyErr_Restore(et2, ev2, tb2);
        }
        return NULL;
    }
    PyObject *rows = NULL, *layout = NULL, *cols = NULL, *names = NULL, *frame = NULL;
    rows = PySequence_Fast(arg, "to_frame() takes an iterable of statement dicts");
    if (!rows) goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(rows);
    layout = PyDict_New();
    cols = PyDict_New();
    names = PyList_New(0);
    if (!layout || !cols || !names) goto done;
    /* no rows: the columns of a statement */
    if (n == 0 && layout_add(layout, pyw_k.stmt_template, 0)) goto done;
    for (Py_ssize_t i = 0; i < n; i++)
        if (layout_add(layout, PySequence_Fast_GET_ITEM(rows, i), i)) goto done;
    /* a span or speaker that is None in every row still has its columns,
     * so frames of statements always have the same ones */
    PyObject *nested[] = {pyw_k.content, pyw_k.content2, pyw_k.cue, pyw_k.source, pyw_k.speaker};
    for (int i = 0; i < 5; i++) {
        PyObject *cur = PyDict_GetItemWithError(layout, nested[i]);
        if (!cur && PyErr_Occurred()) goto done;
        if (cur == Py_None &&
            PyDict_SetItem(layout, nested[i], i < 4 ? pyw_k.span_template : pyw_k.speaker_template))
            goto done;
    }
    PyObject *k, *sub;
    Py_ssize_t pos = 0;
    /* the columns in order, each with its values in row order */
    while (PyDict_Next(layout, &pos, &k, &sub)) {
        if (sub == Py_None) {
            if (PyList_Append(names, k)) goto done;
            PyObject *l = PyList_New(n);
            if (!l || set_new(cols, k, l)) goto done;
            for (Py_ssize_t i = 0; i < n; i++) {
                PyObject *v = PyDict_GetItemWithError(PySequence_Fast_GET_ITEM(rows, i), k);
                if (!v && PyErr_Occurred()) goto done;
                v = v ? v : Py_None;
                Py_INCREF(v);
                PyList_SET_ITEM(l, i, v);
            }
            continue;
        }
        PyObject *sk, *sv;
        Py_ssize_t sp = 0;
        while (PyDict_Next(sub, &sp, &sk, &sv)) {
            PyObject *name = PyUnicode_FromFormat("%U_%U", k, sk);
            if (!name) goto done;
            int bad = PyList_Append(names, name);
            for (Py_ssize_t i = 0; !bad && i < n; i++) {
                PyObject *v = PyDict_GetItemWithError(PySequence_Fast_GET_ITEM(rows, i), k);
                if (!v && PyErr_Occurred()) bad = 1;
                PyObject *x = NULL;
                if (!bad && v && PyDict_Check(v)) {
                    x = PyDict_GetItemWithError(v, sk);
                    if (!x && PyErr_Occurred()) bad = 1;
                }
                if (!bad) bad = col_append(cols, name, x);
            }
            if (!bad && n == 0) {
                PyObject *l = PyList_New(0);
                bad = !l || set_new(cols, name, l);
            }
            Py_DECREF(name);
            if (bad) goto done;
        }
    }
    PyObject *ctor = PyObject_GetAttrString(pd, "DataFrame");
    if (!ctor) goto done;
    PyObject *a = PyTuple_Pack(1, cols);
    PyObject *kw = Py_BuildValue("{s:O}", "columns", names);
    if (a && kw) frame = PyObject_Call(ctor, a, kw);
    Py_XDECREF(a);
    Py_XDECREF(kw);
    Py_DECREF(ctor);
done:
    Py_XDECREF(rows);
    Py_XDECREF(layout);
    Py_XDECREF(cols);
    Py_XDECREF(names);
    Py_DECREF(pd);
    return frame;
}

PyDoc_STRVAR(read_doc,
             "read(path, input=None, date=None) -> iterator of dict\n"
             "\n"
             "The documents of the file PATH (str or os.PathLike; \"-\" is standard\n"
             "input) as `whosaid read` gives them: dicts with id, title, date, url,\n"
             "outlet, author, lang and text, ready for Extractor.extract_many.\n"
             "input: None or \"auto\" (by the name's extension, else by the first\n"
             "bytes), \"lines\" (every non-empty line a document, id FILE:LINE),\n"
             "\"jsonl\" (one JSON object a line), \"text\" (the whole file one\n"
             "document), \"html\" (an article page), \"feed\" (RSS, Atom or JSON\n"
             "Feed: an item a document) or \"warc\" (each HTML response a page).\n"
             "date is the date of documents that give none.\n"
             "A record that cannot be read is reported as a RuntimeWarning naming\n"
             "FILE:LINE and skipped; the rest is read.  Raises OSError when the\n"
             "file cannot be opened, ValueError for an unknown input or bad date.");

static PyMethodDef module_methods[] = {
    {"extract", (PyCFunction)(void (*)(void))mod_extract, METH_VARARGS | METH_KEYWORDS, extract_doc},
    {"to_frame", mod_to_frame, METH_O, to_frame_doc},
    {"read", (PyCFunction)(void (*)(void))pyw_read, METH_VARARGS | METH_KEYWORDS, read_doc},
    {NULL, NULL, 0, NULL},
};

static int module_traverse(PyObject *m, visitproc visit, void *arg)
{
    module_state *ms = PyModule_GetState(m);
    Py_VISIT(ms->default_extractor);
    return 0;
}

static int module_clear(PyObject *m)
{
    module_state *ms = PyModule_GetState(m);
    Py_CLEAR(ms->default_extractor);
    return 0;
}

static void module_free(void *m) { module_clear((PyObject *)m); }

PyDoc_STRVAR(module_doc,
             "whosaid: who said what in news text.\n"
             "\n"
             "Finds every statement in a document -- the words said, who said them,\n"
             "the cue (\"said\", \"according to\") and when -- with the C library of\n"
             "the `whosaid` command line, whose JSON lines these dicts equal.\n"
             "\n"
             "  extract(text, date=None, ...)      statements of one document\n"
             "  Extractor(data_dir=None)           knowledge loaded once;\n"
             "      .extract(...), .extract_many(docs, threads=1, date=None)\n"
             "  read(path, input=None)             documents of a file\n"
             "  Database(path)                     a database of `whosaid ingest`:\n"
             "      .search(...), .speakers(...), .timeline(...)\n"
             "  to_frame(statements)               a pandas DataFrame, flattened\n"
             "\n"
             "The C work runs without the GIL, so Python threads extract in\n"
             "parallel; extract_many(threads=N) uses N threads itself.");

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "whosaid", module_doc, sizeof(module_state), module_methods,
    NULL, module_traverse, module_clear, module_free,
};

static PyObject *intern(const char *s)
{
    PyObject *o = PyUnicode_InternFromString(s);
    return o;
}

/* A dict with KEYS[n] (all None): what a dict of those keys is copied from. */
static PyObject *template_dict(PyObject *const *keys, int n)
{
    PyObject *d = PyDict_New();
    for (int i = 0; d && i < n; i++)
        if (PyDict_SetItem(d, keys[i], Py_None)) Py_CLEAR(d);
    return d;
}

static int init_keys(void)
{
    pyw_keys *k = &pyw_k;
    PyObject **all[] = {&k->doc,  &k->kind,  &k->content, &k->content2, &k->cue,   &k->source,      &k->speaker,
                        &k->date, &k->date_text, &k->venue, &k->cluster, &k->confidence, &k->method, &k->text,
                        &k->start, &k->end, &k->name, &k->title, &k->affiliation, &k->id, &k->url, &k->outlet,
                        &k->author, &k->lang};
    static const char *const names[] = {"doc",  "kind",  "content", "content2", "cue",   "source",     "speaker",
                                        "date", "date_text", "venue", "cluster", "confidence", "method", "text",
                                        "start", "end", "name", "title", "affiliation", "id", "url", "outlet",
                                        "author", "lang"};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (!(*all[i] = intern(names[i]))) return -1;
    for (int i = 0; i < 3; i++)
        if (!(k->kinds[i] = intern(ws_kind_name((ws_kind)i)))) return -1;
    PyObject *st[] = {k->doc,  k->kind,      k->content, k->content2, k->cue,        k->source, k->speaker,
                      k->date, k->date_text, k->venue,   k->cluster,  k->confidence, k->method};
    PyObject *sp[] = {k->text, k->start, k->end};
    PyObject *spk[] = {k->name, k->title, k->affiliation};
    k->stmt_template = template_dict(st, 13);
    k->span_template = template_dict(sp, 3);
    k->speaker_template = template_dict(spk, 3);
    return k->stmt_template && k->span_template && k->speaker_template ? 0 : -1;
}

PyMODINIT_FUNC PyInit_whosaid(void);
PyMODINIT_FUNC PyInit_whosaid(void)
{
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI) return NULL;
    if (!pyw_k.doc && init_keys()) return NULL;
    if (PyType_Ready(&pyw_extractor_type) || PyType_Ready(&pyw_extract_iter_type) ||
        PyType_Ready(&pyw_read_iter_type) || PyType_Ready(&pyw_database_type))
        return NULL;
    PyObject *m = PyModule_Create(&module_def);
    if (!m) return NULL;
    if (!pyw_error) {
        pyw_error = PyErr_NewExceptionWithDoc("whosaid.Error",
                                              "A failure of the whosaid library that no built-in exception "
                                              "names (a database error).",
                                              PyExc_RuntimeError, NULL);
        if (!pyw_error) goto fail;
    }
    if (PyModule_AddObjectRef(m, "Error", pyw_error) ||
        PyModule_AddObjectRef(m, "Extractor", (PyObject *)&pyw_extractor_type) ||
        PyModule_AddObjectRef(m, "Database", (PyObject *)&pyw_database_type) ||
        PyModule_AddStringConstant(m, "__version__", WS_VERSION))
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
