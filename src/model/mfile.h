/*
 * mfile.h -- the one reader and writer of the learned files of src/model/
 * (the statement model, the content and source boundaries, the word
 * clusters).  Included by their loaders and writers (src/model/, and
 * src/train/embed_train.c for the clusters).
 * Prefix ws_mfile_.
 *
 * Every such file is text, one record a line, after a header line:
 *
 *   MAGIC<TAB>VERSION<TAB>N1<TAB>...<TAB>RECORDS<TAB>CHECKSUM
 *
 * N1... are numbers of the kind's own (the weight table's bits, the
 * cluster counts); RECORDS counts the lines after the header; CHECKSUM is
 * the FNV-1a 64-bit hash (base's ws_hash) of their bytes, newlines
 * included, in 16 hex digits.  A file that is missing, empty, of another
 * kind or version, cut in a line, short of records or long of them, or
 * whose checksum differs is refused with one line "PATH[:LINE]: what".
 *
 * A loader opens the file (the header checked and the records read into
 * memory at once), takes the records one by one (each a NUL-terminated
 * line, its newline dropped), reports a record it cannot parse with
 * ws_mfile_bad, and calls ws_mfile_end, which checks the count and the
 * checksum, then ws_mfile_close.
 */
#ifndef WS_MFILE_H
#define WS_MFILE_H

#include "model.h"

#include <stdio.h>

/* The most header numbers between VERSION and RECORDS. */
#define WS_MFILE_MAXNUM 4

/* What a kind of file is. */
typedef struct ws_mfile_kind {
    const char *file;    /* its name in the data directory */
    const char *magic;
    unsigned version;
    int nnum;            /* header numbers between VERSION and RECORDS */
    const char *noun;    /* for messages: "empty NOUN file", "not a whosaid NOUN file" */
    const char *missing; /* what a missing file's message says after "missing " */
} ws_mfile_kind;

/* The word clusters' file (embed.c; written by src/train/embed_train.c). */
extern const ws_mfile_kind ws_embed_kind;
/* The word classes' file (pos.c; written by src/train/pos_train.c). */
extern const ws_mfile_kind ws_pos_kind;

/* An open file being read. */
typedef struct ws_mfile {
    const ws_mfile_kind *kind;
    char path[4096];
    char *body;     /* the records, each newline made a NUL (heap) */
    char *p, *end;  /* the next record; the end of the body */
    long ln;        /* the line of the record last taken (the header is 1) */
    long seen;      /* records taken */
    long records;   /* RECORDS of the header */
    long num[WS_MFILE_MAXNUM];
    uint64_t sum, h; /* CHECKSUM of the header; the hash of the body */
    int rc;         /* the first error */
    char *err;
    size_t errlen;
} ws_mfile;

/* Opens DIR/K->file into MF: checks the header's magic and version,
 * reads the records into memory.  WS_OK, or WS_IO (missing, unreadable),
 * WS_PARSE (empty, foreign, another version) or WS_NOMEM with
 * "PATH[:1]: what" in ERR[errlen]; MF need not be closed then. */
int ws_mfile_open(ws_mfile *mf, const char *dir, const ws_mfile_kind *k, char *err, size_t errlen);
/* The next record (NUL-terminated, without its newline; its length in
 * *N), or NULL at the end of the body or after an error (a line without
 * its newline, more records than the header says: MF->rc). */
char *ws_mfile_next(ws_mfile *mf, size_t *n);
/* Records "PATH:LINE: WHAT" (LINE 0: "PATH: WHAT") as MF's error, unless
 * it has one already; returns WS_PARSE (or the earlier error). */
int ws_mfile_bad(ws_mfile *mf, long line, const char *what);
/* Records "PATH: out of memory"; returns WS_NOMEM. */
int ws_mfile_nomem(ws_mfile *mf);
/* After the last record: MF's error, or a count of records other than
 * the header's, or a checksum mismatch; else WS_OK. */
int ws_mfile_end(ws_mfile *mf);
void ws_mfile_close(ws_mfile *mf);

/* Parses record "w<TAB>INDEX<TAB>WEIGHT": 1 with *IDX and *W set when
 * INDEX < 2^BITS and WEIGHT fits a ws_weight, -1 when it is such a record
 * out of range, 0 when it is not one. */
int ws_mfile_weight(const char *line, int bits, size_t *idx, ws_weight *w);
/* Parses record "param<TAB>NAME<TAB>INTEGER": true with NAME (at most 31
 * bytes) and *V set. */
bool ws_mfile_param(const char *line, char name[32], long *v);

/* Appends "w<TAB>INDEX<TAB>WEIGHT\n" for every non-zero weight of W
 * (2^BITS of them) to B.  WS_OK or WS_NOMEM. */
int ws_mfile_put_weights(buf *b, const ws_weight *w, int bits);
/* Writes K's header (numbers NUM[K->nnum], the records counted and
 * hashed) and then BODY, the records, to OUT.  WS_OK or WS_IO. */
int ws_mfile_write(FILE *out, const ws_mfile_kind *k, const long *num, const buf *body);

/* The weight tables (the statement model, the content and source
 * boundaries): a file of kind K whose header's one number is the table's
 * BITS, its records a kind's own ("param", "cue" ...) and then the
 * non-zero weights, "w<TAB>INDEX<TAB>WEIGHT" in index order. */

/* Called with each record of a weight table's file that is not a weight
 * (NUL-terminated, its length N): WS_OK, or the error it recorded with
 * ws_mfile_bad or ws_mfile_nomem. */
typedef int (*ws_mfile_record_fn)(void *ctx, ws_mfile *mf, char *line, size_t n);

/* Loads DIR/K->file, a table of 2^BITS weights, into *W (heap; NULL
 * unless WS_OK), its other records given to RECORD with CTX.  WS_OK, or
 * WS_IO (missing, unreadable), WS_PARSE (damaged, another version or
 * table size, a weight out of range, RECORD's refusal) or WS_NOMEM, with
 * "PATH[:LINE]: what" in ERR[errlen]. */
int ws_mfile_load_weights(const char *dir, const ws_mfile_kind *k, int bits, ws_weight **w, ws_mfile_record_fn record,
                          void *ctx, char *err, size_t errlen);
/* Writes K's file of the table W (2^BITS weights) to OUT: the header,
 * the records HEAD (each ending in a newline; NULL for none), the
 * non-zero weights.  WS_OK, WS_NOMEM or WS_IO. */
int ws_mfile_write_weights(FILE *out, const ws_mfile_kind *k, const buf *head, const ws_weight *w, int bits);

#endif
