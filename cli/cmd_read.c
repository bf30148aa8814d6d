/*
 * cmd_read.c -- `whosaid read`: the documents as whosaid reads them, one
 * JSON object a line (id, title, date, url, outlet, author, lang, text),
 * so that a user can check what the extractor will see and hand it to any
 * other tool.  Absent fields are null.  Problems go to standard error as
 * "FILE:RECORD: what" and the rest is still read (exit status 2).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* S[n] as a JSON string (invalid UTF-8 was replaced before). */
static void json_str(FILE *f, const char *s, size_t n)
{
    putc('"', f);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        fwrite(s + run, 1, i - run, f);
        run = i + 1;
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default: fprintf(f, "\\u%04x", c); break;
        }
    }
    fwrite(s + run, 1, n - run, f);
    putc('"', f);
}

/* A NUL-terminated field, or null; valid UTF-8 made so first. */
static int json_field(FILE *f, const char *key, const char *s, size_t n, int last)
{
    fprintf(f, "\"%s\":", key);
    if (!s) {
        fputs("null", f);
    } else {
        char *clean;
        size_t cl;
        long bad = ws_utf8_sanitize(s, n, &clean, &cl);
        if (bad < 0) return WS_NOMEM;
        json_str(f, clean, cl);
        ws_free(clean);
    }
    if (!last) putc(',', f);
    return WS_OK;
}

static int write_doc(FILE *f, const ws_doc *d)
{
    char date[16];
    if (d->date.y) snprintf(date, sizeof date, "%04d-%02d-%02d", d->date.y, d->date.m, d->date.d);
    putc('{', f);
    int rc = json_field(f, "id", d->id, d->id_len, 0);
    const char *keys[] = {"title", "date", "url", "outlet", "author", "lang"};
    const char *vals[] = {d->title, d->date.y ? date : NULL, d->url, d->outlet, d->author, d->lang};
    for (int i = 0; i < 6 && rc == WS_OK; i++) rc = json_field(f, keys[i], vals[i], vals[i] ? strlen(vals[i]) : 0, 0);
    if (rc == WS_OK) rc = json_field(f, "text", d->text ? d->text : "", d->text_len, 1);
    fputs("}\n", f);
    return rc;
}

int cmd_read(int argc, char **argv)
{
    extract_opts o = {WS_INPUT_AUTO, {0, 0, 0}, NULL, 1, 0, 0, NULL, 0, 0, 0};
    char **files;
    int nfiles;
    int status = cli_parse_files(argc, argv, &o, NULL, NULL, cli_usage, &files, &nfiles);
    if (status != CLI_GO) return status;
    static char *const stdin_only[] = {"-"};
    char **list = nfiles ? files : (char **)stdin_only;
    int n = nfiles ? nfiles : 1;
    static char outbuf[1 << 16];
    if (!isatty(STDOUT_FILENO)) (void)setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    progress pr;
    progress_start(&pr, o.quiet, list, n);
    pr.no_statements = 1;
    long problems = 0;
    int fatal = 0;
    for (int i = 0; i < n && !fatal; i++) {
        ws_reader *r;
        char err[512];
        if (ws_reader_open(list[i], o.mode, o.date, o.max_doc, &r, err, sizeof err) != WS_OK) {
            progress_clear(&pr);
            fprintf(stderr, "whosaid: %s\n", err);
            problems++;
            continue;
        }
        ws_doc doc;
        int rc;
        while ((rc = ws_reader_next(r, &doc)) != 0) {
            if (rc < 0) {
                progress_clear(&pr);
                fprintf(stderr, "%s\n", ws_reader_error(r));
                problems++;
                if (rc == WS_NOMEM) fatal = 1;
                if (rc == WS_NOMEM || rc == WS_IO) break;
                continue;
            }
            if (write_doc(stdout, &doc) != WS_OK) {
                fatal = 1;
                break;
            }
            progress_update(&pr, 1, 0, ws_reader_offset(r), i);
        }
        ws_reader_close(r);
        progress_file_done(&pr, i);
    }
    progress_end(&pr);
    free(files);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "whosaid: write error\n");
        return EXIT_FATAL;
    }
    if (fatal) {
        fprintf(stderr, "whosaid: out of memory\n");
        return EXIT_FATAL;
    }
    return cli_problems_exit(problems, "read");
}
