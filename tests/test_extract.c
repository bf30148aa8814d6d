/*
 * test_extract.c -- numbered cases of news sentences and the statements
 * expected from each (written for these tests, not taken from the seed).
 */
#include "testutil.h"

#include <jansson.h>
#include <stdbool.h>

/* 1. direct quote, attribution after, demonym, title and a weekday date */
static void t01_direct_after(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "\"We will not retreat,\" Norwegian Prime Minister Jonas Berg said on Monday.",
               "2024-06-12");
    assert_int_equal(r.n, 1);
    const ws_statement *st = &r.st[0];
    assert_int_equal(st->kind, WS_DIRECT);
    assert_string_equal(tu_span(&r, st->content), "We will not retreat");
    assert_string_equal(tu_span(&r, st->cue), "said");
    assert_string_equal(tu_span(&r, st->source), "Norwegian Prime Minister Jonas Berg");
    assert_string_equal(st->speaker, "Jonas Berg");
    assert_string_equal(st->title, "Prime Minister");
    assert_string_equal(st->affiliation, "NO");
    assert_string_equal(tu_date(st->date), "2024-06-10");
    assert_string_equal(st->date_text, "on Monday");
    tu_done(&r);
}

/* 2. reported speech, attribution before */
static void t02_indirect_before(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Finance Minister Ana Ruiz said the budget would be balanced by 2026.", NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.st[0].kind, WS_INDIRECT);
    assert_string_equal(tu_span(&r, r.st[0].content), "the budget would be balanced by 2026");
    assert_string_equal(r.st[0].speaker, "Ana Ruiz");
    assert_string_equal(r.st[0].title, "Finance Minister");
    assert_null(r.st[0].affiliation);
    tu_done(&r);
}

/* 3. "According to X, ..." */
static void t03_according_to(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "According to the central bank, unemployment fell to 4 percent in May.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].cue), "According to");
    assert_string_equal(tu_span(&r, r.st[0].source), "the central bank");
    assert_string_equal(tu_span(&r, r.st[0].content), "unemployment fell to 4 percent in May");
    tu_done(&r);
}

/* 4. reported speech with the attribution after, a group source */
static void t04_group_source_after(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Prices will keep rising for the rest of the year, two senior officials warned.", NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.st[0].kind, WS_INDIRECT);
    assert_string_equal(r.st[0].speaker, "two senior officials");
    assert_string_equal(tu_span(&r, r.st[0].cue), "warned");
    assert_false(r.st[0].speaker_is_person);
    tu_done(&r);
}

/* 5. a pronoun source resolves to the person quoted before */
static void t05_pronoun(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Senator Maria Lopez said the bill was dead. \"It is too early to talk about a vote,\" she added.",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(tu_span(&r, r.st[1].source), "she");
    assert_string_equal(r.st[1].speaker, "Maria Lopez");
    assert_int_equal(r.st[1].kind, WS_DIRECT);
    tu_done(&r);
}

/* 6. a quote interrupted by its attribution has two content parts */
static void t06_interrupted(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "\"We are ready,\" the trade minister said, \"but not at any price.\"", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].content), "We are ready");
    assert_string_equal(tu_span(&r, r.st[0].content2), "but not at any price");
    tu_done(&r);
}

/* 7. a bulleted list under a dated header: the items take its date */
static void t07_bullets(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Highlights on March 3: * Trade talks will resume next week, Lopez says * No deal on fishing "
               "rights yet * Farmers plan new protests in the capital, union leader Karl Weber says",
               "2024-04-01");
    assert_int_equal(r.n, 2);
    assert_string_equal(tu_span(&r, r.st[0].content), "Trade talks will resume next week");
    assert_string_equal(tu_date(r.st[0].date), "2024-03-03");
    assert_string_equal(r.st[1].speaker, "Karl Weber");
    assert_string_equal(tu_date(r.st[1].date), "2024-03-03");
    tu_done(&r);
}

