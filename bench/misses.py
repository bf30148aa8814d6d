#!/usr/bin/python3
"""The gold attributions a prediction misses, by why they are hard.

usage: misses.py GOLD_DIR PRED_DIR CONLLU CUES [--examples N] [--top N]

GOLD_DIR is a PolNeAR split (text/, attributions/), PRED_DIR holds the
predicted NAME.ann (whosaid extract --format brat --out PRED_DIR), CONLLU the
split's CoreNLP parse (../shared/data/polnear/dev.conllu: sentences and
parts of speech) and CUES data/cues.learned.tsv (how often a word begins a
cue in PolNeAR train).  Pairs gold and predicted attributions as
../shared/tools/attrib_eval.py links them (imported from beside GOLD_DIR's
corpus, ../shared/tools), then puts each gold attribution left unlinked in
the first category it meets:

  colon/according   the cue is ':' or "according (to)"
  no source/passive the gold has no source, or its cue is a passive
  noun cue          the cue begins with a noun ("his vow that", "the claim")
  content elsewhere the content lies in another sentence than the cue, or
                    runs over several
  found, boundary   a prediction in the cue's sentence shares cue or content
                    tokens with it: found, but a span or the source is wrong
  rare cue word     the cue's first word begins a cue in under 5% of its uses
                    in train, or is not among its cue words at all
  cue sometimes     the cue's first word begins a cue in 5% to 50% of its
                    uses in train (support, want, think): a decision per
                    occurrence
  common cue        the rest: a word that usually is a cue, nothing found

--examples N shows N missed attributions a category (source | cue |
content); --top N the N cue texts missed most often in each.

Python standard library only; deterministic.
"""
import os
import sys
from collections import Counter, defaultdict

from boundary import link, scorer

ORDER = ['colon/according', 'no source/passive', 'noun cue', 'content elsewhere',
         'found, boundary', 'rare cue word', 'cue sometimes', 'common cue']


def load_conllu(path):
    """doc -> list of sentences, each a list of tokens (start, end, word, pos, head, deprel)."""
    docs = defaultdict(list)
    doc = None
    sent = []
    with open(path, encoding='utf8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('# newdoc id = '):
                doc = line[len('# newdoc id = '):]
            elif not line:
                if sent:
                    docs[doc].append(sent)
                sent = []
            elif not line.startswith('#'):
                p = line.split('\t')
                if '-' in p[0] or '.' in p[0]:
                    continue
                misc = dict(kv.split('=', 1) for kv in p[9].split('|') if '=' in kv)
                sent.append((int(misc['Start']), int(misc['End']), p[1], p[4], int(p[6]), p[7]))
    if sent:
        docs[doc].append(sent)
    return docs


def load_cues(path):
    rate = {}
    with open(path, encoding='utf8') as f:
        for line in f:
            if line.startswith('#'):
                continue
            p = line.rstrip('\n').split('\t')
            if len(p) >= 3:
                rate[p[0]] = int(p[1]) / max(1, int(p[2]))
    return rate


def sentence_of(sents, pos):
    for i, s in enumerate(sents):
        if s[0][0] <= pos < s[-1][1] or (pos < s[0][0]):
            return i
    return len(sents) - 1


def main():
    args = sys.argv[1:]
    examples = 0
    top = 0
    if '--top' in args:
        i = args.index('--top')
        top = int(args[i + 1])
        del args[i:i + 2]
    if '--examples' in args:
        i = args.index('--examples')
        examples = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 4:
        sys.exit(__doc__)
    gold_dir, pred_dir, conllu, cues = args
    ae = scorer(gold_dir)  # the reference scorer's reading and tokens

    parse = load_conllu(conllu)
    rate = load_cues(cues)
    cat = Counter()
    cues_of = defaultdict(Counter)
    shown = defaultdict(list)
    ngold = nlinked = 0
    for name in ae.article_names(gold_dir):
        gpath = ae.gold_file(gold_dir, name)
        if gpath is None:
            continue
        with open(os.path.join(gold_dir, 'text', name + '.txt'), encoding='utf8') as f:
            text = f.read()
        toks = ae.tokens(text)
        gold = ae.load_ann(gpath)
        ppath = os.path.join(pred_dir, name + '.ann')
        pred = ae.load_ann(ppath) if os.path.exists(ppath) else []
        roles = ('Source', 'Cue', 'Content')
        G = [{r: ae.token_set(a[r], toks, True) for r in roles} for a in gold]
        P = [{r: ae.token_set(a[r], toks, True) for r in roles} for a in pred]
        used_g = link(G, P)
        ngold += len(G)
        nlinked += len(used_g)
        sents = parse.get(name, [])
        ptoks = [t for s in sents for t in s]
        for i, a in enumerate(gold):
            if i in used_g:
                continue
            g = G[i]
            cue_text = ' '.join(text[s:e] for s, e in a['Cue']).strip()
            cue_low = cue_text.lower()
            cue_start = min((s for s, e in a['Cue']), default=None)
            if cue_start is None:
                cue_start = min(s for s, e in a['Content'])
            in_cue = [t for t in ptoks if any(t[0] >= s and t[1] <= e for s, e in a['Cue'])]
            words = [t for t in in_cue if any(ch.isalnum() for ch in t[2])]
            first = words[0] if words else None
            cs = sentence_of(sents, cue_start) if sents else 0
            content_sents = {sentence_of(sents, s) for s, e in a['Content']} | \
                            {sentence_of(sents, max(s, e - 1)) for s, e in a['Content']}
            passive = False
            if sents:
                sent = sents[cs]
                idx = {(t[0], t[1]): k + 1 for k, t in enumerate(sent)}
                for t in in_cue:
                    k = idx.get((t[0], t[1]))
                    if t[3] == 'VBN' and k and any(u[4] == k and u[5] in ('auxpass', 'aux:pass') for u in sent):
                        passive = True
            if cue_low in (':', '') or cue_low.startswith('according'):
                c = 'colon/according'
            elif not a['Source'] or passive:
                c = 'no source/passive'
            elif first and first[3].startswith('NN'):
                c = 'noun cue'
            elif sents and (len(content_sents) > 1 or cs not in content_sents):
                c = 'content elsewhere'
            elif any(p['Cue'] & g['Cue'] or p['Content'] & g['Content'] for p in P):
                c = 'found, boundary'
            elif first is None or rate.get(first[2].lower(), 0.0) < 0.05:
                c = 'rare cue word'
            elif rate.get(first[2].lower(), 0.0) < 0.5:
                c = 'cue sometimes'
            else:
                c = 'common cue'
            cat[c] += 1
            cues_of[c][cue_low] += 1
            if len(shown[c]) < examples:
                content = ' '.join(text[s:e] for s, e in a['Content']).replace('\n', ' ')
                shown[c].append('%s | %s | %s' % (' '.join(text[s:e] for s, e in a['Source']), cue_text,
                                                  content[:80]))
    missed = ngold - nlinked
    print('missed %d of %d gold attributions (linked %d)' % (missed, ngold, nlinked))
    for c in ORDER:
        print('  %-18s %5d  %5.1f%%' % (c, cat[c], 100.0 * cat[c] / missed if missed else 0.0))
        for e in shown[c]:
            print('      ' + e)
        if top:
            print('      cues: ' + ', '.join('%s %d' % (w or '(none)', k) for w, k in cues_of[c].most_common(top)))


if __name__ == '__main__':
    main()
