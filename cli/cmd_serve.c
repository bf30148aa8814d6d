/*
 * cmd_serve.c -- `whosaid serve`: the local web page and JSON API over a
 * statement database, read-only, until SIGINT or SIGTERM.
 *
 *   whosaid serve [--db FILE] [--host 127.0.0.1] [--port 8080] [--threads N]
 *
 * Once listening it prints one line to standard error,
 * "whosaid: serving FILE on http://HOST:PORT/", so that a script that asked
 * for --port 0 (any free port) can read the port it got.
 */
#define _GNU_SOURCE
#include "cli.h"
#include "whosaid_serve.h"
#include "assets.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_int(const char *opt, const char *v, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || errno || *end || n < lo || n > hi) {
        fprintf(stderr, "whosaid: %s must be a number from %ld to %ld\n", opt, lo, hi);
        return -1;
    }
    *out = (int)n;
    return 0;
}

/* The write end of the stop pipe: process-wide by nature (a signal
 * handler has no other way to reach the waiting thread). */
static int stop_pipe[2] = {-1, -1};

static void on_stop(int sig)
{
    unsigned char c = (unsigned char)sig;
    int saved = errno;
    if (write(stop_pipe[1], &c, 1) < 0) {
        /* nothing to do: a second signal finds the pipe already written */
    }
    errno = saved;
}

int cmd_serve(int argc, char **argv)
{
    ws_server_opts o = {.db_path = "whosaid.db", .host = "127.0.0.1", .port = 8080, .threads = 4,
                        .assets = ws_cli_assets, .nassets = ws_cli_asset_count};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--db") || !strcmp(a, "--host")) {
            if (!v) {
                fprintf(stderr, "whosaid: %s needs a value\n", a);
                return EXIT_FATAL;
            }
            if (a[2] == 'd') o.db_path = v;
            else o.host = v;
            i++;
        } else if (!strcmp(a, "--port")) {
            if (parse_int(a, v, 0, 65535, &o.port)) return EXIT_FATAL;
            i++;
        } else if (!strcmp(a, "--threads")) {
            if (parse_int(a, v, 1, 64, &o.threads)) return EXIT_FATAL;
            i++;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fprintf(stderr, "usage: whosaid serve [--db FILE] [--host 127.0.0.1] [--port 8080] [--threads N]\n");
            return EXIT_OK_ALL;
        } else {
            fprintf(stderr, "whosaid serve: unknown option '%s'\n", a);
            return EXIT_FATAL;
        }
    }

    /* SIGINT, SIGTERM and SIGHUP stop the server: their handler writes the
     * signal number into a pipe that this thread reads (whichever thread
     * the signal lands on, sanitizer threads included). */
    if (pipe(stop_pipe) != 0) {
        fprintf(stderr, "whosaid serve: cannot make a pipe\n");
        return EXIT_FATAL;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    ws_server *srv;
    char err[512] = "";
    int rc = ws_server_start(&o, &srv, err, sizeof err);
    if (rc != WS_OK) {
        fprintf(stderr, "whosaid serve: %s\n", err[0] ? err : ws_strerror(rc));
        return EXIT_FATAL;
    }
    const char *h = o.host;
    int v6 = strchr(h, ':') != NULL;
    char shown[1024];
    fprintf(stderr, "whosaid: serving %s on http://%s%s%s:%d/\n", cli_db_name(o.db_path, shown, sizeof shown), v6 ? "[" : "", h, v6 ? "]" : "",
            ws_server_port(srv));
    fflush(stderr);

    unsigned char sig = 0;
    while (read(stop_pipe[0], &sig, 1) < 0 && errno == EINTR) {
    }
    ws_server_stop(srv);
    fprintf(stderr, "whosaid: stopped (%s)\n", strsignal(sig));
    return EXIT_OK_ALL;
}
