# --shard K/N: N extractions of the same inputs split the documents among
# them without overlap or gap (text lines and JSON lines), their
# statements together are the unsharded run's (but the speaker's name: the
# pipeline's surname window spans the documents of one process, so a shard
# may say "Solberg" where the whole run said "Ingrid Solberg"; the store's
# registry joins them at ingest), and a bad record is reported by exactly
# one shard.
. "$(dirname "$0")/lib.sh"
FEED="$(cd "$(dirname "$0")/../.." && pwd)/examples/feed.txt"
cd "$TMP" || fail "tmp"
[ -f "$FEED" ] || fail "examples/feed.txt missing"
# the same feed as JSON lines with ids, plus one bad line
python3 - "$FEED" feed.jsonl <<'PY' || fail "make jsonl"
import json, sys
out = open(sys.argv[2], "w")
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    if line.strip():
        out.write(json.dumps({"id": "n%d" % i, "text": line.strip(), "date": "2025-06-12"}) + "\n")
    if i == 3:
        out.write("{not json\n")
PY
# the statements without the speaker's resolved name, sorted
nospk() { python3 -c "
import sys, json
for l in sys.stdin:
    r = json.loads(l)
    r.pop('speaker', None)
    print(json.dumps(r, sort_keys=True))" | sort; }
docs() { python3 -c "import sys,json; [print(json.loads(l)['doc']) for l in sys.stdin]" | sort -u; }
"$WHOSAID" extract --input lines --date 2025-06-12 "$FEED" >all.txt.jsonl || fail "extract"
"$WHOSAID" extract --input jsonl feed.jsonl >all.jl.jsonl 2>/dev/null
[ $? -eq 2 ] || fail "unsharded jsonl: exit 2 expected (one bad line)"
docs <all.txt.jsonl >all.docs
[ "$(wc -l <all.docs)" -ge 5 ] || fail "too few documents with statements in $FEED"
for n in 1 2 3 7; do
    for kind in txt jl; do
        : >union.docs
        : >union.st
        : >errs
        k=0
        while [ $k -lt $n ]; do
            if [ $kind = txt ]; then
                "$WHOSAID" extract --shard $k/$n --input lines --date 2025-06-12 "$FEED" >s.jsonl 2>>errs ||
                    fail "extract --shard $k/$n"
            else
                "$WHOSAID" extract --shard $k/$n --input jsonl feed.jsonl >s.jsonl 2>>errs
                [ $? -le 2 ] || fail "extract --shard $k/$n jsonl"
            fi
            docs <s.jsonl >s.docs
            [ -z "$(comm -12 s.docs union.docs)" ] || fail "$kind shard $k/$n overlaps another"
            sort -u s.docs union.docs -o union.docs
            cat s.jsonl >>union.st
            k=$((k + 1))
        done
        docs <all.$kind.jsonl >want.docs
        cmp -s union.docs want.docs || fail "$kind: the $n shards do not cover every document"
        nospk <union.st >a
        nospk <all.$kind.jsonl >b
        cmp -s a b || fail "$kind: the statements of $n shards differ from the unsharded run's"
        if [ $kind = jl ]; then
            [ "$(grep -c 'not valid JSON' errs)" = 1 ] || fail "jsonl: the bad line reported $(grep -c 'not valid JSON' errs) times over $n shards"
        fi
    done
done
for bad in 3/3 -1/2 1/0 x 1/2/3; do
    "$WHOSAID" extract --shard "$bad" "$FEED" >/dev/null 2>err && fail "--shard $bad accepted"
    grep -q -- "--shard must be K/N" err || fail "--shard $bad: no clear error"
done
exit 0
