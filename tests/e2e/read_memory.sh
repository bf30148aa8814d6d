# Memory is bounded by the largest record read, not by the file or by a
# record that is skipped: a .warc.gz holding a 40 MB page (larger than
# --max-doc, so read past) peaks within 1.3x (plus 8 MiB) of the same file
# without it.  A ratio of peak resident sizes, not a time.
. "$(dirname "$0")/lib.sh"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
python3 - "$TMP/small.warc.gz" "$TMP/big.warc.gz" <<'PY' || fail "writing the WARC files"
import gzip, sys
def rec(block, uri):
    h = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
         "Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % (uri, len(block))).encode()
    return gzip.compress(h + block + b"\r\n\r\n", compresslevel=1)
def page(text):
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>" + text + b"</p></body></html>"
small = [rec(page(b"Page %d of the crawl, the test said, and it has a sentence or two." % i), "https://x.example/%d" % i)
         for i in range(50)]
open(sys.argv[1], "wb").write(b"".join(small))
big = rec(page(b"word " * (8 << 20)), "https://x.example/big")
open(sys.argv[2], "wb").write(b"".join(small[:25]) + big + b"".join(small[25:]))
PY
python3 - "$WHOSAID" "$TMP/small.warc.gz" "$TMP/big.warc.gz" <<'PY' || fail "memory grows with a skipped record"
import subprocess, sys
exe, small, big = sys.argv[1:]
def peak(path):
    code = ('import resource,subprocess,sys;'
            'r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);'
            'print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
    out = subprocess.run([sys.executable, "-c", code, exe, "read", "--max-doc", "1000000", path],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])
rc1, m1 = peak(small)
rc2, m2 = peak(big)
print("peak KiB: without the big record %d, with it %d" % (m1, m2))
assert rc1 == 0 and rc2 == 2, (rc1, rc2)
assert m2 <= m1 * 1.3 + 8192, (m1, m2)
PY
exit 0
