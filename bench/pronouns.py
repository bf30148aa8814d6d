"""Scores pronoun sources against PolNeAR's coreference chains (see
bench/pronouns.sh).  Usage: pronouns.py DEV.conllu PRED.jsonl"""
import json
import re
import os
import sys

VERBOSE = os.environ.get('VERBOSE')

PRON = {'he', 'she', 'they', 'it', 'him', 'her', 'them', 'his', 'its', 'their',
        'i', 'we', 'you'}


def read_conllu(path):
    """{doc: (pronoun sources [(start, end, word, chain)], chains {k: [mention text]})}"""
    docs = {}
    doc = None
    sent = []

    def flush():
        if doc is None or not sent:
            return
        srcs, chains = docs[doc]
        for i, t in enumerate(sent):
            m = t['misc']
            k = m.get('Coref') or m.get('CorefRep')
            if k and 'CorefSpan' in m:
                a, b = map(int, m['CorefSpan'].split('-'))
                words = [x['form'] for x in sent[a - 1:b]]
                chains.setdefault(k, []).append(' '.join(words))
            role = m.get('Role', '')
            nxt = sent[i + 1]['misc'].get('Role', '') if i + 1 < len(sent) else ''
            if role == 'B-SOURCE' and nxt != 'I-SOURCE' and t['form'].lower() in PRON and k:
                srcs.append((int(m['Start']), int(m['End']), t['form'], k))

    for line in open(path, encoding='utf8'):
        line = line.rstrip('\n')
        if line.startswith('# newdoc id = '):
            flush()
            sent = []
            doc = line[len('# newdoc id = '):]
            docs[doc] = ([], {})
        elif not line:
            flush()
            sent = []
        elif not line.startswith('#'):
            f = line.split('\t')
            if '-' in f[0] or '.' in f[0]:
                continue
            misc = dict(x.split('=', 1) for x in f[9].split('|') if '=' in x)
            sent.append({'form': f[1], 'misc': misc})
    flush()
    return docs


def main():
    docs = read_conllu(sys.argv[1])
    pred = {}
    for line in open(sys.argv[2], encoding='utf8'):
        s = json.loads(line)
        if s.get('source'):
            d = re.sub(r'\.txt$', '', s['doc'])
            pred[(d, s['source']['start'])] = s
    total = named = extracted = right = wrong = unresolved = 0
    for d, (srcs, chains) in docs.items():
        for start, end, word, k in srcs:
            total += 1
            others = [m for m in chains.get(k, []) if m.lower() not in PRON]
            if not others:
                continue
            named += 1
            s = pred.get((d, start))
            if not s or s['source']['end'] != end:
                continue
            extracted += 1
            name = (s['speaker'] or {}).get('name') or ''
            if not name or name.lower() == word.lower():
                unresolved += 1
                continue
            last = name.split()[-1].lower()
            if any(last in m.lower().split() for m in others):
                right += 1
            else:
                wrong += 1
                if VERBOSE:
                    print('WRONG %s %s -> %r; chain %r' % (d[:40], word, name, others[:4]))
    pct = lambda a, b: '%.1f%%' % (100.0 * a / b) if b else '-'
    print('pronoun sources in dev: %d; in a chain with a name or noun: %d; extracted: %d'
          % (total, named, extracted))
    print('resolved to a mention of their chain: %d (%s)' % (right, pct(right, extracted)))
    print('resolved to another speaker (wrong):  %d (%s)' % (wrong, pct(wrong, extracted)))
    print('left unresolved:                      %d (%s)' % (unresolved, pct(unresolved, extracted)))


main()
