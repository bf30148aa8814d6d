# Near repeats across ingests, as a tracker fed day by day meets them: a
# quote stored on Monday keeps its cluster id, and the same quote carried
# on later days with a word dropped, trimmed, or repeated word for word
# (stored by later ingests) joins that cluster; an unrelated quote does
# not; a changed document keeps its statements' cluster.  Sourced by
# pg_clusters.sh with DB set to a PostgreSQL URI.
if [ -z "${DB:-}" ]; then
    . "$(dirname "$0")/lib.sh"
    DB="$TMP/c.db"
fi
day() { # ID DATE TEXT -> ingests one document
    printf '{"id":"%s","date":"%s","text":"%s"}\n' "$1" "$2" "$3" >"$TMP/$1.jsonl"
    "$WHOSAID" ingest --db "$DB" --input jsonl "$TMP/$1.jsonl" >/dev/null 2>"$TMP/err" || fail "ingest $1: $(cat "$TMP/err")"
}
cluster_of() { # WORDS -> the cluster of the stored statement saying them
    "$WHOSAID" search --db "$DB" --format jsonl >"$TMP/all.jsonl" || fail "search"
    grep -F "\"text\":\"$1\"" "$TMP/all.jsonl" | head -1 | sed 's/.*"cluster":"\([0-9a-f]*\)".*/\1/'
}
day mon 2025-03-03 '\"We will rebuild every bridge in this region before the winter comes,\" Governor Tom Reyes said on Monday.'
first=$(cluster_of 'We will rebuild every bridge in this region before the winter comes')
[ -n "$first" ] || fail "no statement on Monday"
day tue 2025-03-04 '\"We will rebuild every bridge in this region before winter comes,\" Reyes told reporters.'
[ "$(cluster_of 'We will rebuild every bridge in this region before winter comes')" = "$first" ] \
    || fail "a word dropped, a day later: another cluster"
day wed 2025-03-05 'Reyes repeated his promise on Wednesday. \"We will rebuild every bridge in this region,\" he said.'
[ "$(cluster_of 'We will rebuild every bridge in this region')" = "$first" ] || fail "trimmed: another cluster"
day thu 2025-03-06 'The mayor of Linden said the shelters would close on Friday because the river had fallen.'
other=$(cluster_of 'the shelters would close on Friday because the river had fallen')
[ -n "$other" ] && [ "$other" != "$first" ] || fail "an unrelated statement joined: $other"
# two documents of one later ingest, a near repeat and an exact one
printf '%s\n%s\n' \
    '{"id":"fri1","date":"2025-03-07","text":"\"We will rebuild every single bridge in this region before the winter comes,\" the governor said."}' \
    '{"id":"fri2","date":"2025-03-07","text":"\"We will rebuild every bridge in this region before the winter comes,\" Reyes said again."}' \
    >"$TMP/fri.jsonl"
"$WHOSAID" ingest --db "$DB" --input jsonl "$TMP/fri.jsonl" >/dev/null 2>"$TMP/err" || fail "ingest fri: $(cat "$TMP/err")"
[ "$(cluster_of 'We will rebuild every single bridge in this region before the winter comes')" = "$first" ] \
    || fail "a word added: another cluster"
n=$(grep -c "\"cluster\":\"$first\"" "$TMP/all.jsonl")
[ "$n" = 5 ] || fail "the cluster holds $n statements, 5 expected: $(cat "$TMP/all.jsonl")"
# Monday's document changed: its statement keeps the cluster
day mon 2025-03-03 '\"We will rebuild every bridge in this region before the winter comes,\" Governor Tom Reyes said on Monday in Linden.'
[ "$(cluster_of 'We will rebuild every bridge in this region before the winter comes')" = "$first" ] \
    || fail "the changed document's statement left its cluster"
case $DB in postgres*) echo "ok - clusters across ingests (PostgreSQL)" ;; *) echo "ok - clusters across ingests (SQLite)" ;; esac
