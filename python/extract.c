/*
 * extract.c -- whosaid.Extractor and the iterator of extract_many().
 *
 * An Extractor holds a ws_lexicon: the knowledge files, loaded once,
 * read-only afterwards and shared by every call, also by calls from
 * several Python threads at once (each call has its own pipeline; the
 * lexicon is never written).
 *
 * extract_many() runs one ws_pipeline over its input, as `whosaid extract`
 * runs one over its files: documents are pushed in order, extracted on
 * THREADS threads (the caller's and THREADS - 1 workers), speakers are
 * resolved across neighbouring documents, and the statements come back
 * in input order.  The iterator pulls an input item, pushes it (without
 * the GIL) and hands out the statements the pipeline has delivered by
 * then; the pipeline holds up to 64 documents, so the first statements
 * come after 64 documents (or the end of the input).  The delivery
 * callback runs on the iterating thread inside ws_pipeline_push/finish,
 * where the GIL was released: it takes the GIL back to build the dicts
 * and releases it again.  The workers never touch Python objects.
 */
#include "pywhosaid.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

struct pyw_extractor {
    PyObject_HEAD
    ws_lexicon *lx;
    PyObject *data_dir; /* str: the directory loaded */
};

const ws_lexicon *pyw_extractor_lexicon(PyObject *o) { return ((struct pyw_extractor *)o)->lx; }

/* The knowledge directory when none is given: $WHOSAID_DATA, else the
 * copy installed beside the module (whosaid_data/, by setup.py), else
 * the library's default (the source tree's data/ it was built from). */
static PyObject *default_dir(void)
{
    const char *env = getenv("WHOSAID_DATA");
    if (env && *env) return PyUnicode_DecodeFSDefault(env);
    PyObject *mod = PyImport_ImportModule("whosaid");
    PyObject *file = mod ? PyObject_GetAttrString(mod, "__file__") : NULL;
    Py_XDECREF(mod);
    PyErr_Clear();
    if (file && PyUnicode_Check(file)) {
        PyObject *os = PyImport_ImportModule("os.path");
        PyObject *dir = os ? PyObject_CallMethod(os, "dirname", "O", file) : NULL;
        PyObject *cand = dir ? PyObject_CallMethod(os, "join", "Os", dir, "whosaid_data") : NULL;
        PyObject *isdir = cand ? PyObject_CallMethod(os, "isdir", "O", cand) : NULL;
        int found = isdir == Py_True;
        Py_XDECREF(os);
        Py_XDECREF(dir);
        Py_XDECREF(isdir);
        Py_DECREF(file);
        PyErr_Clear();
        if (found) return cand;
        Py_XDECREF(cand);
    } else {
        Py_XDECREF(file);
    }
    return PyUnicode_DecodeFSDefault(ws_default_data_dir());
}

static int extractor_init(PyObject *self, PyObject *args, PyObject *kw)
{
    struct pyw_extractor *e = (struct pyw_extractor *)self;
    static char *kwlist[] = {"data_dir", NULL};
    PyObject *dir = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O:Extractor", kwlist, &dir)) return -1;
    if (e->lx) {
        /* calls and iterators on other threads may be reading its lexicon */
        PyErr_SetString(PyExc_RuntimeError, "the Extractor is already initialised");
        return -1;
    }
    PyObject *path = NULL; /* bytes */
    PyObject *dirstr;
    if (dir == Py_None) {
        dirstr = default_dir();
        if (!dirstr) return -1;
    } else if (PyUnicode_Check(dir) || PyBytes_Check(dir) || PyObject_HasAttrString(dir, "__fspath__")) {
        dirstr = PyOS_FSPath(dir);
        if (!dirstr) return -1;
    } else {
        PyErr_Format(PyExc_TypeError, "data_dir must be a str, os.PathLike or None, not %.100s",
                     Py_TYPE(dir)->tp_name);
        return -1;
    }
    if (!PyUnicode_FSConverter(dirstr, &path)) {
        Py_DECREF(dirstr);
        return -1;
    }
    const char *p = PyBytes_AS_STRING(path);
    struct stat sb;
    int st = stat(p, &sb);
    if (st != 0 || !S_ISDIR(sb.st_mode)) {
        if (st == 0) errno = ENOTDIR;
        PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, dirstr);
        Py_DECREF(path);
        Py_DECREF(dirstr);
        return -1;
    }
    char err[512] = "";
    ws_lexicon *lx = NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = ws_lexicon_load(p, &lx, err, sizeof err);
    Py_END_ALLOW_THREADS
    Py_DECREF(path);
    if (rc != WS_OK) {
        Py_DECREF(dirstr);
        pyw_raise(rc, err);
        return -1;
    }
    e->lx = lx;
    Py_XSETREF(e->data_dir, dirstr);
    return 0;
}

