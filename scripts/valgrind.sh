#!/bin/sh
# Runs the unit test programs, and the command line on the bundled example
# feed (one thread and two), under valgrind memcheck: any invalid access,
# use of uninitialised memory or leak fails the run.
#   scripts/valgrind.sh BUILD TEST_BINARY...
# The binaries must be a normal build (valgrind cannot run sanitizer builds).
# Ends with a line "N passed, N failed".
set -u
BUILD=${1:?usage: valgrind.sh BUILD TEST...}
shift
VG="valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes"
pass=0
fail=0
run() {
    echo "== valgrind $*"
    # shellcheck disable=SC2086
    $VG "$@" >/tmp/ws-valgrind.$$ 2>&1
    rc=$?
    if [ "$rc" -eq 99 ]; then
        fail=$((fail + 1)); cat /tmp/ws-valgrind.$$; echo "FAILED (memcheck): $*"
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
        fail=$((fail + 1)); tail -20 /tmp/ws-valgrind.$$; echo "FAILED (exit $rc): $*"
    else
        pass=$((pass + 1))
    fi
    rm -f /tmp/ws-valgrind.$$
}
for t in "$@"; do run "$t"; done
run "$BUILD/whosaid" extract --input lines --date 2025-04-05 examples/feed.txt
run "$BUILD/whosaid" extract --input lines --threads 2 --format table examples/feed.txt
run "$BUILD/whosaid" read examples/feed.xml examples/article.html
run "$BUILD/whosaid" extract examples/feed.xml examples/article.html
run "$BUILD/whosaid" extract --input jsonl tests/e2e/bad_input.sh
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