/* 8. sentences that attribute nothing yield nothing */
static void t08_nothing(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "The summit on May 4 will gather twenty leaders in Geneva. The so-called \"peace plan\" was "
               "published on Friday. Officers from the \"joint task force\" will meet later this week.",
               "2024-05-01");
    assert_int_equal(r.n, 0);
    tu_done(&r);
}

/* 9. offsets count code points, not bytes */
static void t09_codepoints(void **s)
{
    (void)s;
    tu_run r;
    const char *text = "Café owners “are worried about rents,” Mayor Paul Dupont said.";
    tu_extract(&r, text, NULL);
    assert_int_equal(r.n, 1);
    /* "Café owners “" is 13 code points (15 bytes) */
    assert_int_equal(r.st[0].content.start, 0);
    assert_int_equal(r.st[0].kind, WS_MIXED);
    assert_int_equal(r.st[0].source.start, 39);
    assert_int_equal(r.st[0].source.bstart, 44); /* é, “ and ” take 2, 3 and 3 bytes */
    assert_string_equal(r.st[0].speaker, "Paul Dupont");
    tu_done(&r);
}

/* 10. invalid UTF-8: one replacement code point per bad byte */
static void t10_invalid_utf8(void **s)
{
    (void)s;
    const char raw[] = "\xff\xfe\"We need water,\" Mayor Paul Dupont said.";
    char *clean;
    size_t len;
    assert_int_equal(ws_utf8_sanitize(raw, sizeof raw - 1, &clean, &len), 2);
    tu_run r;
    tu_extract(&r, clean, NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.st[0].content.start, 3); /* two U+FFFD, one quote mark */
    assert_string_equal(tu_span(&r, r.st[0].content), "We need water");
    tu_done(&r);
    ws_free(clean);
}

/* 11. headline form "..., X says" */
static void t11_headline(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Government rejects calls for an early election, Smith says", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Smith");
    assert_string_equal(tu_span(&r, r.st[0].content), "Government rejects calls for an early election");
    tu_done(&r);
}

/* 12. two cues sharing a source */
static void t12_coordinated(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Mayor Paul Dupont said the bridge will reopen in May and stressed that repairs were on schedule.",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(tu_span(&r, r.st[0].content), "the bridge will reopen in May");
    assert_string_equal(tu_span(&r, r.st[1].cue), "stressed");
    assert_string_equal(tu_span(&r, r.st[1].content), "that repairs were on schedule");
    assert_string_equal(r.st[1].speaker, "Paul Dupont");
    tu_done(&r);
}

/* 13. a venue after the cue, and an organisation as affiliation */
static void t13_venue(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "\"We need more doctors,\" NATO spokesperson Eva Stone wrote on X.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].venue, "on X");
    assert_string_equal(r.st[0].affiliation, "NATO");
    assert_string_equal(r.st[0].title, "spokesperson");
    tu_done(&r);
}

/* 14. "X's office said": the speaker is X */
static void t14_office(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "The ban will stay in place until the end of June, German Chancellor Otto Brandt's office said on Friday.",
               "2024-06-16");
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Otto Brandt");
    assert_string_equal(r.st[0].affiliation, "DE");
    assert_string_equal(tu_date(r.st[0].date), "2024-06-14");
    tu_done(&r);
}

/* 15. the same words in two documents share a cluster key */
static void t15_cluster(void **s)
{
    (void)s;
    assert_true(ws_cluster_key("We will not retreat", 19) == ws_cluster_key("we will NOT \u201cretreat\u201d", 25));
    assert_true(ws_cluster_key("We will not retreat", 19) != ws_cluster_key("We will retreat", 15));
}

/* 16. a surname resolves to the full name given elsewhere in the document */
static void t16_surname(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Exports fell sharply in March, Weber says\n\"The numbers are bad,\" union leader Karl Weber said.",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.st[0].speaker, "Karl Weber");
    tu_done(&r);
}

