/*
 * common.c -- options and input loop shared by extract and ingest.
 */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_extract_opt(extract_opts *o, int argc, char **argv, int i)
{
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--input")) {
        if (!v) goto missing;
        if (!strcmp(v, "lines")) o->mode = WS_INPUT_LINES;
        else if (!strcmp(v, "jsonl")) o->mode = WS_INPUT_JSONL;
        else if (!strcmp(v, "text")) o->mode = WS_INPUT_TEXT;
        else if (!strcmp(v, "html")) o->mode = WS_INPUT_HTML;
        else if (!strcmp(v, "feed")) o->mode = WS_INPUT_FEED;
        else if (!strcmp(v, "warc")) o->mode = WS_INPUT_WARC;
        else {
            fprintf(stderr, "whosaid: --input must be lines, jsonl, text, html, feed or warc, not '%s'\n", v);
            return -1;
        }
        return 2;
    }
    if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
        o->quiet = 1;
        return 1;
    }
    if (!strcmp(a, "--date")) {
        if (!v) goto missing;
        if (ws_date_parse(v, &o->date) != WS_OK) {
            fprintf(stderr, "whosaid: --date must be YYYY-MM-DD, not '%s'\n", v);
            return -1;
        }
        return 2;
    }
    if (!strcmp(a, "--data")) {
        if (!v) goto missing;
        o->data_dir = v;
        return 2;
    }
    if (!strcmp(a, "--no-model")) {
        o->no_model = 1;
        return 1;
    }
    if (!strcmp(a, "--threads")) {
        if (!v) goto missing;
        char *end;
        long n = strtol(v, &end, 10);
        if (*end || n < 1 || n > 64) {
            fprintf(stderr, "whosaid: --threads must be 1 to 64, not '%s'\n", v);
            return -1;
        }
        o->threads = (int)n;
        return 2;
    }
    if (!strcmp(a, "--max-doc")) {
        if (!v) goto missing;
        char *end;
        unsigned long long n = strtoull(v, &end, 10);
        if (*end || n < 1) {
            fprintf(stderr, "whosaid: --max-doc must be a positive number of bytes, not '%s'\n", v);
            return -1;
        }
        o->max_doc = (size_t)n;
        return 2;
    }
    if (!strcmp(a, "--shard")) {
        if (!v) goto missing;
        unsigned k, n;
        char end;
        if (sscanf(v, "%u/%u%c", &k, &n, &end) != 2 || n < 1 || k >= n) {
            fprintf(stderr, "whosaid: --shard must be K/N with 0 <= K < N, not '%s'\n", v);
            return -1;
        }
        o->shard_k = k;
        o->shard_n = n;
        return 2;
    }
    return 0;
missing:
    fprintf(stderr, "whosaid: %s needs a value\n", a);
    return -1;
}

int cli_parse_files(int argc, char **argv, extract_opts *o, cli_own_opt own, void *ud,
                    void (*usage)(void), char ***files, int *nfiles)
{
    *nfiles = 0;
    *files = calloc((size_t)argc + 1, sizeof **files);
    if (!*files) return EXIT_FATAL;
    enum { GO, HELP, BAD } status = GO;
    for (int i = 1; i < argc && status == GO; i++) {
        int used = parse_extract_opt(o, argc, argv, i);
        if (used == 0 && own) used = own(ud, argc, argv, i);
        if (used > 0) {
            i += used - 1;
            continue;
        }
        const char *a = argv[i];
        if (used < 0) {
            status = BAD;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            status = HELP;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "whosaid: unknown option '%s'\n", a);
            status = BAD;
        } else {
            (*files)[(*nfiles)++] = argv[i];
        }
    }
    if (status == GO) return CLI_GO;
    free(*files);
    *files = NULL;
    *nfiles = 0;
    usage();
    return status == HELP ? EXIT_OK_ALL : EXIT_FATAL;
}

int cli_problems_exit(long problems, const char *done)
{
    if (!problems) return EXIT_OK_ALL;
    fprintf(stderr, "whosaid: %ld input problem%s reported above; everything else was %s\n", problems,
            problems == 1 ? "" : "s", done);
    return EXIT_SKIPPED;
}

ws_lexicon *load_lexicon(const extract_opts *o)
{
    ws_lexicon *lx;
    char err[512] = "";
    const char *dir = o->data_dir ? o->data_dir : ws_default_data_dir();
    int rc = o->no_model ? ws_lexicon_load_rules(dir, &lx, err, sizeof err) : ws_lexicon_load(dir, &lx, err, sizeof err);
    if (rc != WS_OK) {
        fprintf(stderr, "whosaid: cannot load the knowledge files: %s\n", err[0] ? err : ws_strerror(rc));
        return NULL;
    }
    return lx;
}

/* Hands the last problem of R to the pipeline, to be reported in order. */
/* The shard of a document id: 64-bit FNV-1a of its bytes modulo N, so
 * that every process given the same inputs agrees, in any order. */
