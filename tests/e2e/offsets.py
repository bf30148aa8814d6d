"""Checks whosaid's JSON lines output against the input it was made from.

    python3 offsets.py OUT MODE FILE...      MODE: lines | text | jsonl

Rebuilds every document the way whosaid reads it (lines: each non-empty
line, a final CR dropped, id FILE:LINE; text: the whole file, id its base
name; jsonl: the "text" of each object, id its "id" or FILE:LINE), with
each byte that is not valid UTF-8 read as one U+FFFD, then checks every
statement: its document exists, and for content, content2, cue and source
0 <= start <= end <= len(text) and text == document[start:end] in code
points.  Prints "DOCS <ids with statements>" and exits 1 on any mismatch.
"""
import codecs
import json
import os
import sys


def one_per_byte(exc):
    return ('\ufffd', exc.start + 1)


codecs.register_error('ws-one-per-byte', one_per_byte)


def decode(b):
    return b.decode('utf-8', errors='ws-one-per-byte')


def docs_of(mode, path):
    data = open(path, 'rb').read()
    if mode == 'text':
        return {os.path.basename(path): decode(data)}
    out = {}
    for i, line in enumerate(data.split(b'\n'), 1):
        if mode == 'lines':
            if line.endswith(b'\r'):
                line = line[:-1]
            if line.strip(b' \t\r\f\v'):
                out['%s:%d' % (path, i)] = decode(line)
        else:
            try:
                o = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(o, dict) and isinstance(o.get('text'), str):
                i_d = o.get('id')
                key = i_d if isinstance(i_d, str) and i_d else str(i_d) if isinstance(i_d, int) else '%s:%d' % (path, i)
                # jansson reads the same code points; invalid ones cannot occur in JSON text
                out[key] = o['text']
    return out


def main():
    out, mode, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    docs = {}
    for f in files:
        docs.update(docs_of(mode, f))
    seen = set()
    bad = 0
    with open(out, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            r = json.loads(line)
            d = r['doc']
            if d not in docs:
                print('line %d: unknown document %r' % (n, d))
                bad += 1
                continue
            seen.add(d)
            t = docs[d]
            for k in ('content', 'content2', 'cue', 'source'):
                s = r.get(k)
                if s is None:
                    continue
                a, b = s['start'], s['end']
                if not (0 <= a <= b <= len(t)) or t[a:b] != s['text']:
                    print('line %d: %s [%d,%d) %r != %r' % (n, k, a, b, s['text'][:40], t[a:b][:40]))
                    bad += 1
    print('DOCS ' + ' '.join(sorted(seen)))
    sys.exit(1 if bad else 0)


main()
