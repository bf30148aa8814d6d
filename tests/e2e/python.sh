# The Python module (python/, issue 15): its pytest suite in tests/python
# against this build's whosaid and module.  A module built with the
# sanitizers runs with libasan and libubsan preloaded into python3 (the
# interpreter is not built with them), leak detection off: the memory
# tests, which read the resident set that ASan's quarantine inflates, and
# the pip install test skip there; the build without sanitizers runs them.
# Skips with a notice where Debian's python3 lacks pytest (python3-pytest)
# or Python.h (python3-dev).
. "$(dirname "$0")/lib.sh"
PY=${WHOSAID_PYTHON:-/usr/bin/python3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BDIR=$(dirname "$WHOSAID")
if ! "$PY" -c 'import pytest' 2>/dev/null; then
    echo "SKIPPED: $PY has no pytest (Debian: apt-get install python3-pytest)" >&2
    exit 77
fi
MOD=$(ls "$BDIR"/python/whosaid*.so 2>/dev/null | head -1)
if [ -z "$MOD" ]; then
    if [ -f "$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
        fail "no Python module in $BDIR/python (make python BUILD=$BDIR)"
    fi
    echo "SKIPPED: no Python module in $BDIR/python: $PY has no Python.h (Debian: python3-dev)" >&2
    exit 77
fi
if nm -D "$MOD" 2>/dev/null | grep -q __asan_init; then
    ASAN_LIB=$(cc -print-file-name=libasan.so)
    UBSAN_LIB=$(cc -print-file-name=libubsan.so)
    case "$ASAN_LIB$UBSAN_LIB" in
    /*/*) ;;
    *) echo "SKIPPED: the module is built with sanitizers but cc names no libasan.so to preload" >&2; exit 77 ;;
    esac
    echo "python: sanitizer build: $ASAN_LIB and $UBSAN_LIB preloaded into $PY, leak detection off"
    export LD_PRELOAD="$ASAN_LIB:$UBSAN_LIB" ASAN_OPTIONS=detect_leaks=0 WHOSAID_SANITIZED=1
fi
cd "$ROOT" || exit 1
WHOSAID_SHARED=$SHARED PYTHONPATH="$BDIR/python${PYTHONPATH:+:$PYTHONPATH}" \
    "$PY" -m pytest -q -rs -p no:cacheprovider tests/python || fail "pytest failed"
