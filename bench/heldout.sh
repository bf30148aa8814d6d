#!/bin/sh
# bench/heldout.sh -- how well the extractor does on articles its learned
# cue statistics never saw: trains `whosaid train` on PolNeAR train minus
# every Kth article (sorted by name, so every outlet is in both parts),
# extracts the held-out ones with that model, and scores them with
# `whosaid eval`.  Dev figures that do not carry over to unseen articles
# do not count; this is the check.
#
#   bench/heldout.sh [K]      hold out every Kth train article (4: 210)
#   MODEL=opt bench/heldout.sh  with the optional model (data/attrib.filter.model.tsv), retrained
set -eu
cd "$(dirname "$0")/.."
SHARED=${WHOSAID_SHARED:-$(cd .. && pwd)/shared}
K=${1:-4}
make -s build/whosaid >/dev/null
T=$SHARED/data/polnear/train
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$OUT/data" "$OUT/gold/text" "$OUT/gold/attributions"
cp data/*.tsv data/*.txt "$OUT/data/"
ls "$T/text" | sort | awk -v k="$K" 'NR % k == 0' >"$OUT/names"
while read -r f; do
    ln -s "$T/text/$f" "$OUT/gold/text/$f"
    for a in "$T/attributions/${f%.txt}"_*.ann; do ln -s "$a" "$OUT/gold/attributions/"; done
done <"$OUT/names"
# the token file without the held-out articles
python3 - "$SHARED/data/polnear/train.tokens.tsv" "$OUT/names" "$OUT/train-rest.tsv" <<'PY'
import sys
held = set(l.strip()[:-4] for l in open(sys.argv[2]))
keep = True
with open(sys.argv[3], 'w', encoding='utf8') as out:
    for line in open(sys.argv[1], encoding='utf8'):
        if line.startswith('# doc '):
            keep = line[6:].strip() not in held
        if keep or line.startswith('# start'):
            out.write(line)
PY
build/whosaid train "$OUT/train-rest.tsv" --out "$OUT/data/cues.learned.tsv"
# the word classes too, from the CoNLL-U file without the held-out articles
if [ -f data/pos.classes.tsv ]; then
python3 - "$SHARED/data/polnear/train.conllu" "$OUT/names" "$OUT/train-rest.conllu" <<'PY'
import sys
held = set(l.strip()[:-4] for l in open(sys.argv[2]))
keep = True
with open(sys.argv[3], 'w', encoding='utf8') as out:
    for line in open(sys.argv[1], encoding='utf8'):
        if line.startswith('# newdoc id = '):
            keep = line[14:].strip() not in held
        if keep:
            out.write(line)
PY
build/whosaid train --pos "$OUT/train-rest.conllu" --out "$OUT/data/pos.classes.tsv"
fi
# the statement model too (data/attrib.model.tsv, or with MODEL=opt the
# option data/attrib.filter.model.tsv), learned on the other articles
if [ -f data/attrib.model.tsv ]; then
mkdir -p "$OUT/rest/text" "$OUT/rest/attributions"
ls "$T/text" | sort | awk -v k="$K" 'NR % k != 0' >"$OUT/rest-names"
while read -r f; do
    ln -s "$T/text/$f" "$OUT/rest/text/$f"
    for a in "$T/attributions/${f%.txt}"_*.ann; do ln -s "$a" "$OUT/rest/attributions/"; done
done <"$OUT/rest-names"
rm -f "$OUT/data/attrib.model.tsv"
if [ "${MODEL:-}" = opt ]; then FILTER=--filter-rules; else FILTER=; fi
build/whosaid train --model "$OUT/rest" $FILTER --data "$OUT/data" --out "$OUT/data/attrib.model.tsv"
else
: >"$OUT/data/rules-only" # no model shipped: the rules alone, said so
fi
# and the content boundaries (data/content.model.tsv), over what that gives
# (never the shipped one: it learned from the held-out articles)
rm -f "$OUT/data/content.model.tsv"
if [ -d "$OUT/rest" ]; then
    build/whosaid train --span "$OUT/rest" --data "$OUT/data" --out "$OUT/data/content.model.tsv"
fi
# and the source boundaries (data/source.model.tsv), after both
rm -f "$OUT/data/source.model.tsv"
if [ -d "$OUT/rest" ]; then
    build/whosaid train --source "$OUT/rest" --data "$OUT/data" --out "$OUT/data/source.model.tsv"
fi
echo "\$ whosaid eval ($(wc -l <"$OUT/names") PolNeAR train articles, every ${K}th, cue statistics (and model) learned without them)"
build/whosaid eval "$OUT/gold" --data "$OUT/data" | tail -3
