#!/usr/bin/python3
"""Why statements that were found do not link, and what perfect spans would give.

usage: boundary.py GOLD_DIR PRED_DIR [--examples N]

GOLD_DIR is a PolNeAR split (text/, attributions/) or any directory in
its layout, PRED_DIR the predicted NAME.ann (whosaid extract --format brat
--out PRED_DIR).  Links gold and
predicted attributions as ../shared/tools/attrib_eval.py does (content Dice
>= 0.5, a shared source token where the gold has a source, one to one, best
first), then:

1. For each gold attribution left unlinked whose cue shares a token with a
   predicted one (the statement was found), the first reason the pair fails:
     linked to another  that prediction is paired with another gold one
     source         the content links, the source shares no token
     no overlap     the contents share no token (another clause)
     end late       the prediction runs past the gold content's end
                    (and starts at or after it), and so on for
     end early, start early, start late, start early+end late ...
   with the words just past the gold end (end late) or the prediction's end
   (end early), which say where a content should have stopped.
2. Ceilings: linked P/R/F1 again with each prediction that shares a cue
   token with a gold attribution given that gold one's content (all of it,
   only its end, only its start, or its end only where the prediction ends
   late) or its source.  The gap to the first line is what perfect
   boundaries of that kind would be worth.

Python standard library only; deterministic.
"""
import os
import sys
from collections import Counter, defaultdict


def link(G, P):
    pairs = []
    for i, g in enumerate(G):
        for j, p in enumerate(P):
            inter = len(g['Content'] & p['Content'])
            if not inter:
                continue
            dice = 2 * inter / (len(g['Content']) + len(p['Content']))
            if dice < 0.5 or (g['Source'] and not (g['Source'] & p['Source'])):
                continue
            pairs.append((dice, i, j))
    used_g, used_p = {}, set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_p:
            used_g[i] = j
            used_p.add(j)
    return used_g


def span(lo, hi):
    return frozenset(range(lo, hi + 1)) if hi >= lo else frozenset()


def fix(P, G, how):
    """P with each prediction sharing a cue token with a gold one given
    that gold one's spans as HOW says."""
    out = []
    for p in P:
        p = dict(p)
        for g in G:
            if not (p['Cue'] & g['Cue']):
                continue
            pc, gc = p['Content'], g['Content']
            if how == 'content':
                p['Content'] = gc
            elif how == 'source':
                p['Source'] = g['Source']
            elif pc and gc and how == 'end':
                p['Content'] = span(min(pc), max(gc))
            elif pc and gc and how == 'start':
                p['Content'] = span(min(gc), max(pc))
            elif pc and gc and how == 'late ends' and max(pc) > max(gc):
                p['Content'] = span(min(pc), max(gc))
            break
        out.append(p)
    return out


def content_fault(g, p):
    """How prediction P's content, sharing tokens with gold G's, is off:
    'start early', 'end late', 'start late+end early' ..., or 'other'."""
    gc, pc = g['Content'], p['Content']
    parts = []
    if min(pc) < min(gc):
        parts.append('start early')
    elif min(pc) > min(gc):
        parts.append('start late')
    if max(pc) > max(gc):
        parts.append('end late')
    elif max(pc) < max(gc):
        parts.append('end early')
    return '+'.join(parts) or 'other'


def reason(g, p):
    gc, pc = g['Content'], p['Content']
    inter = len(gc & pc)
    if inter and 2 * inter / (len(gc) + len(pc)) >= 0.5:
        return 'source'
    if not inter:
        return 'no overlap'
    return content_fault(g, p)


def scorer(gold_dir):
    """The reference scorer ../shared/tools/attrib_eval.py: the one beside
    the corpus GOLD_DIR, else the one in WHOSAID_SHARED's tools."""
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.environ.get('WHOSAID_SHARED', os.path.join(here, '..', '..', 'shared'))
    sys.path.insert(0, os.path.normpath(os.path.join(shared, 'tools')))
    sys.path.insert(0, os.path.normpath(os.path.join(os.path.abspath(gold_dir), '..', '..', '..', 'tools')))
    import attrib_eval
    return attrib_eval


def main():
    args = sys.argv[1:]
    examples = 0
    if '--examples' in args:
        i = args.index('--examples')
        examples = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    gold_dir, pred_dir = args
    ae = scorer(gold_dir)  # the reference scorer's reading and tokens

    roles = ('Source', 'Cue', 'Content')
    why = Counter()
    words = defaultdict(Counter)
    shown = defaultdict(list)
    docs = []
    for name in ae.article_names(gold_dir):
        gpath = ae.gold_file(gold_dir, name)
        if gpath is None:
            continue
        with open(os.path.join(gold_dir, 'text', name + '.txt'), encoding='utf8') as f:
            toks = ae.tokens(f.read())
        ppath = os.path.join(pred_dir, name + '.ann')
        G = [{r: ae.token_set(a[r], toks, True) for r in roles} for a in ae.load_ann(gpath)]
        P = [{r: ae.token_set(a[r], toks, True) for r in roles}
             for a in (ae.load_ann(ppath) if os.path.exists(ppath) else [])]
        docs.append((G, P))
        linked = link(G, P)
        taken = set(linked.values())
        for i, g in enumerate(G):
            if i in linked or not g['Cue'] or not g['Content']:
                continue
            same = [j for j, p in enumerate(P) if p['Cue'] & g['Cue']]
            if not same:
                continue
            j = max(same, key=lambda k: len(P[k]['Content'] & g['Content']))
            p = P[j]
            r = 'linked to another' if j in taken else reason(g, p)
            why[r] += 1

            def w(k):
                return toks[k][2] if 0 <= k < len(toks) else '#'
            if r.endswith('end late'):
                words[r][w(max(g['Content']) + 1)] += 1
            elif r.endswith('end early') and p['Content']:
                words[r][w(max(p['Content']) + 1)] += 1
            if len(shown[r]) < examples:
                text = lambda s: ' '.join(toks[k][2] for k in sorted(s))
                shown[r].append('gold [%s] %s\n        pred [%s] %s' % (
                    text(g['Source']), text(g['Content'])[:160], text(p['Source']), text(p['Content'])[:160]))
    total = sum(why.values())
    print('found (a predicted cue shares a token) but not linked: %d' % total)
    for r, n in why.most_common():
        top = ', '.join('%r %d' % kv for kv in words[r].most_common(6))
        print('  %-24s %5d%s' % (r, n, ('   next: ' + top) if top else ''))
        for e in shown[r]:
            print('      ' + e)
    print('\nceilings (linked with the spans of the gold attribution whose cue a prediction shares):')
    for how in ('none', 'content', 'end', 'late ends', 'start', 'source'):
        ng = npred = nl = 0
        for G, P in docs:
            Q = P if how == 'none' else fix(P, G, how)
            ng += len(G)
            npred += len(Q)
            nl += len(link(G, Q))
        p = nl / npred if npred else 0.0
        r = nl / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print('  %-10s P %.3f R %.3f F1 %.3f' % ('as is' if how == 'none' else how, p, r, f))


if __name__ == '__main__':
    main()
