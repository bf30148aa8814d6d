#!/bin/sh
# bench/seeds.sh -- how far the statement model's figures move with the
# order its perceptrons see the samples in, nothing else changed: for each
# seed, the statement, content and source models are retrained from
# PolNeAR train with WHOSAID_TRAIN_SEED set (src/train/model_train.c),
# dev is scored with them, and bench/heldout.sh run with the same seed.
# A change whose gain lies inside this spread is not shown to be one.
#
#   bench/seeds.sh [SEEDS] [KS]   default SEEDS "0 1 2 3", KS "4 3 5"
set -eu
cd "$(dirname "$0")/.."
SHARED=${WHOSAID_SHARED:-$(cd .. && pwd)/shared}
SEEDS=${1:-0 1 2 3}
KS=${2:-4 3 5}
make -s build/whosaid >/dev/null
T=$SHARED/data/polnear/train
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for s in $SEEDS; do
    cp data/*.tsv data/*.txt "$OUT/"
    rm -f "$OUT/attrib.model.tsv" "$OUT/content.model.tsv" "$OUT/source.model.tsv"
    WHOSAID_TRAIN_SEED=$s build/whosaid train --model "$T" --data "$OUT" --out "$OUT/attrib.model.tsv" >/dev/null
    build/whosaid train --span "$T" --data "$OUT" --out "$OUT/content.model.tsv" >/dev/null
    build/whosaid train --source "$T" --data "$OUT" --out "$OUT/source.model.tsv" >/dev/null
    line="seed $s: dev $(build/whosaid eval "$SHARED/data/polnear/dev" --data "$OUT" | tail -2 | tr '\n' ' ')"
    for k in $KS; do
        h=$(WHOSAID_TRAIN_SEED=$s WHOSAID_SHARED="$SHARED" sh bench/heldout.sh "$k" | tail -2 | tr '\n' ' ')
        line="$line| heldout K=$k: $h"
    done
    echo "$line"
done
