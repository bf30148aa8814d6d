# The store on PostgreSQL: the seed's acceptance checks of store_seed.sh
# (stemmed search with a speaker filter, the speaker registry, idempotent
# re-ingest), then the same outputs as SQLite on the same data: search
# with every filter, speakers, timeline, in every format, same order; and
# a changed document (same id, other text) has its statements replaced,
# the speakers' and the topics' counts with them.
. "$(dirname "$0")/lib.sh"
need_shared pg_seed
. "$(dirname "$0")/pg.inc"
SEED="$SHARED/seed/000_4ecd10820ece11c0.txt"
cd "$TMP" || fail "tmp"
"$WHOSAID" ingest --db "$PGURI" --input lines --date 2025-04-05 "$SEED" >out 2>err || fail "ingest: $(cat err)"
grep -q "ingested 3[0-9] documents (3[0-9] new, 0 changed, 0 unchanged)" out || fail "ingest summary: $(cat out)"
"$WHOSAID" search --db "$PGURI" peacekeepers --speaker Meloni --format jsonl >s.jsonl || fail "search"
python3 - s.jsonl <<'PY' || fail "search peacekeepers --speaker Meloni: $(cat s.jsonl)"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
lines = {}
for r in rows:
    assert r["speaker"]["name"] == "Giorgia Meloni", r
    lines.setdefault(int(r["doc"].rsplit(":", 1)[1]), []).append(r)
assert set(lines) == {18, 21}, sorted(lines)
assert any(r["date"] == "2025-03-15" for r in lines[18]), lines[18]
dates = [r["sort_date"] for r in rows]
assert dates == sorted(dates, reverse=True), dates
PY
"$WHOSAID" search --db "$PGURI" peacekeepers --speaker Meloni >table || fail "search table"
grep -q "2025-03-15.*Giorgia Meloni.*peacekeeping" table || fail "table: line 18 dated 2025-03-15"
"$WHOSAID" speakers --db "$PGURI" --format jsonl >sp.jsonl || fail "speakers"
[ "$(grep -c '"name":"Volodymyr Zelensky"' sp.jsonl)" = 1 ] || fail "Volodymyr Zelensky not listed once"
grep -q '"name":"Volodymyr Zelensky","statements":4,' sp.jsonl || fail "Zelensky: 4 statements expected: $(grep Zelensky sp.jsonl)"
grep -q '"name":"Zelensky"' sp.jsonl && fail "surname-only Zelensky listed apart"
pg_tables "$PGURI" >before
[ "$(grep -c '^statements ' before)" -gt 20 ] || fail "few statements: $(grep -c '^statements ' before)"
"$WHOSAID" ingest --db "$PGURI" --input lines --date 2025-04-05 "$SEED" >out2 || fail "second ingest"
grep -q "(0 new, 0 changed, 3[0-9] unchanged), 0 statements stored" out2 || fail "second ingest: $(cat out2)"
pg_tables "$PGURI" >after
cmp -s before after || fail "second ingest changed the tables: $(diff before after | head -5)"
"$WHOSAID" speakers --db "$PGURI" --format jsonl | cmp -s - sp.jsonl || fail "speakers changed after the second ingest"
# the repeated Peskov quote (lines 3 and 4): one cluster, two occurrences
[ "$(psqlq "$PGURI" "SELECT max(occurrences) FROM clusters")" -ge 2 ] || fail "no cluster with two occurrences"

