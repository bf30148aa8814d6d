/*
 * tokenize.h -- what the tokenizer's general path (tokenize.c) and its
 * fast loop (fast.c) share: the classes of the ASCII bytes and the state
 * carried from token to token.  Private to segment/.
 */
#ifndef WS_SEGMENT_TOKENIZE_H
#define WS_SEGMENT_TOKENIZE_H

#include "segment.h"

/* Classes of the ASCII characters: word characters (letters, digits,
 * '_'), spacing, and the bytes that end a word.  The marks that may join
 * two parts of a word (' - & .) have no bit, as the bytes from 0x80.
 * An uppercase letter has two bits: A_CAP, which is the token flag
 * TK_CAP as A_WORD and A_DIGIT are TK_WORD and TK_NUM (start_flags), and
 * A_UPPER, the bit that lowercases it. */
enum { A_WORD = 1, A_CAP = 2, A_DIGIT = 4, A_SPACE = 8, A_LOWER = 16, A_UPPER = 0x20,
       A_NOT_UD = 64, /* a word character neither uppercase nor a digit */
       A_ENDS = 128 /* an ASCII byte that ends a word: neither a word character nor a joining mark */ };
_Static_assert(A_UPPER == 'a' - 'A', "A_UPPER lowercases");
_Static_assert((int)A_WORD == (int)TK_WORD && (int)A_CAP == (int)TK_CAP && (int)A_DIGIT == (int)TK_NUM,
               "start_flags");
#define U_ (A_WORD | A_CAP | A_UPPER)
#define L_ (A_WORD | A_LOWER | A_NOT_UD)
#define D_ (A_WORD | A_DIGIT)
#define W_ (A_WORD | A_NOT_UD)
#define S_ A_SPACE
#define J_ 0
#define E_ A_ENDS
#define SE (A_SPACE | A_ENDS)
static const unsigned char ascii_class[256] = { /* 0 from 0x80 on */
    E_, E_, E_, E_, E_, E_, E_, E_, E_, SE, SE, SE, SE, SE, E_, E_,
    E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_, E_,
    SE, E_, E_, E_, E_, E_, J_, J_, E_, E_, E_, E_, E_, J_, J_, E_,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, E_, E_, E_, E_, E_, E_,
    E_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, E_, E_, E_, E_, W_,
    E_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, E_, E_, E_, E_, E_,
};
#undef U_
#undef L_
#undef D_
#undef W_
#undef S_
#undef J_
#undef E_
#undef SE

/* Where lowercased tokens are written: one block of the arena a document
 * (a new block when it runs out), instead of an allocation a token. */
typedef struct lowbuf {
    arena *a;
    char *p;
    size_t left;
    size_t grow;
} lowbuf;

/* The token array and, beside it, the event list: the indexes of the
 * punctuation tokens and of the first token of each line, both grown
 * together so that the event list always has room for every token and a
 * sentinel. */
typedef struct tbuild {
    arena *a;
    tok *t;
    int *ev;
    int *caps; /* the capitalised words, grown with the tokens too */
    int n, nev, ncaps, cap;
    int first_cap; /* sized from the text: news runs ~5 bytes a token */
} tbuild;

/* What the tokenizer carries from token to token. */
typedef struct tstate {
    const ws_lexicon *lx;
    const char *s;
    size_t len;
    tbuild tb;
    lowbuf lb;
    size_t i;     /* where the next token or space starts */
    uint32_t cp;  /* code point index of s[i] */
    uint32_t pre; /* the next token's flags from spacing */
} tstate;

/* The fast loop (fast.c): takes the common tokens from st->i on, as the
 * general path would, and returns at the first it cannot take (or when
 * the token array or the block of lowercased copies is full).  The
 * SSE2 one scans sixteen bytes at a time where SSE2 is there; the plain
 * one a byte at a time (WS_TOK_FAST_PLAIN, for the tests). */
void ws__tok_fast_sse2(tstate *st);
void ws__tok_fast_plain(tstate *st);

#endif
