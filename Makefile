# whosaid -- one plain Makefile.
#
#   make             the libraries and the command line (build/whosaid):
#                      build/libwhosaid.a        base, readers and extraction
#                                                (utf8proc, jansson, libxml2, zlib)
#                      build/libwhosaid_store.a  the statement database (SQLite; PostgreSQL when libpq is there)
#                      build/libwhosaid_serve.a  the HTTP server (libmicrohttpd)
#                      build/libwhosaid_eval.a   evaluation and training
#                    the web page's files (npm) go into build/whosaid only
#   make demo        extract the bundled example feed and print a table
#   make check       every test: unit and end-to-end, then again under
#                    AddressSanitizer + UndefinedBehaviorSanitizer
#   make test        the tests once, without sanitizers
#   make fuzz        the libFuzzer targets (clang) in build-fuzz/fuzz/
#   make fuzz-run    run each for FUZZ_SECONDS (default 60), corpus in fuzz/corpus-run/
#   make check-static  cppcheck and clang-tidy (.clang-tidy), must be clean,
#                    and check-symbols: every symbol the libraries define
#                    starts with ws_
#   make check-link  a program that only extracts links with libwhosaid.a
#                    and its packages (CORE_PKGS) alone: no SQLite, no
#                    libmicrohttpd, no web assets
#   make valgrind    the unit tests and a CLI run under valgrind memcheck, must be clean
#   make clean
#
# Settings (override on the command line):
CC       ?= cc
OPT      ?= -O2
SANITIZE ?=
BUILD    ?= build
# The packages of each library (pkg-config names); PKGS is all of them.
CORE_PKGS  := libutf8proc jansson libxml-2.0 zlib
STORE_PKGS := sqlite3
# PostgreSQL (src/store/pg.c, --db postgresql://...) when libpq is there
HAVE_PG    := $(shell pkg-config --exists libpq 2>/dev/null && echo 1)
ifeq ($(HAVE_PG),1)
STORE_PKGS += libpq
PG_DEFS    := -DWS_HAVE_PG
CFLAGS     += $(PG_DEFS)
endif
SERVE_PKGS := libmicrohttpd
PKGS     := $(CORE_PKGS) $(STORE_PKGS) $(SERVE_PKGS)
TEST_PKGS := cmocka
DATA_DIR := $(abspath data)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS  += -std=gnu11 $(OPT) -g $(WARN) -Iinclude -MMD -MP -DWS_DATA_DIR='"$(DATA_DIR)"'
CFLAGS  += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
CORE_LDLIBS := $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null) -lpthread
ifneq ($(SANITIZE),)
CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=$(SANITIZE)
endif

# The libraries by layer: the store, the server and evaluation each in
# their own; everything else in src/ is base and extraction.
STORE_SRC := $(sort $(wildcard src/store/*.c))
SERVE_SRC := $(sort $(wildcard src/serve/*.c))
EVAL_SRC  := $(sort $(wildcard src/eval/*.c src/train/*.c))
LIB_SRC   := $(sort $(wildcard src/*.c src/*/*.c))
CORE_SRC  := $(filter-out $(STORE_SRC) $(SERVE_SRC) $(EVAL_SRC),$(LIB_SRC))
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

CORE_LIB  := $(BUILD)/libwhosaid.a
STORE_LIB := $(BUILD)/libwhosaid_store.a
SERVE_LIB := $(BUILD)/libwhosaid_serve.a
EVAL_LIB  := $(BUILD)/libwhosaid_eval.a
# in link order: each after the ones that use it
LIBS      := $(EVAL_LIB) $(SERVE_LIB) $(STORE_LIB) $(CORE_LIB)

# The page of `whosaid serve`, compiled into the whosaid binary (not into
# a library: building the libraries needs no npm): web/ and the chart
# library from npm (web/package.json, web/package-lock.json; `npm ci` runs
# when node_modules is missing or older than the lock file).
WEB_NPM  := web/node_modules/.installed
WEB_SRC  := web/index.html web/app.css web/app.js
ASSETS   := $(WEB_SRC) web/node_modules/uplot/dist/uPlot.iife.min.js web/node_modules/uplot/dist/uPlot.min.css

.PHONY: all demo test check check-san check-link check-symbols clean deps train

all: $(BUILD)/whosaid $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_SRC:%.c=$(BUILD)/%.o)
$(STORE_LIB): $(STORE_SRC:%.c=$(BUILD)/%.o)
$(SERVE_LIB): $(SERVE_SRC:%.c=$(BUILD)/%.o)
$(EVAL_LIB): $(EVAL_SRC:%.c=$(BUILD)/%.o)
$(LIBS):
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/whosaid: $(CLI_OBJ) $(BUILD)/gen/assets.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/gen/assets.o $(LIBS) $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(shell pkg-config --cflags $(TEST_PKGS)) $(LDFLAGS) -o $@ $< \
	    $(LIBS) $(LDLIBS) $(shell pkg-config --libs $(TEST_PKGS))

# A program that only extracts: linked with the extraction library and its
# packages alone, it must link (no SQLite, no libmicrohttpd, no assets)
# and extract the example feed as `whosaid extract` does.
$(BUILD)/link/extract_only: tests/link/extract_only.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(CORE_LDLIBS)

