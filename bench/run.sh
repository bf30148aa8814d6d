#!/bin/sh
# bench/run.sh -- how fast whosaid extract reads, next to `wc -w` and peers.
#
#   bench/run.sh            (about 3-5 minutes on 2 cores)
#
# Builds ~100 MB of input from ../shared/data/polnear/train/text/*.txt,
# repeated, as text files (one document a file) and as one JSON-lines file,
# in bench/out/ (gitignored).  Then, REPS times, on the same bytes in the
# same run: `wc -w`, `whosaid extract` (output to /dev/null) on 1 and on 2
# threads, for both inputs.  Prints medians of wall time, MB/s, the ratio
# of whosaid's time to wc -w's, CPU seconds and peak memory (/usr/bin/time).
# Then peak memory at 100 MB and 400 MB of JSON lines read from a pipe
# (streaming), and the JavaScript peers (bench/peers.js) on a sample of the
# same text, where npm can install them into bench/node_modules.
#
# Settings: BENCH_REPS (3), BENCH_COPIES (26 copies of the 3.9 MB corpus),
# WHOSAID_SHARED (../shared), BENCH_EXTRACT (more options for every
# `whosaid extract`, e.g. --no-model for the rules alone).  Timings on a shared machine are noisy: the
# ratios measured in the same run are what to compare.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${WHOSAID_SHARED:-$ROOT/../shared}
OUT=bench/out
REPS=${BENCH_REPS:-3}
COPIES=${BENCH_COPIES:-26}
X=${BENCH_EXTRACT:-}
SRC=$SHARED/data/polnear/train/text
[ -d "$SRC" ] || { echo "bench: $SRC not found (set WHOSAID_SHARED)" >&2; exit 1; }
export LC_ALL=C.UTF-8

if [ ! -x /usr/bin/time ]; then
    echo "bench: installing the Debian package 'time' for /usr/bin/time"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y time >/dev/null
fi
make -s build/whosaid
W=$ROOT/build/whosaid