# The same data in SQLite: every query gives the same output on both.
"$WHOSAID" ingest --db lite.db --input lines --date 2025-04-05 "$SEED" >/dev/null 2>&1 || fail "sqlite ingest"
topic=$(sed -n 's/^\[\(.*\)\]$/\1/p' "$ROOT/data/topics.txt" | head -1)
n=0
same() { # CMD ARGS...: the output of whosaid CMD --db ... ARGS on both backends
    n=$((n + 1))
    cmd=$1
    shift
    "$WHOSAID" "$cmd" --db lite.db "$@" >lite.$n 2>&1
    lrc=$?
    "$WHOSAID" "$cmd" --db "$PGURI" "$@" >pg.$n 2>&1
    prc=$?
    [ "$lrc" = "$prc" ] || fail "$cmd $*: exit $lrc on SQLite, $prc on PostgreSQL: $(cat pg.$n)"
    cmp -s lite.$n pg.$n || fail "$cmd $*: SQLite and PostgreSQL differ:
$(diff lite.$n pg.$n | head -8)"
}
for fmt in jsonl table csv; do
    same search --format "$fmt"
    same search peacekeepers --format "$fmt"
    same search peacekeepers --speaker Meloni --format "$fmt"
    same search ceasefire --format "$fmt"
    same search "peace*" --format "$fmt"
    same search --speaker Zelensky --format "$fmt"
    same search --speaker zelensky --kind direct --format "$fmt"
    same search --since 2025-03-01 --until 2025-03-31 --format "$fmt"
    same search --until 2025-03-10 --format "$fmt"
    same search --topic "$topic" --format "$fmt"
    same search --topic "$topic" --speaker Meloni --since 2025-01-01 --format "$fmt"
    same search --kind indirect --limit 5 --format "$fmt"
    same search "said peace" --limit 3 --format "$fmt"
    same search --speaker "nobody at all" --format "$fmt"
    same speakers --format "$fmt"
    same speakers Zelensky --format "$fmt"
    same speakers kremlin --format "$fmt"
    for by in day week month; do
        same timeline --by $by --format "$fmt"
        same timeline ceasefire --by $by --format "$fmt"
        same timeline --speaker Zelensky --by $by --format "$fmt"
        same timeline --topic "$topic" --by $by --format "$fmt"
    done
done
[ "$(wc -l <pg.1)" -gt 20 ] || fail "search gave few rows: $(wc -l <pg.1)"
# the other scheme libpq takes, postgres://, reaches the same database
alt=$(echo "$PGURI" | sed 's|^postgresql://|postgres://|')
[ "$alt" != "$PGURI" ] || fail "no postgres:// URI"
"$WHOSAID" search --db "$alt" peacekeepers --speaker Meloni --format jsonl >alt.jsonl 2>err || fail "postgres:// search: $(cat err)"
cmp -s s.jsonl alt.jsonl || fail "postgres:// gives other rows: $(head -c 300 alt.jsonl)"
"$WHOSAID" ingest --db "$alt" --input lines --date 2025-04-05 "$SEED" >out3 2>err || fail "postgres:// ingest: $(cat err)"
grep -q "(0 new, 0 changed, 3[0-9] unchanged)" out3 || fail "postgres:// ingest: $(cat out3)"
same search --kind nonsense
same search --since 2025-13-45

# a changed document replaces its statements
ch=$(new_db changed)
printf '%s\n' '{"id":"f1","date":"2025-05-02","text":"\"We will rebuild the harbour,\" Mayor Ann Berg said. \"The ferry runs again in June,\" Berg added."}' >f1.jsonl
"$WHOSAID" ingest --db "$ch" f1.jsonl >/dev/null 2>err || fail "ingest f1: $(cat err)"
[ "$(psqlq "$ch" "SELECT count(*) FROM statements")" = 2 ] || fail "f1: two statements expected"
printf '%s\n' '{"id":"f1","date":"2025-05-02","text":"\"We will never rebuild the pier,\" Mayor Ann Berg said."}' >f1.jsonl
"$WHOSAID" ingest --db "$ch" f1.jsonl >out 2>err || fail "ingest f1 changed: $(cat err)"
grep -q "(0 new, 1 changed, 0 unchanged)" out || fail "changed document not seen: $(cat out)"
[ "$(psqlq "$ch" "SELECT string_agg(content, '|') FROM statements")" = "We will never rebuild the pier" ] ||
    fail "changed document: statements not replaced: $(psqlq "$ch" "SELECT content FROM statements")"
[ "$(psqlq "$ch" "SELECT statements FROM documents WHERE doc = 'f1'")" = 1 ] || fail "the document's count after replace"
[ "$(psqlq "$ch" "SELECT statements FROM speakers WHERE name = 'Ann Berg'")" = 1 ] || fail "speaker count after replace"
"$WHOSAID" search --db "$ch" harbour --format jsonl >out || fail "search harbour"
[ ! -s out ] || fail "the replaced statement is still found: $(cat out)"
exit 0