check-link: $(BUILD)/link/extract_only $(BUILD)/whosaid
	@sh tests/link/check.sh $(BUILD)

# Every symbol a library defines for others starts with ws_.
check-symbols: $(LIBS)
	@bad=$$(nm -g --defined-only $(LIBS) | awk 'NF == 3 && $$3 !~ /^ws_/ {print $$3}'); \
	if [ -n "$$bad" ]; then echo "check-symbols: defined without the ws_ prefix:" $$bad; exit 1; fi; \
	echo "check-symbols: every defined symbol starts with ws_"

$(WEB_NPM): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD)/gen/assets.c: $(WEB_NPM) $(WEB_SRC) scripts/embed-assets.py
	@mkdir -p $(dir $@)
	python3 scripts/embed-assets.py $@ $(ASSETS)

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(CC) $(CFLAGS) -Icli -c $< -o $@

demo: all
	$(BUILD)/whosaid extract --format table --input lines --date 2025-06-12 examples/feed.txt

# Unit tests (cmocka) then end-to-end tests of the command line.
test: all $(TEST_BIN) $(BUILD)/link/extract_only
	@BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN)

check-san:
	$(MAKE) BUILD=build-san SANITIZE=address,undefined OPT=-O1 test

check: test check-san

# ---- robustness (fuzzing, static analysis, memcheck) -------------------
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build-fuzz/fuzz/%)
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
STATIC_SRC := $(LIB_SRC) $(CLI_SRC)

.PHONY: fuzz fuzz-bins fuzz-run check-static valgrind

$(BUILD)/fuzz/%: fuzz/%.c fuzz/fuzz_common.h $(LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBS) $(LDLIBS)

fuzz-bins: $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)

fuzz:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) SANITIZE=fuzzer-no-link,address,undefined OPT=-O1 fuzz-bins

fuzz-run: fuzz
	sh scripts/fuzz-run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

check-static: check-symbols
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
	    --inline-suppr --suppressions-list=.cppcheck-suppressions -Iinclude -Isrc \
	    -DWS_DATA_DIR='"data"' $(PG_DEFS) $(STATIC_SRC)
	clang-tidy --quiet $(STATIC_SRC) -- -std=gnu11 -Iinclude -Isrc -DWS_DATA_DIR='"data"' $(PG_DEFS) \
	    $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

valgrind: all $(TEST_BIN)
	sh scripts/valgrind.sh $(BUILD) $(TEST_BIN)

# Relearn data/cues.learned.tsv from PolNeAR train (deterministic; the
# shipped file must equal the result, see tests/e2e/train.sh).
SHARED ?= ../shared
train: all
	$(BUILD)/whosaid train --clusters "$$(scripts/embeddings.sh)" --out data/embed.clusters.tsv
	$(BUILD)/whosaid train $(SHARED)/data/polnear/train.tokens.tsv --out data/cues.learned.tsv
	$(BUILD)/whosaid train --pos $(SHARED)/data/polnear/train.conllu --out data/pos.classes.tsv
	$(MAKE) train-model
	$(MAKE) train-span
	$(MAKE) train-source

