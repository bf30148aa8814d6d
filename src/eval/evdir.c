/*
 * evdir.c -- scoring a whole corpus directory in the PolNeAR layout.
 *
 *   GOLD_DIR/text/NAME.txt                       one article a file
 *   GOLD_DIR/attributions/NAME_ANNOTATOR.ann     gold (several annotators:
 *                                                the first in sorted order)
 *   PRED_DIR/NAME.ann                            predictions (optional)
 *
 * Articles are taken in byte order of their names (for UTF-8 names that is
 * code point order, as Python's sorted() gives); one without a gold file
 * is skipped, as the reference scorer skips it.  A gold file belongs to
 * NAME when the file name up to its last '_' is NAME.
 *
 * Without a prediction directory the articles are extracted through a
 * ws_pipeline: each file read with ws_reader as `extract --input text`
 * reads it, so the statements scored are the ones `extract --format brat`
 * would write.  The article text scored against is the document as the
 * pipeline delivers it (valid UTF-8 after repair).
 *
 * Known limits: the whole directory listing is held in memory (names
 * only); a file that cannot be read stops the run with WS_IO.
 */
#define _GNU_SOURCE
#include "eval.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct names {
    char **v;
    size_t n, cap;
} names;

static void names_free(names *l)
{
    for (size_t i = 0; i < l->n; i++) ws__free(l->v[i]);
    ws__free(l->v);
    memset(l, 0, sizeof *l);
}

static int names_push(names *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 128;
        char **nv = ws__realloc(l->v, cap * sizeof *nv);
        if (!nv) return WS_NOMEM;
        l->v = nv;
        l->cap = cap;
    }
    if (!(l->v[l->n] = ws__strndup(s, n))) return WS_NOMEM;
    l->n++;
    return WS_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The entries of DIR ending in SUFFIX, sorted; KEEP_SUFFIX keeps it. */
static int list_dir(const char *dir, const char *suffix, int keep_suffix, names *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return WS_IO;
    }
    size_t sl = strlen(suffix);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < sl || memcmp(e->d_name + n - sl, suffix, sl)) continue;
        if (names_push(out, e->d_name, keep_suffix ? n : n - sl) != WS_OK) {
            closedir(d);
            names_free(out);
            snprintf(err, errlen, "out of memory");
            return WS_NOMEM;
        }
    }
    closedir(d);
    if (out->n) qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return WS_OK;
}

/* The first gold file (sorted) whose name before its last '_' is NAME. */
static const char *gold_of(const names *ann, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < ann->n; i++) {
        const char *f = ann->v[i];
        const char *us = strrchr(f, '_');
        size_t pl = us ? (size_t)(us - f) : strlen(f);
        if (pl == nl && !memcmp(f, name, nl)) return f;
    }
    return NULL;
}

int ws_ev_read_file(const char *path, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return WS_IO;
    buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (ws_buf_append(&b, chunk, got) != WS_OK) {
            fclose(f);
            ws_buf_free(&b);
            return WS_NOMEM;
        }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        ws_buf_free(&b);
        return WS_IO;
    }
    if (!b.p && ws_buf_reserve(&b, 1) != WS_OK) return WS_NOMEM;
    b.p[b.len] = 0;
    *out = b.p;
    *len = b.len;
    return WS_OK;
}

static char *path_join(const char *a, const char *b, const char *c, const char *d)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
    char *p = ws__alloc(n);
    if (p) snprintf(p, n, "%s%s%s%s", a, b, c, d);
    return p;
}

typedef struct run {
    ws_eval *ev;
    const char *gold_dir;
    const names *ann;
    char *err;
    size_t errlen;
    int rc;
} run;

/* Reads NAME's gold file into *gold. */
static int read_gold(run *x, const char *name, char **gold, size_t *glen)
{
    char *gp = path_join(x->gold_dir, "/attributions/", gold_of(x->ann, name), "");
    if (!gp) return WS_NOMEM;
    int rc = ws_ev_read_file(gp, gold, glen);
    if (rc == WS_IO) snprintf(x->err, x->errlen, "%s: %s", gp, strerror(errno));
    ws__free(gp);
    return rc;
}

/* The pipeline's callback: score the document's statements. */
static int on_doc(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st, size_t n)
{
    run *x = ud;
    size_t il = doc->id_len;
    if (il >= 4 && !memcmp(doc->id + il - 4, ".txt", 4)) il -= 4;
    char *name = ws__strndup(doc->id, il);
    if (!name) return x->rc = WS_NOMEM;
    char *gold;
    size_t glen;
    int rc = read_gold(x, name, &gold, &glen);
    if (rc == WS_OK) {
        if (status != WS_OK) {
            x->ev->failed++;
            n = 0;
        }
        rc = ws_eval_add_statements(x->ev, name, doc->text, doc->text_len, gold, glen, st, n);
        ws__free(gold);
    }
    ws__free(name);
    if (rc != WS_OK && rc != WS_IO) snprintf(x->err, x->errlen, "%s", ws_strerror(rc));
    return rc != WS_OK ? (x->rc = rc) : 0;
}

