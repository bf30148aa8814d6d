#!/bin/sh
# make check-link: the extraction-only program (linked with libwhosaid.a
# and its packages alone: Makefile's CORE_PKGS) needs no other library
# and writes what `whosaid extract` writes, on one thread and on two;
# it and the whosaid binary link one JSON library (jansson).
# usage: check.sh BUILD
B=${1:-build}
P="$B/link/extract_only"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "check-link: $*" >&2; exit 1; }
[ -x "$P" ] || fail "$P not built"
if ldd "$P" 2>/dev/null | grep -Eq 'sqlite|microhttpd'; then
    fail "$P is linked with $(ldd "$P" | grep -Eo 'lib(sqlite|microhttpd)[^ ]*' | tr '\n' ' ')"
fi
nm "$P" | grep -Eq ' [TtDdRr] (sqlite3_|MHD_)' && fail "$P holds SQLite or libmicrohttpd code"
# one JSON library, in the extraction library and in the whosaid binary
for b in "$P" "$B/whosaid"; do
    ldd "$b" 2>/dev/null | grep -q 'libjansson' || fail "$b is not linked with jansson"
    ldd "$b" 2>/dev/null | grep -Eiq 'cjson|json-c|yajl' && fail "$b is linked with a second JSON library"
done
for in in examples/feed.txt examples/feed.jsonl; do
    [ -f "$in" ] || continue
    for th in 1 2; do
        "$P" data "$in" 2025-06-12 $th >"$T/lib.out" || fail "$in, $th threads: exit status $?"
        "$B/whosaid" extract --date 2025-06-12 --threads $th "$in" >"$T/cli.out" || fail "whosaid extract $in"
        [ -s "$T/cli.out" ] || fail "no statements in $in"
        cmp -s "$T/lib.out" "$T/cli.out" || fail "$in, $th threads: differs from whosaid extract"
    done
done
echo "check-link: extraction links and runs without SQLite, libmicrohttpd and the assets"
