/*
 * extract_only.c -- a program that only extracts, linked with
 * libwhosaid.a and its packages alone (make check-link): reads FILE
 * (WS_INPUT_AUTO) with the data in DATA, runs a pipeline on THREADS
 * threads and writes JSON lines, as `whosaid extract` does.  Its linking
 * proves that extraction needs neither SQLite nor libmicrohttpd nor the
 * web assets.
 *
 * usage: extract_only DATA FILE DATE THREADS
 */
#include <stdio.h>
#include <stdlib.h>

#include "whosaid.h"

static int emit(void *ud, const ws_doc *doc, int status, const char *errmsg,
                const ws_statement *st, size_t n)
{
    (void)ud;
    if (status != WS_OK) {
        fprintf(stderr, "%.*s: %s\n", (int)doc->id_len, doc->id, errmsg);
        return 0;
    }
    return ws_write_jsonl(stdout, doc, st, n);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: extract_only DATA FILE DATE THREADS\n");
        return 1;
    }
    char err[512] = "";
    ws_date date = {0, 0, 0};
    ws_lexicon *lx = NULL;
    ws_reader *r = NULL;
    ws_pipeline *p = NULL;
    int rc = ws_date_parse(argv[3], &date);
    if (rc == WS_OK) rc = ws_lexicon_load(argv[1], &lx, err, sizeof err);
    if (rc == WS_OK) rc = ws_reader_open(argv[2], WS_INPUT_AUTO, date, 0, &r, err, sizeof err);
    ws_pipeline_opts o = {.threads = atoi(argv[4])};
    if (rc == WS_OK) rc = ws_pipeline_new(lx, &o, emit, NULL, &p);
    ws_doc doc;
    int got;
    while (rc == WS_OK && (got = ws_reader_next(r, &doc)) != 0) {
        if (got > 0) rc = ws_pipeline_push(p, &doc);
        else fprintf(stderr, "%s\n", ws_reader_error(r));
    }
    if (rc == WS_OK) rc = ws_pipeline_finish(p);
    if (rc != WS_OK) fprintf(stderr, "extract_only: %s %s\n", ws_strerror(rc), err);
    ws_pipeline_free(p);
    ws_reader_close(r);
    ws_lexicon_free(lx);
    return rc == WS_OK ? 0 : 1;
}
