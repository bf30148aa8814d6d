#!/bin/sh
# bench/python.sh -- the Python module's Extractor.extract_many next to the
# command line, on bench/run.sh's text, in the same run.
#
#   bench/python.sh            (about 2-4 minutes on 2 cores)
#
# The input is bench/run.sh's: ../shared/data/polnear/train/text/*.txt
# repeated BENCH_COPIES times (26: ~100 MB) as one file a document in
# bench/out/text/ (made here the way bench/run.sh makes it, when missing).
# REPS times each, on the same files: `wc -w`; `whosaid extract --input
# text` on 1 and 2 threads (output to /dev/null); /usr/bin/python3 reading
# each file and iterating Extractor.extract_many over the documents on 1
# and 2 threads (every statement built as a dict and dropped).  Prints
# medians of wall time and CPU seconds, and the ratios the issue asks for:
# the module's single-threaded throughput as a share of the command
# line's, and its speed-up on two threads.
#
# Settings: BENCH_REPS (3), BENCH_COPIES (26), WHOSAID_SHARED (../shared),
# WHOSAID_PYTHON (/usr/bin/python3).  The machine is shared: compare the
# ratios of one run, and look at the load printed with them.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${WHOSAID_SHARED:-$ROOT/../shared}
OUT=bench/out
REPS=${BENCH_REPS:-3}
COPIES=${BENCH_COPIES:-26}
PY=${WHOSAID_PYTHON:-/usr/bin/python3}
SRC=$SHARED/data/polnear/train/text
[ -d "$SRC" ] || { echo "bench: $SRC not found (set WHOSAID_SHARED)" >&2; exit 1; }
export LC_ALL=C.UTF-8
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
make -s build/whosaid python
W=$ROOT/build/whosaid
export PYTHONPATH=$ROOT/build/python

# ---- input: bench/run.sh's text files (and its JSON lines, so that its
# marker stays true for it)
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
    $PY - "$OUT" <<'PY'
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

# the module's run: the files read one by one, as the command line reads
# them, into extract_many; prints the number of statements
cat > $OUT/py_extract.py <<'PY'
import sys
import whosaid

threads = int(sys.argv[1])
files = sys.argv[2:]
ex = whosaid.Extractor()


def docs():
    for f in files:
        with open(f, "rb") as fh:
            yield {"id": f, "text": fh.read()}


n = 0
for s in ex.extract_many(docs(), threads=threads):
    n += 1
print(n)
PY

set -- $OUT/text/*/*.txt
BYTES=$(cat "$@" | wc -c)
echo "input: $# documents, $BYTES bytes of text (bench/run.sh's)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $REPS runs each, medians"

# the same statements: the module's count equals the command line's lines
cli_n=$($W extract --input text "$@" | wc -l)
py_n=$($PY $OUT/py_extract.py 1 "$@")
[ "$cli_n" -eq "$py_n" ] || { echo "bench: the module gave $py_n statements, the command line $cli_n" >&2; exit 1; }
echo "statements: $cli_n (module and command line)"

T=$OUT/py_times
: > $T
t() {
    name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o $OUT/t.one "$@" > /dev/null 2>$OUT/t.err || {
        echo "bench: $name failed"; cat $OUT/t.err; exit 1; }
    awk -v n="$name" '{print n, $1, $2 + $3, $4}' $OUT/t.one >> $T
}
n=0
while [ $n -lt $REPS ]; do
    n=$((n + 1))
    t wc wc -w "$@"
    t cli1 $W extract --input text "$@"
    t py1 $PY $OUT/py_extract.py 1 "$@"
    t cli2 $W extract --input text --threads 2 "$@"
    t py2 $PY $OUT/py_extract.py 2 "$@"
done

med() { awk -v n="$1" -v c="$2" '$1 == n {print $c}' $T | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo
printf '%-36s %8s %8s %9s %8s %9s\n' run wall_s MB/s "x wc -w" cpu_s peak_MB
for r in wc cli1 cli2 py1 py2; do
    case $r in
    wc) label="wc -w";;
    cli1) label="whosaid extract";;
    cli2) label="whosaid extract --threads 2";;
    py1) label="extract_many (threads=1)";;
    py2) label="extract_many (threads=2)";;
    esac
    awk -v l="$label" -v s="$(med $r 2)" -v b="$BYTES" -v w="$(med wc 2)" -v c="$(med $r 3)" -v m="$(med $r 4)" \
        'BEGIN {printf "%-36s %8.2f %8.1f %9.2f %8.2f %9.1f\n", l, s, b / s / 1e6, s / w, c, m / 1024}'
done
echo
awk -v c1="$(med cli1 2)" -v p1="$(med py1 2)" -v c1c="$(med cli1 3)" -v p1c="$(med py1 3)" \
    'BEGIN {printf "module throughput / command line (1 thread): %.0f%% wall, %.0f%% CPU (target >= 80%%)\n", 100 * c1 / p1, 100 * c1c / p1c}'
awk -v p1="$(med py1 2)" -v p2="$(med py2 2)" -v c1="$(med cli1 2)" -v c2="$(med cli2 2)" \
    'BEGIN {printf "threads 2 / threads 1: module %.2fx, command line %.2fx (target >= 1.6x)\n", p1 / p2, c1 / c2}'
