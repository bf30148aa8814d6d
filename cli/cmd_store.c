/*
 * cmd_store.c -- the statement database on the command line: `whosaid
 * ingest` (extract and store), `search`, `speakers` and `timeline`.  The
 * database is ./whosaid.db unless --db names another; the library's store
 * (src/store/) does the work, this file parses options and prints.
 */
#define _GNU_SOURCE
#include "cli.h"
#include "whosaid_store.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_DB "whosaid.db"
/* documents per transaction of ingest: fewer commits write fewer pages
 * again (a 1M-statement load: about 3 s less writer CPU than at 4000),
 * for about 130 MB more memory */
#define INGEST_BATCH 12000

typedef enum { OUT_TABLE, OUT_JSONL, OUT_CSV } out_fmt;

static int parse_format(const char *v, out_fmt *f)
{
    if (v && !strcmp(v, "table")) *f = OUT_TABLE;
    else if (v && !strcmp(v, "jsonl")) *f = OUT_JSONL;
    else if (v && !strcmp(v, "csv")) *f = OUT_CSV;
    else {
        fprintf(stderr, "whosaid: --format must be table, jsonl or csv, not '%s'\n", v ? v : "");
        return -1;
    }
    return 0;
}

/* Prints at most W display columns of S (code points), padded. */
static void cell(const char *s, int w) { cli_cell(s, s ? strlen(s) : 0, w); }

/* A CSV field (RFC 4180 quoting). */
static void csv(const char *s, int last)
{
    if (s) {
        if (strpbrk(s, ",\"\n\r")) {
            putchar('"');
            for (; *s; s++) {
                if (*s == '"') putchar('"');
                putchar(*s);
            }
            putchar('"');
        } else {
            fputs(s, stdout);
        }
    }
    putchar(last ? '\n' : ',');
}

static void csv_long(long v, int last)
{
    char b[32];
    snprintf(b, sizeof b, "%ld", v);
    csv(b, last);
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* Prints a JSON object as one line; returns 0 or WS_IO/WS_NOMEM. */
static int print_json(json_t *o)
{
    if (!o) return WS_NOMEM;
    int rc = json_dumpf(o, stdout, JSON_COMPACT | JSON_ENSURE_ASCII * 0) == 0 ? 0 : WS_IO;
    json_decref(o);
    if (rc == 0 && putchar('\n') == EOF) rc = WS_IO;
    return rc;
}

/* Opens an existing database read-only (the commands that query). */
static ws_db *open_existing(const char *path)
{
    struct stat sb;
    /* a file; a URI ("postgresql://...") is the store's to check */
    if (strcmp(path, ":memory:") && !strstr(path, "://") && stat(path, &sb) != 0) {
        fprintf(stderr, "whosaid: no database %s (create it with whosaid ingest)\n", path);
        return NULL;
    }
    ws_db *db;
    char err[512] = "";
    ws_db_opts ro = {NULL, 0, 0, 0, 1};
    if (ws_db_open(path, &ro, &db, err, sizeof err) != WS_OK) {
        char shown[1024];
        fprintf(stderr, "whosaid: %s: %s\n", cli_db_name(path, shown, sizeof shown), err);
        return NULL;
    }
    return db;
}

static const char *need(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "whosaid: %s needs a value\n", argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

/* ---------------------------------------------------------------- ingest */

/* With WHOSAID_STATS set in the environment: prints to stderr the CPU
 * seconds (user + system) of each thread still alive, by name (the
 * store's writer thread is "whosaid-writer"), WHEN: "extracted" (all
 * input delivered; the writer may still have work queued) or "stored"
 * (after ws_db_flush, which stores the last batch and builds deferred
 * indexes on this thread). */
static void print_thread_cpu(const char *when)
{
    if (!getenv("WHOSAID_STATS")) return;
    DIR *d = opendir("/proc/self/task");
    if (!d) return;
    long hz = sysconf(_SC_CLK_TCK);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[300], name[64] = "?", line[1024];
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f) {
            if (fgets(name, sizeof name, f)) name[strcspn(name, "\n")] = 0;
            fclose(f);
        }
        snprintf(path, sizeof path, "/proc/self/task/%s/stat", e->d_name);
        if (!(f = fopen(path, "r"))) continue;
        size_t n = fread(line, 1, sizeof line - 1, f);
        fclose(f);
        line[n] = 0;
        /* fields after the parenthesised name: state is field 3, utime 14, stime 15 */
        char *p = strrchr(line, ')');
        unsigned long ut = 0, st = 0;
        if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2)
            fprintf(stderr, "%s: thread %-16s %8.2f s CPU\n", when, name, (double)(ut + st) / (double)hz);
    }
    closedir(d);
}

