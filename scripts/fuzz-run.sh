#!/bin/sh
# Runs each libFuzzer target given for SECONDS seconds:
#   scripts/fuzz-run.sh SECONDS build-fuzz/fuzz/fuzz_NAME...
# The working corpus of fuzz_NAME is fuzz/corpus-run/NAME/ (not committed),
# seeded from the small hand-made files in fuzz/corpus/NAME/ and, when
# ../shared is present, from the seed feed and some PolNeAR texts.  A crash,
# hang (-timeout), leak or sanitizer report stops that target; its input is
# written to fuzz/corpus-run/artifacts/ and the script fails.  The last
# lines of each run (executions, coverage) are printed.
set -u
SECONDS_EACH=${1:?usage: fuzz-run.sh SECONDS TARGET...}
shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${WHOSAID_SHARED:-$(cd "$ROOT/.." && pwd)/shared}
RUN="$ROOT/fuzz/corpus-run"
mkdir -p "$RUN/artifacts"
failed=0
passed=0

seed() { # NAME DIR: fills DIR with seeds from ../shared
    name=$1 dir=$2
    [ -d "$SHARED/seed" ] || return 0
    case "$name" in
    jsonl)
        cp "$SHARED"/seed/*.txt "$dir/" 2>/dev/null
        python3 - "$dir/polnear.jsonl" "$SHARED"/data/polnear/dev/text/*.txt <<'PY'
import json, sys
with open(sys.argv[1], 'w', encoding='utf8') as out:
    for p in sys.argv[2:6]:
        out.write(json.dumps({"id": p.rsplit('/', 1)[-1], "text": open(p, encoding='utf8').read(),
                              "date": "2016-10-01"}) + "\n")
PY
        ;;
    *)
        n=0
        for f in "$SHARED"/seed/*.txt; do
            [ -f "$f" ] || continue
            awk -v d="$dir" 'length($0) > 0 { print > (d "/seed_" NR ".txt") }' "$f"
        done
        for f in "$SHARED"/data/polnear/dev/text/*.txt; do
            [ -f "$f" ] || continue
            n=$((n + 1)); [ $n -le 12 ] || break
            cp "$f" "$dir/"
        done
        ;;
    esac
}

for bin in "$@"; do
    name=$(basename "$bin"); name=${name#fuzz_}
    dir="$RUN/$name"
    if [ ! -d "$dir" ]; then
        mkdir -p "$dir"
        seed "$name" "$dir"
    fi
    echo "== fuzz_$name: $SECONDS_EACH s, corpus $dir"
    log="$RUN/fuzz_$name.log"
    "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="$RUN/artifacts/${name}-" \
        "$dir" "$ROOT/fuzz/corpus/$name" >"$log" 2>&1
    rc=$?
    grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' "$log"
    if [ "$rc" -ne 0 ]; then
        echo "FAILED: fuzz_$name (exit $rc); see $log" >&2
        tail -40 "$log" >&2
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
