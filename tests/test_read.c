/*
 * test_read.c -- the web readers: dates, detection, charsets, article pages,
 * feeds, WARC records, and documents through the public reader.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include "read/read.h"

#include <unistd.h>
#include <zlib.h>

static ws_date D(int y, int m, int d) { return (ws_date){y, m, d}; }

static void assert_date(ws_date got, ws_date want)
{
    assert_int_equal(got.y, want.y);
    assert_int_equal(got.m, want.m);
    assert_int_equal(got.d, want.d);
}

/* ------------------------------------------------------------ dates */

static void r01_dates(void **state)
{
    (void)state;
    ws_date d;
    assert_int_equal(ws_read_parse_date("2024-03-05", &d), WS_OK);
    assert_date(d, D(2024, 3, 5));
    assert_int_equal(ws_read_parse_date("2024-03-05T23:30:00-05:00", &d), WS_OK);
    assert_date(d, D(2024, 3, 5)); /* the day where it was written */
    assert_int_equal(ws_read_parse_date("Tue, 05 Mar 2024 10:00:00 GMT", &d), WS_OK);
    assert_date(d, D(2024, 3, 5));
    assert_int_equal(ws_read_parse_date("5 Mar 24 10:00 +0100", &d), WS_OK);
    assert_date(d, D(2024, 3, 5));
    assert_int_equal(ws_read_parse_date("March 5, 2024", &d), WS_OK);
    assert_date(d, D(2024, 3, 5));
    assert_int_equal(ws_read_parse_date("2023-02-29", &d), WS_PARSE); /* not a leap year */
    assert_int_equal(ws_read_parse_date("yesterday", &d), WS_PARSE);
    assert_int_equal(ws_read_parse_date("", &d), WS_PARSE);
    assert_int_equal(ws_read_parse_date("2024", &d), WS_PARSE); /* nothing read past the end */
    assert_int_equal(ws_read_parse_date("2024-0", &d), WS_PARSE);
    assert_int_equal(ws_read_url_date("https://x.example/2019/12/31/story.html", &d), WS_OK);
    assert_date(d, D(2019, 12, 31));
    assert_int_equal(ws_read_url_date("https://x.example/news/2019-07-04-fireworks", &d), WS_OK);
    assert_date(d, D(2019, 7, 4));
    assert_int_equal(ws_read_url_date("https://x.example/2019/12/story", &d), WS_PARSE);
    assert_int_equal(ws_read_url_date("https://x.example/item/20190704123", &d), WS_PARSE);
}

/* -------------------------------------------------------- detection */

static ws_input_mode detect(const char *path, const char *head)
{
    return ws_read_detect(path, (const unsigned char *)head, head ? strlen(head) : 0);
}