int shard_has(const extract_opts *o, const char *id, size_t n)
{
    if (!o->shard_n) return 1;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)id[i]) * 0x100000001b3ull;
    return h % o->shard_n == o->shard_k;
}

static int push_reader_error(ws_pipeline *p, const extract_opts *o, const ws_reader *r, int rc)
{
    size_t wl;
    const char *what = ws_reader_error_what(r, &wl);
    const char *where = ws_reader_error(r);
    if (!shard_has(o, where, wl)) return WS_OK;
    return ws_pipeline_push_error(p, where, wl, rc, what);
}

/* Whether JSON line LINE[len] (line LINENO of NAME) is a document of
 * shard K: by its id read without decoding the line where that is safe
 * (ws_jsonl_peek_id), else decoded (its id, or "NAME:LINENO" for a line
 * without one or that does not decode).  1, 0, or -1 out of memory. */
static int line_in_shard(const extract_opts *o, const char *line, size_t len, const char *name, long lineno)
{
    if (!o->shard_n) return 1;
    const char *id;
    size_t n;
    if (ws_jsonl_peek_id(line, len, &id, &n)) return shard_has(o, id, n);
    size_t wn = strlen(name) + 24;
    char *where = malloc(wn), *own = NULL;
    if (!where) return -1;
    snprintf(where, wn, "%s:%ld", name, lineno);
    int rc = ws_jsonl_doc_id(line, len, where, strlen(where), &own, &n);
    free(where);
    if (rc != WS_OK) return -1;
    int in = shard_has(o, own, n);
    ws_free(own);
    return in;
}

long feed_files(ws_pipeline *p, const extract_opts *o, char **files, int nfiles)
{
    static char *const stdin_only[] = {"-"};
    if (nfiles == 0) {
        files = (char **)stdin_only;
        nfiles = 1;
    }
    /* every problem goes through the pipeline, which reports it by the
     * callback in input order, among the documents' own problems */
    for (int i = 0; i < nfiles; i++) {
        ws_reader *r;
        char err[512];
        if (ws_reader_open(files[i], o->mode, o->date, o->max_doc, &r, err, sizeof err) != WS_OK) {
            if (ws_pipeline_push_error(p, "whosaid", 7, WS_IO, err) != WS_OK) return -1;
            continue;
        }
        int rc;
        if (ws_reader_mode(r) == WS_INPUT_JSONL) {
            /* raw lines: the workers decode the JSON */
            const char *line, *name = ws_reader_name(r);
            size_t len;
            long lineno;
            while ((rc = ws_reader_next_line(r, &line, &len, &lineno)) != 0) {
                int mine = rc > 0 ? line_in_shard(o, line, len, name, lineno) : 1;
                int prc = rc < 0     ? push_reader_error(p, o, r, rc)
                          : mine < 0 ? WS_NOMEM
                          : !mine    ? WS_OK
                                     : ws_pipeline_push_jsonl(p, line, len, name, lineno, o->date);
                if (rc > 0) progress_update(o->progress, 1, 0, ws_reader_offset(r), i);
                if (prc != WS_OK || rc == WS_NOMEM) {
                    ws_reader_close(r);
                    return -1;
                }
            }
        } else {
            ws_doc doc;
            while ((rc = ws_reader_next(r, &doc)) != 0) {
                int prc = rc < 0                            ? push_reader_error(p, o, r, rc)
                          : !shard_has(o, doc.id, doc.id_len) ? WS_OK
                                                              : ws_pipeline_push(p, &doc);
                if (rc > 0) progress_update(o->progress, 1, 0, ws_reader_offset(r), i);
                if (prc != WS_OK || rc == WS_NOMEM) {
                    ws_reader_close(r);
                    return -1;
                }
            }
        }
        ws_reader_close(r);
        progress_file_done(o->progress, i);
    }
    return 0;
}

const char *cli_db_name(const char *target, char *buf, size_t n)
{
    const char *s = strstr(target, "://");
    if (!s) return target;
    s += 3;
    const char *at = strchr(s, '@'), *colon = strchr(s, ':');
    if (!at || !colon || colon > at || strchr(s, '/') < at) return target;
    snprintf(buf, n, "%.*s***%s", (int)(colon + 1 - target), target, at);
    return buf;
}

/* Prints at most W display columns of S[n] (code points), padded. */
void cli_cell(const char *s, size_t n, int w)
{
    int cols = 0;
    size_t i = 0;
    while (i < n && cols < w) {
        unsigned char c = (unsigned char)s[i];
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + l > n) break;
        if (cols == w - 1 && i + l < n) {
            fputs("…", stdout);
            cols++;
            break;
        }
        if (c == '\n' || c == '\t' || c == '\r') putchar(' ');
        else fwrite(s + i, 1, l, stdout);
        i += l;
        cols++;
    }
    for (; cols < w; cols++) putchar(' ');
}
