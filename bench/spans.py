#!/usr/bin/env python3
"""Where predicted contents go wrong: for each gold attribution of a
PolNeAR split whose cue a predicted attribution shares (a common token),
how the predicted content differs from the gold one, after dropping
punctuation and quotation marks from both ends as the scorers do.

usage: bench/spans.py GOLD_DIR PRED_DIR
   e.g. build/whosaid extract --input text --format brat --out P ../shared/data/polnear/dev/text/*.txt
        bench/spans.py ../shared/data/polnear/dev P

Classes (each gold content counted once):
  exact            the same tokens (what content_exact counts)
  two parts        same first and last token, different tokens between
                   (an interrupted quotation: the marks inside it, or the
                   words between the parts)
  no overlap       not one token in common (another clause or sentence)
  start/end        early (the prediction starts before / ends after the
                   gold content), late, or ok; then how far, in tokens
Also: gold contents over more than one sentence, and the words most often
missed or added at each end.
"""
import collections, glob, os, re, sys

EDGE = set('.,;:!?"\'\u201c\u201d\u2018\u2019\xab\xbb()[]{}-\u2013\u2014\u2026*')
TOKEN = re.compile(r'\w+|[^\w\s]')


def load(path):
    spans, atts = {}, []
    for line in open(path, encoding='utf8'):
        p = line.rstrip('\n').split('\t')
        if len(p) < 2:
            continue
        if p[0].startswith('T'):
            label, _, ranges = p[1].partition(' ')
            try:
                spans[p[0]] = [tuple(map(int, r.split())) for r in ranges.split(';')]
            except ValueError:
                continue
        elif p[0].startswith('E'):
            roles = collections.defaultdict(list)
            for kv in p[1].split():
                k, _, v = kv.partition(':')
                if v in spans:
                    roles[re.sub(r'\d+$', '', k)] += spans[v]
            atts.append(roles)
    return [a for a in atts if a.get('Content') or a.get('Cue')]


def tokens(text, ranges):
    out = []
    for a, b in sorted(ranges):
        out += [(a + m.start(), m.group()) for m in TOKEN.finditer(text[a:b])]
    while out and out[0][1] in EDGE:
        out.pop(0)
    while out and out[-1][1] in EDGE:
        out.pop()
    return out


def sentences(text, a, b):
    return len(re.findall(r'[.?!]["\u201d\u2019]?\s+(?=["\u201c]?[A-Z])|\n', text[a:b]))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    gold_dir, pred_dir = sys.argv[1:]
    n = collections.Counter()
    words = collections.defaultdict(collections.Counter)
    for gp in sorted(glob.glob(gold_dir + '/attributions/*.ann')):
        base = os.path.basename(gp)
        name = base[:base.rfind('_')]
        if n['_' + name]:
            continue  # the first annotator's file only
        n['_' + name] = 1
        text = open(gold_dir + '/text/' + name + '.txt', encoding='utf8').read()
        pp = pred_dir + '/' + name + '.ann'
        preds = load(pp) if os.path.exists(pp) else []
        for g in load(gp):
            gt = tokens(text, g.get('Content', []))
            if not gt:
                continue
            n['gold contents'] += 1
            cue = {t[0] for t in tokens(text, g.get('Cue', []))}
            p = next((p for p in preds if cue & {t[0] for t in tokens(text, p.get('Cue', []))}), None)
            if p is None:
                n['cue not found'] += 1
                continue
            pt = tokens(text, p.get('Content', []))
            n['cue found'] += 1
            if not pt:
                n['  no content'] += 1
                continue
            gs, ge, ps, pe = gt[0][0], gt[-1][0], pt[0][0], pt[-1][0]
            if [t[0] for t in gt] == [t[0] for t in pt]:
                n['  exact'] += 1
                continue
            if sentences(text, gs, ge):
                n['  (wrong, gold content over several sentences)'] += 1
            if not {t[0] for t in gt} & {t[0] for t in pt}:
                n['  no overlap'] += 1
                continue
            if gs == ps and ge == pe:
                n['  two parts'] += 1
                continue
            sd, ed = (ps > gs) - (ps < gs), (pe > ge) - (pe < ge)
            name_of = {0: 'ok', 1: 'late', -1: 'early'}
            n['  start %s, end %s' % (name_of[sd], name_of[ed])] += 1
            for side, d, lo, hi in (('start', sd, min(gs, ps), max(gs, ps)), ('end', ed, min(ge, pe), max(ge, pe))):
                if not d:
                    continue
                k = len(TOKEN.findall(text[lo:hi]))
                n['    %s off by %s tokens' % (side, k if k < 4 else '4-8' if k < 9 else '9+')] += 1
            if sd > 0:
                words['start late, missing'][' '.join(t[1] for t in gt if t[0] < ps)[:24]] += 1
            if sd < 0:
                words['start early, extra'][' '.join(t[1] for t in pt if t[0] < gs)[:24]] += 1
            if ed < 0:
                words['end early, missing'][' '.join(t[1] for t in gt if t[0] > pe)[:24]] += 1
            if ed > 0:
                words['end late, extra'][' '.join(t[1] for t in pt if t[0] > ge)[:24]] += 1
    for k in ['gold contents', 'cue not found', 'cue found', '  no content', '  exact', '  two parts',
              '  no overlap'] + sorted(k for k in n if k.startswith('  start')) + \
             sorted(k for k in n if k.startswith('    ')) + ['  (wrong, gold content over several sentences)']:
        print('%6d  %s' % (n[k], k))
    for k, c in words.items():
        print('%s (%d): %s' % (k, sum(c.values()), ', '.join('%r %d' % w for w in c.most_common(8))))


if __name__ == '__main__':
    main()