/* 17. inverted order: "..., said X." */
static void t17_inverted(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "\"This is a historic day for the region,\" said Foreign Minister Lena Holm.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Lena Holm");
    assert_int_equal(r.st[0].kind, WS_DIRECT);
    tu_done(&r);
}

/* 18. a date in the content is not the date of the statement */
static void t18_date_in_content(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Mayor Paul Dupont said the bridge will reopen on June 3.", "2024-05-01");
    assert_int_equal(r.n, 1);
    assert_int_equal(r.st[0].date.y, 0);
    tu_done(&r);
}

/* 19. an empty document and one of punctuation only */
static void t19_empty(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "", NULL);
    assert_int_equal(r.n, 0);
    tu_done(&r);
    tu_extract(&r, "\"\"\"\" , , said said \" .", NULL);
    tu_done(&r);
}

/* 20. the maximum document size is enforced */
static void t20_max_doc(void **s)
{
    (void)s;
    ws_extractor *ex;
    assert_int_equal(ws_extractor_new(tu_lx, &ex), WS_OK);
    ws_extractor_set_max_doc(ex, 10);
    ws_doc d = {"x", 1, "This text is longer than ten bytes.", 35, {0, 0, 0}, NULL, NULL, NULL, NULL, NULL};
    const ws_statement *st;
    size_t n;
    assert_int_equal(ws_extract(ex, &d, &st, &n), WS_TOOBIG);
    assert_int_equal(n, 0);
    ws_extractor_free(ex);
}

/* 21. the JSON writer writes exactly the bytes jansson's dump wrote
 * (JSON_COMPACT | JSON_PRESERVE_ORDER) for strings with every control
 * byte, quotes, backslashes, 0x7F, multibyte and 4-byte characters,
 * U+2028, a NUL, and for each confidence and span shape. */
static json_t *ref_span(const ws_doc *doc, ws_span s)
{
    size_t n;
    const char *p = ws_span_text(doc, s, &n);
    if (!p) return json_null();
    return json_pack("{s:s%,s:I,s:I}", "text", p, n, "start", (json_int_t)s.start, "end",
                     (json_int_t)s.end);
}

static json_t *ref_str(const char *s) { return s ? json_string(s) : json_null(); }

static char *ref_jsonl(const ws_doc *doc, const ws_statement *s)
{
    char date[16], cl[17];
    ws_cluster_hex(s->cluster, cl);
    snprintf(date, sizeof date, "%04d-%02d-%02d", s->date.y, s->date.m, s->date.d);
    json_t *sp = json_null();
    if (s->speaker)
        sp = json_pack("{s:o,s:o,s:o}", "name", ref_str(s->speaker), "title", ref_str(s->title),
                       "affiliation", ref_str(s->affiliation));
    json_t *o = json_object();
    json_object_set_new(o, "doc", json_stringn(doc->id, doc->id_len));
    json_object_set_new(o, "kind", json_string(ws_kind_name(s->kind)));
    json_object_set_new(o, "content", ref_span(doc, s->content));
    json_object_set_new(o, "content2", ref_span(doc, s->content2));
    json_object_set_new(o, "cue", ref_span(doc, s->cue));
    json_object_set_new(o, "source", ref_span(doc, s->source));
    json_object_set_new(o, "speaker", sp);
    json_object_set_new(o, "date", s->date.y ? json_string(date) : json_null());
    json_object_set_new(o, "date_text", ref_str(s->date_text));
    json_object_set_new(o, "venue", ref_str(s->venue));
    json_object_set_new(o, "cluster", json_string(cl));
    json_object_set_new(o, "confidence", json_real(s->confidence));
    json_object_set_new(o, "method", ref_str(s->method));
    char *r = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return r;
}