static void extractor_dealloc(PyObject *self)
{
    struct pyw_extractor *e = (struct pyw_extractor *)self;
    ws_lexicon_free(e->lx);
    Py_XDECREF(e->data_dir);
    Py_TYPE(self)->tp_free(self);
}

/* The lexicon of SELF, or NULL with an exception (an Extractor whose
 * __init__ failed or was not called). */
static const ws_lexicon *ready(struct pyw_extractor *e)
{
    if (!e->lx) PyErr_SetString(PyExc_RuntimeError, "the Extractor was not initialised");
    return e->lx;
}

PyDoc_STRVAR(ex_extract_doc,
             "extract(text, date=None, id=None, title=None, url=None, outlet=None) -> list[dict]\n"
             "\n"
             "The statements of one document: see whosaid.extract.  Safe to call from\n"
             "several threads at once; the GIL is released while extracting.");

static PyObject *ex_extract(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"text", "date", "id", "title", "url", "outlet", NULL};
    PyObject *text, *date = NULL, *id = NULL, *title = NULL, *url = NULL, *outlet = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OOOOO:extract", kwlist, &text, &date, &id, &title, &url,
                                     &outlet))
        return NULL;
    const ws_lexicon *lx = ready((struct pyw_extractor *)self);
    if (!lx) return NULL;
    pyw_doc d;
    if (pyw_doc_fill(&d, text, date, id, title, url, outlet, 0)) {
        pyw_doc_release(&d);
        return NULL;
    }
    PyObject *r = pyw_extract_one(lx, &d);
    pyw_doc_release(&d);
    return r;
}

/* ------------------------------------------------------ extract_many */

typedef struct many_iter {
    PyObject_HEAD
    PyObject *extractor; /* keeps the lexicon alive */
    PyObject *input;     /* the input's iterator; NULL once exhausted */
    ws_pipeline *p;
    ws_date defdate;
    Py_ssize_t index;    /* items taken from the input */
    PyObject *ready;     /* statements delivered, not yet returned */
    Py_ssize_t next;     /* ready[next] is returned next */
    PyThreadState *ts;   /* while the GIL is released in a pipeline call */
    int busy;            /* a __next__ is running (GIL released inside) */
    int finished;        /* the pipeline delivered everything */
    int failed;          /* a Python exception was set in the callback */
} many_iter;

/* The pipeline's delivery, on the iterating thread, without the GIL. */
static int many_emit(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st,
                     size_t n)
{
    many_iter *it = ud;
    PyEval_RestoreThread(it->ts);
    int rc = 0;
    if (status != WS_OK) {
        /* the document is skipped, as the command line skips it after
         * saying so */
        char msg[1024];
        snprintf(msg, sizeof msg, "%.*s: %s", (int)doc->id_len, doc->id ? doc->id : "",
                 errmsg && *errmsg ? errmsg : ws_strerror(status));
        rc = PyErr_WarnEx(PyExc_RuntimeWarning, msg, 1);
    } else if (n) {
        PyObject *id = pyw_doc_id(doc);
        rc = id ? pyw_statements_append(it->ready, id, doc, st, n) : -1;
        Py_XDECREF(id);
    }
    it->ts = PyEval_SaveThread();
    if (rc) {
        it->failed = 1;
        return 1;
    }
    return 0;
}

