/*
 * progress.c -- the progress line (see progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long file_size(const char *path)
{
    struct stat sb;
    if (!path || (path[0] == '-' && !path[1]) || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
    return (unsigned long long)sb.st_size;
}

void progress_start(progress *p, int quiet, char **files, int nfiles)
{
    *p = (progress){0};
    p->on = !quiet && isatty(STDERR_FILENO);
    if (!p->on) return;
    p->files = files;
    p->nfiles = nfiles;
    p->t0 = p->last = now();
    for (int i = 0; i < nfiles; i++) {
        unsigned long long s = file_size(files[i]);
        if (!s) {
            p->total = 0;
            break;
        }
        p->total += s;
    }
}

static void draw(progress *p, double t)
{
    double el = t - p->t0;
    double mb = (double)(p->before + p->cur) / 1e6;
    char tail[64] = "";
    if (p->total) {
        double frac = (double)(p->before + p->cur) / (double)p->total;
        if (frac > 1) frac = 1;
        double left = frac > 0 ? el * (1 - frac) / frac : 0;
        snprintf(tail, sizeof tail, ", %3.0f%%, %d:%02d left", frac * 100, (int)left / 60, (int)left % 60);
    }
    char st[48] = "";
    if (!p->no_statements) snprintf(st, sizeof st, ", %ld statements", p->statements);
    fprintf(stderr, "\r\033[K%ld documents%s, %.1f MB, %.1f MB/s%s", p->docs, st, mb, el > 0 ? mb / el : 0.0, tail);
    fflush(stderr);
    p->drawn = 1;
    p->last = t;
}

void progress_update(progress *p, long docs, long statements, size_t offset, int file)
{
    if (!p || !p->on) return;
    p->docs += docs;
    p->statements += statements;
    if (file >= 0) p->cur = offset;
    double t = now();
    if (t - p->last >= 0.25) draw(p, t);
}

void progress_file_done(progress *p, int file)
{
    if (!p || !p->on || file < 0 || file >= p->nfiles) return;
    p->before += file_size(p->files[file]);
    p->cur = 0;
}

void progress_clear(progress *p)
{
    if (!p || !p->drawn) return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->drawn = 0;
}

void progress_end(progress *p) { progress_clear(p); }
