/*
 * main.c -- whosaid's command line: dispatches to a subcommand.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"extract", cmd_extract, "extract statements from news text (jsonl, brat or a table)"},
    {"read", cmd_read, "the documents as whosaid reads them (pages, feeds, WARC), one JSON object a line"},
    {"train", cmd_train, "learn the cue statistics (data/cues.learned.tsv) from annotated tokens"},
    {"eval", cmd_eval, "score extraction against a gold corpus (PolNeAR layout)"},
    {"serve", cmd_serve, "serve the search page and JSON API over a database (read-only)"},
    {"ingest", cmd_ingest, "extract and store statements in a database (default ./whosaid.db)"},
    {"search", cmd_search, "full-text search of stored statements, with filters, newest first"},
    {"speakers", cmd_speakers, "the speakers stored: statements, titles, first and last date"},
    {"timeline", cmd_timeline, "statements over time (day, week, month) for a speaker, topic or text"},
};

void cli_usage(void)
{
    fprintf(stderr,
            "usage: whosaid COMMAND [OPTIONS] [FILE...]\n\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(stderr, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(stderr,
            "\nwhosaid extract [--input lines|jsonl|text|html|feed|warc] [--date YYYY-MM-DD]\n"
            "                [--format jsonl|brat|table] [--out DIR] [--threads N]\n"
            "                [--data DIR] [--no-model] [--max-doc BYTES] [--quiet] [--shard K/N] [FILE...]\n"
            "\nwhosaid read [--input lines|jsonl|text|html|feed|warc] [--date YYYY-MM-DD] [--quiet] [FILE...]\n"
            "\nwhosaid eval GOLD_DIR [--pred DIR] [--worst N] [--json] [--data DIR] [--no-model] [--threads N]\n"
            "\nwhosaid serve [--db FILE] [--host 127.0.0.1] [--port 8080] [--threads N]\n"
            "\nwhosaid ingest [--db FILE|postgresql://URI] [--topics FILE] [--no-text] [--batch N] [extract options] [FILE...]\n"
            "whosaid search [--db FILE] [TEXT] [--speaker S] [--topic T] [--since D] [--until D]\n"
            "               [--kind K] [--match FTS5] [--limit N] [--format table|jsonl|csv]\n"
            "whosaid speakers [--db FILE] [NAME] [--history] [--format table|jsonl|csv]\n"
            "whosaid timeline [--db FILE] [TEXT] [--speaker S] [--topic T] [--since D] [--until D]\n"
            "                 [--by day|week|month] [--format table|jsonl|csv]\n"
            "\nexit status: 0 all input processed, 1 failure, 2 some input reported and skipped\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        cli_usage();
        return argc < 2 ? EXIT_FATAL : EXIT_OK_ALL;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("whosaid %s\n", WS_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "whosaid: unknown command '%s'\n", argv[1]);
    cli_usage();
    return EXIT_FATAL;
}