typedef struct ingest_state {
    ws_db *db;
    long problems;
    progress *progress;
} ingest_state;

static int on_ingest(void *ud, const ws_doc *doc, int status, const char *errmsg, const ws_statement *st,
                     size_t n)
{
    ingest_state *x = ud;
    progress_update(x->progress, 0, (long)n, 0, -1);
    if (status != WS_OK) {
        progress_clear(x->progress);
        fprintf(stderr, "%.*s: %s\n", (int)doc->id_len, doc->id, errmsg);
        x->problems++;
    }
    return ws_db_emit(x->db, doc, status, errmsg, st, n);
}

static void ingest_usage(void)
{
    fprintf(stderr, "usage: whosaid ingest [--db FILE] [--topics FILE] [--no-text] [--batch N]\n"
                    "                      [--input lines|jsonl|text] [--date YYYY-MM-DD] [--threads N]\n"
                    "                      [--data DIR] [--no-model] [--max-doc BYTES] [--shard K/N] [FILE...]\n");
}

/* What ingest's own options set. */
typedef struct ingest_args {
    const char *path, *topics;
    ws_db_opts *dbo;
} ingest_args;

/* ingest's own options (cli_own_opt). */
static int ingest_opt(void *ud, int argc, char **argv, int i)
{
    ingest_args *g = ud;
    const char *a = argv[i];
    if (!strcmp(a, "--db")) return (g->path = need(argc, argv, &i)) ? 2 : -1;
    if (!strcmp(a, "--topics")) return (g->topics = need(argc, argv, &i)) ? 2 : -1;
    if (!strcmp(a, "--no-text")) {
        g->dbo->no_text = 1;
        return 1;
    }
    if (!strcmp(a, "--batch")) {
        const char *v = need(argc, argv, &i);
        long b = v ? strtol(v, NULL, 10) : 0;
        if (b < 1) {
            fprintf(stderr, "whosaid: --batch must be a positive number\n");
            return -1;
        }
        g->dbo->batch_docs = (size_t)b;
        return 2;
    }
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    char shown[1024];
    extract_opts o = {WS_INPUT_AUTO, {0, 0, 0}, NULL, 1, 0, 0, NULL, 0, 0, 0};
    ws_db_opts dbo = {NULL, 0, INGEST_BATCH, 1, 0};
    ingest_args g = {DEFAULT_DB, NULL, &dbo};
    char **files;
    int nfiles;
    int status = cli_parse_files(argc, argv, &o, ingest_opt, &g, ingest_usage, &files, &nfiles);
    if (status != CLI_GO) return status;
    const char *path = g.path, *topics = g.topics;
    /* the default topics: topics.txt in the knowledge directory, if any */
    char deftopics[4096];
    if (!topics) {
        snprintf(deftopics, sizeof deftopics, "%s/topics.txt", o.data_dir ? o.data_dir : ws_default_data_dir());
        if (access(deftopics, R_OK) == 0) topics = deftopics;
    }
    dbo.topics_path = topics;
    ws_db_process_init();
    ws_lexicon *lx = load_lexicon(&o);
    if (!lx) { free(files); return EXIT_FATAL; }
    ingest_state x = {NULL, 0, NULL};
    char err[512] = "";
    int rc = ws_db_open(path, &dbo, &x.db, err, sizeof err);
    if (rc != WS_OK) {
        fprintf(stderr, "whosaid: %s: %s\n", cli_db_name(path, shown, sizeof shown), err);
        ws_lexicon_free(lx);
        free(files);
        return EXIT_FATAL;
    }
    /* extraction on worker threads (at least two) while this thread
     * writes: storing overlaps extracting */
    ws_pipeline_opts po = {0};
    po.threads = o.threads < 2 ? 2 : o.threads;
    po.max_doc = o.max_doc;
    ws_pipeline *p;
    if (ws_db_ingest_pipeline_new(lx, &po, on_ingest, &x, &p) != WS_OK) {
        fprintf(stderr, "whosaid: out of memory\n");
        ws_db_close(x.db);
        ws_lexicon_free(lx);
        free(files);
        return EXIT_FATAL;
    }
    progress pr;
    progress_start(&pr, o.quiet, files, nfiles);
    o.progress = x.progress = &pr;
    long problems = feed_files(p, &o, files, nfiles);
    rc = problems < 0 ? WS_DB : ws_pipeline_finish(p);
    progress_end(&pr);
    print_thread_cpu("extracted");
    if (rc == WS_OK) rc = ws_db_flush(x.db);
    print_thread_cpu("stored");
    ws_pipeline_free(p);
    if (rc != WS_OK) {
        const char *m = ws_db_errmsg(x.db);
        fprintf(stderr, "whosaid: %s: %s\n", cli_db_name(path, shown, sizeof shown), m && *m ? m : ws_strerror(rc));
        ws_db_close(x.db);
        ws_lexicon_free(lx);
        free(files);
        return EXIT_FATAL;
    }
    ws_db_ingest_stats s;
    ws_db_counts c = {0};
    ws_db_ingest_stats_get(x.db, &s);
    if (ws_db_counts_get(x.db, &c) != WS_OK) fprintf(stderr, "whosaid: %s\n", ws_db_errmsg(x.db));
    printf("ingested %ld documents (%ld new, %ld changed, %ld unchanged), %ld statements stored; "
           "%s holds %ld documents, %ld statements, %ld speakers, %ld clusters\n",
           s.docs_new + s.docs_changed + s.docs_unchanged, s.docs_new, s.docs_changed, s.docs_unchanged,
           s.statements, cli_db_name(path, shown, sizeof shown), c.documents, c.statements, c.speakers, c.clusters);
    if (s.retries)
        fprintf(stderr, "whosaid: %ld batch%s run again at the database's request (concurrent ingesters)\n", s.retries,
                s.retries == 1 ? "" : "es");
    ws_db_close(x.db);
    ws_lexicon_free(lx);
    free(files);
    return cli_problems_exit(problems + x.problems, "stored");
}

