# What real news showed besides PolNeAR (issue 13), as a reader of the
# output meets it: each case is a small article of invented sentences, and
# the statements extracted from it are checked field by field (speaker, cue,
# source, content).  Every failing case is listed before the script fails.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "SKIPPED: cases_news needs python3" >&2; exit 77; }
mkdir -p "$TMP/c"
w() { printf '%s\n' "$2" >"$TMP/c/$1.txt"; }

# a verb that is not speech, with a source that cannot speak
w show 'The video showed soldiers crossing the river near the border town at dawn.'
w show_ok 'The ministry said the soldiers had crossed the river at dawn.'
# page labels are not speakers
w label_related 'Related: Council votes to close the old harbour bridge'
w label_source 'SOURCE: Regional statistics office, March bulletin'
w label_photo 'Photo: A ferry leaves the harbour in heavy rain on Tuesday'
w label_contrib 'Contributing: Ann Lee in Oslo and Bo Park, Harbour Times'
w names_list 'Northern Harbour: Ann Lee, Bo Park, Cy Dale, Di Moss and Ed Lund'
w colon_ok 'Lagarde: Rates will stay high for as long as needed'
# a negated cue states nothing
w negated 'The ministry does not deny that the contract was signed without a tender.'
w negated2 'The mayor did not say whether the bridge would reopen before the winter.'
w denied_ok 'The ministry denied that the contract was signed without a tender.'
# a passive: the subject is not the speaker
w passive 'She was advised by aides to cancel the trip to the northern provinces.'
# inserted words after the source or the cue
w according 'The tunnel will close for repairs in June, according to the Port Authority, a state agency.'
w after_tail 'Exports rose 4% in the third quarter, the ministry said on Friday, the highest in a decade.'
# a phrase set before the source is not what the source said
w fronted 'On Fox News Sunday, Senator Ann Brandt said the harbour bill would fail in the autumn.'
w fronted_quote 'In a statement on Thursday, the ministry said, "We will not raise the fees this year."'
w fronted_ok 'In the third quarter exports rose by four percent, the ministry said.'
# source spans: a relative clause or an appositive between the name and the cue
w relative 'Dana Whitfield, who chairs the harbour committee, said the dredging would start next spring.'
w relative2 'The engineer who inspected the bridge last week said the cables were corroded.'
w appos_age 'Ana Ruiz, 42, a nurse at the clinic, said the waiting lists had doubled since January.'
w inverted_name '"We cannot keep the clinic open without more nurses," said Anna Kovac, the head of the nurses'"'"' union.'
# a quotation interrupted by its cue and the source's description
w interrupted_appos '"The harbour will reopen in May," said Tom Hale, the head of the port authority, "and the ferries will return in June."'
# a question or exclamation ends its sentence: the name after it is its source
w asked_after '"Why would the council wait another year?" Kowalczyk asked. The vote is on Monday.'
w shouted_after '"All the way to the final!" Okafor shouted, waving a scarf.'
# "X said:" and the quotation in the next paragraph: one content, not two
cat >"$TMP/c/said_colon.txt" <<'TXT'
The mayor spoke on Monday.

She said:

