/*
 * read.c -- whosaid.read(path, input=None, date=None): the documents of a
 * file (text, lines, JSON lines, article pages, feeds, WARC archives),
 * read by the library's ws_reader as `whosaid read` and `whosaid extract`
 * read them, as dicts with the keys and values of `whosaid read`'s lines
 * {"id", "title", "date", "url", "outlet", "author", "lang", "text"},
 * which extract_many takes as they are.
 *
 * The text is the document's after the library's UTF-8 repair (each byte
 * that is not valid UTF-8 becomes one U+FFFD), so offsets of statements
 * extracted from it are those of the command line.  A record the reader
 * skips (bad JSON, no text, too large) is reported as a RuntimeWarning
 * "FILE:LINE: what" and reading goes on, as the command line goes on
 * after reporting it; a read error ends the iterator with OSError.
 */
#include "pywhosaid.h"

#include <errno.h>
#include <string.h>

/* The input modes by name.  None means WS_INPUT_AUTO. */
static const struct {
    const char *name;
    ws_input_mode mode;
} modes[] = {
    {"auto", WS_INPUT_AUTO},
    {"lines", WS_INPUT_LINES},
    {"jsonl", WS_INPUT_JSONL},
    {"text", WS_INPUT_TEXT},
    {"html", WS_INPUT_HTML},
    {"feed", WS_INPUT_FEED},
    {"warc", WS_INPUT_WARC},
};

typedef struct read_iter {
    PyObject_HEAD
    ws_reader *r;
    int busy;
} read_iter;

/* S[n] as a str, with the library's repair when it is not valid UTF-8. */
static PyObject *text_str(const char *s, size_t n)
{
    PyObject *o = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, NULL);
    if (o || !PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) return o;
    PyErr_Clear();
    char *fixed;
    size_t flen;
    if (ws_utf8_sanitize(s, n, &fixed, &flen) < 0) return PyErr_NoMemory();
    o = PyUnicode_DecodeUTF8(fixed, (Py_ssize_t)flen, "replace");
    ws_free(fixed);
    return o;
}

static PyObject *nstr(const char *s)
{
    if (!s) Py_RETURN_NONE;
    return text_str(s, strlen(s));
}

static PyObject *doc_dict(const ws_doc *doc)
{
    PyObject *d = PyDict_New();
    if (!d) return NULL;
    PyObject *v[8] = {
        doc->id ? text_str(doc->id, doc->id_len) : (Py_INCREF(Py_None), Py_None),
        nstr(doc->title),
        pyw_date_str(doc->date),
        nstr(doc->url),
        nstr(doc->outlet),
        nstr(doc->author),
        nstr(doc->lang),
        text_str(doc->text ? doc->text : "", doc->text_len),
    };
    PyObject *k[8] = {pyw_k.id,     pyw_k.title,  pyw_k.date, pyw_k.url,
                      pyw_k.outlet, pyw_k.author, pyw_k.lang, pyw_k.text};
    int bad = 0;
    for (int i = 0; i < 8; i++) {
        if (!v[i] || (!bad && PyDict_SetItem(d, k[i], v[i]))) bad = 1;
        Py_XDECREF(v[i]);
    }
    if (bad) Py_CLEAR(d);
    return d;
}

static PyObject *read_next(PyObject *self)
{
    read_iter *it = (read_iter *)self;
    if (!it->r) return NULL;
    if (it->busy) {
        PyErr_SetString(PyExc_ValueError, "read iterator already executing");
        return NULL;
    }
    it->busy = 1;
    PyObject *out = NULL;
    for (;;) {
        ws_doc doc;
        int rc;
        Py_BEGIN_ALLOW_THREADS
        rc = ws_reader_next(it->r, &doc);
        Py_END_ALLOW_THREADS
        if (rc == 1) {
            out = doc_dict(&doc);
            break;
        }
        if (rc == 0) break; /* StopIteration */
        const char *msg = ws_reader_error(it->r);
        if (rc == WS_IO || rc == WS_NOMEM) {
            pyw_raise(rc, msg);
            ws_reader_close(it->r);
            it->r = NULL;
            break;
        }
        if (PyErr_WarnFormat(PyExc_RuntimeWarning, 1, "%s", msg ? msg : ws_strerror(rc))) break;
    }
    it->busy = 0;
    return out;
}

static void read_dealloc(PyObject *self)
{
    read_iter *it = (read_iter *)self;
    ws_reader_close(it->r);
    Py_TYPE(self)->tp_free(self);
}

PyTypeObject pyw_read_iter_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "whosaid.ReadIterator",
    .tp_basicsize = sizeof(read_iter),
    .tp_dealloc = read_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The documents of whosaid.read, in file order.",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = read_next,
};

PyObject *pyw_read(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"path", "input", "date", NULL};
    PyObject *path_o, *input = Py_None, *date = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:read", kwlist, &path_o, &input, &date)) return NULL;
    ws_input_mode mode = WS_INPUT_AUTO;
    if (input != Py_None) {
        if (!PyUnicode_Check(input)) {
            PyErr_Format(PyExc_TypeError, "input must be a str or None, not %.100s", Py_TYPE(input)->tp_name);
            return NULL;
        }
        size_t i = 0;
        for (; i < sizeof modes / sizeof *modes; i++)
            if (PyUnicode_CompareWithASCIIString(input, modes[i].name) == 0) break;
        if (i == sizeof modes / sizeof *modes) {
            PyErr_Format(PyExc_ValueError, "input must be one of auto, lines, jsonl, text, html, feed, warc, not %R", input);
            return NULL;
        }
        mode = modes[i].mode;
    }
    ws_date defdate;
    if (pyw_date_arg(date, &defdate, "date", 0)) return NULL;
    if (!PyUnicode_Check(path_o) && !PyBytes_Check(path_o) && !PyObject_HasAttrString(path_o, "__fspath__")) {
        PyErr_Format(PyExc_TypeError, "path must be a str or os.PathLike, not %.100s", Py_TYPE(path_o)->tp_name);
        return NULL;
    }
    PyObject *path = NULL;
    if (!PyUnicode_FSConverter(path_o, &path)) return NULL;
    read_iter *it = PyObject_New(read_iter, &pyw_read_iter_type);
    if (!it) {
        Py_DECREF(path);
        return NULL;
    }
    it->r = NULL;
    it->busy = 0;
    char err[1024] = "";
    int rc, saved_errno;
    const char *p = PyBytes_AS_STRING(path);
    Py_BEGIN_ALLOW_THREADS
    errno = 0;
    rc = ws_reader_open(p, mode, defdate, 0, &it->r, err, sizeof err);
    saved_errno = errno;
    Py_END_ALLOW_THREADS
    Py_DECREF(path);
    if (rc != WS_OK) {
        Py_DECREF(it);
        if (rc == WS_IO && saved_errno) {
            /* FileNotFoundError and its kin, by errno */
            PyObject *fs = PyOS_FSPath(path_o);
            errno = saved_errno;
            if (fs) PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, fs);
            Py_XDECREF(fs);
            return NULL;
        }
        return pyw_raise(rc, err);
    }
    return (PyObject *)it;
}
