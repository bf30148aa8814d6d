/*
 * test_speakers.c -- who a statement's speaker is: names apart from their
 * titles and tags, first names that are also words, pronouns that agree in
 * gender and number, a title alone resolved to the person the article
 * names with it.  Sentences written for these tests.
 */
#include "testutil.h"

/* The statement whose content is CONTENT. */
static const ws_statement *by_content(const tu_run *r, const char *content)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(tu_span(r, r->st[i].content), content) == 0) return &r->st[i];
    fail_msg("no statement says \"%s\"", content);
    return NULL;
}

/* 1. A first name that is also a month starts the name. */
static void t01_month_first_name(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Dutch Finance Minister Jan Kees de Jager said on Monday that the plan would hold.",
               NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Jan Kees de Jager");
    assert_string_equal(r.st[0].title, "Finance Minister");
    assert_string_equal(r.st[0].affiliation, "NL");
    tu_done(&r);
    /* "Jan." with its period is the month, and no name */
    tu_extract(&r, "Trade Minister Pia Lund said on Jan. 5 that exports rose.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Pia Lund");
    tu_done(&r);
}

/* 2. Honorifics go to the title, never into the name. */
static void t02_honorifics(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Mr Okafor told the committee that the contract was lawful.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Okafor");
    assert_string_equal(r.st[0].title, "Mr");
    tu_done(&r);
    tu_extract(&r, "Dr Karen Wu said the trial was promising.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Karen Wu");
    assert_string_equal(r.st[0].title, "Dr");
    tu_done(&r);
    tu_extract(&r, "Sir Keith Moran said the club was for sale.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Keith Moran");
    assert_string_equal(r.st[0].title, "Sir");
    tu_done(&r);
}

/* 3. A party-and-district tag goes to the affiliation. */
static void t03_party_tag(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "State Sen. Dana Holt (R-Warren) said the bill was dead.", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.st[0].speaker, "Dana Holt");
    assert_string_equal(r.st[0].title, "State Sen.");
    assert_string_equal(r.st[0].affiliation, "R-Warren");
    tu_done(&r);
}

/* 4. One speaker under several names in one article. */
static void t04_aliases_in_document(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Prime Minister Rishi Sunak said the economy was turning a corner. "
               "Mr Sunak told reporters that taxes would fall. "
               "\"We have a plan,\" the prime minister said.",
               NULL);
    assert_int_equal(r.n, 3);
    for (size_t i = 0; i < r.n; i++) assert_string_equal(r.st[i].speaker, "Rishi Sunak");
    assert_string_equal(by_content(&r, "taxes would fall")->title, "Mr");
    assert_string_equal(by_content(&r, "We have a plan")->title, "Prime Minister");
    tu_done(&r);
}

/* 5. A title alone, with its country, resolves to the one holder named. */
static void t05_title_holder(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "German Chancellor Olaf Brandt said the talks would go on. "
               "The German chancellor said Berlin would pay.",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(by_content(&r, "Berlin would pay")->speaker, "Olaf Brandt");
    assert_int_equal(by_content(&r, "Berlin would pay")->speaker_is_person, 1);
    tu_done(&r);
    /* two ministers: "the minister" stays a title */
    tu_extract(&r,
               "Finance Minister Ana Ruiz said taxes were fine. Health Minister Paul Roy said "
               "clinics were fine. The minister said the ports were fine.",
               NULL);
    assert_int_equal(r.n, 3);
    assert_string_equal(by_content(&r, "the ports were fine")->speaker, "The minister");
    assert_int_equal(by_content(&r, "the ports were fine")->speaker_is_person, 0);
    tu_done(&r);
}

/* 6. "she" passes over a man to the woman named before him. */
static void t06_she_agrees(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Senator Ana Ortiz toured the flooded camp on Tuesday. Governor Tom Reyes said aid "
               "would arrive within days. \"It is not over,\" she said.",
               NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(by_content(&r, "aid would arrive within days")->speaker, "Tom Reyes");
    const ws_statement *st = by_content(&r, "It is not over");
    assert_string_equal(tu_span(&r, st->source), "she");
    assert_string_equal(st->speaker, "Ana Ortiz");
    assert_string_equal(st->title, "Senator");
    assert_int_equal(st->speaker_is_person, 1);
    tu_done(&r);
    /* and "he" to the man */
    tu_extract(&r,
               "Governor Tom Reyes toured the camp. Senator Ana Ortiz said the levee held. "
               "\"We will rebuild,\" he said.",
               NULL);
    assert_string_equal(by_content(&r, "We will rebuild")->speaker, "Tom Reyes");
    tu_done(&r);
}

