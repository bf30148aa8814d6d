# BRAT output: one .ann per text file, spans in code points that match the
# text, E lines tying each attribution together.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/text"
printf 'Café owners “are worried about rents,” Mayor Paul Dupont said.\n\nFinance Minister Ana Ruiz said the budget would be balanced by 2026.\n' >"$TMP/text/one.txt"
printf 'Nothing to see here.\n' >"$TMP/text/two.txt"
"$WHOSAID" extract --input text --format brat --out "$TMP/pred" "$TMP/text/one.txt" "$TMP/text/two.txt" || fail "extract exited $?"
[ -f "$TMP/pred/one.ann" ] && [ -f "$TMP/pred/two.ann" ] || fail "missing .ann files"
[ ! -s "$TMP/pred/two.ann" ] || fail "two.ann should be empty"
python3 - "$TMP/text/one.txt" "$TMP/pred/one.ann" <<'PY' || fail "spans do not match the text"
import sys
text = open(sys.argv[1], encoding='utf8').read()
spans, events = {}, 0
for line in open(sys.argv[2], encoding='utf8'):
    p = line.rstrip('\n').split('\t')
    if p[0].startswith('T'):
        kind, _, rng = p[1].partition(' ')
        parts = [tuple(map(int, r.split())) for r in rng.split(';')]
        got = ' '.join(text[a:b] for a, b in parts).replace('\n', ' ')
        assert got == p[2], (got, p[2])
        spans[p[0]] = kind
    elif p[0].startswith('E'):
        events += 1
        roles = dict(x.split(':') for x in p[1].split())
        assert {'Attribution', 'Cue', 'Content'} <= set(roles), roles
        assert all(t in spans for t in roles.values())
assert events == 2, events
PY
