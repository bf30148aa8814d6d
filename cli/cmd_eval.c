/*
 * cmd_eval.c -- `whosaid eval GOLD_DIR`: extract a PolNeAR-layout corpus
 * (or read predictions) and score it against its gold attributions.
 *
 * The figures and the table are those of ../shared/tools/attrib_eval.py
 * (same definitions, same layout, last line "linked F1 X"); --json prints
 * the same keys as its --json.  --worst N first lists the N articles with
 * the lowest linked F1 (ties: most gold missed) with what was missed and
 * what was predicted in vain, for development.
 */
#include "cli.h"
#include "whosaid_eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static const char *const role_key[WS_NROLES] = {"source", "cue", "content"};

static json_t *prf_json(const ws_eval_prf *x) { return json_pack("[f,f,f]", x->p, x->r, x->f); }

static json_t *worst_json(const ws_eval *ev, long n);

/* The reference's --json keys, plus "articles" and (with --worst) "worst". */
static int print_json(const ws_eval *ev, const ws_eval_result *r, long worst)
{
    json_t *o = json_object();
    int bad = !o;
    for (int k = 0; k < WS_NROLES && !bad; k++) {
        char key[32];
        snprintf(key, sizeof key, "%s_exact", role_key[k]);
        bad |= json_object_set_new(o, key, prf_json(&r->exact[k]));
        snprintf(key, sizeof key, "%s_overlap", role_key[k]);
        bad |= json_object_set_new(o, key, prf_json(&r->overlap[k]));
    }
    if (!bad)
        bad |= json_object_set_new(o, "linked", prf_json(&r->linked)) ||
               json_object_set_new(o, "counts",
                                   json_pack("{s:I,s:I,s:I}", "gold", (json_int_t)r->linked.ngold,
                                             "predicted", (json_int_t)r->linked.npred, "linked",
                                             (json_int_t)r->linked.tp)) ||
               json_object_set_new(o, "recall_by_kind",
                                   json_pack("{s:[f,I],s:[f,I]}", "quoted", r->quoted_recall,
                                             (json_int_t)r->quoted_gold, "unquoted", r->unquoted_recall,
                                             (json_int_t)r->unquoted_gold)) ||
               json_object_set_new(o, "articles", json_integer(r->articles));
    if (!bad && worst > 0) bad |= json_object_set_new(o, "worst", worst_json(ev, worst));
    if (bad || json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0) {
        json_decref(o);
        return -1;
    }
    json_decref(o);
    putchar('\n');
    return 0;
}

static void print_table(const ws_eval_result *r)
{
    static const int order[] = {WS_ROLE_CUE, WS_ROLE_SOURCE, WS_ROLE_CONTENT};
    printf("%-16s %9s %9s %9s\n", "", "precision", "recall", "F1");
    for (int i = 0; i < 3; i++) {
        int k = order[i];
        char name[32];
        snprintf(name, sizeof name, "%s_exact", role_key[k]);
        printf("%-16s %9.3f %9.3f %9.3f\n", name, r->exact[k].p, r->exact[k].r, r->exact[k].f);
        snprintf(name, sizeof name, "%s_overlap", role_key[k]);
        printf("%-16s %9.3f %9.3f %9.3f\n", name, r->overlap[k].p, r->overlap[k].r, r->overlap[k].f);
    }
    printf("attributions: %ld gold, %ld predicted, %ld linked\n", r->linked.ngold, r->linked.npred,
           r->linked.tp);
    printf("linked recall, quoted gold content: %.3f of %ld\n", r->quoted_recall, r->quoted_gold);
    printf("linked recall, unquoted gold content: %.3f of %ld\n", r->unquoted_recall, r->unquoted_gold);
    printf("linked P %.3f R %.3f\n", r->linked.p, r->linked.r);
    printf("linked F1 %.3f\n", r->linked.f);
}

/* Prints S cut to about W bytes on a UTF-8 boundary. */
static void clipped(const char *s, size_t w)
{
    size_t n = strlen(s);
    if (n <= w) {
        fputs(s, stdout);
        return;
    }
    while (w > 0 && ((unsigned char)s[w] & 0xC0) == 0x80) w--;
    fwrite(s, 1, w, stdout);
    fputs("...", stdout);
}

typedef struct ranked {
    size_t i;
    ws_eval_article a;
} ranked;

static int cmp_worst(const void *x, const void *y)
{
    const ws_eval_article *a = &((const ranked *)x)->a, *b = &((const ranked *)y)->a;
    if (a->f != b->f) return a->f < b->f ? -1 : 1;
    long ma = a->gold - a->linked, mb = b->gold - b->linked;
    if (ma != mb) return ma > mb ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* The articles of EV, worst first (*cnt of them; free the array). */
static ranked *rank(const ws_eval *ev, size_t *cnt)
{
    *cnt = ws_eval_count(ev);
    ranked *v = calloc(*cnt + 1, sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < *cnt; i++) {
        v[i].i = i;
        if (ws_eval_article_get(ev, i, &v[i].a) != WS_OK) { free(v); return NULL; }
    }
    qsort(v, *cnt, sizeof *v, cmp_worst);
    return v;
}

static json_t *strings_json(const char *const *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(s[i])) != 0) { json_decref(a); return NULL; }
    return a;
}

