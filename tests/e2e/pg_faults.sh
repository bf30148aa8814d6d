# Faults on PostgreSQL: an ingester killed with SIGKILL in the middle of
# a batch loses and duplicates nothing and a rerun completes the load; the
# server stopped in the middle of an ingest gives one clear error naming
# the document reached, exit status 1, and a rerun after a restart
# completes it; a wrong URI, database, user or password gives a one-line
# error and exit status 1, not a crash.
. "$(dirname "$0")/lib.sh"
need_shared pg_faults
. "$(dirname "$0")/pg.inc"
cd "$TMP" || fail "tmp"
# many documents (the seed's lines under many ids and dates), so that an
# ingest runs long enough to be interrupted
python3 - "$SHARED/seed/000_4ecd10820ece11c0.txt" <<'PY' || fail "corpus"
import json, sys
lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open("big.jsonl", "w") as o:
    for k in range(15000):
        o.write(json.dumps({"id": "d%d" % k, "text": lines[k % len(lines)],
                            "date": "2025-%02d-%02d" % (1 + k % 12, 1 + k % 28)}) + "\n")
PY
total=15000
ndocs() { psqlq "$1" "SELECT count(*) FROM documents" 2>/dev/null || echo 0; }
# each stored document has exactly its statements, each once
consistent() {
    bad=$(psqlq "$1" "SELECT count(*) FROM documents d WHERE d.statements <>
        (SELECT count(*) FROM statements s WHERE s.doc_id = d.id)") || fail "query"
    [ "$bad" = 0 ] || fail "$2: $bad documents whose statements are not all there"
    orphans=$(psqlq "$1" "SELECT count(*) FROM statements s WHERE NOT EXISTS
        (SELECT 1 FROM documents d WHERE d.id = s.doc_id)") || fail "query"
    [ "$orphans" = 0 ] || fail "$2: $orphans statements without their document"
}
# waits until DB holds some documents (at most 60 s) while PID runs
wait_some() {
    i=0
    while [ "$(ndocs "$1")" -lt 500 ]; do
        kill -0 "$2" 2>/dev/null || fail "the ingest ended before it could be interrupted: $(cat ingest.err)"
        i=$((i + 1))
        [ $i -lt 600 ] || fail "no documents stored after 60 s"
        sleep 0.1
    done
}

clean=$(new_db clean)
"$WHOSAID" ingest --db "$clean" --batch 500 big.jsonl >/dev/null 2>err || fail "clean ingest: $(cat err)"
[ "$(ndocs "$clean")" = $total ] || fail "clean ingest: $(ndocs "$clean") documents"
pg_tables "$clean" >clean.rows

# SIGKILL in the middle of the load
k=$(new_db killed)
"$WHOSAID" ingest --db "$k" --batch 500 big.jsonl >/dev/null 2>ingest.err &
pid=$!
wait_some "$k" $pid
kill -KILL $pid
wait $pid 2>/dev/null
got=$(ndocs "$k")
[ "$got" -lt $total ] || fail "the ingest was complete when killed"
consistent "$k" "after SIGKILL"
"$WHOSAID" ingest --db "$k" --batch 500 big.jsonl >rerun.out 2>err || fail "rerun after SIGKILL: $(cat err)"
grep -q "$got unchanged" rerun.out || fail "rerun after SIGKILL: $got documents were stored: $(cat rerun.out)"
pg_tables "$k" >killed.rows
cmp -s clean.rows killed.rows || fail "killed + rerun differs from a clean ingest: $(diff clean.rows killed.rows | head -5)"

# the server stopped in the middle of the load
s=$(new_db stopped)
"$WHOSAID" ingest --db "$s" --batch 500 big.jsonl >/dev/null 2>ingest.err &
pid=$!
wait_some "$s" $pid
"$PGCTL" halt "$PGDIR" || fail "halt the server"
wait $pid
rc=$?
[ $rc = 1 ] || fail "server stopped: exit $rc (1 expected): $(cat ingest.err)"
[ "$(wc -l <ingest.err)" = 1 ] || fail "server stopped: not one line: $(cat ingest.err)"
grep -q "document 'd[0-9]*'" ingest.err || fail "server stopped: the error names no document: $(cat ingest.err)"
grep -qi "sanitizer\|segmentation\|abort" ingest.err && fail "server stopped: a crash: $(cat ingest.err)"
"$PGCTL" restart "$PGDIR" || fail "restart the server"
consistent "$s" "after the server stopped"
"$WHOSAID" ingest --db "$s" --batch 500 big.jsonl >/dev/null 2>err || fail "rerun after restart: $(cat err)"
pg_tables "$s" >stopped.rows
cmp -s clean.rows stopped.rows || fail "stopped + rerun differs from a clean ingest: $(diff clean.rows stopped.rows | head -5)"

# wrong targets: one line, exit 1
psqlq "$PGURI" "CREATE ROLE ws_pw LOGIN PASSWORD 'right'" || fail "create role"
{ echo "local all ws_pw scram-sha-256"; cat "$PGDIR/data/pg_hba.conf"; } >hba
cp hba "$PGDIR/data/pg_hba.conf"
psqlq "$PGURI" "SELECT pg_reload_conf()" >/dev/null || fail "reload"
for uri in "postgresql:///nosuchdb?host=$PGDIR&user=postgres" \
           "postgresql:///whosaid?host=$PGDIR&user=nosuchuser" \
           "postgresql://ws_pw:wrong@/whosaid?host=$PGDIR" \
           "postgresql:///whosaid?host=$TMP/nowhere" \
           "postgres://[broken"; do
    for cmd in ingest search speakers timeline; do
        if [ $cmd = ingest ]; then
            "$WHOSAID" ingest --db "$uri" "$ROOT/examples/feed.txt" >/dev/null 2>err
        else
            "$WHOSAID" $cmd --db "$uri" >/dev/null 2>err
        fi
        rc=$?
        [ $rc = 1 ] || fail "$cmd --db $uri: exit $rc: $(cat err)"
        [ "$(wc -l <err)" = 1 ] || fail "$cmd --db $uri: not one line: $(cat err)"
        grep -q "^whosaid: " err || fail "$cmd --db $uri: $(cat err)"
    done
done
"$WHOSAID" search --db "postgresql://ws_pw:wrong@/whosaid?host=$PGDIR" >/dev/null 2>err
grep -q "password authentication failed" err || fail "wrong password: $(cat err)"
grep -q "wrong" err && fail "the password is printed: $(cat err)"
psqlq "$clean" "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ws_pw" || fail "grant"
"$WHOSAID" search --db "postgresql://ws_pw:right@/clean?host=$PGDIR" --limit 3 --format jsonl >out 2>err ||
    fail "the right password: $(cat err)"
[ "$(wc -l <out)" = 3 ] || fail "the right password: $(cat out)"
exit 0