# ---- the statement model (issue 13; src/model/, src/train/model_train.c) ----
# data/attrib.model.tsv (read with the lexicon) adds the attributions its cue
# classifier finds to the patterns'; data/attrib.filter.model.tsv, an option,
# also decides on the patterns' own (make data-model: build/data-model/ is
# data/ with it, for `whosaid extract|eval --data build/data-model`).
# make train-model   relearn both from PolNeAR train (after
#                    data/cues.learned.tsv and the word classes
#                    data/pos.classes.tsv, which they read; deterministic)
# make train-check   retrain everything into a scratch directory and compare
#                    with the shipped files byte for byte
.PHONY: train-model train-check data-model
data-model:
	@mkdir -p $(BUILD)/data-model
	cp data/*.tsv data/*.txt $(BUILD)/data-model/
	cp data/attrib.filter.model.tsv $(BUILD)/data-model/attrib.model.tsv

train-model: all
	$(BUILD)/whosaid train --model $(SHARED)/data/polnear/train --data data --out data/attrib.model.tsv
	$(BUILD)/whosaid train --model $(SHARED)/data/polnear/train --filter-rules --data data \
	    --out data/attrib.filter.model.tsv

train-check: all train-check-span train-check-source
	@set -e; t=$$(mktemp -d); trap 'rm -rf "$$t"' EXIT; cp data/*.tsv data/*.txt "$$t/"; \
	$(BUILD)/whosaid train --clusters "$$(scripts/embeddings.sh)" --out "$$t/embed.clusters.tsv"; \
	$(BUILD)/whosaid train $(SHARED)/data/polnear/train.tokens.tsv --out "$$t/cues.learned.tsv"; \
	$(BUILD)/whosaid train --pos $(SHARED)/data/polnear/train.conllu --out "$$t/pos.classes.tsv"; \
	$(BUILD)/whosaid train --model $(SHARED)/data/polnear/train --data "$$t" --out "$$t/m1.tsv"; \
	$(BUILD)/whosaid train --model $(SHARED)/data/polnear/train --filter-rules --data "$$t" --out "$$t/m2.tsv"; \
	cmp data/embed.clusters.tsv "$$t/embed.clusters.tsv"; \
	cmp data/cues.learned.tsv "$$t/cues.learned.tsv"; \
	cmp data/pos.classes.tsv "$$t/pos.classes.tsv"; \
	cmp data/attrib.model.tsv "$$t/m1.tsv"; \
	cmp data/attrib.filter.model.tsv "$$t/m2.tsv"; \
	echo "train-check: data/embed.clusters.tsv, data/cues.learned.tsv, data/pos.classes.tsv, data/attrib.model.tsv and data/attrib.filter.model.tsv reproduced"
# ---- end of the statement model block ----

# ---- the content boundaries (issue 13; src/model/span.c, src/train/span_train.c) ----
# data/content.model.tsv (read with the lexicon) moves the boundaries of
# every statement's content; it learns from the statements the patterns and
# data/attrib.model.tsv give, so it is retrained after them.
.PHONY: train-span train-check-span
train-span: all
	$(BUILD)/whosaid train --span $(SHARED)/data/polnear/train --data data --out data/content.model.tsv

train-check-span: all
	@set -e; t=$$(mktemp -d); trap 'rm -rf "$$t"' EXIT; \
	$(BUILD)/whosaid train --span $(SHARED)/data/polnear/train --data data --out "$$t/content.model.tsv"; \
	cmp data/content.model.tsv "$$t/content.model.tsv"; \
	echo "train-check: data/content.model.tsv reproduced"
# ---- end of the content boundaries block ----

# ---- the source boundaries (issue 13; src/model/source.c, src/train/source_train.c) ----
# data/source.model.tsv (read with the lexicon) chooses each statement's
# source span as reported; it learns from the statements the patterns and
# both models above give, so it is retrained after them.
.PHONY: train-source train-check-source
train-source: all
	$(BUILD)/whosaid train --source $(SHARED)/data/polnear/train --data data --out data/source.model.tsv

train-check-source: all train-check-span
	@set -e; t=$$(mktemp -d); trap 'rm -rf "$$t"' EXIT; \
	$(BUILD)/whosaid train --source $(SHARED)/data/polnear/train --data data --out "$$t/source.model.tsv"; \
	cmp data/source.model.tsv "$$t/source.model.tsv"; \
	echo "train-check: data/source.model.tsv reproduced"
# ---- end of the source boundaries block ----

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(BUILD)/gen/assets.d

# ---- the Python module (python/) ------------------------------------------
# `make python`: the CPython extension `whosaid` for Debian's python3
# (python3-dev) in $(BUILD)/python, so that
#     PYTHONPATH=build/python /usr/bin/python3 -c "import whosaid"
# works.  The library's sources are compiled again as position-independent
# code into $(BUILD)/python/obj (the HTTP server's are left out: the module
# does not serve).  Its tests (tests/python/, pytest) run from
# tests/e2e/python.sh (in the sanitizer build with libasan preloaded).
PYTHON    ?= /usr/bin/python3
PY_DIR    := $(BUILD)/python
PY_INC    := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])' 2>/dev/null)
PY_EXT    := $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))' 2>/dev/null)
PY_LIBSRC := $(filter-out src/serve/%,$(sort $(wildcard src/*.c src/*/*.c)))
PY_LIBOBJ := $(PY_LIBSRC:%.c=$(PY_DIR)/obj/%.o)
PY_MODOBJ := $(patsubst %.c,$(PY_DIR)/obj/%.o,$(sort $(wildcard python/*.c)))
PY_MOD    := $(PY_DIR)/whosaid$(PY_EXT)

.PHONY: python
python: $(PY_MOD)

$(PY_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden -I$(PY_INC) -c $< -o $@

$(PY_DIR)/libwhosaid_pic.a: $(PY_LIBOBJ)
	@rm -f $@
	ar rcs $@ $^

$(PY_MOD): $(PY_MODOBJ) $(PY_DIR)/libwhosaid_pic.a
	$(CC) -shared $(LDFLAGS) -o $@ $(PY_MODOBJ) $(PY_DIR)/libwhosaid_pic.a \
	    -Wl,--exclude-libs,ALL -Wl,--as-needed $(LDLIBS)

# `make test` builds the module too where python3-dev is installed
ifneq ($(wildcard $(PY_INC)/Python.h),)
test: python
endif

# check-static covers the module's C too (the Python headers as system ones)
.PHONY: check-static-python
check-static-python:
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
	    --inline-suppr --suppressions-list=.cppcheck-suppressions -Iinclude -Ipython \
	    -DWS_DATA_DIR='"data"' python/*.c
	clang-tidy --quiet python/*.c -- -std=gnu11 -Iinclude -isystem $(PY_INC) -DWS_DATA_DIR='"data"'
ifneq ($(wildcard $(PY_INC)/Python.h),)
check-static: check-static-python
endif

-include $(PY_LIBOBJ:.o=.d) $(PY_MODOBJ:.o=.d)
