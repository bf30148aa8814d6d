# titles_dated.sh on PostgreSQL: a title alone resolved from the database
# at the statement's date, and the registry's titles over time.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pg.inc"
DB=$(new_db titles)
. "$ROOT/tests/e2e/titles_dated.sh"