static void t21_json_writer(void **st)
{
    (void)st;
    char text[600];
    size_t n = 0;
    for (int c = 0; c < 0x20; c++) text[n++] = (char)c; /* NUL included */
    const char *rest = "\"quoted\" back\\slash \x7f caf\xc3\xa9 \xe2\x80\x9c" "curly\xe2\x80\x9d "
                       "\xf0\x9f\x98\x80 line\xe2\x80\xa8sep / slash ,:{}[] plain ascii text "
                       "long enough to run eight bytes at a time\\\"\\\"\n\t";
    memcpy(text + n, rest, strlen(rest));
    n += strlen(rest);
    ws_doc doc = {0};
    doc.text = text;
    doc.text_len = n;
    /* ids of every length class the ASCII check takes (under 8, 8..15,
     * 16 and more), with a multibyte character first, in the middle
     * and in the last, overlapping word */
    const char *ids[] = {"plain", "a\"b\\c\x01", "caf\xc3\xa9.txt", "",
                         "twelve_bytes", "\xc3\xa9" "chunk-one-16bytechunk-two-16bytes-and-more.txt",
                         "chunk-one-16byte\xc3\xa9" "chunk-two-16bytes-and-more.txt",
                         "a-long-file-name-of-forty-bytes-caf\xc3\xa9.txt",
                         /* invalid, written repaired (jansson refused them) */
                         "bad\xff", "chunk-one-16byte\x80" "chunk-two-16bytes-and-more.txt",
                         "a-long-file-name-of-forty-bytes-cut\xc3"};
    const double confs[] = {0.8, 0.95, 0.85, 0.6, 0.75, 1.0, 0.0, 1e-20, 123456789e20, 0.5,
                            0.55, 0.65, 0.7, 0.9, 0.8 + 1e-16, 0.123456789, 2.0, -0.25};
    for (size_t k = 0; k < sizeof confs / sizeof *confs; k++) {
        doc.id = ids[k % (sizeof ids / sizeof *ids)];
        doc.id_len = strlen(doc.id);
        ws_statement s;
        memset(&s, 0, sizeof s);
        s.kind = (ws_kind)(k % 3);
        /* spans over every start/end pair of a few cut points */
        int64_t cut[] = {0, 5, 31, 32, 33, 40, (int64_t)n};
        int64_t a = cut[k % 7], e = cut[(k + 3) % 7];
        if (e < a) { int64_t t = a; a = e; e = t; }
        s.content = (ws_span){a, e, a, e};
        s.content2 = k % 2 ? (ws_span){0, (int64_t)n, 0, (int64_t)n} : (ws_span){-1, -1, -1, -1};
        s.cue = (ws_span){a, a + 1, a, a + 1};
        s.source = k % 3 ? (ws_span){-1, -1, -1, -1} : (ws_span){1, 9, 1, 9};
        s.speaker = k % 4 ? "Jos\xc3\xa9 \"Pepe\" D\\az" : NULL;
        s.title = k % 2 ? "Minister\t of \x1f" : NULL;
        s.affiliation = k % 5 ? NULL : "U.S.";
        s.date = k % 2 ? (ws_date){k == 17 ? -5 : 2016 - (int)k * 200, (int)k % 13, (int)k + 1} : (ws_date){0, 0, 0};
        s.date_text = k % 2 ? "on Feb. 3" : NULL;
        s.venue = k % 3 == 1 ? "in an \"interview\"" : NULL;
        s.method = k % 2 ? "rule:after" : NULL;
        s.cluster = 0x0123456789abcdefull * (k + 1);
        s.confidence = confs[k];
        ws_doc rdoc = doc; /* the id as written */
        char *rid = NULL;
        assert_true(ws_utf8_sanitize(doc.id, doc.id_len, &rid, &rdoc.id_len) >= 0);
        rdoc.id = rid;
        char *ref = ref_jsonl(&rdoc, &s);
        ws_free(rid);
        assert_non_null(ref);
        char *got = NULL;
        size_t gl = 0;
        FILE *f = open_memstream(&got, &gl);
        assert_non_null(f);
        assert_int_equal(ws_write_jsonl(f, &doc, &s, 1), WS_OK);
        fclose(f);
        assert_int_equal(gl, strlen(ref) + 1);
        assert_memory_equal(got, ref, strlen(ref));
        assert_int_equal(got[gl - 1], '\n');
        free(ref);
        free(got);
    }
}

