# `whosaid eval` and the reference scorer (../shared/tools/attrib_eval.py)
# agree to the third decimal on every figure of the PolNeAR dev split:
# once on the extractor's own output, once on predictions made by
# perturbing the gold (shifted offsets, dropped sources, dropped and
# duplicated attributions), which reach the corners of the definitions.
. "$(dirname "$0")/lib.sh"
need_shared "eval_agrees"
DEV=$SHARED/data/polnear/dev
[ -d "$DEV/text" ] || { echo "SKIPPED: eval_agrees needs $DEV" >&2; exit 77; }
command -v python3 >/dev/null || { echo "SKIPPED: eval_agrees needs python3" >&2; exit 77; }

compare() { # compare REFERENCE.json OURS.json
    python3 - "$1" "$2" <<'PY'
import json, sys
ref, ours = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
def walk(a, b, path):
    if isinstance(a, dict):
        for k in a:
            if k not in b: bad.append(path + k + ' missing'); continue
            walk(a[k], b[k], path + k + '.')
    elif isinstance(a, list):
        if len(a) != len(b): bad.append(path + ' length'); return
        for i, (x, y) in enumerate(zip(a, b)): walk(x, y, path + str(i) + '.')
    elif isinstance(a, int) and not isinstance(a, bool):
        if a != b: bad.append('%s %r != %r' % (path, a, b))
    elif abs(a - b) >= 0.0005:
        bad.append('%s %r != %r' % (path, a, b))
walk(ref, ours, '')
if bad:
    sys.exit('disagree: ' + '; '.join(bad))
PY
}

"$WHOSAID" extract --input text --format brat --out "$TMP/P" "$DEV"/text/*.txt || fail "extract exited $?"
# the reference's figures (--json) and its table, from one run of it
python3 - "$SHARED/tools" "$DEV" "$TMP/P" "$TMP/ref.json" "$TMP/ref.txt" <<'PY' || fail "attrib_eval.py failed"
import contextlib, json, sys
tools, dev, pred, out_json, out_txt = sys.argv[1:6]
sys.path.insert(0, tools)
import attrib_eval as m
res = m.evaluate(dev, pred)
with open(out_json, 'w') as f:
    f.write(json.dumps(res))
m.evaluate = lambda *a: res
sys.argv = ['attrib_eval.py', dev, pred]
with open(out_txt, 'w') as f, contextlib.redirect_stdout(f):
    m.main()
PY
"$WHOSAID" eval "$DEV" --json >"$TMP/ours.json" || fail "eval exited $?"
compare "$TMP/ref.json" "$TMP/ours.json" || fail "eval (extracting) and attrib_eval.py disagree"
"$WHOSAID" eval "$DEV" --pred "$TMP/P" --json >"$TMP/ours2.json" || fail "eval --pred exited $?"
compare "$TMP/ref.json" "$TMP/ours2.json" || fail "eval --pred and attrib_eval.py disagree"

# the table too: same layout, last line "linked F1 X"
"$WHOSAID" eval "$DEV" --pred "$TMP/P" >"$TMP/ours.txt" || fail "eval exited $?"
cmp -s "$TMP/ref.txt" "$TMP/ours.txt" || { diff "$TMP/ref.txt" "$TMP/ours.txt" >&2; fail "tables differ"; }

python3 - "$DEV" "$TMP/Q" <<'PY' || fail "could not perturb the gold"
import os, random, sys
gold, out = sys.argv[1], sys.argv[2]
rnd = random.Random(7)
os.makedirs(out)
d = os.path.join(gold, 'attributions')
for f in sorted(os.listdir(d)):
    res = []
    for l in open(os.path.join(d, f), encoding='utf8').read().split('\n'):
        p = l.split('\t')
        if l.startswith('T') and len(p) >= 2:
            typ, _, rng = p[1].partition(' ')
            parts = []
            for r in rng.split(';'):
                a, b = map(int, r.split())
                a += rnd.randint(-4, 4) if rnd.random() < 0.4 else 0
                b += rnd.randint(-4, 4) if rnd.random() < 0.4 else 0
                parts.append('%d %d' % (max(a, 0), max(b, 0)))
            p[1] = typ + ' ' + ';'.join(parts)
        elif l.startswith('E'):
            if rnd.random() < 0.15: continue
            if rnd.random() < 0.15: p[1] = ' '.join(x for x in p[1].split() if not x.startswith('Source'))
            if rnd.random() < 0.1: res.append('\t'.join(p))
        res.append('\t'.join(p))
    with open(os.path.join(out, f.rsplit('_', 1)[0] + '.ann'), 'w', encoding='utf8') as g:
        g.write('\n'.join(res))
PY
python3 "$SHARED/tools/attrib_eval.py" "$DEV" "$TMP/Q" --json >"$TMP/ref3.json" || fail "attrib_eval.py failed"
"$WHOSAID" eval "$DEV" --pred "$TMP/Q" --json >"$TMP/ours3.json" || fail "eval --pred exited $?"
compare "$TMP/ref3.json" "$TMP/ours3.json" || fail "eval and attrib_eval.py disagree on perturbed gold"
exit 0
