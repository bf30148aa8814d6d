/*
 * cmd_train.c -- `whosaid train`: learns the cue statistics the extractor
 * reads (data/cues.learned.tsv) from an annotated token file, the
 * statement model (data/attrib.model.tsv) from an annotated corpus and the
 * word clusters (data/embed.clusters.tsv) from word vectors.
 */
#include "cli.h"
#include "whosaid_eval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_train(int argc, char **argv)
{
    const char *tokens = NULL, *out = NULL, *model = NULL, *data = NULL, *span = NULL, *source = NULL,
               *clusters = NULL, *pos = NULL;
    int filter_rules = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--model") && i + 1 < argc) model = argv[++i];
        else if (!strcmp(argv[i], "--span") && i + 1 < argc) span = argv[++i];
        else if (!strcmp(argv[i], "--source") && i + 1 < argc) source = argv[++i];
        else if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
        else if (!strcmp(argv[i], "--clusters") && i + 1 < argc) clusters = argv[++i];
        else if (!strcmp(argv[i], "--pos") && i + 1 < argc) pos = argv[++i];
        else if (!strcmp(argv[i], "--filter-rules")) filter_rules = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "whosaid: unknown option '%s'\n", argv[i]);
            cli_usage();
            return EXIT_FATAL;
        } else if (!tokens) tokens = argv[i];
        else {
            fprintf(stderr, "whosaid: train takes one token file\n");
            return EXIT_FATAL;
        }
    }
    if (!tokens && !model && !span && !source && !clusters && !pos) {
        fprintf(stderr, "usage: whosaid train TOKENS.tsv [--out FILE]   (e.g. ../shared/data/polnear/train.tokens.tsv)\n"
                        "       whosaid train --model CORPUS_DIR [--filter-rules] [--data DIR] [--out FILE]   (e.g. ../shared/data/polnear/train)\n"
                        "       whosaid train --span CORPUS_DIR [--data DIR] [--out FILE]   (the content boundaries)\n"
                        "       whosaid train --source CORPUS_DIR [--data DIR] [--out FILE]   (the source boundaries)\n"
                        "       whosaid train --clusters VECTORS.json [--out FILE]   (scripts/embeddings.sh gives the file)\n"
                        "       whosaid train --pos CORPUS.conllu [--out FILE]   (the word classes; ../shared/data/polnear/train.conllu)\n");
        return EXIT_FATAL;
    }
    FILE *f = stdout;
    char tmp[4096] = "";
    if (out) {
        /* write beside the target and rename: a failed run leaves the old file */
        snprintf(tmp, sizeof tmp, "%s.tmp", out);
        f = fopen(tmp, "w");
        if (!f) {
            fprintf(stderr, "whosaid: %s: %s\n", tmp, strerror(errno));
            return EXIT_FATAL;
        }
    }
    char err[512] = "";
    int rc = clusters ? ws_train_clusters(clusters, f, err, sizeof err)
             : pos    ? ws_train_pos(pos, f, err, sizeof err)
             : span   ? ws_train_span(span, data ? data : ws_default_data_dir(), f, err, sizeof err)
             : source ? ws_train_source(source, data ? data : ws_default_data_dir(), f, err, sizeof err)
             : model  ? ws_train_model(model, data ? data : ws_default_data_dir(), filter_rules, f, err, sizeof err)
                      : ws_train_cues(tokens, f, err, sizeof err);
    if (out) {
        if (fclose(f) != 0 && rc == WS_OK) rc = WS_IO;
        if (rc == WS_OK && rename(tmp, out) != 0) rc = WS_IO;
        if (rc != WS_OK) remove(tmp);
    }
    if (rc != WS_OK) {
        fprintf(stderr, "whosaid: %s\n", err[0] ? err : ws_strerror(rc));
        return EXIT_FATAL;
    }
    return EXIT_OK_ALL;
}