/* 22. the colon and dash patterns, which look up the document's colons
 * and dashes: a headline name of seven words but not eight, a signature
 * after a dash, two names before quotations in one sentence */
static void t22_colons_dashes(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "One Two Three Four Five Six Seven: the talks will resume next week in Oslo.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "One Two Three Four Five Six Seven");
    assert_string_equal(tu_span(&r, r.st[0].content), "the talks will resume next week in Oslo");
    tu_done(&r);
    tu_extract(&r, "One Two Three Four Five Six Seven Eight: the talks will resume next week in Oslo.",
               NULL);
    assert_int_equal(r.n, 0);
    tu_done(&r);
    tu_extract(&r, "We will keep the border open for trade and aid \xe2\x80\x94 Jonas Berg (@jberg) June 5, 2024",
               NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Jonas Berg");
    assert_string_equal(tu_span(&r, r.st[0].content), "We will keep the border open for trade and aid");
    tu_done(&r);
    tu_extract(&r,
               "The report was blunt, said pollster Dana Shaw: \"Voters have moved on from this.\" "
               "Later, analyst Tom Reed: \"Nobody expected it.\"",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.st[0].speaker, "Dana Shaw");
    assert_string_equal(tu_span(&r, r.st[0].content), "Voters have moved on from this");
    assert_string_equal(r.st[1].speaker, "Tom Reed");
    assert_string_equal(tu_span(&r, r.st[1].content), "Nobody expected it");
    tu_done(&r);
}

/* 23. coordination found through the cue candidates: "and also" before
 * the second cue; a second cue in another tense does not coordinate */
static void t23_coordination(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Mayor Paul Dupont said the bridge and the road will reopen in May and also stressed "
               "that repairs were on schedule.",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(tu_span(&r, r.st[0].content), "the bridge and the road will reopen in May");
    assert_string_equal(tu_span(&r, r.st[1].cue), "stressed");
    assert_string_equal(tu_span(&r, r.st[1].content), "that repairs were on schedule");
    tu_done(&r);
    tu_extract(&r, "Mayor Paul Dupont says the bridge will reopen and stressed that repairs were on schedule.",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(tu_span(&r, r.st[0].content),
                        "the bridge will reopen and stressed that repairs were on schedule");
    assert_string_equal(tu_span(&r, r.st[1].content), "that repairs were on schedule");
    tu_done(&r);
}

/* 24. what attrib/find.c's essay says of its limits: a relative clause
 * between source and cue is skipped ("X, who ..., said"); a quotation in
 * its own paragraph after "X said:" is joined to it; a source longer than
 * twelve tokens is cut to its last twelve */
static void t24_limits(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Sanders, who won Michigan on Tuesday, said the race is far from over for his campaign.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].source), "Sanders");
    assert_string_equal(tu_span(&r, r.st[0].content), "the race is far from over for his campaign");
    tu_done(&r);
    tu_extract(&r, "The mayor said:\n\"We will rebuild the bridge before winter comes.\"\n", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].method, "rule:before-colon");
    assert_string_equal(tu_span(&r, r.st[0].content), "We will rebuild the bridge before winter comes");
    tu_done(&r);
    tu_extract(&r, "The spokesman for the ministry of foreign affairs of the republic of somewhere far "
                   "away in the south said the talks failed.", NULL);
    assert_int_equal(r.n, 1);
    /* the cut is the span the speaker is read from; the reported source
     * span is the source model's (src/model/source.c), which may reach
     * further back as PolNeAR marks sources, never shorter at its end */
    const char *src = tu_span(&r, r.st[0].source);
    assert_non_null(src);
    assert_non_null(strstr(src, "foreign affairs of the republic of somewhere far away in the south"));
    tu_done(&r);
}

/* 25. a passive cue: the agent speaks ("was told by X that"); without
 * one, nobody is named ("is expected to", "It was reported that"); a
 * question opening the sentence ("Asked about X, ...") */