/* The N worst articles as a JSON array (NULL when out of memory). */
static json_t *worst_json(const ws_eval *ev, long n)
{
    size_t cnt;
    ranked *v = rank(ev, &cnt);
    json_t *a = v ? json_array() : NULL;
    for (size_t k = 0; a && k < cnt && (long)k < n; k++) {
        const ws_eval_article *x = &v[k].a;
        json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:f,s:f,s:f,s:o*,s:o*}", "article", x->name, "gold",
                              (json_int_t)x->gold, "predicted", (json_int_t)x->predicted, "linked",
                              (json_int_t)x->linked, "p", x->p, "r", x->r, "f", x->f, "missed",
                              strings_json(x->missed, x->nmissed), "spurious",
                              strings_json(x->spurious, x->nspurious));
        if (!o || json_array_append_new(a, o) != 0) { json_decref(a); a = NULL; }
    }
    free(v);
    return a;
}

static int print_worst(const ws_eval *ev, long n)
{
    size_t cnt;
    ranked *v = rank(ev, &cnt);
    if (!v) return -1;
    printf("worst articles (lowest linked F1, then most gold missed):\n");
    printf("%6s %6s %6s %5s %5s %6s  %s\n", "F1", "P", "R", "gold", "pred", "linked", "article");
    enum { SHOW = 8 };
    for (size_t k = 0; k < cnt && (long)k < n; k++) {
        const ws_eval_article *a = &v[k].a;
        printf("%6.3f %6.3f %6.3f %5ld %5ld %6ld  %s\n", a->f, a->p, a->r, a->gold, a->predicted, a->linked,
               a->name);
        for (size_t j = 0; j < a->nmissed && j < SHOW; j++) {
            fputs("    missed   ", stdout);
            clipped(a->missed[j], 150);
            putchar('\n');
        }
        if (a->nmissed > SHOW) printf("    missed   ... and %zu more\n", a->nmissed - SHOW);
        for (size_t j = 0; j < a->nspurious && j < SHOW; j++) {
            fputs("    spurious ", stdout);
            clipped(a->spurious[j], 150);
            putchar('\n');
        }
        if (a->nspurious > SHOW) printf("    spurious ... and %zu more\n", a->nspurious - SHOW);
    }
    putchar('\n');
    free(v);
    return 0;
}

static void eval_usage(void)
{
    fprintf(stderr,
            "usage: whosaid eval GOLD_DIR [--pred DIR] [--worst N] [--json] [--data DIR] [--no-model] [--threads N]\n"
            "  scores GOLD_DIR/text/*.txt, extracted (or read from --pred DIR/NAME.ann), against\n"
            "  GOLD_DIR/attributions/NAME_ANNOTATOR.ann; the last line is 'linked F1 X'\n");
}

int cmd_eval(int argc, char **argv)
{
    extract_opts o = {WS_INPUT_TEXT, {0, 0, 0}, NULL, 1, 0, 0, NULL, 0, 0, 0};
    const char *gold = NULL, *pred = NULL;
    long worst = 0;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        int used = parse_extract_opt(&o, argc, argv, i);
        if (used < 0) goto usage;
        if (used > 0) {
            if (o.mode != WS_INPUT_TEXT) {
                fprintf(stderr, "whosaid: eval reads each file as one document (--input text)\n");
                goto usage;
            }
            i += used - 1;
            continue;
        }
        const char *a = argv[i];
        if (!strcmp(a, "--pred")) {
            if (i + 1 >= argc) { fprintf(stderr, "whosaid: --pred needs a directory\n"); goto usage; }
            pred = argv[++i];
        } else if (!strcmp(a, "--worst")) {
            char *end;
            worst = i + 1 < argc ? strtol(argv[++i], &end, 10) : -1;
            if (worst < 1 || *end) { fprintf(stderr, "whosaid: --worst needs a positive number\n"); goto usage; }
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            eval_usage();
            return EXIT_OK_ALL;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "whosaid: unknown option '%s'\n", a);
            goto usage;
        } else if (!gold) {
            gold = a;
        } else {
            fprintf(stderr, "whosaid: eval takes one GOLD_DIR\n");
            goto usage;
        }
    }
    if (!gold) goto usage;
    ws_lexicon *lx = NULL;
    if (!pred && !(lx = load_lexicon(&o))) return EXIT_FATAL;
    ws_eval *ev;
    if (ws_eval_new(&ev) != WS_OK) {
        fprintf(stderr, "whosaid: out of memory\n");
        ws_lexicon_free(lx);
        return EXIT_FATAL;
    }
    ws_eval_opts eo = {pred, o.threads, o.max_doc, o.date};
    char err[1024] = "";
    int rc = ws_eval_dir(ev, gold, lx, &eo, err, sizeof err);
    ws_lexicon_free(lx);
    if (rc != WS_OK) {
        fprintf(stderr, "whosaid: %s\n", err[0] ? err : ws_strerror(rc));
        ws_eval_free(ev);
        return EXIT_FATAL;
    }
    ws_eval_result r;
    ws_eval_get(ev, &r);
    int bad = 0;
    if (worst > 0 && !json) bad = print_worst(ev, worst) != 0;
    if (json) bad |= print_json(ev, &r, worst) != 0;
    else print_table(&r);
    ws_eval_free(ev);
    if (fflush(stdout) != 0 || bad) {
        fprintf(stderr, "whosaid: cannot write the results\n");
        return EXIT_FATAL;
    }
    if (r.articles == 0) {
        fprintf(stderr, "whosaid: no article of %s/text has a gold file in %s/attributions\n", gold, gold);
        return EXIT_FATAL;
    }
    if (r.failed) {
        fprintf(stderr, "whosaid: %ld article%s could not be extracted (scored as predicting nothing)\n",
                r.failed, r.failed == 1 ? "" : "s");
        return EXIT_SKIPPED;
    }
    return EXIT_OK_ALL;
usage:
    eval_usage();
    return EXIT_FATAL;
}
