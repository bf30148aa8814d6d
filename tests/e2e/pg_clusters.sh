# clusters_ingest.sh on PostgreSQL: near repeats join the cluster an
# earlier ingest stored.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.inc"
DB=$(new_db clusters)
. "$ROOT/tests/e2e/clusters_ingest.sh"