static void r02_detect(void **state)
{
    (void)state;
    assert_int_equal(detect("a/page.HTML", NULL), WS_INPUT_HTML);
    assert_int_equal(detect("news.rss", NULL), WS_INPUT_FEED);
    assert_int_equal(detect("feed.json", NULL), WS_INPUT_FEED);
    assert_int_equal(detect("CC-NEWS-1.warc.gz", NULL), WS_INPUT_WARC);
    /* the extension wins over the bytes; .txt and .jsonl are never sniffed */
    assert_int_equal(detect("x.html", "WARC/1.0\r\n"), WS_INPUT_HTML);
    assert_int_equal(detect("x.txt", "<!DOCTYPE html><html>"), WS_INPUT_AUTO);
    /* sniffed */
    assert_int_equal(detect("x", "  <!doctype HTML>\n<html>"), WS_INPUT_HTML);
    assert_int_equal(detect("x", "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">"), WS_INPUT_FEED);
    assert_int_equal(detect("x", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"), WS_INPUT_FEED);
    assert_int_equal(detect("x", "<rdf:RDF xmlns:rdf=\"...\">"), WS_INPUT_FEED);
    assert_int_equal(detect("x", "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": []}"), WS_INPUT_FEED);
    assert_int_equal(detect("x", "WARC/1.1\r\nWARC-Type: warcinfo\r\n"), WS_INPUT_WARC);
    assert_int_equal(detect("x", "\x1f\x8b\x08"), WS_INPUT_WARC);
    assert_int_equal(detect("x", "<div><head>"), WS_INPUT_HTML);
    assert_int_equal(detect("x", "The minister said on Monday."), WS_INPUT_AUTO);
    assert_int_equal(detect("x", "{\"text\": \"a JSON line\"}"), WS_INPUT_AUTO);
}

/* --------------------------------------------------------- charsets */

static void r03_charset(void **state)
{
    (void)state;
    char name[64];
    const char *p = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-2\">";
    assert_string_equal(ws_read_sniff_charset(p, strlen(p), name, sizeof name), "ISO-8859-2");
    p = "<meta charset='koi8-r'>";
    assert_string_equal(ws_read_sniff_charset(p, strlen(p), name, sizeof name), "koi8-r");
    assert_null(ws_read_sniff_charset("<p>none</p>", 11, name, sizeof name));
    buf out = {0};
    size_t skip;
    /* windows-1252 quotes, and ISO-8859-1 read as windows-1252 */
    assert_int_equal(ws_read_to_utf8("\x93" "caf\xe9\x94", 6, "iso-8859-1", &out, &skip), 1);
    assert_string_equal(out.p, "“café”");
    /* a UTF-8 BOM wins over a declared charset and is dropped */
    assert_int_equal(ws_read_to_utf8("\xEF\xBB\xBFx", 4, "latin1", &out, &skip), 0);
    assert_int_equal(skip, 3);
    /* a cut-off multibyte sequence becomes U+FFFD */
    assert_int_equal(ws_read_to_utf8("a\x82", 2, "SHIFT_JIS", &out, &skip), 1);
    assert_string_equal(out.p, "a\xEF\xBF\xBD");
    assert_int_equal(ws_read_to_utf8("x", 1, "no-such-charset", &out, &skip), WS_PARSE);
    ws_buf_free(&out);
}

/* ------------------------------------------------------------ pages */

static const char *read_page(ws_read_page *pg, const char *html, const char *cs, const char *url)
{
    const char *what = NULL;
    assert_int_equal(ws_read_html(html, strlen(html), cs, url, pg, &what), WS_OK);
    return pg->text.p;
}

static void r04_main_text(void **state)
{
    (void)state;
    ws_read_page pg;
    memset(&pg, 0, sizeof pg);
    const char *html =
        "<html lang='fr'><head><title>Le pont rouvre | Journal du Lac</title></head><body>"
        "<div id='menu'><a href='/'>Accueil</a> <a href='/sport'>Sport</a> <a href='/meteo'>Meteo</a></div>"
        "<div class='sidebar'><p>Most read: a story, another story, a third story, and more, and more.</p></div>"
        "<div class='article-content'>"
        "<p>Le pont de la Gare rouvrira lundi, a annonce la mairie, apres six mois de travaux sur les piles.</p>"
        "<p>\"Nous avons tenu les delais\", a declare l'adjointe aux travaux, Claire Martin, devant la presse.</p>"
        "<p>Les travaux ont coute pres de deux millions d'euros, finances pour moitie par la region, pour un tiers "
        "par la commune et pour le reste par l'Etat, selon les chiffres publies vendredi par la prefecture.</p>"
        "<p>Les bus reprendront leur ancien trajet des mardi matin, et les cyclistes retrouveront la piste du "
        "cote du lac, elargie pendant le chantier, a precise la mairie dans un communique.</p>"
        "<ul><li>Premier point de la liste, avec assez de texte pour compter.</li></ul>"
        "<div class='share'><a href='#'>Facebook</a> <a href='#'>Twitter</a></div>"
        "</div>"
        "<div class='comments'><p>Enfin! Il etait temps, vraiment, depuis le temps que nous attendions.</p></div>"
        "<footer><p>Copyright Journal du Lac</p></footer></body></html>";
    const char *t = read_page(&pg, html, NULL, NULL);
    assert_non_null(strstr(t, "Le pont de la Gare rouvrira lundi"));
    assert_non_null(strstr(t, "\n\n\"Nous avons tenu les delais\""));
    assert_non_null(strstr(t, "Premier point de la liste"));
    assert_null(strstr(t, "Accueil"));
    assert_null(strstr(t, "Most read"));
    assert_null(strstr(t, "Facebook"));
    assert_null(strstr(t, "Enfin"));
    assert_null(strstr(t, "Copyright"));
    assert_string_equal(pg.title.p, "Le pont rouvre | Journal du Lac"); /* 3 words left: kept whole */
    assert_string_equal(pg.lang.p, "fr");
    ws_read_page_free(&pg);
}

static void r05_metadata(void **state)
{
    (void)state;
    ws_read_page pg;
    memset(&pg, 0, sizeof pg);
    const char *html =
        "<html><head><title>Storm closes the coast road for a week - Coast News</title>"
        "<meta property='og:site_name' content='Coast News'>"
        "<meta name='author' content='https://coast.example/staff/1'>"
        "<meta property='article:author' content='Ana Silva'>"
        "<link rel='canonical' href='https://coast.example/storm'>"
        "</head><body><p>The road will stay shut until the repairs are done, the council said.</p>"
        "<time datetime='2022-10-09T07:00'>Sunday</time></body></html>";
    read_page(&pg, html, NULL, "https://coast.example/2001/01/01/x");
    assert_string_equal(pg.title.p, "Storm closes the coast road for a week");
    assert_string_equal(pg.outlet.p, "Coast News");
    assert_string_equal(pg.author.p, "Ana Silva"); /* not the URL */
    assert_string_equal(pg.url.p, "https://coast.example/storm");
    assert_date(pg.date, D(2022, 10, 9)); /* <time> before the URL given */
    /* JSON-LD: name and headline differ: the one like the <title> */
    html = "<html><head><title>Council backs the new bridge</title>"
           "<script type='application/ld+json'><![CDATA[{\"@context\":\"https://schema.org\",\"@graph\":["
           "{\"@type\":\"WebSite\",\"name\":\"Site\"},{\"@type\":[\"NewsArticle\"],\"name\":\"Daily Bugle\","
           "\"headline\":\"Council backs the new bridge\",\"datePublished\":\"2020-05-06\","
           "\"author\":{\"@type\":\"Person\",\"name\":\"Jo Park\"},\"publisher\":{\"name\":\"Bugle\"}}]}]]></script>"
           "</head><body><p>The vote was close, but the bridge will be built, the council said.</p></body></html>";
    read_page(&pg, html, NULL, NULL);
    assert_string_equal(pg.title.p, "Council backs the new bridge");
    assert_date(pg.date, D(2020, 5, 6));
    assert_string_equal(pg.author.p, "Jo Park");
    assert_string_equal(pg.outlet.p, "Bugle");
    ws_read_page_free(&pg);
}

static void r06_charset_page(void **state)
{
    (void)state;
    ws_read_page pg;
    memset(&pg, 0, sizeof pg);
    /* the transport's charset; the page's own meta; a stale meta on UTF-8 */
    read_page(&pg, "<p>\xe9t\xe9</p>", "windows-1252", NULL);
    assert_string_equal(pg.text.p, "été");
    read_page(&pg, "<meta charset=iso-8859-7><p>\xe1\xe2\xe3</p>", NULL, NULL);
    assert_string_equal(pg.text.p, "αβγ");
    read_page(&pg, "<meta charset=gb2312><p>Zürich</p>", NULL, NULL);
    assert_string_equal(pg.text.p, "Zürich");
    /* invalid UTF-8 is replaced, not passed on */
    read_page(&pg, "<p>a\xff" "b</p>", NULL, NULL);
    assert_string_equal(pg.text.p, "a\xEF\xBF\xBD" "b");
    ws_read_page_free(&pg);
}

static void r07_fragment(void **state)
{
    (void)state;
    buf t = {0};
    const char *h = "<h2>Head</h2><p>One<br>two &amp; <b>three</b></p><script>x</script><p hidden>no</p>";
    assert_int_equal(ws_read_html_text(h, strlen(h), &t), WS_OK);
    assert_string_equal(t.p, "Head\n\nOne\ntwo & three");
    ws_buf_free(&t);
}

/* ------------------------------------------------------------ feeds */

static void r08_feeds(void **state)
{
    (void)state;
    ws_read_feed *f;
    const char *what;
    ws_read_page pg;
    memset(&pg, 0, sizeof pg);
    const char *rss = "<rss><channel><title>Wire</title><language>nl</language>"
                      "<item><title>A</title><link>https://w.example/a</link><guid>g1</guid>"
                      "<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>"
                      "<description>&lt;p&gt;One &amp;amp; two&lt;/p&gt;</description></item>"
                      "<item><guid isPermaLink='true'>https://w.example/b</guid><description>Plain text.</description></item>"
                      "</channel></rss>";
    assert_int_equal(ws_read_feed_parse(rss, strlen(rss), &f, &what), WS_OK);
    assert_null(ws_read_feed_warning(f));
    assert_int_equal(ws_read_feed_count(f), 2);
    assert_int_equal(ws_read_feed_item(f, 0, &pg, &what), WS_OK);
    assert_string_equal(pg.text.p, "One & two");
    assert_string_equal(pg.url.p, "https://w.example/a");
    assert_string_equal(pg.outlet.p, "Wire");
    assert_string_equal(pg.lang.p, "nl");
    assert_date(pg.date, D(2024, 1, 1));
    assert_int_equal(ws_read_feed_item(f, 1, &pg, &what), WS_OK);
    assert_string_equal(pg.url.p, "https://w.example/b");
    assert_string_equal(pg.text.p, "Plain text.");
    ws_read_feed_free(f);
    /* not well-formed: recovered, with a warning */
    const char *bad = "<rss><channel><item><title>A & B</title><description>x</description></item></channel>";
    assert_int_equal(ws_read_feed_parse(bad, strlen(bad), &f, &what), WS_OK);
    assert_non_null(ws_read_feed_warning(f));
    ws_read_feed_free(f);
    assert_int_equal(ws_read_feed_parse("<html/>", 7, &f, &what), WS_PARSE);
    assert_non_null(strstr(what, "not a feed"));
    assert_int_equal(ws_read_feed_parse("{\"items\": 3}", 12, &f, &what), WS_PARSE);
    assert_int_equal(ws_read_feed_parse("garbage", 7, &f, &what), WS_PARSE);
    ws_read_page_free(&pg);
}

/* ------------------------------------------------------------- WARC */

static void put_record(FILE *f, bool gz, const char *type, const char *uri, const char *block, long claimed)
{
    char head[512];
    size_t bl = strlen(block);
    int n = snprintf(head, sizeof head,
                     "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2021-02-03T04:05:06Z\r\n"
                     "Content-Type: application/http; msgtype=%s\r\nContent-Length: %ld\r\n\r\n",
                     type, uri, type, claimed >= 0 ? claimed : (long)bl);
    size_t total = (size_t)n + bl + 4;
    char *rec = malloc(total);
    assert_non_null(rec);
    memcpy(rec, head, (size_t)n);
    memcpy(rec + n, block, bl);
    memcpy(rec + n + bl, "\r\n\r\n", 4);
    if (!gz) {
        fwrite(rec, 1, total, f);
    } else {
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
        unsigned char out[8192];
        zs.next_in = (unsigned char *)rec;
        zs.avail_in = (uInt)total;
        zs.next_out = out;
        zs.avail_out = sizeof out;
        assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
        fwrite(out, 1, zs.total_out, f);
        deflateEnd(&zs);
    }
    free(rec);
}

static void write_warc(FILE *f, bool gz, bool lie)
{
    put_record(f, gz, "request", "https://a.example/1", "GET /1 HTTP/1.1\r\nHost: a.example\r\n\r\n", -1);
    put_record(f, gz, "response", "https://a.example/1",
               "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
               "<html><body><p>The first page says hello to the reader.</p></body></html>",
               lie ? 5000 : -1);
    put_record(f, gz, "response", "https://a.example/2",
               "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
               "f\r\n<p>Second page \r\n9\r\nsays bye.\r\n0\r\n\r\n",
               -1);
    put_record(f, gz, "response", "https://a.example/img", "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nPNG", -1);
}

static void r09_warc(void **state)
{
    (void)state;
    for (int gz = 0; gz < 2; gz++) {
        for (int lie = 0; lie < 2; lie++) {
            char *mem = NULL;
            size_t size = 0;
            FILE *out = open_memstream(&mem, &size);
            assert_non_null(out);
            write_warc(out, gz, lie);
            fclose(out);
            FILE *f = fmemopen(mem, size, "rb");
            ws_read_warc *w;
            assert_int_equal(ws_read_warc_open(f, 0, &w), WS_OK);
            const char *html, *uri, *cs, *what;
            size_t len;
            ws_date d;
            long rec;
            int pages = 0, problems = 0, rc;
            long last_rec = 0;
            while ((rc = ws_read_warc_next(w, &html, &len, &uri, &d, &cs, &rec, &what)) != 0) {
                if (rc < 0) {
                    problems++;
                    assert_non_null(what);
                    if (rc == WS_IO) break;
                    continue;
                }
                pages++;
                last_rec = rec;
                assert_date(d, D(2021, 2, 3));
                if (rec == 2) {
                    assert_string_equal(uri, "https://a.example/1");
                    assert_string_equal(cs, "utf-8");
                } else {
                    assert_string_equal(uri, "https://a.example/2");
                    assert_int_equal(len, strlen("<p>Second page says bye."));
                    assert_memory_equal(html, "<p>Second page says bye.", len);
                }
            }
            if (!lie) {
                assert_int_equal(pages, 2);
                assert_int_equal(problems, 0);
                assert_int_equal(last_rec, 3);
            } else {
                /* the lying record is reported; in gzip the next one is still read */
                assert_true(problems >= 1);
                if (gz) {
                    assert_int_equal(pages, 1);
                    assert_int_equal(last_rec, 3);
                }
            }
            ws_read_warc_free(w);
            fclose(f);
            free(mem);
        }
    }
}

/* ------------------------------------------- through the public reader */

static void r10_reader(void **state)
{
    (void)state;
    char path[] = "/tmp/ws_test_read_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *feed = "<?xml version='1.0'?><rss><channel><title>T</title>"
                       "<item><description>First, she said.</description></item>"
                       "<item><title>empty</title></item>"
                       "<item><link>https://t.example/3</link><description>Third.</description></item>"
                       "</channel></rss>";
    assert_int_equal(write(fd, feed, strlen(feed)), (ssize_t)strlen(feed));
    close(fd);
    ws_reader *r;
    char err[256];
    /* no extension: sniffed as a feed */
    assert_int_equal(ws_reader_open(path, WS_INPUT_AUTO, D(2000, 1, 2), 0, &r, err, sizeof err), WS_OK);
    assert_int_equal(ws_reader_mode(r), WS_INPUT_FEED);
    ws_doc doc;
    assert_int_equal(ws_reader_next(r, &doc), 1);
    char id[64];
    snprintf(id, sizeof id, "%s#1", path);
    assert_int_equal(doc.id_len, strlen(id));
    assert_memory_equal(doc.id, id, doc.id_len);
    assert_string_equal(doc.outlet, "T");
    assert_null(doc.author);
    assert_date(doc.date, D(2000, 1, 2)); /* the default date */
    assert_int_equal(ws_reader_next(r, &doc), WS_PARSE);
    size_t wl;
    const char *w = ws_reader_error_what(r, &wl);
    assert_string_equal(w, "feed item without text, skipped");
    snprintf(id, sizeof id, "%s:2", path);
    assert_int_equal(wl, strlen(id));
    assert_memory_equal(ws_reader_error(r), id, wl);
    assert_int_equal(ws_reader_next(r, &doc), 1);
    assert_string_equal(doc.url, "https://t.example/3");
    assert_int_equal(ws_reader_next(r, &doc), 0);
    ws_reader_close(r);
    unlink(path);
}

/* The id read from a JSON line without decoding it: only where the
 * decoder would read the same bytes; else the caller decodes. */
static void r11_peek_id(void **state)
{
    (void)state;
    struct {
        const char *line, *id; /* id NULL: left to the decoder */
    } cases[] = {
        {"{\"text\": \"a\", \"id\": \"x1\"}", "x1"},
        {" {\"id\":\"a/b c\",\"text\":\"q \\\"id\\\": \\\"no\\\"\"} ", "a/b c"},
        {"{\"meta\": {\"id\": \"inner\", \"l\": [1, \"}\", {}]}, \"id\": \"outer\", \"text\": \"t\"}", "outer"},
        {"{\"id\": \"first\", \"text\": \"t\", \"id\": \"last\"}", "last"},
        {"{\"id\": 12, \"text\": \"t\"}", NULL},
        {"{\"id\": \"\", \"text\": \"t\"}", NULL},
        {"{\"id\": \"a\\u0062\", \"text\": \"t\"}", NULL},
        {"{\"i\\u0064\": \"x\", \"text\": \"t\"}", NULL},
        {"{\"id\": null, \"text\": \"t\"}", NULL},
        {"{\"text\": \"t\"}", NULL},
        {"{\"id\": \"x\", \"text\": \"cut", NULL},
        {"[\"id\", \"x\"]", NULL},
        {"{not json", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *id = NULL;
        size_t n = 0;
        int got = ws_jsonl_peek_id(cases[i].line, strlen(cases[i].line), &id, &n);
        assert_int_equal(got, cases[i].id != NULL);
        if (cases[i].id) {
            assert_int_equal(n, strlen(cases[i].id));
            assert_memory_equal(id, cases[i].id, n);
        }
    }
    /* decoded: the escaped id as the reader gives it, FILE:LINE without one */
    char *id;
    size_t n;
    const char *esc = "{\"id\": \"a\\u0062\", \"text\": \"t\"}";
    assert_int_equal(ws_jsonl_doc_id(esc, strlen(esc), "f:3", 3, &id, &n), WS_OK);
    assert_string_equal(id, "ab");
    ws_free(id);
    assert_int_equal(ws_jsonl_doc_id("{not json", 9, "f:3", 3, &id, &n), WS_OK);
    assert_string_equal(id, "f:3");
    ws_free(id);
    const char *num = "{\"id\": -12, \"text\": \"t\"}";
    assert_int_equal(ws_jsonl_doc_id(num, strlen(num), "f:3", 3, &id, &n), WS_OK);
    assert_string_equal(id, "-12");
    ws_free(id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(r01_dates),    cmocka_unit_test(r02_detect),       cmocka_unit_test(r03_charset),
        cmocka_unit_test(r04_main_text), cmocka_unit_test(r05_metadata),    cmocka_unit_test(r06_charset_page),
        cmocka_unit_test(r07_fragment), cmocka_unit_test(r08_feeds),        cmocka_unit_test(r09_warc),
        cmocka_unit_test(r10_reader),   cmocka_unit_test(r11_peek_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