static void t25_passive(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "The governor was told by the state auditor that the pension fund would run dry by 2030.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].source), "the state auditor");
    assert_string_equal(tu_span(&r, r.st[0].cue), "was told");
    assert_string_equal(r.st[0].method, "rule:passive-by");
    assert_non_null(strstr(tu_span(&r, r.st[0].content), "the pension fund would run dry by 2030"));
    tu_done(&r);
    tu_extract(&r, "The harbour toll is expected to rise in March.", NULL);
    assert_int_equal(r.n, 1);
    assert_true(r.st[0].source.start < 0);
    assert_null(r.st[0].speaker);
    assert_string_equal(tu_span(&r, r.st[0].cue), "is expected");
    assert_string_equal(tu_span(&r, r.st[0].content), "The harbour toll");
    assert_string_equal(tu_span(&r, r.st[0].content2), "to rise in March");
    tu_done(&r);
    tu_extract(&r, "It was reported that the bank would close three branches.", NULL);
    assert_int_equal(r.n, 1);
    assert_true(r.st[0].source.start < 0);
    assert_non_null(strstr(tu_span(&r, r.st[0].content), "the bank would close three branches"));
    tu_done(&r);
    /* "when asked about X" is the question: X is nobody's statement */
    tu_extract(&r,
               "The ferries will run again next week, the port director said on Friday when asked about the "
               "current state of the talks between the union and the port.",
               NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].content), "The ferries will run again next week");
    tu_done(&r);
    /* the subject of a passive without its agent is no speaker */
    tu_extract(&r, "The toll was criticized by drivers.", NULL);
    assert_int_equal(r.n, 0);
    tu_done(&r);
    tu_extract(&r, "Asked about the toll, the mayor said it would rise in March.", NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(tu_span(&r, r.st[0].cue), "Asked about");
    assert_true(r.st[0].source.start < 0);
    assert_string_equal(tu_span(&r, r.st[0].content), "the toll");
    assert_string_equal(r.st[1].speaker, "the mayor");
    assert_string_equal(tu_span(&r, r.st[1].content), "it would rise in March");
    tu_done(&r);
}

/* 26. "quoted X as saying": X the speaker, an object pronoun, an agent
 * after the passive, the content before it */
static void t26_quoted_as(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Klein was quoted by the local radio station as saying the mine would reopen in May.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].source), "Klein");
    assert_string_equal(r.st[0].method, "rule:quoted-as");
    assert_string_equal(tu_span(&r, r.st[0].content), "the mine would reopen in May");
    tu_done(&r);
    tu_extract(&r, "\"We are not leaving the valley,\" the mayor was quoted as saying.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "the mayor");
    assert_int_equal(r.st[0].kind, WS_DIRECT);
    assert_string_equal(tu_span(&r, r.st[0].content), "We are not leaving the valley");
    tu_done(&r);
    tu_extract(&r, "Mayor Karl Brandt spoke on Monday. A radio station quoted him as saying the mine would reopen.",
               NULL);
    bool found = false;
    for (size_t i = 0; i < r.n; i++)
        if (!strcmp(tu_span(&r, r.st[i].source), "him") &&
            !strcmp(tu_span(&r, r.st[i].content), "the mine would reopen"))
            found = true;
    assert_true(found);
    tu_done(&r);
}

/* 27. a cue noun after a possessive; ", who said" and a long
 * appositive before the cue; ", but said" with the sentence's subject;
 * an inverted source opening with a number word or a title */