/* 7. "they" goes to a group, not to the named man after it. */
static void t07_they_group(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Officials said the highway would stay closed. Mayor Peter Hall said the council "
               "would meet. \"We need more pumps,\" they said.",
               NULL);
    assert_int_equal(r.n, 3);
    assert_string_equal(by_content(&r, "We need more pumps")->speaker, "Officials");
    assert_int_equal(by_content(&r, "We need more pumps")->speaker_is_person, 0);
    tu_done(&r);
}

/* 8. An unnamed source is an antecedent. */
static void t08_unnamed_source(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Finance Minister Ana Ruiz opened the session. A source close to the inquiry said "
               "the report was ready. He cautioned that it could still change.",
               NULL);
    assert_string_equal(by_content(&r, "it could still change")->speaker,
                        "A source close to the inquiry");
    tu_done(&r);
}

/* 9. Nothing agrees: the pronoun stays unresolved rather than wrong. */
static void t09_unresolved(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r, "Senator Ana Ortiz said the levee held. \"We will rebuild,\" he said.", NULL);
    assert_int_equal(r.n, 2);
    assert_string_equal(by_content(&r, "We will rebuild")->speaker, "he");
    assert_int_equal(by_content(&r, "We will rebuild")->speaker_is_person, 0);
    tu_done(&r);
    /* a man and "she": no woman in sight */
    tu_extract(&r, "Mayor Peter Hall said the council would meet. \"Not today,\" she said.", NULL);
    assert_string_equal(by_content(&r, "Not today")->speaker, "she");
    tu_done(&r);
}

/* 10. A title tells the gender when the first name does not (Mrs). */
static void t10_title_gender(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Mrs. Okonjo met the mayor, Mayor Peter Hall, on Friday. \"The children deserve "
               "better,\" she said.",
               NULL);
    assert_string_equal(by_content(&r, "The children deserve better")->speaker, "Okonjo");
    tu_done(&r);
}

/* 11. "it" goes to an organisation. */
static void t11_it_company(void **s)
{
    (void)s;
    tu_run r;
    tu_extract(&r,
               "Chief executive Marta Lind left in March. The company said profits fell. It said "
               "the outlook was poor.",
               NULL);
    assert_string_equal(by_content(&r, "the outlook was poor")->speaker, "The company");
    tu_done(&r);
}

/* 12. A given name that is also a month or a word, where a name stands:
 * the statement is found and the name is whole, before or after the
 * quotation; after a preposition the month stays a date. */
static void t12_given_name_words(void **s)
{
    (void)s;
    static const struct { const char *text, *speaker, *content; } cases[] = {
        {"May Chen said the harbour would be dredged by autumn.", "May Chen",
         "the harbour would be dredged by autumn"},
        {"\"The harbour will be dredged by autumn,\" May Chen said.", "May Chen",
         "The harbour will be dredged by autumn"},
        {"\"We need more agents at the crossings,\" said Will Hurd.", "Will Hurd",
         "We need more agents at the crossings"},
        {"Will Hurd told reporters that the crossings needed more agents.", "Will Hurd",
         "the crossings needed more agents"},
        {"\"The capsule is safe,\" Mark Kelly said on Friday.", "Mark Kelly", "The capsule is safe"},
        {"Hope Hicks said she had nothing to add.", "Hope Hicks", "she had nothing to add"},
        {"\"I have nothing to add,\" said Hope Hicks.", "Hope Hicks", "I have nothing to add"},
        {"June Chu said the library would reopen in the spring.", "June Chu",
         "the library would reopen in the spring"},
        {"\"The library will reopen,\" June Chu told the council.", "June Chu", "The library will reopen"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tu_run r;
        tu_extract(&r, cases[i].text, "2025-05-13");
        const ws_statement *st = by_content(&r, cases[i].content);
        assert_string_equal(st->speaker, cases[i].speaker);
        assert_null(st->title);
        tu_done(&r);
    }
    /* a month after a preposition is the date */
    tu_run r;
    tu_extract(&r, "Mayor Ana Ruiz said on May 5 that the bridge would open.", "2025-05-13");
    const ws_statement *st = by_content(&r, "the bridge would open");
    assert_string_equal(st->speaker, "Ana Ruiz");
    assert_int_equal(st->date.m, 5);
    assert_int_equal(st->date.d, 5);
    tu_done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t01_month_first_name), cmocka_unit_test(t02_honorifics),
        cmocka_unit_test(t03_party_tag),        cmocka_unit_test(t04_aliases_in_document),
        cmocka_unit_test(t05_title_holder),     cmocka_unit_test(t06_she_agrees),
        cmocka_unit_test(t07_they_group),       cmocka_unit_test(t08_unnamed_source),
        cmocka_unit_test(t09_unresolved),       cmocka_unit_test(t10_title_gender),
        cmocka_unit_test(t11_it_company),
        cmocka_unit_test(t12_given_name_words),
    };
    return cmocka_run_group_tests_name("speakers", tests, tu_setup_lexicon, tu_teardown_lexicon);
}
