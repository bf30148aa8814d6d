#!/bin/sh
# Main text and metadata of `whosaid read --input html` against Mozilla
# Readability's reference (../shared/data/html/readability: 130 pages with
# expected.html and expected-metadata.json), and its speed next to
# Readability itself (npm @mozilla/readability with jsdom, installed into
# bench/node_modules from bench/package.json) in the same run, both
# single-threaded, with `wc -w` on the same pages as the yardstick.
#
#   sh bench/readability.sh            after `make`; SHARED=... to point elsewhere
#   SHOW_TITLES=1 sh bench/readability.sh   also list the titles that differ
set -eu
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DIR=$SHARED/data/html/readability
BIN=${BIN:-build/whosaid}
if [ ! -d "$DIR" ]; then
    echo "readability: skipped ($DIR is absent)"
    exit 0
fi
command -v node >/dev/null || { echo "readability: needs node"; exit 1; }
if [ ! -d bench/node_modules/@mozilla/readability ] || [ ! -d bench/node_modules/jsdom ]; then
    (cd bench && npm install --no-audit --no-fund >/dev/null 2>&1) || { echo "readability: npm install failed"; exit 1; }
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
now() { date +%s.%N; }
# warm the page cache, then time: wc -w, whosaid read (best of 3 each)
cat "$DIR"/*/source.html >/dev/null
best() { # best of three runs of "$@", seconds
    b=""
    for _ in 1 2 3; do
        t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now)
        b=$(echo "$t0 $t1 ${b:-999}" | awk '{d=$2-$1; print (d<$3)?d:$3}')
    done
    echo "$b"
}
wc_s=$(best wc -w "$DIR"/*/source.html)
ws_s=$(best "$BIN" read --quiet --input html "$DIR"/*/source.html)
"$BIN" read --quiet --input html "$DIR"/*/source.html >"$TMP/ours.jsonl" || true
node bench/readability.js "$DIR" "$TMP/ours.jsonl" --time-readability >"$TMP/report.txt"
cat "$TMP/report.txt"
rd_s=$(awk '/^readability_seconds/ {print $2}' "$TMP/report.txt")
rdo_s=$(awk '/^readability_seconds/ {print $6}' "$TMP/report.txt")
mb=$(cat "$DIR"/*/source.html | wc -c | awk '{printf "%.1f", $1/1e6}')
echo
echo "speed on $(ls -d "$DIR"/*/ | wc -l) pages ($mb MB), single-threaded:"
awk -v w="$wc_s" -v s="$ws_s" -v r="$rd_s" -v o="$rdo_s" 'BEGIN {
    printf "  wc -w                 %7.3f s\n", w
    printf "  whosaid read          %7.3f s  (%.1fx wc -w)\n", s, s / w
    printf "  jsdom + Readability   %7.3f s  (%.1fx wc -w; whosaid %.1fx faster)\n", r, r / w, r / s
    printf "  Readability alone     %7.3f s  (whosaid %.1fx faster than its extraction alone)\n", o, o / s
}'