static void t27_more_sources(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "The minister repeated his claim that the contract was signed without a tender.", NULL);
    bool found = false;
    for (size_t i = 0; i < r.n; i++)
        if (!strcmp(tu_span(&r, r.st[i].cue), "claim") && !strcmp(tu_span(&r, r.st[i].source), "his") &&
            strstr(tu_span(&r, r.st[i].content), "the contract was signed without a tender"))
            found = true;
    assert_true(found);
    tu_done(&r);
    tu_extract(&r, "Dana Ruiz, who said the channel was shallow, said the port would close in May.", NULL);
    assert_int_equal(r.n, 2);
    /* in the order of their first token: the second's source opens the
     * sentence */
    assert_string_equal(tu_span(&r, r.st[1].source), "who");
    assert_string_equal(r.st[1].speaker, "Dana Ruiz");
    assert_string_equal(tu_span(&r, r.st[1].content), "the channel was shallow");
    assert_string_equal(tu_span(&r, r.st[0].source), "Dana Ruiz");
    assert_string_equal(tu_span(&r, r.st[0].content), "the port would close in May");
    tu_done(&r);
    tu_extract(&r, "Dana Ruiz, a harbour pilot who has worked the river for decades, said the channel was too shallow.",
               NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Dana Ruiz");
    assert_string_equal(tu_span(&r, r.st[0].content), "the channel was too shallow");
    tu_done(&r);
    tu_extract(&r, "Dana Ruiz toured the harbour on Friday, but said the channel was too shallow.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Dana Ruiz");
    assert_string_equal(tu_span(&r, r.st[0].content), "the channel was too shallow");
    tu_done(&r);
    tu_extract(&r, "\"The river is rising fast,\" said one harbour pilot.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].source), "one harbour pilot");
    tu_done(&r);
    tu_extract(&r, "The mayor, for his part, said the bridge was safe.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(tu_span(&r, r.st[0].source), "The mayor");
    tu_done(&r);
}

/* Returns the index of R's statement with cue CUE whose content holds
 * WORDS, or -1. */
static int find_cue(tu_run *r, const char *cue, const char *words)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(tu_span(r, r->st[i].cue), cue) && strstr(tu_span(r, r->st[i].content), words)) return (int)i;
    return -1;
}

/* 28. "according to" after and before its content: a source with a
 * period inside ("Harbourwatch.org"), a dash after the source, a
 * preposition opening the words, and a source that reports a statement
 * already found ('"Q," X said, according to Y.') */
static void t28_according_more(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Dock workers in the north were stunned by the closure, according to Harbourwatch.org.", NULL);
    int i = find_cue(&r, "according to", "Dock workers in the north were stunned by the closure");
    assert_true(i >= 0);
    assert_string_equal(tu_span(&r, r.st[i].source), "Harbourwatch.org");
    for (size_t k = 0; k < r.n; k++) assert_string_not_equal(tu_span(&r, r.st[k].cue), "according");
    tu_done(&r);
    tu_extract(&r,
               "The new terminal would cost only $2 billion over the next decade, according to the Port Trust - "
               "a tenth of the old plan.",
               NULL);
    i = find_cue(&r, "according to", "The new terminal would cost only $2 billion over the next decade");
    assert_true(i >= 0);
    assert_non_null(strstr(tu_span(&r, r.st[i].source), "the Port Trust"));
    tu_done(&r);
    tu_extract(&r, "According to the port authority, about 40 percent of the cargo now arrives by rail.", NULL);
    i = find_cue(&r, "According to", "about 40 percent of the cargo now arrives by rail");
    assert_true(i >= 0);
    tu_done(&r);
    tu_extract(&r, "\"The river is rising,\" the pilot said, according to a local radio station.", NULL);
    assert_true(find_cue(&r, "said", "The river is rising") >= 0);
    i = find_cue(&r, "according to", "the pilot said");
    assert_true(i >= 0);
    assert_non_null(strstr(tu_span(&r, r.st[i].content), "The river is rising"));
    tu_done(&r);
}

/* 29. a title-case headline "Name: Words" is the name's, even when its
 * capitalised words hold a cue word ("I Still Believe"); a page label
 * and a dash before the name; "Asked by X whether ...": X asks */
