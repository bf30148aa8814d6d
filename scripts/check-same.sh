#!/bin/sh
# check-same.sh -- is the extraction and the store byte-identical to another
# commit's?  For refactors: builds REF (default 579c62c) in a git worktree
# under build/ref-REF (kept, so a second run only checks) and compares, with
# this checkout's build/whosaid:
#   - the seed feed (--input lines), PolNeAR dev and train as text files and
#     as one JSON lines file, JSON lines output, with 1, 2 and 3 threads;
#   - PolNeAR dev as BRAT and as a table;
#   - an ingest of dev (text files and the seed feed): every table's rows,
#     hashed (documents.ingested, a clock reading, left out).
# Reads ../shared (SHARED=...).  Exit 0 when all is identical, 1 otherwise.
#
#   scripts/check-same.sh [REF]
set -eu
cd "$(dirname "$0")/.."
REF=${1:-579c62c}
SHARED=${SHARED:-../shared}
NEW=$(pwd)/build/whosaid
[ -x "$NEW" ] || { echo "check-same: build/whosaid missing: run make" >&2; exit 1; }
[ -d "$SHARED/data/polnear" ] || { echo "check-same: $SHARED/data/polnear missing" >&2; exit 1; }
SHARED=$(cd "$SHARED" && pwd)

REFDIR=$(pwd)/build/ref-$REF
if [ ! -x "$REFDIR/build/whosaid" ]; then
    rm -rf "$REFDIR"
    git worktree prune
    git worktree add --detach "$REFDIR" "$REF" >/dev/null
    make -C "$REFDIR" -j2 build/whosaid >/dev/null
fi
OLD=$REFDIR/build/whosaid
ODATA=$REFDIR/data
NDATA=$(pwd)/data

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 - "$SHARED/data/polnear" "$T" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
for split in ("dev", "train"):
    d = os.path.join(src, split, "text")
    with open(os.path.join(out, split + ".jsonl"), "w", encoding="utf-8") as f:
        for n in sorted(os.listdir(d)):
            with open(os.path.join(d, n), encoding="utf-8", newline="") as g:
                f.write(json.dumps({"id": n, "text": g.read(), "date": "2024-10-01"}) + "\n")
PY

fails=0
same() { # NAME ARGS...: runs both binaries with ARGS, compares standard output
    name=$1; shift
    "$OLD" "$@" --data "$ODATA" >"$T/old" 2>"$T/olderr" || true
    "$NEW" "$@" --data "$NDATA" >"$T/new" 2>"$T/newerr" || true
    if cmp -s "$T/old" "$T/new"; then
        echo "same  $name ($(wc -l <"$T/new") lines)"
    else
        echo "DIFF  $name"; diff "$T/old" "$T/new" | head -5; fails=$((fails + 1))
    fi
}
SEED="$SHARED/seed/000_4ecd10820ece11c0.txt"
for th in 1 2 3; do
    same "seed lines, $th threads" extract --input lines --date 2025-04-05 --threads $th "$SEED"
    for split in dev train; do
        same "$split text, $th threads" extract --input text --threads $th "$SHARED/data/polnear/$split/text/"*.txt
        same "$split jsonl, $th threads" extract --threads $th "$T/$split.jsonl"
    done
done
same "dev table" extract --input text --format table "$SHARED/data/polnear/dev/text/"*.txt
mkdir -p "$T/bo" "$T/bn"
"$OLD" extract --input text --format brat --out "$T/bo" --data "$ODATA" "$SHARED/data/polnear/dev/text/"*.txt
"$NEW" extract --input text --format brat --out "$T/bn" --data "$NDATA" "$SHARED/data/polnear/dev/text/"*.txt
if diff -r "$T/bo" "$T/bn" >/dev/null; then echo "same  dev brat"; else echo "DIFF  dev brat"; fails=$((fails + 1)); fi

dump() { # DB: every table's rows, in a fixed order, without clock readings
    for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'statements_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
        cols=$(sqlite3 "$1" "SELECT group_concat(name, ',') FROM pragma_table_info('$t') WHERE name <> 'ingested'")
        echo "== $t"
        sqlite3 "$1" "SELECT $cols FROM $t ORDER BY $cols"
    done
    echo "== fts"
    sqlite3 "$1" "SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'said OR ukraine OR minister' ORDER BY rowid"
}
for b in old new; do
    bin=$OLD; data=$ODATA
    [ $b = new ] && { bin=$NEW; data=$NDATA; }
    "$bin" ingest --db "$T/$b.db" --data "$data" --input text "$SHARED/data/polnear/dev/text/"*.txt >/dev/null 2>&1
    "$bin" ingest --db "$T/$b.db" --data "$data" --input lines --date 2025-04-05 "$SEED" >/dev/null 2>&1
    dump "$T/$b.db" >"$T/$b.dump"
done
if cmp -s "$T/old.dump" "$T/new.dump"; then
    echo "same  ingest of dev and the seed ($(wc -l <"$T/new.dump") rows, $(sha256sum <"$T/new.dump" | cut -c1-16))"
else
    echo "DIFF  ingest"; diff "$T/old.dump" "$T/new.dump" | head -5; fails=$((fails + 1))
fi
[ $fails = 0 ] && { echo "check-same: identical to $REF"; exit 0; }
echo "check-same: $fails differences from $REF"
exit 1