/* ------------------------------------------------------- query options */

typedef struct query_opts {
    const char *path;
    ws_query q;
    out_fmt fmt;
    ws_period by;
} query_opts;

/* Parses the options of search/timeline; TEXT words are joined into
 * q.text.  Returns 0, or -1 after reporting. */
static int parse_query(int argc, char **argv, query_opts *o, int timeline, char *text, size_t cap)
{
    text[0] = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--db")) { if (!(o->path = need(argc, argv, &i))) return -1; }
        else if (!strcmp(a, "--speaker")) { if (!(o->q.speaker = need(argc, argv, &i))) return -1; }
        else if (!strcmp(a, "--topic")) { if (!(o->q.topic = need(argc, argv, &i))) return -1; }
        else if (!strcmp(a, "--since")) { if (!(o->q.since = need(argc, argv, &i))) return -1; }
        else if (!strcmp(a, "--until")) { if (!(o->q.until = need(argc, argv, &i))) return -1; }
        else if (!strcmp(a, "--kind")) { if (!(o->q.kind = need(argc, argv, &i))) return -1; }
        else if (!strcmp(a, "--match")) { if (!(o->q.match = need(argc, argv, &i))) return -1; }
        else if (!strcmp(a, "--format")) {
            if (!(v = need(argc, argv, &i)) || parse_format(v, &o->fmt)) return -1;
        } else if (!timeline && !strcmp(a, "--limit")) {
            if (!(v = need(argc, argv, &i))) return -1;
            char *end;
            o->q.limit = strtol(v, &end, 10);
            if (*end || o->q.limit < 0) {
                fprintf(stderr, "whosaid: --limit must be a number (0: all), not '%s'\n", v);
                return -1;
            }
        } else if (timeline && !strcmp(a, "--by")) {
            if (!(v = need(argc, argv, &i))) return -1;
            if (!strcmp(v, "day")) o->by = WS_BY_DAY;
            else if (!strcmp(v, "week")) o->by = WS_BY_WEEK;
            else if (!strcmp(v, "month")) o->by = WS_BY_MONTH;
            else {
                fprintf(stderr, "whosaid: --by must be day, week or month, not '%s'\n", v);
                return -1;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "whosaid: unknown option '%s'\n", a);
            return -1;
        } else {
            size_t l = strlen(text);
            if (l + strlen(a) + 2 > cap) {
                fprintf(stderr, "whosaid: search text too long\n");
                return -1;
            }
            if (l) strcat(text, " ");
            strcat(text, a);
        }
    }
    if (text[0]) o->q.text = text;
    return 0;
}