static PyObject *many_next(PyObject *self)
{
    many_iter *it = (many_iter *)self;
    if (it->busy) {
        PyErr_SetString(PyExc_ValueError, "extract_many iterator already executing");
        return NULL;
    }
    it->busy = 1;
    PyObject *out = NULL;
    for (;;) {
        if (it->next < PyList_GET_SIZE(it->ready)) {
            /* the list's reference becomes the caller's */
            out = PyList_GET_ITEM(it->ready, it->next);
            Py_INCREF(Py_None);
            PyList_SET_ITEM(it->ready, it->next, Py_None);
            it->next++;
            break;
        }
        if (it->next && PyList_SetSlice(it->ready, 0, PyList_GET_SIZE(it->ready), NULL)) break;
        it->next = 0;
        if (it->finished || !it->p) break; /* StopIteration */
        int rc;
        if (it->input) {
            PyObject *item = PyIter_Next(it->input);
            if (!item) {
                if (PyErr_Occurred()) break;
                Py_CLEAR(it->input);
                continue;
            }
            pyw_doc d;
            int bad = pyw_doc_from_item(&d, item, it->index++);
            Py_DECREF(item);
            if (bad) break;
            if (!d.has_date) d.doc.date = it->defdate;
            it->ts = PyEval_SaveThread();
            rc = ws_pipeline_push(it->p, &d.doc);
            PyEval_RestoreThread(it->ts);
            pyw_doc_release(&d);
        } else {
            it->ts = PyEval_SaveThread();
            rc = ws_pipeline_finish(it->p);
            PyEval_RestoreThread(it->ts);
            it->finished = 1;
        }
        if (it->failed || rc != WS_OK) {
            if (!it->failed) pyw_raise(rc, NULL);
            /* a pipeline that stopped cannot go on */
            it->finished = 1;
            Py_CLEAR(it->input);
            break;
        }
    }
    it->busy = 0;
    return out;
}

static void many_dealloc(PyObject *self)
{
    many_iter *it = (many_iter *)self;
    PyObject_GC_UnTrack(self);
    if (it->p) {
        /* joins the workers, which never wait for the GIL */
        ws_pipeline *p = it->p;
        it->p = NULL;
        Py_BEGIN_ALLOW_THREADS
        ws_pipeline_free(p);
        Py_END_ALLOW_THREADS
    }
    Py_XDECREF(it->extractor);
    Py_XDECREF(it->input);
    Py_XDECREF(it->ready);
    PyObject_GC_Del(self);
}

static int many_traverse(PyObject *self, visitproc visit, void *arg)
{
    many_iter *it = (many_iter *)self;
    Py_VISIT(it->extractor);
    Py_VISIT(it->input);
    Py_VISIT(it->ready);
    return 0;
}

PyTypeObject pyw_extract_iter_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "whosaid.ExtractIterator",
    .tp_basicsize = sizeof(many_iter),
    .tp_dealloc = many_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "The statements of Extractor.extract_many, in input order.",
    .tp_traverse = many_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = many_next,
};

PyDoc_STRVAR(ex_many_doc,
             "extract_many(documents, threads=1, date=None) -> iterator of dict\n"
             "\n"
             "The statements of many documents, in input order, as `whosaid extract`\n"
             "gives them for a file of those documents: speakers are resolved across\n"
             "neighbouring documents too (\"Peskov\" is \"Dmitry Peskov\" named in a\n"
             "document nearby).  documents is any iterable of str (or bytes), or of\n"
             "dicts with \"text\" and optionally \"id\", \"date\", \"title\", \"url\" and\n"
             "\"outlet\" (a line of `--input jsonl`, or an item of whosaid.read); it is\n"
             "read lazily.  A document without an id gets its position (\"0\", \"1\",\n"
             "...) as its \"doc\".  threads: extraction threads (1-64), the iterating\n"
             "one among them; the GIL is released while C works.  date: the date of\n"
             "documents that give none (as --date).\n"
             "\n"
             "An item of the wrong type raises TypeError, a dict without text or a\n"
             "bad date ValueError, when the iterator reaches it (documents before it\n"
             "may still be in the pipeline: iterating on delivers them and goes on\n"
             "after the bad item).  A document over the size limit is skipped with a\n"
             "RuntimeWarning naming it.");

