#!/bin/sh
# bench/quality.sh -- the reproducible quality report: the seed feed's score
# and the PolNeAR dev figures, measured by both scorers (whosaid eval and
# ../shared/tools/attrib_eval.py, which must agree): linked P/R/F1 and per
# role (cue, source, content) exact and overlap P/R/F1; then the gold
# attributions missed, by category (bench/misses.py), so that the next
# round starts from numbers.  The exact commands are printed before their
# output.
#
#   bench/quality.sh              build/whosaid (built first with make)
#   WHOSAID=path bench/quality.sh another binary
#   SPLIT=train bench/quality.sh  another PolNeAR split (dev by default)
#   EXAMPLES=3 bench/quality.sh    that many missed attributions shown a category
#
# Figures only: nothing here fails on a number (tests/e2e/eval_regression.sh
# guards the floor).  Needs ../shared (or WHOSAID_SHARED) and python3.
set -eu
cd "$(dirname "$0")/.."
SHARED=${WHOSAID_SHARED:-$(cd .. && pwd)/shared}
SPLIT=${SPLIT:-dev}
if [ -z "${WHOSAID:-}" ]; then
    make -s build/whosaid >/dev/null
    WHOSAID=build/whosaid
fi
[ -d "$SHARED/seed" ] || { echo "quality.sh: $SHARED is absent" >&2; exit 1; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
run() { echo "\$ $*"; "$@"; }

echo "== seed feed"
echo "\$ $WHOSAID extract --input lines --date 2025-04-05 $SHARED/seed/000_4ecd10820ece11c0.txt > seed.jsonl"
"$WHOSAID" extract --input lines --date 2025-04-05 "$SHARED/seed/000_4ecd10820ece11c0.txt" >"$OUT/seed.jsonl"
run python3 "$SHARED/tools/seed_check.py" "$SHARED/seed/gold.jsonl" "$OUT/seed.jsonl"

GOLD=$SHARED/data/polnear/$SPLIT
echo
echo "== PolNeAR $SPLIT, whosaid eval"
run "$WHOSAID" eval "$GOLD"
echo
echo "== PolNeAR $SPLIT, reference scorer"
echo "\$ $WHOSAID extract --input text --format brat --out P $GOLD/text/*.txt"
"$WHOSAID" extract --input text --format brat --out "$OUT/P" "$GOLD"/text/*.txt
run python3 "$SHARED/tools/attrib_eval.py" "$GOLD" "$OUT/P"
echo
echo "== PolNeAR $SPLIT, the gold attributions missed, by category"
run /usr/bin/python3 bench/misses.py "$GOLD" "$OUT/P" "$SHARED/data/polnear/$SPLIT.conllu" data/cues.learned.tsv \
    --examples "${EXAMPLES:-0}"