static void query_failed(ws_db *db, int rc)
{
    const char *m = ws_db_errmsg(db);
    fprintf(stderr, "whosaid: %s\n", rc == WS_PARSE || (m && *m) ? m : ws_strerror(rc));
}

/* ---------------------------------------------------------------- search */

static json_t *jspan(const ws_db_span *s)
{
    if (!s->text) return json_null();
    return json_pack("{s:s,s:I,s:I}", "text", s->text, "start", (json_int_t)s->start, "end", (json_int_t)s->end);
}

static int hit_jsonl(const ws_hit *h)
{
    json_t *topics = json_array();
    if (!topics) return WS_NOMEM;
    if (h->topics) {
        const char *p = h->topics;
        while (*p) {
            const char *e = strchr(p, ',');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            json_array_append_new(topics, json_stringn(p, n));
            p += n + (e ? 1 : 0);
        }
    }
    json_t *spk = h->speaker ? json_pack("{s:s,s:o,s:o,s:o}", "name", h->speaker, "as", jstr(h->said_as),
                                         "title", jstr(h->title), "affiliation", jstr(h->affiliation))
                             : json_null();
    json_t *o = json_pack("{s:I,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:o,s:o,s:o,s:o}",
                          "id", (json_int_t)h->id, "doc", h->doc, "doc_date", jstr(h->doc_date), "kind", h->kind,
                          "content", jspan(&h->content), "content2", jspan(&h->content2), "cue", jspan(&h->cue),
                          "source", jspan(&h->source), "speaker", spk, "date", jstr(h->date), "date_text",
                          jstr(h->date_text), "venue", jstr(h->venue), "cluster", jstr(h->cluster), "sort_date",
                          jstr(h->sort_date), "confidence", h->confidence, "method", jstr(h->method), "topics",
                          topics, "title", jstr(h->doc_title), "url", jstr(h->doc_url), "outlet",
                          jstr(h->doc_outlet));
    return print_json(o);
}

typedef struct search_state {
    out_fmt fmt;
    long rows;
} search_state;

