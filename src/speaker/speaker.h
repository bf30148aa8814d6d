/*
 * speaker.h -- the speaker module (not API): from a source span to a
 * speaker, and the rules that resolve a speaker's name, in one place for
 * the three users:
 *
 *   the extractor (extract.c), within a document: a pronoun is the person
 *       quoted before it; a surname alone is the document's full name
 *       ending with it (ws_spk_resolve_doc);
 *   the pipeline's window (pipeline.c), across nearby documents: a
 *       surname alone is the full name learned for it (ws_spk_window);
 *   the store's registry (src/store/registry.c), across ingests: a
 *       surname alone joins the person whose name ends with it; a full
 *       name absorbs earlier speakers known by its surname alone
 *       (ws_spk_is_bare, ws_spk_surname).
 *
 * The shared rules: a person's surname is the last word of the name
 * (after its last space); a person named by one word is "bare" and may be
 * a full name's surname; surnames compare ASCII case-insensitively.
 *
 * Files: speaker.c parses source spans (ws_spk_parse, ws_spk_harvest);
 * resolve.c holds the rules and both resolvers.
 */
#ifndef WS_SPEAKER_H
#define WS_SPEAKER_H

#include "whosaid.h"
#include "../base/base.h"

typedef struct tokdoc tokdoc; /* segment/segment.h */

/* ------------------------------------------------------------ parsing */

typedef struct spk_info {
    const char *name;        /* resolved or as written */
    const char *title;
    const char *affiliation;
    int is_person;           /* a proper name was found */
    int is_pronoun;
    int surname_only;        /* single-word person name */
} spk_info;

/* Parses the source tokens [s0,s1) into name, title and affiliation. */
int ws_spk_parse(arena *a, const ws_lexicon *lx, const tokdoc *d, int s0, int s1,
                 spk_info *out);

/* Collects person names of two or more words mentioned anywhere in D
 * ("President Donald Trump" gives "Donald Trump").  TITLES lists the
 * tokens k < d->n - 2 with LX_TITLE, in order, ending with d->n (as
 * ws_att_find makes it). */
int ws_spk_harvest(arena *a, const ws_lexicon *lx, const tokdoc *d, const int *titles,
                   const char ***names, int *n);

/* ------------------------------------------------------------ the rules */

/* The surname of NAME: its last word (NAME itself when it has one), and
 * its length in *LEN. */
const char *ws_spk_surname(const char *name, size_t *len);

/* Whether a speaker NAME of a person (IS_PERSON) is named by one word: a
 * surname that a full name may stand for. */
bool ws_spk_is_bare(const char *name, int is_person);

/* Whether NAME has more than one word (a full name). */
bool ws_spk_is_full(const char *name);

/* Writes S[0,n) and a NUL to OUT with A-Z lowered (the surname key of
 * the rules' comparison) and returns its hash, ws_hash_key(OUT, n). */
uint64_t ws_spk_fold(const char *s, size_t n, char *out);

/* ------------------------------------------------ within a document */

/* Resolves the speakers INFO[n] of a document in statement order: a
 * pronoun takes the name of the last person before it (is_person set;
 * left as written when there is none); a surname alone takes the first
 * of NAMES[nn] (the document's full names) that ends with it.  Scratch
 * from A.  WS_OK or WS_NOMEM. */
int ws_spk_resolve_doc(arena *a, spk_info *info, int n, const char *const *names, int nn);

/* ------------------------------------------------ the pipeline's window */

/* Surnames -> the first full name learned for each, across documents:
 * the folded surname maps to an index into FULL. */
typedef struct ws_spk_window {
    ws_hmap map;
    char **full;
    size_t n, cap;
} ws_spk_window;

void ws_spk_window_init(ws_spk_window *w);

/* A full name ready to learn: its surname folded (ws_spk_fold) into KEY
 * (klen bytes) with hash H, made on the thread that extracted it. */
typedef struct ws_spk_fullname {
    const char *full;
    size_t flen; /* the full name up to its surname's end */
    const char *key;
    size_t klen;
    uint64_t h;
} ws_spk_fullname;

/* Prepares FULL (a name of two or more words; else returns false) for
 * ws_spk_window_learn: its surname is folded into KEYBUF, which needs
 * strlen(FULL) + 1 bytes.  Fills R but its key pointer (the caller may
 * move KEYBUF). */
bool ws_spk_fullname_of(const char *full, char *keybuf, ws_spk_fullname *r);

/* Learns R (the first full name of a surname wins; copied).  WS_OK or
 * WS_NOMEM. */
int ws_spk_window_learn(ws_spk_window *w, const ws_spk_fullname *r);

/* The full name learned for SURNAME, or NULL. */
const char *ws_spk_window_get(const ws_spk_window *w, const char *surname);

void ws_spk_window_free(ws_spk_window *w);

/* ------------------------------------------------ titles across documents */

/* A title alone names its holder across documents when one person was
 * seen holding it within this many days of the statement's date. */
#define WS_SPK_TITLE_DAYS 365

/* Whether a statement's speaker SPEAKER (IS_PERSON 0) with TITLE and
 * AFFILIATION is a definite title alone that may stand for the one
 * person holding it ("the German chancellor", "the Kremlin spokesman"):
 * it has an affiliation (a title with none, "the spokesman", names too
 * many people), is no indefinite ("a minister") and no past or future
 * holder ("the former chancellor"), and is the title after at most three
 * capitalised words ("the US vice president" with title "president" is
 * another office). */
bool ws_spk_title_alone(const char *speaker, int is_person, const char *title, const char *affiliation);

/* Whether a statement of SPEAKER (IS_PERSON) with TITLE and AFFILIATION
 * shows a holder of the title: a person of more than one word. */
bool ws_spk_title_holder(const char *speaker, int is_person, const char *title, const char *affiliation);

/* The holders of (title, affiliation) seen in a run, each with the first
 * and last day (julian) it was seen holding it. */
typedef struct spk_holder {
    char *name, *title;  /* the title as the holder's statement wrote it */
    int64_t first, last;
    int64_t next;        /* the next holder of the same key, -1 */
} spk_holder;

typedef struct ws_spk_titles {
    ws_hmap keys;    /* folded title \x1f affiliation -> first holder */
    ws_hmap holders; /* folded title \x1f affiliation \x1f name -> holder */
    spk_holder *h;
    size_t n, cap;
    buf key;
} ws_spk_titles;

void ws_spk_titles_init(ws_spk_titles *t);
/* Learns that NAME held TITLE (AFFILIATION) on julian day DAY (> 0). */
int ws_spk_titles_learn(ws_spk_titles *t, const char *name, const char *title, const char *affiliation,
                        int64_t day);
/* The one holder of TITLE (AFFILIATION) seen within WS_SPK_TITLE_DAYS of
 * DAY, or NULL (none, or several: ambiguous). */
const spk_holder *ws_spk_titles_get(ws_spk_titles *t, const char *title, const char *affiliation, int64_t day);
void ws_spk_titles_free(ws_spk_titles *t);

#endif