static PyObject *ex_extract_many(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"documents", "threads", "date", NULL};
    PyObject *docs, *threads_o = NULL, *date = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:extract_many", kwlist, &docs, &threads_o, &date))
        return NULL;
    const ws_lexicon *lx = ready((struct pyw_extractor *)self);
    if (!lx) return NULL;
    long threads = 1;
    if (threads_o && threads_o != Py_None) {
        if (!PyLong_Check(threads_o) || PyBool_Check(threads_o)) {
            PyErr_Format(PyExc_TypeError, "threads must be an int, not %.100s", Py_TYPE(threads_o)->tp_name);
            return NULL;
        }
        int overflow;
        threads = PyLong_AsLongAndOverflow(threads_o, &overflow);
        if (threads == -1 && PyErr_Occurred()) return NULL;
        if (overflow || threads < 1 || threads > 64) {
            PyErr_Format(PyExc_ValueError, "threads must be between 1 and 64, not %R", threads_o);
            return NULL;
        }
    }
    ws_date defdate;
    if (pyw_date_arg(date, &defdate, "date", 0)) return NULL;
    if (PyUnicode_Check(docs) || PyBytes_Check(docs) || PyDict_Check(docs)) {
        PyErr_SetString(PyExc_TypeError,
                        "extract_many takes an iterable of documents; for one document use extract()");
        return NULL;
    }
    PyObject *input = PyObject_GetIter(docs);
    if (!input) return NULL;
    many_iter *it = PyObject_GC_New(many_iter, &pyw_extract_iter_type);
    if (!it) {
        Py_DECREF(input);
        return NULL;
    }
    it->extractor = self;
    Py_INCREF(self);
    it->input = input;
    it->p = NULL;
    it->defdate = defdate;
    it->index = 0;
    it->ready = PyList_New(0);
    it->next = 0;
    it->ts = NULL;
    it->busy = it->finished = it->failed = 0;
    PyObject_GC_Track((PyObject *)it);
    if (!it->ready) {
        Py_DECREF(it);
        return NULL;
    }
    /* THREADS in all: this thread and THREADS - 1 workers, as the
     * command line's --threads */
    ws_pipeline_opts po = {.threads = (int)threads};
    int rc = ws_pipeline_new(lx, &po, many_emit, it, &it->p);
    if (rc != WS_OK) {
        Py_DECREF(it);
        return pyw_raise(rc, NULL);
    }
    return (PyObject *)it;
}

static PyObject *ex_get_data_dir(PyObject *self, void *closure)
{
    struct pyw_extractor *e = (struct pyw_extractor *)self;
    if (!e->data_dir) Py_RETURN_NONE;
    Py_INCREF(e->data_dir);
    return e->data_dir;
}

static PyObject *ex_repr(PyObject *self)
{
    struct pyw_extractor *e = (struct pyw_extractor *)self;
    return PyUnicode_FromFormat("whosaid.Extractor(data_dir=%R)", e->data_dir ? e->data_dir : Py_None);
}

static PyMethodDef ex_methods[] = {
    {"extract", (PyCFunction)(void (*)(void))ex_extract, METH_VARARGS | METH_KEYWORDS, ex_extract_doc},
    {"extract_many", (PyCFunction)(void (*)(void))ex_extract_many, METH_VARARGS | METH_KEYWORDS, ex_many_doc},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef ex_getset[] = {
    {"data_dir", ex_get_data_dir, NULL, "The directory the knowledge was loaded from.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyDoc_STRVAR(ex_doc,
             "Extractor(data_dir=None)\n"
             "\n"
             "The knowledge files (speech verbs, titles, demonyms, organisations,\n"
             "learned cues) loaded once from DATA_DIR: by default $WHOSAID_DATA, the\n"
             "copy installed with the module, or the data/ directory of the source\n"
             "tree it was built from.  Share one Extractor between threads.\n"
             "Raises OSError when the directory is missing, ValueError (naming\n"
             "FILE:LINE) when a file in it is malformed.");

PyTypeObject pyw_extractor_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "whosaid.Extractor",
    .tp_basicsize = sizeof(struct pyw_extractor),
    .tp_dealloc = extractor_dealloc,
    .tp_repr = ex_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = ex_doc,
    .tp_methods = ex_methods,
    .tp_getset = ex_getset,
    .tp_init = extractor_init,
    .tp_new = PyType_GenericNew,
};
