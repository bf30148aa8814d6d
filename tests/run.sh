#!/bin/sh
# Runs the unit test programs given as arguments, then every end-to-end
# script in tests/e2e, and closes with one line "N passed, N failed".
# BUILD names the build directory whose whosaid the scripts use.
BUILD=${BUILD:-build}
export WHOSAID="$(pwd)/$BUILD/whosaid"
pass=0
fail=0
skip=0
for t in "$@"; do
    if "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
for t in tests/e2e/*.sh; do
    case "$t" in */lib.sh) continue ;; esac
    echo "== $t"
    sh "$t"
    rc=$?
    if [ "$rc" -eq 0 ]; then pass=$((pass + 1))
    elif [ "$rc" -eq 77 ]; then skip=$((skip + 1))
    else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
echo "$BUILD: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