"The bridge will open in May. The fees will not rise."
TXT
w appos_first 'Dr. Ravi Prasad, a former official at the fund, said Ms. Lindqvist conveyed a sense of respect for the smaller countries.'
# reported by another
w quoted_as 'The state news agency quoted Defence Minister Pavel Roth as saying that the drills would continue through the winter.'
# "quoted X as saying", its variants: an object pronoun, an agent after the
# passive, the quotation before it
w quoted_him 'Mayor Karl Brandt opened the new ferry pier on Monday. The local radio quoted him as saying the ferries would run every hour.'
w quoted_by 'Klein was quoted by the regional radio station as saying that the mine would reopen in the spring.'
w quoted_after '"We are not leaving the valley," the union leader was quoted as saying.'
# a passive with its agent: the agent speaks
w told_by 'The governor was told by the state auditor that the pension fund would run dry by 2030.'
# ", adding that ..."
w adding 'Mayor Ilse Brandt said the budget was balanced, adding that no new taxes would be needed next year.'
# an attribution inside another's content opening it is the outer speaker's report
w nested 'The mayor said the harbour master believes the pier will need new pilings.'
w nested_that 'The auditor noted that the engineers said the bridge cables are corroded.'
w nested_what 'Ms. Lee said she would end what she calls waste in the harbour office.'
w nested_model 'The mayor knew that the union wants the pier closed.'
w dup_adverb 'The mayor quickly noted her years as head of the harbour board.'
w nested_ok 'The mayor said the pier would close, and the harbour master said the ferries would move.'
# ", saying" takes the sentence's subject: not a dateline, not an opening participle's phrase
w dateline 'WASHINGTON (AP) — Senator Ann Brandt is pushing for a new harbour bill, saying the old one would fail in the autumn.'
w opening_ing 'Speaking at the port on Monday, Mayor Ilse Brandt is promising new cranes, saying the pier would reopen in May.'
# a quotation over several paragraphs: each opens with a mark, only the last closes
cat >"$TMP/c/paragraphs.txt" <<'TXT'
Marta Lind said: "The first half was the best we have played all season.

"The second half was harder, and we lost our shape after the break.

"We will look at the tape and be ready for Saturday."

The club plays its next match at home.
TXT
# a list after "said:"
cat >"$TMP/c/list.txt" <<'TXT'
The committee said:
- the fees will rise in April;
- two branch offices will close.

The meeting ended at noon.
TXT
# an interview transcript whose host opens with a short sentence
cat >"$TMP/c/transcript_host.txt" <<'TXT'
Transcript of the evening programme.

HOST: Welcome back. Tonight we talk about the harbour and its future.
OKAFOR: The harbour needs dredging before the autumn storms.
TXT
# an interview transcript: speakers named by their surname in capitals
cat >"$TMP/c/transcript.txt" <<'TXT'
Senator Ann Smith spoke to the program on Sunday.

HOST: Senator, thank you for joining us.
SMITH: Well, we expected the vote to be close. In the end it was.
HOST: Do you think the council will appeal?
SMITH: I think they will appeal before the end of the month.
TXT
# a transcript whose turns open as paragraphs of one quotation, each with a
# mark that only the last closes
cat >"$TMP/c/transcript_quoted.txt" <<'TXT'
The senator spoke to the evening programme on Sunday. Partial transcript:

"HOST: Do you think the council will appeal the ruling before the winter?

"OKAFOR: Well, I think they will appeal before the end of the month. Nobody on the council expected the ruling.

"HOST: Thank you, Senator."
TXT