/* Scores NAME against PRED_DIR/NAME.ann (absent: nothing predicted). */
static int score_pred(run *x, const char *pred_dir, const char *name)
{
    char *tp = path_join(x->gold_dir, "/text/", name, ".txt");
    char *pp = path_join(pred_dir, "/", name, ".ann");
    char *text = NULL, *gold = NULL, *pred = NULL;
    size_t tl = 0, gl = 0, pl = 0;
    int rc = tp && pp ? WS_OK : WS_NOMEM;
    if (rc == WS_OK && (rc = ws_ev_read_file(tp, &text, &tl)) == WS_IO)
        snprintf(x->err, x->errlen, "%s: %s", tp, strerror(errno));
    if (rc == WS_OK) rc = read_gold(x, name, &gold, &gl);
    if (rc == WS_OK) {
        rc = ws_ev_read_file(pp, &pred, &pl);
        if (rc == WS_IO && errno == ENOENT) rc = WS_OK; /* predicts nothing */
        else if (rc == WS_IO) snprintf(x->err, x->errlen, "%s: %s", pp, strerror(errno));
    }
    if (rc == WS_OK) rc = ws_eval_add_brat(x->ev, name, text, tl, gold, gl, pred, pl);
    if (rc == WS_NOMEM) snprintf(x->err, x->errlen, "out of memory");
    ws__free(tp);
    ws__free(pp);
    ws__free(text);
    ws__free(gold);
    ws__free(pred);
    return rc;
}

int ws_eval_dir(ws_eval *ev, const char *gold_dir, const ws_lexicon *lx, const ws_eval_opts *opts, char *err,
                size_t errlen)
{
    char dummy[1];
    if (!err || !errlen) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = 0;
    ws_eval_opts o = {0};
    if (opts) o = *opts;
    if (!ev || !gold_dir || (!o.pred_dir && !lx)) {
        snprintf(err, errlen, "ws_eval_dir needs an evaluation, a gold directory and a lexicon or predictions");
        return WS_USAGE;
    }
    names txt = {0}, ann = {0};
    char *tdir = path_join(gold_dir, "/text", "", ""), *adir = path_join(gold_dir, "/attributions", "", "");
    int rc = tdir && adir ? WS_OK : WS_NOMEM;
    if (rc == WS_OK) rc = list_dir(tdir, ".txt", 0, &txt, err, errlen);
    if (rc == WS_OK) rc = list_dir(adir, ".ann", 1, &ann, err, errlen);
    run x = {ev, gold_dir, &ann, err, errlen, WS_OK};
    ws_pipeline *p = NULL;
    if (rc == WS_OK && !o.pred_dir) {
        ws_pipeline_opts po = {.threads = o.threads, .max_doc = o.max_doc};
        rc = ws_pipeline_new(lx, &po, on_doc, &x, &p);
    }
    for (size_t i = 0; rc == WS_OK && i < txt.n; i++) {
        if (!gold_of(&ann, txt.v[i])) continue;
        if (o.pred_dir) {
            rc = score_pred(&x, o.pred_dir, txt.v[i]);
            continue;
        }
        char *tp = path_join(tdir, "/", txt.v[i], ".txt");
        if (!tp) { rc = WS_NOMEM; break; }
        ws_reader *r;
        char rerr[512];
        rc = ws_reader_open(tp, WS_INPUT_TEXT, o.date, o.max_doc, &r, rerr, sizeof rerr);
        if (rc != WS_OK) snprintf(err, errlen, "%s", rerr);
        ws__free(tp);
        if (rc != WS_OK) break;
        ws_doc doc;
        int got = ws_reader_next(r, &doc);
        if (got == 1) {
            rc = ws_pipeline_push(p, &doc);
        } else if (got == WS_TOOBIG) {
            /* skipped by extract too: scored as predicting nothing */
            char *gold;
            size_t glen;
            char *text;
            size_t tl;
            char *tp2 = path_join(tdir, "/", txt.v[i], ".txt");
            rc = tp2 ? ws_ev_read_file(tp2, &text, &tl) : WS_NOMEM;
            ws__free(tp2);
            if (rc == WS_OK) {
                rc = read_gold(&x, txt.v[i], &gold, &glen);
                if (rc == WS_OK) {
                    ev->failed++;
                    rc = ws_eval_add_brat(ev, txt.v[i], text, tl, gold, glen, NULL, 0);
                    ws__free(gold);
                }
                ws__free(text);
            }
        } else {
            snprintf(err, errlen, "%s", got < 0 ? ws_reader_error(r) : "empty input");
            rc = got < 0 ? got : WS_IO;
        }
        ws_reader_close(r);
    }
    if (p) {
        if (rc == WS_OK) rc = ws_pipeline_finish(p);
        ws_pipeline_free(p);
        if (x.rc != WS_OK) rc = x.rc;
    }
    if (rc != WS_OK && !err[0]) snprintf(err, errlen, "%s", ws_strerror(rc));
    names_free(&txt);
    names_free(&ann);
    ws__free(tdir);
    ws__free(adir);
    return rc;
}
