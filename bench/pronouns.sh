#!/bin/sh
# bench/pronouns.sh -- how often a pronoun source gets the right speaker.
# On PolNeAR dev: every gold source that is a lone pronoun (he, she, they,
# it, ...) and belongs to a coreference chain (silver, CoreNLP) with a
# mention that is not a pronoun.  Of those that whosaid extracts with that
# source, the share whose speaker is a mention of the chain (its last word
# in one of the chain's other mentions), the share given another speaker
# (wrong) and the share left as the pronoun (unresolved).
#
#   bench/pronouns.sh [WHOSAID]     (default build/whosaid)
set -eu
cd "$(dirname "$0")/.."
SHARED=${WHOSAID_SHARED:-$(cd .. && pwd)/shared}
BIN=${1:-build/whosaid}
[ "$BIN" = build/whosaid ] && make -s build/whosaid >/dev/null
D=$SHARED/data/polnear
if [ ! -f "$D/dev.conllu" ]; then
    echo "SKIPPED: bench/pronouns.sh reads $D, which is absent" >&2
    exit 0
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$BIN" extract --input text "$D"/dev/text/*.txt >"$OUT/pred.jsonl"
/usr/bin/python3 bench/pronouns.py "$D/dev.conllu" "$OUT/pred.jsonl"
