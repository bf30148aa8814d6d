/*
 * progress.h -- the one updating progress line of extract, ingest and read.
 *
 * Shown on standard error only when standard error is a terminal, and not
 * with --quiet: documents and statements so far, megabytes read, the rate,
 * and the percent done with the time left when every input is a regular
 * file (its size known).  Redrawn at most four times a second; erased
 * before any other message and at the end, so nothing of it stays on the
 * screen or reaches a file.
 */
#ifndef WS_CLI_PROGRESS_H
#define WS_CLI_PROGRESS_H

#include <stddef.h>

typedef struct progress {
    int on;            /* drawing at all */
    int drawn;         /* a line is on the screen */
    int no_statements; /* `read`: documents only */
    char **files;
    int nfiles;
    double t0, last;   /* start, last drawing (seconds, monotonic) */
    long docs, statements;
    unsigned long long total; /* bytes of all inputs; 0: unknown */
    unsigned long long before; /* bytes of the files finished */
    unsigned long long cur;    /* bytes read of the current file */
} progress;

void progress_start(progress *p, int quiet, char **files, int nfiles);
/* DOCS and STATEMENTS more; OFFSET bytes read of file number FILE. */
void progress_update(progress *p, long docs, long statements, size_t offset, int file);
/* File number FILE is read whole. */
void progress_file_done(progress *p, int file);
/* Erases the line (before another message on standard error). */
void progress_clear(progress *p);
void progress_end(progress *p);

#endif
