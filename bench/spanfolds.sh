#!/bin/sh
# bench/spanfolds.sh -- the content model (data/content.model.tsv) measured
# out of fold on the whole of PolNeAR train: the train articles in K folds
# by name (every Kth, as bench/heldout.sh holds out one of them); for each
# fold, `whosaid train --span` learns from the other folds and `whosaid
# eval` scores the fold with that content model and the shipped other
# models.  Prints each fold's linked count and F1 and the sum over all
# folds.  The folds together score all 19,834 gold attributions of train
# instead of heldout.sh's 4,780, which is what telling a change of 0.002
# from noise needs; the statement and source models here did see every
# fold, so compare two content models with it, not against heldout.sh.
#
#   bench/spanfolds.sh [K]     K folds (4)
set -eu
cd "$(dirname "$0")/.."
SHARED=${WHOSAID_SHARED:-$(cd .. && pwd)/shared}
K=${1:-4}
make -s build/whosaid >/dev/null
T=$SHARED/data/polnear/train
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
ls "$T/text" | sort >"$OUT/names"
k=0
while [ "$k" -lt "$K" ]; do
    mkdir -p "$OUT/$k/rest/text" "$OUT/$k/rest/attributions" "$OUT/$k/gold/text" "$OUT/$k/gold/attributions" "$OUT/$k/data"
    cp data/*.tsv data/*.txt "$OUT/$k/data/"
    awk -v k="$K" -v f="$k" '{ print (NR % k == f ? "gold" : "rest"), $0 }' "$OUT/names" | while read -r part f; do
        ln -s "$T/text/$f" "$OUT/$k/$part/text/$f"
        for a in "$T/attributions/${f%.txt}"_*.ann; do ln -s "$a" "$OUT/$k/$part/attributions/"; done
    done
    build/whosaid train --span "$OUT/$k/rest" --data "$OUT/$k/data" --out "$OUT/$k/data/content.model.tsv"
    build/whosaid eval "$OUT/$k/gold" --data "$OUT/$k/data" >"$OUT/$k/eval"
    k=$((k + 1))
done
echo "\$ whosaid eval of each of $K folds of PolNeAR train, the content model learned from the other folds"
k=0
while [ "$k" -lt "$K" ]; do
    awk -v f="$k" '/^attributions:/ { g = $2; p = $4; l = $6 }
        /^content_exact/ { ce = $4 }
        END { printf "fold %d  linked %d of %d gold, %d predicted  F1 %.4f  content exact F1 %s\n", f, l, g, p, 2 * l / (g + p), ce }' "$OUT/$k/eval"
    k=$((k + 1))
done | tee "$OUT/folds"
awk '{ l += $4; g += $6; p += $8 } END { printf "all     linked %d of %d gold, %d predicted  F1 %.4f\n", l, g, p, 2 * l / (g + p) }' "$OUT/folds"
