#!/usr/bin/python3
"""What the patterns' candidates that do not link are.

usage: candidates.py GOLD_DIR PRED_JSONL [--examples N] [--method M] [--all]

PRED_JSONL is `whosaid extract --input text GOLD_DIR/text/*.txt` (JSON
lines: the method names the pattern).  Links gold and predicted
attributions as ../shared/tools/attrib_eval.py does (content Dice >= 0.5,
a shared source token where the gold has a source, one to one, best
first), then puts every unlinked candidate of a pattern (method rule:...,
or every method with --all) in one class, the first that fits:

  dup            its gold attribution (shared cue token) links to another
                 prediction
  source         shares a cue token with a gold one, the content links, the
                 source does not
  content ...    shares a cue token, the content is wrong: end late, end
                 early, start early, start late, no overlap (another clause)
  nested         its cue lies inside a gold content (an inner attribution
                 PolNeAR leaves out)
  other cue      its content links with a gold one that has another cue
  partial        its content shares tokens with a gold content, Dice < 0.5
  none: SHAPE    nothing gold near it; SHAPE is the first of: negation,
                 modal (will/would/could... before the cue), infinitive
                 ("to" before the cue), question (the sentence ends in
                 "?"), headline (no sentence end before the next line
                 break), or plain

Prints the counts per class and per method, the cue words most frequent
in each class, and with --examples N that many examples of each class.
Python standard library only; deterministic.
"""
import json
import os
import sys
from collections import Counter, defaultdict

from boundary import content_fault, link, scorer

NEG = {'not', "n't", 'never', 'no', 'nor', 'neither', 'nobody', 'nothing', 'nt'}
MODAL = {'will', 'would', 'could', 'might', 'may', 'should', 'can', 'must', 'shall', 'wo', 'ca'}
AUX = {'be', 'been', 'being', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'do', 'does', 'did',
       'also', 'later', 'then', 'still', 'already', 'just', 'even', 'only', 'previously', 'again',
       'repeatedly', 'publicly', 'often', 'once', 'recently', 'first', 'reportedly', 'allegedly'}


def dice(a, b):
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def content_reason(g, p):
    if not (g['Content'] & p['Content']):
        return 'content no overlap'
    return 'content ' + content_fault(g, p)


def shape(text, toks, cue):
    """The shape of a candidate nothing gold is near."""
    if not cue:
        return 'plain'
    c0 = min(cue)
    k = c0 - 1
    before = []
    while k >= 0 and len(before) < 4:
        w = toks[k][2].lower()
        before.append(w)
        if w not in AUX and w not in NEG:
            break
        k -= 1
    if any(w in NEG for w in before):
        return 'negation'
    if any(w in MODAL for w in before):
        return 'modal'
    if before and before[-1] == 'to':
        return 'infinitive'
    # the sentence around the cue
    s = toks[c0][0]
    e = toks[max(cue)][1]
    nl = text.find('\n', e)
    nl = len(text) if nl < 0 else nl
    stop = e
    while stop < nl and text[stop] not in '.?!':
        stop += 1
    if stop < nl and text[stop] == '?':
        return 'question'
    if stop >= nl:
        # no sentence end before the line break: a headline or caption
        if text.rfind('\n', 0, s) < 0 or nl - text.rfind('\n', 0, s) < 120:
            return 'headline'
    return 'plain'


def main():
    args = sys.argv[1:]
    examples = 0
    only = None
    every = False
    if '--examples' in args:
        i = args.index('--examples')
        examples = int(args[i + 1])
        del args[i:i + 2]
    if '--method' in args:
        i = args.index('--method')
        only = args[i + 1]
        del args[i:i + 2]
    if '--all' in args:
        args.remove('--all')
        every = True
    if len(args) != 2:
        sys.exit(__doc__)
    gold_dir, pred_path = args
    ae = scorer(gold_dir)

    preds = defaultdict(list)
    with open(pred_path, encoding='utf8') as f:
        for line in f:
            o = json.loads(line)
            name = o['doc'].rsplit('/', 1)[-1]
            if name.endswith('.txt'):
                name = name[:-4]
            preds[name].append(o)

    roles = ('Source', 'Cue', 'Content')
    cls = Counter()
    by_method = defaultdict(Counter)
    cues = defaultdict(Counter)
    shown = defaultdict(list)
    npred = Counter()
    nlinked = Counter()
    for name in ae.article_names(gold_dir):
        gpath = ae.gold_file(gold_dir, name)
        if gpath is None:
            continue
        with open(os.path.join(gold_dir, 'text', name + '.txt'), encoding='utf8') as f:
            text = f.read()
        toks = ae.tokens(text)
        G = [{r: ae.token_set(a[r], toks, True) for r in roles} for a in ae.load_ann(gpath)]
        P = []
        for o in preds.get(name, []):
            rng = {'Source': [], 'Cue': [], 'Content': []}
            for key, role in (('source', 'Source'), ('cue', 'Cue'), ('content', 'Content'),
                              ('content2', 'Content')):
                if o.get(key):
                    rng[role].append((o[key]['start'], o[key]['end']))
            p = {r: ae.token_set(rng[r], toks, True) for r in roles}
            p['o'] = o
            P.append(p)
        linked = link(G, P)
        taken = {j: i for i, j in linked.items()}
        for j, p in enumerate(P):
            m = p['o']['method']
            if only and m != only:
                continue
            if not every and not m.startswith('rule:'):
                continue
            npred[m] += 1
            if j in taken:
                nlinked[m] += 1
                continue
            same = [i for i, g in enumerate(G) if g['Cue'] & p['Cue']]
            if same:
                i = max(same, key=lambda k: (len(G[k]['Content'] & p['Content']), -k))
                g = G[i]
                if i in linked:
                    c = 'dup'
                elif dice(g['Content'], p['Content']) >= 0.5:
                    c = 'source'
                else:
                    c = content_reason(g, p)
            elif p['Cue'] and any(min(p['Cue']) in g['Content'] for g in G):
                c = 'nested'
            elif any(dice(g['Content'], p['Content']) >= 0.5 for g in G):
                c = 'other cue'
            elif any(g['Content'] & p['Content'] for g in G):
                c = 'partial'
            else:
                c = 'none: ' + shape(text, toks, p['Cue'])
            cls[c] += 1
            by_method[m][c] += 1
            cues[c][p['o']['cue']['text'].lower() if p['o'].get('cue') else ''] += 1
            if len(shown[c]) < examples:
                o = p['o']
                s = o['source']['text'] if o.get('source') else ''
                shown[c].append('%s | %s [%s] %s | %s' % (
                    m, s, o['cue']['text'] if o.get('cue') else '', o['content']['text'][:140], name[:40]))
    tp, tn = sum(nlinked.values()), sum(npred.values())
    print('candidates %d, linked %d, unlinked %d' % (tn, tp, tn - tp))
    for c, n in cls.most_common():
        top = ', '.join('%s %d' % kv for kv in cues[c].most_common(8))
        print('  %-28s %5d   %s' % (c, n, top))
        for e in shown[c]:
            print('      ' + e)
    print('\nper method: predicted, linked, unlinked by class')
    for m, n in npred.most_common():
        print('  %-22s %5d %5d   %s' % (m, n, nlinked[m], ', '.join(
            '%s %d' % kv for kv in by_method[m].most_common(6))))


if __name__ == '__main__':
    main()
