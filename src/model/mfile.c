/*
 * mfile.c -- reading and writing the learned files of src/model/ (mfile.h
 * describes the format and the refusals).
 */
#include "mfile.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int ws_mfile_bad(ws_mfile *mf, long line, const char *what)
{
    if (mf->rc != WS_OK) return mf->rc;
    if (mf->err && mf->errlen) {
        if (line > 0) snprintf(mf->err, mf->errlen, "%s:%ld: %s", mf->path, line, what);
        else snprintf(mf->err, mf->errlen, "%s: %s", mf->path, what);
    }
    return mf->rc = WS_PARSE;
}

int ws_mfile_nomem(ws_mfile *mf)
{
    if (mf->rc != WS_OK) return mf->rc;
    if (mf->err && mf->errlen) snprintf(mf->err, mf->errlen, "%s: out of memory", mf->path);
    return mf->rc = WS_NOMEM;
}

/* Reads all of F into *OUT (NUL-terminated, heap) and its length into
 * *LEN.  WS_OK, WS_IO or WS_NOMEM. */
static int slurp(FILE *f, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *p = ws__alloc(cap);
    if (!p) return WS_NOMEM;
    for (;;) {
        if (cap - n < 2) {
            char *np = ws__realloc(p, cap * 2);
            if (!np) {
                ws__free(p);
                return WS_NOMEM;
            }
            p = np;
            cap *= 2;
        }
        size_t got = fread(p + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        ws__free(p);
        return WS_IO;
    }
    p[n] = 0;
    *out = p;
    *len = n;
    return WS_OK;
}

/* Parses the header line S (NUL-terminated, without its newline) into
 * MF; false when it is not K's header (the version is checked apart). */
static bool header(ws_mfile *mf, char *s, unsigned *version)
{
    const ws_mfile_kind *k = mf->kind;
    size_t ml = strlen(k->magic);
    if (strncmp(s, k->magic, ml) != 0 || (s[ml] != '\t' && s[ml] != ' ')) return false;
    char *p = s + ml, *e;
    errno = 0;
    unsigned long v = strtoul(p, &e, 10);
    if (e == p || v > 0xffffffffu) return false;
    *version = (unsigned)v;
    for (int i = 0; i < k->nnum; i++) {
        p = e;
        mf->num[i] = strtol(p, &e, 10);
        if (e == p) return false;
    }
    p = e;
    mf->records = strtol(p, &e, 10);
    if (e == p || mf->records < 0) return false;
    p = e;
    while (*p == '\t' || *p == ' ') p++;
    if (!*p) return false;
    mf->sum = (uint64_t)strtoull(p, &e, 16);
    while (*e == '\t' || *e == ' ' || *e == '\r') e++;
    return *e == 0 && errno == 0;
}

int ws_mfile_open(ws_mfile *mf, const char *dir, const ws_mfile_kind *k, char *err, size_t errlen)
{
    memset(mf, 0, sizeof *mf);
    mf->kind = k;
    mf->err = err;
    mf->errlen = errlen;
    if (err && errlen) err[0] = 0;
    snprintf(mf->path, sizeof mf->path, "%s/%s", dir, k->file);
    FILE *f = fopen(mf->path, "r");
    if (!f) {
        if (err && errlen) {
            if (errno == ENOENT) snprintf(err, errlen, "%s: missing %s", mf->path, k->missing);
            else snprintf(err, errlen, "%s: %s", mf->path, strerror(errno));
        }
        return WS_IO;
    }
    char *all = NULL;
    size_t len = 0;
    int rc = slurp(f, &all, &len);
    fclose(f);
    if (rc == WS_NOMEM) return ws_mfile_nomem(mf);
    if (rc != WS_OK) {
        if (err && errlen) snprintf(err, errlen, "%s: read error", mf->path);
        return rc;
    }
    mf->body = all;
    char msg[96];
    char *nl = memchr(all, '\n', len);
    unsigned version = 0;
    if (len == 0) {
        snprintf(msg, sizeof msg, "empty %s file", k->noun);
        rc = ws_mfile_bad(mf, 0, msg);
    } else {
        if (nl) *nl = 0;
        if (!header(mf, all, &version)) {
            snprintf(msg, sizeof msg, "not a whosaid %s file", k->noun);
            rc = ws_mfile_bad(mf, 1, msg);
        } else if (version != k->version) {
            snprintf(msg, sizeof msg, "%s of another version: retrain it (make train)", k->noun);
            rc = ws_mfile_bad(mf, 1, msg);
        }
    }
    if (rc != WS_OK) {
        ws_mfile_close(mf);
        return rc;
    }
    mf->p = nl ? nl + 1 : all + len;
    mf->end = all + len;
    mf->h = ws_hash(WS_FNV_INIT, mf->p, (size_t)(mf->end - mf->p));
    mf->ln = 1;
    return WS_OK;
}

char *ws_mfile_next(ws_mfile *mf, size_t *n)
{
    if (mf->rc != WS_OK || mf->p >= mf->end) return NULL;
    mf->ln++;
    if (++mf->seen > mf->records) {
        ws_mfile_bad(mf, mf->ln, "more records than its header says");
        return NULL;
    }
    char *line = mf->p, *nl = memchr(line, '\n', (size_t)(mf->end - line));
    if (!nl) {
        ws_mfile_bad(mf, mf->ln, "truncated line");
        return NULL;
    }
    *nl = 0;
    *n = (size_t)(nl - line);
    mf->p = nl + 1;
    return line;
}

int ws_mfile_end(ws_mfile *mf)
{
    if (mf->rc != WS_OK) return mf->rc;
    if (mf->seen != mf->records) return ws_mfile_bad(mf, 0, "truncated (fewer records than its header says)");
    if (mf->h != mf->sum) return ws_mfile_bad(mf, 0, "damaged (checksum mismatch)");
    return WS_OK;
}

void ws_mfile_close(ws_mfile *mf)
{
    ws__free(mf->body);
    mf->body = mf->p = mf->end = NULL;
}

int ws_mfile_weight(const char *line, int bits, size_t *idx, ws_weight *w)
{
    /* the digits by hand: strtol would take most of a model's loading */
    if (line[0] != 'w' || line[1] != '\t') return 0;
    const char *p = line + 2;
    uint64_t i = 0;
    int nd = 0;
    for (; *p >= '0' && *p <= '9' && nd < 19; nd++) i = i * 10 + (uint64_t)(*p++ - '0');
    if (!nd || *p != '\t') return 0;
    bool neg = *++p == '-';
    p += neg;
    int64_t x = 0;
    for (nd = 0; *p >= '0' && *p <= '9' && nd < 18; nd++) x = x * 10 + (*p++ - '0');
    if (!nd || *p) return 0;
    if (neg) x = -x;
    if (i >= (uint64_t)1 << bits || x < -WS_WEIGHT_MAX || x > WS_WEIGHT_MAX) return -1;
    *idx = (size_t)i;
    *w = (ws_weight)x;
    return 1;
}

bool ws_mfile_param(const char *line, char name[32], long *v)
{
    if (strncmp(line, "param\t", 6) != 0) return false;
    const char *s = line + 6, *tab = strchr(s, '\t');
    if (!tab || tab == s || tab - s > 31) return false;
    char *e;
    *v = strtol(tab + 1, &e, 10);
    if (e == tab + 1 || *e) return false;
    memcpy(name, s, (size_t)(tab - s));
    name[tab - s] = 0;
    return true;
}

int ws_mfile_put_weights(buf *b, const ws_weight *w, int bits)
{
    char line[64];
    for (size_t i = 0; i < (size_t)1 << bits; i++) {
        if (!w[i]) continue;
        int n = snprintf(line, sizeof line, "w\t%zu\t%d\n", i, (int)w[i]);
        if (ws_buf_append(b, line, (size_t)n) != WS_OK) return WS_NOMEM;
    }
    return WS_OK;
}

int ws_mfile_write(FILE *out, const ws_mfile_kind *k, const long *num, const buf *body)
{
    long records = 0;
    for (const char *p = body->p, *end = body->p + body->len; p && p < end; records++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    fprintf(out, "%s\t%u", k->magic, k->version);
    for (int i = 0; i < k->nnum; i++) fprintf(out, "\t%ld", num[i]);
    fprintf(out, "\t%ld\t%016" PRIx64 "\n", records, ws_hash(WS_FNV_INIT, body->p, body->len));
    if (body->len) fwrite(body->p, 1, body->len, out);
    return ferror(out) ? WS_IO : WS_OK;
}

int ws_mfile_load_weights(const char *dir, const ws_mfile_kind *k, int bits, ws_weight **w, ws_mfile_record_fn record,
                          void *ctx, char *err, size_t errlen)
{
    *w = NULL;
    ws_mfile mf;
    int rc = ws_mfile_open(&mf, dir, k, err, errlen);
    if (rc != WS_OK) return rc;
    ws_weight *t = NULL;
    if (mf.num[0] != bits) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s of another version: retrain it (make train)", k->noun);
        rc = ws_mfile_bad(&mf, 1, msg);
    } else if (!(t = ws__calloc((size_t)1 << bits, sizeof *t))) {
        rc = ws_mfile_nomem(&mf);
    }
    char *line;
    size_t n;
    while (rc == WS_OK && (line = ws_mfile_next(&mf, &n))) {
        size_t idx;
        ws_weight x;
        int wr = ws_mfile_weight(line, bits, &idx, &x);
        if (wr > 0) t[idx] = x;
        else if (wr < 0) rc = ws_mfile_bad(&mf, mf.ln, "weight out of range (retrain it: make train)");
        else rc = record(ctx, &mf, line, n);
    }
    if (rc == WS_OK) rc = ws_mfile_end(&mf);
    ws_mfile_close(&mf);
    if (rc != WS_OK) {
        ws__free(t);
        return rc;
    }
    *w = t;
    return WS_OK;
}

int ws_mfile_write_weights(FILE *out, const ws_mfile_kind *k, const buf *head, const ws_weight *w, int bits)
{
    buf b = {0};
    int rc = head && head->len ? ws_buf_append(&b, head->p, head->len) : WS_OK;
    if (rc == WS_OK) rc = ws_mfile_put_weights(&b, w, bits);
    long num = bits;
    if (rc == WS_OK) rc = ws_mfile_write(out, k, &num, &b);
    ws_buf_free(&b);
    return rc;
}
