# Speakers as a reader of the output meets them: names without their
# honorifics, a tag in the affiliation, a pronoun that agrees, a title alone
# resolved to the person the article names with it; and a broken
# given-names file named by FILE:LINE.
. "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")/../.." && pwd)/data
cat >"$TMP/a.txt" <<'TXT'
Councillor June Abara (D-Eastside) said the library would stay open. Mayor Victor Lutz said the budget was tight. "We found the money," she said.
TXT
cat >"$TMP/b.txt" <<'TXT'
Police said the bridge was unsafe. Inspector Mark Tolle said repairs would take a month. "Nobody crosses until then," they said. Interior Minister Hana Varga said the army would help. The interior minister said troops were on the way.
TXT
"$WHOSAID" extract --input text "$TMP/a.txt" "$TMP/b.txt" >"$TMP/out.jsonl" || fail "extract exited $?"
cat "$TMP/out.jsonl"
speaker_of() { # CONTENT -> the speaker's JSON
    grep -F "\"text\":\"$1\"" "$TMP/out.jsonl" | sed 's/.*"speaker":\({[^}]*}\).*/\1/'
}
[ "$(speaker_of 'the library would stay open')" = '{"name":"June Abara","title":"Councillor","affiliation":"D-Eastside"}' ] \
    || fail "June Abara: $(speaker_of 'the library would stay open')"
[ "$(speaker_of 'We found the money')" = '{"name":"June Abara","title":"Councillor","affiliation":"D-Eastside"}' ] \
    || fail "she: $(speaker_of 'We found the money')"
speaker_of 'Nobody crosses until then' | grep -q '"name":"Police"' || fail "they: $(speaker_of 'Nobody crosses until then')"
speaker_of 'troops were on the way' | grep -q '"name":"Hana Varga","title":"Interior Minister"' \
    || fail "the interior minister: $(speaker_of 'troops were on the way')"
# a broken line of the given names is reported with its file and line
mkdir "$TMP/data"
cp "$D"/*.tsv "$D"/*.txt "$TMP/data/"
printf 'anna\tf\nbernd\tx\n' >"$TMP/data/given_names.tsv"
"$WHOSAID" extract --data "$TMP/data" --input text "$TMP/a.txt" >/dev/null 2>"$TMP/err" && fail "a broken given_names.tsv was accepted"
grep -q "given_names.tsv:2: the gender is not m, f or u" "$TMP/err" || fail "no FILE:LINE: $(cat "$TMP/err")"
echo "ok - speakers"