static int on_hit(void *ud, const ws_hit *h)
{
    search_state *s = ud;
    s->rows++;
    if (s->fmt == OUT_JSONL) return hit_jsonl(h);
    if (s->fmt == OUT_CSV) {
        char id[32];
        snprintf(id, sizeof id, "%lld", (long long)h->id);
        csv(id, 0);
        csv(h->sort_date, 0);
        csv(h->date, 0);
        csv(h->speaker, 0);
        csv(h->title, 0);
        csv(h->affiliation, 0);
        csv(h->kind, 0);
        csv(h->cue.text, 0);
        csv(h->content.text, 0);
        csv(h->content2.text, 0);
        csv(h->doc, 0);
        csv(h->cluster, 0);
        csv(h->topics, 1);
        return 0;
    }
    const char *doc = strrchr(h->doc, '/');
    doc = doc ? doc + 1 : h->doc;
    char content[4096];
    snprintf(content, sizeof content, "%s%s%s", h->content.text, h->content2.text ? " … " : "",
             h->content2.text ? h->content2.text : "");
    cell(h->sort_date ? h->sort_date : "", 10);
    fputs(h->date ? "  " : "* ", stdout);
    cell(h->speaker ? h->speaker : "?", 24);
    putchar(' ');
    cell(h->kind, 8);
    putchar(' ');
    cell(content, 72);
    putchar(' ');
    cell(doc, 24);
    putchar('\n');
    return 0;
}

int cmd_search(int argc, char **argv)
{
    query_opts o = {DEFAULT_DB, {0}, OUT_TABLE, WS_BY_DAY};
    o.q.limit = 50;
    char text[4096];
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        cli_usage();
        return EXIT_OK_ALL;
    }
    if (parse_query(argc, argv, &o, 0, text, sizeof text)) {
        cli_usage();
        return EXIT_FATAL;
    }
    ws_db *db = open_existing(o.path);
    if (!db) return EXIT_FATAL;
    search_state s = {o.fmt, 0};
    if (o.fmt == OUT_TABLE)
        printf("%-11s %-24s %-8s %-72s %s\n", "date", "speaker", "kind", "content", "document");
    if (o.fmt == OUT_CSV)
        puts("id,date,said_on,speaker,title,affiliation,kind,cue,content,content2,doc,cluster,topics");
    int rc = ws_db_search(db, &o.q, on_hit, &s);
    if (rc != WS_OK) {
        query_failed(db, rc);
        ws_db_close(db);
        return EXIT_FATAL;
    }
    if (o.fmt == OUT_TABLE)
        printf("\n%ld statement%s%s (* dated by the document)\n", s.rows, s.rows == 1 ? "" : "s",
               o.q.limit && s.rows == o.q.limit ? " (--limit reached)" : "");
    ws_db_close(db);
    return fflush(stdout) == 0 ? EXIT_OK_ALL : EXIT_FATAL;
}

/* -------------------------------------------------------------- speakers */

/* How speakers are printed: the format, and with --history the database
 * to ask for each speaker's titles and affiliations over time. */
typedef struct spk_out {
    out_fmt fmt;
    ws_db *db; /* NULL: no history */
    int rc;
} spk_out;

static int on_title_json(void *ud, const ws_title_row *t)
{
    return json_array_append_new(ud, json_pack("{s:s,s:s,s:i,s:o,s:o}", "kind", t->kind, "value", t->value,
                                               "statements", (int)t->statements, "first", jstr(t->first),
                                               "last", jstr(t->last)))
               ? -1
               : 0;
}

static int on_title_text(void *ud, const ws_title_row *t)
{
    out_fmt *f = ud;
    if (*f == OUT_CSV) {
        csv("", 0);
        csv_long(t->statements, 0);
        csv(t->first, 0);
        csv(t->last, 0);
        csv(t->kind[0] == 't' ? t->value : NULL, 0);
        csv(t->kind[0] == 'a' ? t->value : NULL, 0);
        csv(NULL, 1);
        return 0;
    }
    printf("  %-10s %-19s %10ld ", t->kind, t->value, t->statements);
    cell(t->first ? t->first : "", 10);
    putchar(' ');
    cell(t->last ? t->last : "", 10);
    putchar('\n');
    return 0;
}

