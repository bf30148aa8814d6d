# The Python module (python/, issue 15): its pytest suite in tests/python
# against this build's whosaid.  Runs in the build without sanitizers only:
# a library built with AddressSanitizer inside the interpreter would need
# libasan preloaded into python3 itself.  Skips with a notice where Debian's
# python3 lacks pytest (python3-pytest) or the module was not built.
. "$(dirname "$0")/lib.sh"
PY=${WHOSAID_PYTHON:-/usr/bin/python3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BDIR=$(dirname "$WHOSAID")
case "$BDIR" in
*/build-san | *-san)
    echo "SKIPPED: the Python tests run in the build without sanitizers (make test), not in $BDIR" >&2
    exit 77 ;;
esac
if ! "$PY" -c 'import pytest' 2>/dev/null; then
    echo "SKIPPED: $PY has no pytest (Debian: apt-get install python3-pytest)" >&2
    exit 77
fi
if ! ls "$BDIR"/python/whosaid*.so >/dev/null 2>&1; then
    if [ -f "$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
        fail "no Python module in $BDIR/python (make python)"
    fi
    echo "SKIPPED: no Python module in $BDIR/python: $PY has no Python.h (Debian: python3-dev)" >&2
    exit 77
fi
cd "$ROOT" || exit 1
WHOSAID_SHARED=$SHARED PYTHONPATH="$BDIR/python${PYTHONPATH:+:$PYTHONPATH}" \
    "$PY" -m pytest -q -p no:cacheprovider tests/python || fail "pytest failed"