# ---- input: text files and one JSON-lines file, same documents
mkdir -p $OUT
if [ ! -f $OUT/.made-$COPIES ]; then
    rm -rf $OUT/text $OUT/all.jsonl $OUT/.made-*
    r=0
    while [ $r -lt $COPIES ]; do
        r=$((r + 1))
        mkdir -p $OUT/text/$r
        i=0
        for f in "$SRC"/*.txt; do i=$((i + 1)); cp "$f" $OUT/text/$r/$i.txt; done
    done
    python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
with open(os.path.join(out, "all.jsonl"), "w", encoding="utf-8") as o:
    for r in sorted(os.listdir(os.path.join(out, "text")), key=int):
        d = os.path.join(out, "text", r)
        for f in sorted(os.listdir(d), key=lambda x: int(x[:-4])):
            t = open(os.path.join(d, f), "rb").read().decode("utf-8", "replace")
            o.write(json.dumps({"id": r + "/" + f, "text": t}, ensure_ascii=False) + "\n")
PY
    touch $OUT/.made-$COPIES
fi
TEXT_BYTES=$(cat $OUT/text/*/*.txt | wc -c)
JSONL_BYTES=$(wc -c < $OUT/all.jsonl)
NDOCS=$(ls $OUT/text/*/*.txt | wc -l)
echo "input: $NDOCS documents; text files $TEXT_BYTES bytes, JSON lines $JSONL_BYTES bytes"
[ -z "$X" ] || echo "extract options: $X"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $REPS runs each, medians"

# t NAME CMD...: runs CMD under /usr/bin/time, appends "NAME wall cpu rss_kb"
T=$OUT/times
: > $T
t() {
    name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o $OUT/t.one "$@" > /dev/null 2>$OUT/t.err || {
        rc=$?; [ $rc -eq 2 ] || { echo "bench: $name failed ($rc)"; cat $OUT/t.err; exit 1; }; }
    awk -v n="$name" '{print n, $1, $2 + $3, $4}' $OUT/t.one >> $T
}
set -- $OUT/text/*/*.txt
n=0
while [ $n -lt $REPS ]; do
    n=$((n + 1))
    t wc_text wc -w "$@"
    t ws1_text $W extract $X --input text "$@"
    t ws2_text $W extract $X --input text --threads 2 "$@"
    t wc_jsonl wc -w $OUT/all.jsonl
    t ws1_jsonl $W extract $X --input jsonl $OUT/all.jsonl
    t ws2_jsonl $W extract $X --input jsonl --threads 2 $OUT/all.jsonl
done

# memory: 100 MB and 400 MB of JSON lines through a pipe
t mem100 sh -c "cat $OUT/all.jsonl | $W extract $X --input jsonl -"
t mem400 sh -c "cat $OUT/all.jsonl $OUT/all.jsonl $OUT/all.jsonl $OUT/all.jsonl | $W extract $X --input jsonl -"

med() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' $T | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo
printf '%-28s %8s %8s %9s %8s %9s %9s\n' run wall_s MB/s "x wc -w" cpu_s "cpu x wc" peak_MB
for input in text jsonl; do
    [ $input = text ] && B=$TEXT_BYTES || B=$JSONL_BYTES
    wc_s=$(med wc_$input 2)
    wc_c=$(med wc_$input 3)
    for r in wc ws1 ws2; do
        s=$(med ${r}_$input 2)
        case $r in wc) label="wc -w";; ws1) label="whosaid";; ws2) label="whosaid --threads 2";; esac
        awk -v l="$label ($input)" -v s="$s" -v b="$B" -v w="$wc_s" -v c="$(med ${r}_$input 3)" \
            -v m="$(med ${r}_$input 4)" -v wc="$wc_c" \
            'BEGIN {printf "%-28s %8.2f %8.1f %9.2f %8.2f %9.2f %9.1f\n", l, s, b / s / 1e6, s / w, c, c / wc, m / 1024}'
    done
    awk -v a="$(med ws1_$input 2)" -v b="$(med ws2_$input 2)" -v ca="$(med ws1_$input 3)" -v cb="$(med ws2_$input 3)" \
        -v i=$input 'BEGIN {printf "threads 2 / threads 1 (%s): %.2fx wall; CPU seconds %.2f vs %.2f\n", i, a / b, cb, ca}'
done
for m in mem100 mem400; do
    awk -v n=$m '$1 == n {printf "peak memory, %s MB of JSON lines from a pipe: %.1f MB (%.1f s)\n", substr(n, 4), $4 / 1024, $2}' $T
done

# ---- peers on a sample of the same text
echo
if [ ! -d bench/node_modules/wink-nlp ] || [ ! -d bench/node_modules/compromise ]; then
    (cd bench && npm install --no-audit --no-fund >/dev/null 2>&1) || true
fi
if [ -d bench/node_modules/wink-nlp ] && [ -d bench/node_modules/compromise ] && command -v node >/dev/null; then
    ws_mbs=$(awk -v s="$(med ws1_text 2)" -v b=$TEXT_BYTES 'BEGIN {print b / s / 1e6}')
    ls "$SRC"/*.txt | head -100 > $OUT/sample_wink
    ls "$SRC"/*.txt | head -10 > $OUT/sample_compromise
    for p in wink compromise; do
        node bench/peers.js $p $(cat $OUT/sample_$p) > $OUT/peer.$p
        wsb=$(cat $(cat $OUT/sample_$p) | wc -c)
        /usr/bin/time -f "%e" -o $OUT/t.one $W extract --input text $(cat $OUT/sample_$p) > /dev/null
        awk -v w="$ws_mbs" -v ws="$(awk '{print $1 < 0.01 ? 0.01 : $1}' $OUT/t.one)" \
            '{printf "%-10s %8d bytes in %6.2f s: %6.3f MB/s (%.3f MB/s of CPU); whosaid: same files %.2f s (>= %.0fx; 0.01 s resolution), its 100 MB rate %.0fx\n", $1, $2, $3, $2 / $3 / 1e6, $2 / $4 / 1e6, ws, $3 / ws, w / ($2 / $3 / 1e6)}' $OUT/peer.$p
    done
else
    echo "peers: skipped (npm could not install wink-nlp / compromise into bench/node_modules)"
fi
