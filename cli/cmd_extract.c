/*
 * cmd_extract.c -- `whosaid extract`: statements out, as JSON lines, BRAT
 * standoff files or a table for people.
 */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

typedef enum { FMT_JSONL, FMT_BRAT, FMT_TABLE } out_format;

typedef struct extract_state {
    out_format fmt;
    const char *outdir;
    long problems;
    long docs, statements;
    ws_pipeline *p; /* JSON lines come pre-rendered from its workers */
    progress *progress;
} extract_state;

/* NAME for DIR/NAME.ann: the id without a final ".txt", '/' and ':' as '_'. */
static void brat_name(const ws_doc *doc, char *out, size_t cap)
{
    size_t n = doc->id_len;
    if (n >= 4 && !memcmp(doc->id + n - 4, ".txt", 4)) n -= 4;
    if (n >= cap) n = cap - 1;
    for (size_t i = 0; i < n; i++) {
        char c = doc->id[i];
        out[i] = (c == '/' || c == ':' || c == '\\') ? '_' : c;
    }
    out[n] = 0;
}

static void table_row(const ws_doc *doc, const ws_statement *s)
{
    char date[16] = "";
    char who[256];
    if (s->date.y) snprintf(date, sizeof date, "%04d-%02d-%02d", s->date.y, s->date.m, s->date.d);
    snprintf(who, sizeof who, "%s%s%s%s%s%s", s->speaker ? s->speaker : "?",
             s->title || s->affiliation ? " (" : "", s->title ? s->title : "",
             s->title && s->affiliation ? ", " : "", s->affiliation ? s->affiliation : "",
             s->title || s->affiliation ? ")" : "");
    size_t cl, ql;
    const char *c = ws_span_text(doc, s->content, &cl);
    const char *q = ws_span_text(doc, s->cue, &ql);
    const char *id = doc->id;
    size_t idl = doc->id_len;
    const char *slash = memrchr(id, '/', idl);
    if (slash) { idl -= (size_t)(slash + 1 - id); id = slash + 1; }
    /* a long id keeps its end, where "FILE:LINE" has the line */
    size_t cps = 0;
    for (size_t i = 0; i < idl; i++) cps += ((unsigned char)id[i] & 0xC0) != 0x80;
    if (cps > 14) {
        fputs("…", stdout);
        size_t skip = cps - 13;
        while (skip && idl) {
            id++;
            idl--;
            if (!idl || ((unsigned char)*id & 0xC0) != 0x80) skip--;
        }
        cli_cell(id, idl, 13);
    } else {
        cli_cell(id, idl, 14);
    }
    fputs(" ", stdout);
    cli_cell(date, strlen(date), 10);
    fputs(" ", stdout);
    cli_cell(who, strlen(who), 44);
    fputs(" ", stdout);
    cli_cell(q ? q : "", ql, 12);
    fputs(" ", stdout);
    cli_cell(ws_kind_name(s->kind), strlen(ws_kind_name(s->kind)), 8);
    fputs(" ", stdout);
    cli_cell(c ? c : "", cl, 70);
    putchar('\n');
}

static int on_doc(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st,
                  size_t n)
{
    extract_state *x = ud;
    progress_update(x->progress, 0, (long)n, 0, -1);
    if (status != WS_OK) {
        progress_clear(x->progress);
        fprintf(stderr, "%.*s: %s\n", (int)doc->id_len, doc->id, errmsg);
        x->problems++;
        return 0;
    }
    x->docs++;
    x->statements += (long)n;
    if (x->fmt == FMT_JSONL) {
        size_t len;
        const char *j = ws_pipeline_jsonl(x->p, &len);
        if (!j) return ws_write_jsonl(stdout, doc, st, n) == WS_OK ? 0 : WS_IO;
        return len && fwrite(j, 1, len, stdout) != len ? WS_IO : 0;
    }
    if (x->fmt == FMT_TABLE) {
        for (size_t i = 0; i < n; i++) table_row(doc, &st[i]);
        return 0;
    }
    char name[1024], path[4096];
    brat_name(doc, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s.ann", x->outdir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "whosaid: %s: %s\n", path, strerror(errno));
        x->problems++;
        return 0;
    }
    int rc = ws_write_brat(f, doc, st, n);
    if (fclose(f) != 0 || rc != WS_OK) {
        fprintf(stderr, "whosaid: %s: write error\n", path);
        x->problems++;
    }
    return 0;
}

