/*
 * names.h -- given names, gendered words and the person mentions of a
 * document, for the speaker module (speaker.c, names.c, pronoun.c) and
 * the lexicon that loads the tables.
 *
 * Nothing here is API.
 */
#ifndef WS_SPEAKER_NAMES_H
#define WS_SPEAKER_NAMES_H

#include "speaker.h"
#include "../attrib/attrib.h"
#include "../lexicon/lexicon.h"
#include "../segment/segment.h"

/* What a word tells of a person.  The low two bits are the gender. */
enum {
    SPK_G_NONE = 0,  /* not known */
    SPK_G_M = 1,
    SPK_G_F = 2,
    SPK_G_U = 3,     /* a given name used for both */
    SPK_GIVEN = 4,   /* a given name (data/given_names.tsv) */
    SPK_PLURAL = 8,  /* a plural noun for people: police, staff */
    SPK_ORG = 16,    /* a noun for an organisation: company, ministry */
};

/* The words of data/given_names.tsv (name<TAB>m|f|u) and
 * data/gender_words.tsv (word<TAB>m|f|p|n: male, female, plural people,
 * organisation), lowercased.  Read-only once loaded; shared by threads. */
typedef struct ws_names ws_names;

/* Loads DIR/given_names.tsv and DIR/gender_words.tsv (either may be
 * absent: *OUT then knows fewer words).  A malformed line fails with
 * WS_PARSE and "FILE:LINE: why" in ERR.  Free with ws_names_free. */
int ws_names_load(const char *dir, ws_names **out, char *err, size_t errlen);
void ws_names_free(ws_names *nm);

/* The SPK_* bits of the lowercased word W[0,len), 0 when unknown (or NM
 * is NULL). */
unsigned ws_names_get(const ws_names *nm, const char *w, size_t len);

/* The lexicon's tables (NULL when it has none). */
const ws_names *ws_lx_names(const ws_lexicon *lx);

/* A person or a source a pronoun may stand for.  Its name, title and
 * gender are read when a pronoun first needs them (pronoun.c): a person
 * found in the text (N0 >= 0) has its name and title read from its
 * tokens, and any mention its gender, only then. */
typedef struct spk_mention {
    int tok;                 /* its first token */
    int end;                 /* one past its last token */
    int n0;                  /* a person found in the text: its name's first
                                token (its title is [tok,n0)); else -1 */
    const char *name;        /* the speaker it gives (set when n0 < 0) */
    const char *title;
    const char *affiliation;
    unsigned char gender;    /* SPK_G_*, once GENDERED */
    unsigned char gendered;  /* the gender is known */
    unsigned char plural;    /* a group of people ("officials") */
    unsigned char org;       /* an organisation ("the company") */
    unsigned char person;    /* a named person */
} spk_mention;

/* Is token K a given name standing in a name's place: capitalised, in
 * the given-name list, followed by a capitalised word that may be a name
 * ("Jan Kees de Jager", "May Chen").  NEXT_NAME tells whether token K+1
 * can be a name word. */
bool ws_spk_given_at(const ws_lexicon *lx, const tokdoc *d, int k, bool next_name);

/* Reads a capitalised given name that the lexicon also knows as a word
 * (a month, an auxiliary, a verb: "May", "Will", "Hope", "June") as a
 * name where it stands in a name's place: before a capitalised word that
 * may be a name ("May Chen said", "said Will Hurd"), not after a
 * preposition ("in May Chen ...") and not inside a run of capitalised
 * words (a title-case headline).  Such a token loses its lexicon classes,
 * so the attribution patterns and the date reader see a name word. */
void ws_spk_given_names(const ws_lexicon *lx, tokdoc *d);

/* The gender that the words of NAME (a person's name, first word
 * first) and TITLE tell, SPK_G_NONE when they tell none. */
unsigned ws_spk_gender(const ws_lexicon *lx, const char *name, const char *title);

/* Fills M from a parsed source at tokens [s0,s1); a named person's
 * gender is left unread (GENDERED 0: ws_spk_gender of its name). */
void ws_spk_mention_of(const ws_lexicon *lx, const tokdoc *d, int s0, int s1,
                       const spk_info *sp, spk_mention *m);

/* The persons named in D outside the statements' sources: a given name
 * or a title before capitalised words ("Senator Ana Ortiz", "Ana Ortiz
 * toured"), those whose given name or title is before token K1.  Into
 * *OUT (arena A), *N of them, in text order (their ends increase); only
 * their tokens are set: the caller reads the name and title of those it
 * needs, completes the name, then finds the gender. */
int ws_spk_persons(arena *a, const ws_lexicon *lx, const tokdoc *d, int k1, spk_mention **out, int *n);

/* Resolves the pronoun sources of a document's statements OUT[0,n)
 * (parsed as INFO[0,n) from RAW[0,n)): each takes the speaker, title
 * and affiliation of its antecedent (the nearest mention before it
 * that agrees in gender and number, among the persons D names and the
 * other statements' sources), a surname alone
 * completed from NAMES[0,nn) (full names, in document order); without
 * one it keeps the pronoun as its speaker.  Scratch memory from A; the
 * strings the statements keep from KEEP. */
int ws_spk_pronouns(arena *keep, arena *a, const ws_lexicon *lx, const tokdoc *d, const rawst *raw,
                    const spk_info *info, ws_statement *out, int n, const char *const *names,
                    int nn);

#endif
