/*
 * cli.h -- what the command line's subcommands share.  The command line is
 * a client of the public headers (include/) and nothing else.
 */
#ifndef WS_CLI_H
#define WS_CLI_H

#include "whosaid.h"
#include "progress.h"

/* Exit statuses of every subcommand. */
enum {
    EXIT_OK_ALL = 0,  /* everything was processed */
    EXIT_FATAL = 1,   /* nothing useful was done (usage, missing data) */
    EXIT_SKIPPED = 2  /* done, but some input was reported and skipped */
};

int cmd_extract(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_speakers(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_read(int argc, char **argv);

/* Options shared by extract and ingest.  parse_extract_opt returns the
 * number of argv entries consumed at i (0: not an extract option, -1:
 * error already reported). */
typedef struct extract_opts {
    ws_input_mode mode;
    ws_date date;
    const char *data_dir;
    int threads;
    size_t max_doc;
    int quiet;          /* --quiet: no progress line */
    progress *progress; /* the caller's, or NULL */
    unsigned shard_k, shard_n; /* --shard K/N: document K of every N (N 0: all) */
    int no_model;       /* --no-model: the patterns alone */
} extract_opts;

int parse_extract_opt(extract_opts *o, int argc, char **argv, int i);

/* A subcommand's own options: the number of argv entries consumed at I,
 * 0 when ARGV[I] is none of them, -1 on an error already reported. */
typedef int (*cli_own_opt)(void *ud, int argc, char **argv, int i);

/* The command line of a subcommand that reads files: the extract options
 * (parse_extract_opt) into O, then its own (OWN with UD; may be NULL),
 * -h/--help, and the files into *FILES (*NFILES of them; free() it).
 * Returns CLI_GO to go on; else the exit status, with USAGE printed: for
 * help EXIT_OK_ALL, for a bad option (reported) EXIT_FATAL. */
#define CLI_GO (-1)
int cli_parse_files(int argc, char **argv, extract_opts *o, cli_own_opt own, void *ud,
                    void (*usage)(void), char ***files, int *nfiles);

/* The exit status after a run with PROBLEMS input problems (reported as
 * they came): EXIT_OK_ALL, or EXIT_SKIPPED after one line saying how many
 * and that everything else was DONE ("processed", "read", "stored"). */
int cli_problems_exit(long problems, const char *done);

/* Loads the lexicon named by O (or the default), reporting failures. */
ws_lexicon *load_lexicon(const extract_opts *o);

/* Whether document ID[n] is in shard K of N (see feed_files). */
int shard_has(const extract_opts *o, const char *id, size_t n);

/* Reads every file of FILES (standard input when none) through pipeline P.
 * Skipped records and files that do not open are pushed as problems
 * (ws_pipeline_push_error), so that P's callback reports and counts them
 * in input order; JSON lines go raw (ws_pipeline_push_jsonl), decoded on
 * the workers.  With --shard K/N only the documents of shard K go in (by a
 * hash of the document id: ws_doc.id), and only the problems whose place
 * (FILE:LINE) hashes to shard K are reported.  A JSON line goes by the id
 * read from it without decoding it (ws_jsonl_peek_id) when it is a plain
 * string, a line that then does not decode included; else it is decoded
 * here for its id (FILE:LINE when it has none or does not decode).
 * Returns 0, or -1 when the pipeline failed. */
long feed_files(ws_pipeline *p, const extract_opts *o, char **files, int nfiles);

void cli_usage(void);

/* --db TARGET as shown in messages: a URI's password (scheme://user:PASSWORD@...)
 * becomes "***".  Returns TARGET itself or BUF. */
const char *cli_db_name(const char *target, char *buf, size_t n);

/* Prints at most W columns of S[n] (one a code point; "…" marks a cut),
 * padded with spaces to W. */
void cli_cell(const char *s, size_t n, int w);

#endif