static int print_speaker(spk_out *o, const ws_speaker_row *r)
{
    out_fmt *f = &o->fmt;
    if (*f == OUT_JSONL) {
        json_t *hist = NULL;
        if (o->db) {
            hist = json_array();
            if (!hist) return -1;
            int rc = ws_db_speaker_titles(o->db, r->id, on_title_json, hist);
            if (rc) {
                json_decref(hist);
                return o->rc = rc;
            }
        }
        json_t *j = json_pack("{s:s,s:i,s:b,s:o,s:o,s:o,s:o,s:o}", "name", r->name, "statements",
                              (int)r->statements, "person", r->is_person, "first", jstr(r->first), "last",
                              jstr(r->last), "titles", jstr(r->titles), "affiliations", jstr(r->affiliations),
                              "aliases", jstr(r->aliases));
        if (j && hist) json_object_set_new(j, "history", hist);
        else json_decref(hist);
        return print_json(j);
    }
    if (*f == OUT_CSV) {
        csv(r->name, 0);
        csv_long(r->statements, 0);
        csv(r->first, 0);
        csv(r->last, 0);
        csv(r->titles, 0);
        csv(r->affiliations, 0);
        csv(r->aliases, 1);
    } else {
        char who[1024];
        snprintf(who, sizeof who, "%s%s%s%s%s", r->titles ? r->titles : "",
                 r->titles && r->affiliations ? "; " : "", r->affiliations ? r->affiliations : "",
                 (r->titles || r->affiliations) && r->aliases ? "; aka " : "", r->aliases ? r->aliases : "");
        cell(r->name, 32);
        printf(" %10ld ", r->statements);
        cell(r->first ? r->first : "", 10);
        putchar(' ');
        cell(r->last ? r->last : "", 10);
        putchar(' ');
        cell(who, 60);
        putchar('\n');
    }
    if (o->db) {
        int rc = ws_db_speaker_titles(o->db, r->id, on_title_text, f);
        if (rc) return o->rc = rc;
    }
    return 0;
}

/* A copy of a speaker row, for --history: the titles are asked after the
 * listing, one speaker at a time. */
typedef struct spk_copy {
    ws_speaker_row r;
    char *s[6];
} spk_copy;

typedef struct spk_list {
    spk_copy *v;
    size_t n, cap;
} spk_list;

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int on_speaker_keep(void *ud, const ws_speaker_row *r)
{
    spk_list *l = ud;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        spk_copy *nv = realloc(l->v, nc * sizeof *nv);
        if (!nv) return -1;
        l->v = nv;
        l->cap = nc;
    }
    spk_copy *c = &l->v[l->n++];
    c->r = *r;
    const char *src[6] = {r->name, r->first, r->last, r->titles, r->affiliations, r->aliases};
    for (int i = 0; i < 6; i++) c->s[i] = dup_or_null(src[i]);
    c->r.name = c->s[0];
    c->r.first = c->s[1];
    c->r.last = c->s[2];
    c->r.titles = c->s[3];
    c->r.affiliations = c->s[4];
    c->r.aliases = c->s[5];
    return c->s[0] ? 0 : -1;
}

static int on_speaker(void *ud, const ws_speaker_row *r) { return print_speaker(ud, r); }

