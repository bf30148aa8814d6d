#!/bin/sh
# bench/clusters.sh -- repeats a few words apart (src/cluster/near.c).
# Extracts PolNeAR train (seven outlets on the same campaign), then counts
# the statements that repeat another (share its cluster) under exact keys
# (the same words, case and punctuation aside) and under whosaid's
# clusters, and prints a sample of clustered pairs for checking by hand:
# those joined only by near.c first, then pairs with the same words.
#
#   bench/clusters.sh [SAMPLE] [SEED]     (default 100 pairs, seed 16)
set -eu
cd "$(dirname "$0")/.."
SHARED=${WHOSAID_SHARED:-$(cd .. && pwd)/shared}
make -s build/whosaid >/dev/null
T=$SHARED/data/polnear/train/text
if [ ! -d "$T" ]; then
    echo "SKIPPED: bench/clusters.sh reads $T, which is absent" >&2
    exit 0
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
build/whosaid extract --input text "$T"/*.txt >"$OUT/pred.jsonl"
/usr/bin/python3 - "$OUT/pred.jsonl" "${1:-100}" "${2:-16}" <<'PY'
import json, random, re, sys
from collections import defaultdict
st = [json.loads(l) for l in open(sys.argv[1], encoding='utf8')]
def words(s):
    t = s['content']['text'] + (' ' + s['content2']['text'] if s.get('content2') else '')
    return ' '.join(re.findall(r"\w+", t.casefold()))
exact, near = defaultdict(list), defaultdict(list)
for i, s in enumerate(st):
    exact[words(s)].append(i)
    near[s['cluster']].append(i)
rep = lambda g: sum(len(v) for v in g.values() if len(v) > 1)
print('statements: %d' % len(st))
print('repeats (in a cluster of two or more), exact keys: %d in %d clusters'
      % (rep(exact), sum(1 for v in exact.values() if len(v) > 1)))
print('repeats, whosaid clusters:                  %d in %d clusters'
      % (rep(near), sum(1 for v in near.values() if len(v) > 1)))
pairs, exact_pairs = [], []
for v in near.values():
    for a in range(len(v)):
        for b in range(a + 1, len(v)):
            (exact_pairs if words(st[v[a]]) == words(st[v[b]]) else pairs).append((v[a], v[b]))
print('pairs in one cluster: %d with the same words, %d joined beyond exact keys'
      % (len(exact_pairs), len(pairs)))
joined = set(i for p in pairs for i in p)
alone = set(i for v in exact.values() if len(v) == 1 for i in v)
print('statements that repeat another only with near-repeats: %d' % len(joined & alone))
# the sample: every pair joined beyond exact keys when there are fewer
# than SAMPLE, the rest pairs with the same words
random.seed(int(sys.argv[3]))
want = int(sys.argv[2])
near_s = sorted(random.sample(pairs, min(want, len(pairs))))
exact_s = sorted(random.sample(exact_pairs, min(want - len(near_s), len(exact_pairs))))
for n, (a, b) in enumerate(near_s + exact_s):
    print('--- %d %s %s | %s' % (n + 1, 'near' if n < len(near_s) else 'exact', st[a]['doc'], st[b]['doc']))
    print('  A: ' + words(st[a]))
    print('  B: ' + words(st[b]))
PY
