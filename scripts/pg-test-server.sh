#!/bin/sh
# A throwaway PostgreSQL server for the tests and benchmarks, from Debian's
# postgresql package, listening only on a Unix socket inside DIR (no TCP).
#
#   scripts/pg-test-server.sh start DIR   creates DIR (must not exist, or be
#                                         empty), initdb into DIR/data,
#                                         starts the server, creates the
#                                         database "whosaid" and prints its
#                                         connection URI on standard output
#   scripts/pg-test-server.sh stop DIR    stops the server and removes DIR
#   scripts/pg-test-server.sh halt DIR    stops the server, keeps DIR
#   scripts/pg-test-server.sh restart DIR starts a halted one again
#   scripts/pg-test-server.sh bindir      prints the directory of pg_ctl
#
# initdb refuses to run as root: as root, the server's files belong to the
# unprivileged user "postgres" (created by the package) and its commands
# run under `runuser -u postgres`.  A start that fails removes DIR again.
# Callers stop it from their own exit trap.  Exit status 77 (with a notice)
# when the PostgreSQL binaries are absent.
set -eu

bindir() {
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

BIN=$(bindir) || {
    echo "SKIPPED: no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/pg_ctl);" \
        "scripts/install-deps.sh installs the postgresql package" >&2
    exit 77
}

# as_pg CMD...: runs CMD as the server's user
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}
[ "$cmd" = bindir ] && { echo "$BIN"; exit 0; }
[ $# -eq 2 ] || { echo "usage: $0 start|stop|halt|restart DIR | bindir" >&2; exit 2; }
DIR=$2
case $DIR in /*) ;; *) DIR=$(pwd)/$DIR ;; esac
# the server's user may not enter the caller's working directory
cd /

start_server() {
    # -k DIR: the socket lives in DIR; listen_addresses='': no TCP at all
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 60 \
        -o "-k $DIR -c listen_addresses='' -c max_connections=40 -c shared_buffers=128MB" \
        start >/dev/null
}

case "$cmd" in
start)
    mkdir -p "$DIR"
    [ -z "$(ls -A "$DIR")" ] || { echo "$0: $DIR is not empty" >&2; exit 2; }
    trap 'as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
    [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
    chmod 700 "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    start_server || { cat "$DIR/log" >&2; exit 1; }
    as_pg "$BIN/createdb" -h "$DIR" -U postgres whosaid
    trap - EXIT
    echo "postgresql:///whosaid?host=$DIR&user=postgres"
    ;;
stop)
    [ -d "$DIR/data" ] && as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
halt)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null
    ;;
restart)
    start_server
    ;;
*)
    echo "usage: $0 start|stop|halt|restart DIR | bindir" >&2
    exit 2
    ;;
esac
