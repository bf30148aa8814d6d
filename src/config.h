/*
 * config.h -- the library's tunables, in one place.
 */
#ifndef WS_CONFIG_H
#define WS_CONFIG_H

/* A word from data/cues.learned.tsv is a cue when it began an annotated
 * cue at least this many times ... */
#define WS_CUE_MIN_COUNT 3
/* ... and in at least this percentage of the times it was seen. */
#define WS_CUE_MIN_RATE_PCT 35

/* A learned cue below this percentage is weak: it needs a source that can
 * speak (a name, pronoun, title, organisation or group), not any noun
 * phrase ("the order appeared to ..."). */
#define WS_CUE_STRONG_RATE_PCT 50

/* A listed cue word (data/verbs.tsv) seen at least this many times in the
 * training corpus ... */
#define WS_CUE_VETO_MIN_SEEN 30
/* ... but beginning a cue in fewer than this percentage of them is not
 * taken as a cue ("plans", "questions"). */
#define WS_CUE_VETO_RATE_PCT 15

/* The statement model (src/model/): the learned cue thresholds the
 * patterns propose with when it decides on their candidates too (`whosaid
 * train --model --filter-rules`), and its training passes. */
#define WS_MODEL_CAND_RATE_PCT 25
#define WS_MODEL_VETO_RATE_PCT 0
#define WS_MODEL_EPOCHS 10
/* The cue vocabulary: words that began a cue at least this many times in
 * the training corpus, and in at least this percentage of their uses. */
#define WS_MODEL_VOCAB_MIN 2
#define WS_MODEL_VOCAB_RATE_PCT 5
/* Also a word that began a cue once, when its finest word cluster's words
 * began cues in at least this percentage of their uses. */
#define WS_MODEL_VOCAB_CLUSTER_PCT 20
/* A weak cue word takes any noun phrase before it as source ("the poll
 * shows") when, in training, at least WS_MODEL_ANY_MIN of its uses with
 * such a source began a gold cue, and at least WS_MODEL_ANY_PCT% of them. */
#ifndef WS_MODEL_ANY_MIN
#define WS_MODEL_ANY_MIN 3
#endif
#ifndef WS_MODEL_ANY_PCT
#define WS_MODEL_ANY_PCT 20
#endif
/* The cue classifier's threshold (fixed point, as the weights). */
#define WS_MODEL_CUE_THRESHOLD (-800)

#endif