static void t29_headline_asked(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Ruiz: I Still Believe The Harbour Can Be Saved From Closure\n\nThe port opened in 1901.", NULL);
    int i = find_cue(&r, ":", "I Still Believe The Harbour Can Be Saved From Closure");
    assert_true(i >= 0);
    assert_string_equal(tu_span(&r, r.st[i].source), "Ruiz");
    assert_int_equal(find_cue(&r, "Believe", ""), -1);
    tu_done(&r);
    tu_extract(&r, "EXCLUSIVE - Dana Ruiz: The Harbour Will Close In May\n\nThe port opened in 1901.", NULL);
    i = find_cue(&r, ":", "The Harbour Will Close In May");
    assert_true(i >= 0);
    assert_string_equal(r.st[i].speaker, "Dana Ruiz");
    tu_done(&r);
    tu_extract(&r, "Asked by Dana Ruiz whether the port would close, the mayor said it would stay open until May.",
               NULL);
    i = find_cue(&r, "Asked", "whether the port would close");
    assert_true(i >= 0);
    assert_non_null(r.st[i].speaker);
    assert_string_equal(r.st[i].speaker, "Dana Ruiz");
    tu_done(&r);
}

/* 30. ", adding that ..." after a quotation closed after its comma: the
 * subject's second statement */
static void t30_participle_after_quote(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "The mayor said the bridge was \"safe for every truck,\" adding that repairs would start in May.",
               NULL);
    int i = find_cue(&r, "adding", "repairs would start in May");
    assert_true(i >= 0);
    assert_string_equal(r.st[i].speaker, "The mayor");
    tu_done(&r);
}

/* 31. a cue noun after a plural's possessive: "the pilots' assurance
 * that" */
static void t31_plural_possessive(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "The council ignored the harbour pilots' assurance that the channel was deep enough.", NULL);
    int i = find_cue(&r, "assurance", "the channel was deep enough");
    assert_true(i >= 0);
    assert_non_null(r.st[i].speaker);
    assert_non_null(strstr(r.st[i].speaker, "pilots"));
    tu_done(&r);
}

/* 32. "felt" and "knew" are no cue of the patterns' (a feeling, a fact
 * known): the statement model alone may take them */
static void t32_not_pattern_cues(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "The pilot felt the channel was too shallow. The mayor knew the bridge would close in May.", NULL);
    for (size_t i = 0; i < r.n; i++) assert_false(r.st[i].method && !strncmp(r.st[i].method, "rule:", 5));
    tu_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_direct_after),  cmocka_unit_test(t02_indirect_before),
        cmocka_unit_test(t03_according_to),  cmocka_unit_test(t04_group_source_after),
        cmocka_unit_test(t05_pronoun),       cmocka_unit_test(t06_interrupted),
        cmocka_unit_test(t07_bullets),       cmocka_unit_test(t08_nothing),
        cmocka_unit_test(t09_codepoints),    cmocka_unit_test(t10_invalid_utf8),
        cmocka_unit_test(t11_headline),      cmocka_unit_test(t12_coordinated),
        cmocka_unit_test(t13_venue),         cmocka_unit_test(t14_office),
        cmocka_unit_test(t15_cluster),       cmocka_unit_test(t16_surname),
        cmocka_unit_test(t17_inverted),      cmocka_unit_test(t18_date_in_content),
        cmocka_unit_test(t19_empty),         cmocka_unit_test(t20_max_doc),
        cmocka_unit_test(t21_json_writer),   cmocka_unit_test(t22_colons_dashes),
        cmocka_unit_test(t23_coordination),  cmocka_unit_test(t24_limits),
        cmocka_unit_test(t25_passive),       cmocka_unit_test(t26_quoted_as),
        cmocka_unit_test(t27_more_sources),  cmocka_unit_test(t28_according_more),
        cmocka_unit_test(t29_headline_asked), cmocka_unit_test(t30_participle_after_quote),
        cmocka_unit_test(t31_plural_possessive),     cmocka_unit_test(t32_not_pattern_cues),
    };
    return cmocka_run_group_tests_name("extract", tests, tu_setup_lexicon, tu_teardown_lexicon);
}