"$WHOSAID" extract --input text "$TMP"/c/*.txt >"$TMP/out.jsonl" || fail "extract exited $?"
python3 - "$TMP/out.jsonl" <<'PY' || fail "some cases fail (listed above)"
import json, os, sys
docs = {}
for line in open(sys.argv[1], encoding='utf8'):
    o = json.loads(line)
    docs.setdefault(os.path.basename(o['doc'])[:-4], []).append(o)
failed = []

def text(o, k):
    v = o.get(k)
    return v['text'] if v else None

def speaker(o):
    return (o.get('speaker') or {}).get('name')

def show(sts):
    return '; '.join('[%s | %s | %s | %s]' % (text(o, 'source'), speaker(o), text(o, 'cue'), text(o, 'content'))
                     for o in sts) or 'nothing'

def case(name, ok, why):
    sts = docs.get(name, [])
    try:
        good = ok(sts)
    except Exception as e:  # a missing field is a failure of the case
        good = False
    if not good:
        failed.append(name)
        print('FAIL %s: %s; got %s' % (name, why, show(sts)))

def one(sts):
    return sts[0] if len(sts) == 1 else None

def has(sts, spk=None, cue=None, src=None, content=None, starts=None, contains=()):
    for o in sts:
        if spk is not None and speaker(o) != spk: continue
        if cue is not None and text(o, 'cue') != cue: continue
        if src is not None and text(o, 'source') != src: continue
        c = text(o, 'content') or ''
        c2 = text(o, 'content2') or ''
        if content is not None and c != content: continue
        if starts is not None and not c.startswith(starts): continue
        if any(x not in c + ' ' + c2 for x in contains): continue
        return True
    return False

case('show', lambda s: not s, 'a video shows, it does not say')
case('show_ok', lambda s: has(s, spk='The ministry', cue='said'), 'the ministry said')
case('label_related', lambda s: not s, '"Related:" is a page label')
case('label_source', lambda s: not s, '"SOURCE:" is a page label')
case('label_photo', lambda s: not s, '"Photo:" is a page label')
case('colon_ok', lambda s: has(s, spk='Lagarde', cue=':'), 'a headline "Name: words" still counts')
case('negated', lambda s: not s, 'a negated cue states nothing')
case('negated2', lambda s: not s, 'a negated cue states nothing')
case('denied_ok', lambda s: has(s, spk='The ministry', cue='denied',
                                content='that the contract was signed without a tender'), 'a denial is a statement')
case('passive', lambda s: not any(text(o, 'source') == 'She' or speaker(o) in ('She', 'she') for o in s),
     'the subject of a passive is not its speaker')
case('according', lambda s: has(s, cue='according to', src='the Port Authority',
                                 content='The tunnel will close for repairs in June'),
     'source the Port Authority, content before it')
case('after_tail', lambda s: has(s, spk='the ministry', cue='said', starts='Exports rose 4% in the third quarter'),
     'the content is what the ministry said, before its cue')
case('fronted', lambda s: has(s, spk='Ann Brandt', cue='said', content='the harbour bill would fail in the autumn'),
     'the content follows the cue, the phrase before the source is no content')
case('fronted_quote', lambda s: has(s, spk='the ministry', cue='said', content='We will not raise the fees this year'),
     'the quotation is the content, the phrase before the source is not')
case('fronted_ok', lambda s: has(s, spk='the ministry', cue='said', content='In the third quarter exports rose by four percent'),
     'a clause before the source is the content')
case('interrupted_appos', lambda s: has(s, spk='Tom Hale', src='Tom Hale, the head of the port authority', cue='said',
                                       content='The harbour will reopen in May')
     and any(text(o, 'content2') == 'and the ferries will return in June' for o in s), 'both parts of the quotation')
case('asked_after', lambda s: has(s, spk="Kowalczyk", cue="asked", content='Why would the council wait another year?'),
     'the question is what Kowalczyk asked')
case('shouted_after', lambda s: has(s, spk='Okafor', cue='shouted', content='All the way to the final!')
     and not any(text(o, 'content') == 'waving a scarf' for o in s), 'the exclamation, not the participle after the cue')
case('said_colon', lambda s: one(s) and has(s, cue='said', content='The bridge will open in May. The fees will not rise')
     and not text(one(s), 'content2'), 'the quotation once, no second part repeating it')
case('relative', lambda s: has(s, src='Dana Whitfield', spk='Dana Whitfield', cue='said',
                               content='the dredging would start next spring'), 'the name without the relative clause')
case('relative2', lambda s: has(s, src='The engineer who inspected the bridge last week', spk='The engineer', cue='said',
                                content='the cables were corroded'), 'the speaker without the relative clause')
case('appos_age', lambda s: has(s, spk='Ana Ruiz', cue='said', content='the waiting lists had doubled since January'),
     'the name before its age and job')
case('appos_first', lambda s: has(s, spk='Ravi Prasad', cue='said',
                                  content='Ms. Lindqvist conveyed a sense of respect for the smaller countries'),
     'the name and its description open the sentence: the words follow the cue')
case('inverted_name', lambda s: has(s, spk='Anna Kovac', cue='said',
                                    content='We cannot keep the clinic open without more nurses'), 'the name after "said"')
case('quoted_as', lambda s: has(s, spk='Pavel Roth', content='that the drills would continue through the winter'),
     'the person quoted, not the agency')
case('quoted_him', lambda s: has(s, src='him', spk='Karl Brandt', content='the ferries would run every hour'),
     'the pronoun quoted, resolved to the mayor')
case('quoted_by', lambda s: has(s, src='Klein', cue='saying', contains=('the mine would reopen in the spring',)),
     'the person quoted, not the station')
case('quoted_after', lambda s: has(s, src='the union leader', cue='saying', content='We are not leaving the valley'),
     'the quotation before "was quoted as saying"')
case('told_by', lambda s: has(s, src='the state auditor', cue='was told',
                              contains=('the pension fund would run dry by 2030',))
     and not any(text(o, 'source') == 'The governor' for o in s), 'the agent speaks, not the subject')
case('transcript_host', lambda s: has(s, src='HOST', content='Welcome back. Tonight we talk about the harbour and its future')
     and has(s, src='OKAFOR', content='The harbour needs dredging before the autumn storms'), 'each turn whole')
case('adding', lambda s: has(s, spk='Ilse Brandt', cue='said', content='the budget was balanced') and
     has(s, spk='Ilse Brandt', cue='adding', content='that no new taxes would be needed next year'), 'two statements')
case('nested', lambda s: len(s) == 1 and has(s, spk='The mayor', cue='said',
                                             content='the harbour master believes the pier will need new pilings'),
     'one statement, the mayor\'s: the harbour master\'s belief is what the mayor reports')
case('nested_that', lambda s: len(s) == 1 and has(s, spk='The auditor', cue='noted'),
     'one statement, the auditor\'s')
case('nested_ok', lambda s: has(s, spk='The mayor', cue='said') and has(s, spk='the harbour master', cue='said'),
     'two statements side by side, each its own')
case('dateline', lambda s: has(s, spk='Ann Brandt', cue='saying', content='the old one would fail in the autumn')
     and not any(text(o, 'source') == 'WASHINGTON' for o in s), 'the senator, not the dateline')
case('opening_ing', lambda s: has(s, spk='Ilse Brandt', cue='saying', content='the pier would reopen in May'),
     'the mayor, not "Speaking"')
case('paragraphs', lambda s: one(s) and one(s)['kind'] == 'direct' and speaker(one(s)) == 'Marta Lind' and
     has(s, starts='The first half', contains=('ready for Saturday',)), 'one quotation over three paragraphs')
case('list', lambda s: has(s, spk='The committee', cue='said',
                           contains=('the fees will rise in April', 'two branch offices will close')), 'the whole list')
case('transcript', lambda s: has(s, spk='Ann Smith', content='Well, we expected the vote to be close. In the end it was')
     and has(s, spk='Ann Smith', content='I think they will appeal before the end of the month'),
     'each answer whole, by the senator')
case('label_contrib', lambda s: not s, '"Contributing:" is a page label')
case('names_list', lambda s: not s, 'a list of names after a heading says nothing')
case('nested_what', lambda s: has(s, src='Ms. Lee', cue='said') and not any(text(o, 'cue') == 'calls' for o in s),
     'what she calls waste is part of what Ms. Lee said')
case('nested_model', lambda s: not any(text(o, 'cue') == 'wants' for o in s),
     'what the union wants is part of what the mayor knew (a model proposal\'s content)')
case('transcript_quoted', lambda s: has(s, src='HOST', cue=':', starts='Do you think the council will appeal')
     and has(s, src='OKAFOR', cue=':', starts='Well, I think they will appeal', contains=('Nobody on the council',))
     and not any(text(o, 'cue') == 'think' for o in s), 'each turn whole, by its speaker')
case('dup_adverb', lambda s: one(s) and has(s, spk='The mayor', cue='noted'),
     'one statement, its cue the verb, not the adverb before it')
sys.exit(1 if failed else 0)
PY
echo "ok - cases_news"