int cmd_speakers(int argc, char **argv)
{
    const char *path = DEFAULT_DB, *name = NULL;
    out_fmt fmt = OUT_TABLE;
    int history = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!strcmp(a, "--db")) { if (!(path = need(argc, argv, &i))) return EXIT_FATAL; }
        else if (!strcmp(a, "--format")) {
            if (!(v = need(argc, argv, &i)) || parse_format(v, &fmt)) return EXIT_FATAL;
        } else if (!strcmp(a, "--history")) {
            history = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            cli_usage();
            return EXIT_OK_ALL;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "whosaid: unknown option '%s'\n", a);
            return EXIT_FATAL;
        } else {
            name = a;
        }
    }
    ws_db *db = open_existing(path);
    if (!db) return EXIT_FATAL;
    if (fmt == OUT_TABLE)
        printf("%-32s %10s %-10s %-10s %s\n", "speaker", "statements", "first", "last", "titles, affiliations");
    if (fmt == OUT_CSV) puts("name,statements,first,last,titles,affiliations,aliases");
    spk_out o = {fmt, NULL, 0};
    int rc;
    if (!history) {
        rc = ws_db_speakers(db, name, on_speaker, &o);
    } else {
        /* titles over time: the speakers first, then each one's history */
        spk_list l = {NULL, 0, 0};
        rc = ws_db_speakers(db, name, on_speaker_keep, &l);
        o.db = db;
        for (size_t i = 0; i < l.n && rc == WS_OK; i++) rc = print_speaker(&o, &l.v[i].r);
        for (size_t i = 0; i < l.n; i++)
            for (int k = 0; k < 6; k++) free(l.v[i].s[k]);
        free(l.v);
    }
    if (o.rc) rc = o.rc;
    if (rc != WS_OK) {
        query_failed(db, rc < 0 ? rc : WS_NOMEM);
        ws_db_close(db);
        return EXIT_FATAL;
    }
    ws_db_close(db);
    return fflush(stdout) == 0 ? EXIT_OK_ALL : EXIT_FATAL;
}

/* -------------------------------------------------------------- timeline */

typedef struct bucket {
    char period[16];
    long count;
} bucket;

typedef struct tl_state {
    bucket *b;
    size_t n, cap;
} tl_state;

static int on_bucket(void *ud, const char *period, long count)
{
    tl_state *t = ud;
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        bucket *nb = realloc(t->b, nc * sizeof *nb);
        if (!nb) return WS_NOMEM;
        t->b = nb;
        t->cap = nc;
    }
    snprintf(t->b[t->n].period, sizeof t->b[t->n].period, "%s", period);
    t->b[t->n++].count = count;
    return 0;
}

int cmd_timeline(int argc, char **argv)
{
    query_opts o = {DEFAULT_DB, {0}, OUT_TABLE, WS_BY_MONTH};
    char text[4096];
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        cli_usage();
        return EXIT_OK_ALL;
    }
    if (parse_query(argc, argv, &o, 1, text, sizeof text)) {
        cli_usage();
        return EXIT_FATAL;
    }
    ws_db *db = open_existing(o.path);
    if (!db) return EXIT_FATAL;
    tl_state t = {NULL, 0, 0};
    int rc = ws_db_timeline(db, &o.q, o.by, on_bucket, &t);
    if (rc != WS_OK) {
        query_failed(db, rc);
        ws_db_close(db);
        free(t.b);
        return EXIT_FATAL;
    }
    static const char *const unit[] = {"day", "week", "month"};
    long max = 0, total = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.b[i].count > max) max = t.b[i].count;
        total += t.b[i].count;
    }
    if (o.fmt == OUT_CSV) puts("period,statements");
    for (size_t i = 0; i < t.n; i++) {
        if (o.fmt == OUT_JSONL) {
            if ((rc = print_json(json_pack("{s:s,s:s,s:i}", "period", t.b[i].period, "by", unit[o.by],
                                           "statements", (int)t.b[i].count))))
                break;
        } else if (o.fmt == OUT_CSV) {
            csv(t.b[i].period, 0);
            csv_long(t.b[i].count, 1);
        } else {
            int w = max ? (int)((t.b[i].count * 50 + max - 1) / max) : 0;
            printf("%-10s %7ld ", t.b[i].period, t.b[i].count);
            for (int k = 0; k < w; k++) fputs("█", stdout);
            putchar('\n');
        }
    }
    if (o.fmt == OUT_TABLE) printf("\n%ld dated statements by %s\n", total, unit[o.by]);
    free(t.b);
    ws_db_close(db);
    if (rc) return EXIT_FATAL;
    return fflush(stdout) == 0 ? EXIT_OK_ALL : EXIT_FATAL;
}