/* extract's own options (cli_own_opt). */
static int extract_opt(void *ud, int argc, char **argv, int i)
{
    extract_state *x = ud;
    const char *a = argv[i];
    if (!strcmp(a, "--format")) {
        const char *v = i + 1 < argc ? argv[i + 1] : "";
        if (!strcmp(v, "jsonl")) x->fmt = FMT_JSONL;
        else if (!strcmp(v, "brat")) x->fmt = FMT_BRAT;
        else if (!strcmp(v, "table")) x->fmt = FMT_TABLE;
        else {
            fprintf(stderr, "whosaid: --format must be jsonl, brat or table, not '%s'\n", v);
            return -1;
        }
        return 2;
    }
    if (!strcmp(a, "--out")) {
        if (i + 1 >= argc) {
            fprintf(stderr, "whosaid: --out needs a directory\n");
            return -1;
        }
        x->outdir = argv[i + 1];
        return 2;
    }
    return 0;
}

int cmd_extract(int argc, char **argv)
{
    extract_opts o = {WS_INPUT_AUTO, {0, 0, 0}, NULL, 1, 0, 0, NULL, 0, 0, 0};
    extract_state x = {FMT_JSONL, NULL, 0, 0, 0, NULL, NULL};
    char **files;
    int nfiles;
    int status = cli_parse_files(argc, argv, &o, extract_opt, &x, cli_usage, &files, &nfiles);
    if (status != CLI_GO) return status;
    if (x.fmt == FMT_BRAT) {
        if (!x.outdir) {
            fprintf(stderr, "whosaid: --format brat needs --out DIR\n");
            free(files);
            cli_usage();
            return EXIT_FATAL;
        }
        if (mkdir(x.outdir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "whosaid: %s: %s\n", x.outdir, strerror(errno));
            free(files);
            return EXIT_FATAL;
        }
    }
    /* into a file or a pipe, output goes in 64 KiB writes (stdio's own
     * buffer, 4 KiB, made a write call every few documents; glibc takes
     * a size only with a buffer) */
    static char outbuf[1 << 16];
    if (!isatty(STDOUT_FILENO)) (void)setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    ws_lexicon *lx = load_lexicon(&o);
    if (!lx) { free(files); return EXIT_FATAL; }
    ws_pipeline_opts po = {.threads = o.threads, .max_doc = o.max_doc, .jsonl = x.fmt == FMT_JSONL};
    ws_pipeline *p;
    if (ws_pipeline_new(lx, &po, on_doc, &x, &p) != WS_OK) {
        fprintf(stderr, "whosaid: out of memory\n");
        ws_lexicon_free(lx);
        free(files);
        return EXIT_FATAL;
    }
    x.p = p;
    if (x.fmt == FMT_TABLE) {
        printf("%-14s %-10s %-44s %-12s %-8s %s\n", "document", "date", "speaker", "cue", "kind", "content");
    }
    progress pr;
    progress_start(&pr, o.quiet, files, nfiles);
    o.progress = x.progress = &pr;
    long problems = feed_files(p, &o, files, nfiles);
    int rc = problems < 0 ? WS_NOMEM : ws_pipeline_finish(p);
    progress_end(&pr);
    ws_pipeline_free(p);
    ws_lexicon_free(lx);
    free(files);
    if (fflush(stdout) != 0) rc = WS_IO;
    if (rc != WS_OK) {
        fprintf(stderr, "whosaid: %s\n", ws_strerror(rc));
        return EXIT_FATAL;
    }
    if (x.fmt == FMT_TABLE)
        printf("\n%ld statements in %ld documents\n", x.statements, x.docs);
    return cli_problems_exit(problems + x.problems, "processed");
}
