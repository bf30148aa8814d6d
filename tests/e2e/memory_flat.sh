# Memory does not grow with the number of documents (issue 7): the peak
# resident memory of a run over 10x the documents stays within 1.3x (plus
# 8 MiB) of the run over 1x, on one thread and on two.  The documents are
# the example feed repeated, so every one is extracted for real.  A ratio,
# not a time: deterministic enough on any machine.  Under AddressSanitizer
# the quarantine of freed memory is kept small, or it alone would grow.
. "$(dirname "$0")/lib.sh"
FEED="$(dirname "$0")/../../examples/feed.txt"
python3 - "$FEED" "$TMP/x1.txt" "$TMP/x10.txt" <<'PY'
import sys
feed = [l for l in open(sys.argv[1], encoding='utf8').read().split('\n') if l.strip()]
for path, n in ((sys.argv[2], 3000), (sys.argv[3], 30000)):
    with open(path, 'w', encoding='utf8') as f:
        for i in range(n):
            f.write(feed[i % len(feed)] + '\n')
PY
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4"
for threads in 1 2; do
    python3 - "$WHOSAID" "$threads" "$TMP/x1.txt" "$TMP/x10.txt" <<'PY' || fail "memory grows with the number of documents ($threads threads)"
import resource, subprocess, sys
exe, threads, x1, x10 = sys.argv[1:]
def peak(path):
    # each run in a fresh child of a fresh interpreter: RUSAGE_CHILDREN
    # then holds that one run's peak
    code = ('import resource,subprocess,sys;'
            'r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL).returncode;'
            'assert r==0,r;print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)')
    out = subprocess.run([sys.executable, '-c', code, exe, 'extract', '--input', 'lines',
                          '--threads', threads, path], capture_output=True, text=True, check=True)
    return int(out.stdout)
a, b = peak(x1), peak(x10)
print('peak RSS, %s thread(s): 3000 documents %d KiB, 30000 documents %d KiB (ratio %.2f)'
      % (threads, a, b, b / a))
sys.exit(0 if b <= 1.3 * a + 8192 else 1)
PY
done
exit 0
