# Shared by the end-to-end scripts: $WHOSAID is the binary under test.
# A script exits 0 (passed), 77 (skipped, with a notice) or else (failed).
set -u
: "${WHOSAID:?WHOSAID must name the whosaid binary}"
SHARED=${WHOSAID_SHARED:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
need_shared() {
    if [ ! -d "$SHARED/seed" ]; then
        echo "SKIPPED: $1 reads $SHARED, which is absent here (CI has it)" >&2
        exit 77
    fi
}
