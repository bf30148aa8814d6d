# whosaid -- one plain Makefile.
#
#   make             the library (build/libwhosaid.a) and command line (build/whosaid)
#   make demo        extract the bundled example feed and print a table
#   make check       every test: unit and end-to-end, then again under
#                    AddressSanitizer + UndefinedBehaviorSanitizer
#   make test        the tests once, without sanitizers
#   make fuzz        the libFuzzer targets (clang) in build-fuzz/fuzz/
#   make fuzz-run    run each for FUZZ_SECONDS (default 60), corpus in fuzz/corpus-run/
#   make check-static  cppcheck and clang-tidy (.clang-tidy), must be clean
#   make valgrind    the unit tests and a CLI run under valgrind memcheck, must be clean
#   make clean
#
# Settings (override on the command line):
CC       ?= cc
OPT      ?= -O2
SANITIZE ?=
BUILD    ?= build
PKGS     := libutf8proc jansson libcjson sqlite3
PKGS     += libmicrohttpd
TEST_PKGS := cmocka
DATA_DIR := $(abspath data)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS  += -std=gnu11 $(OPT) -g $(WARN) -Iinclude -MMD -MP -DWS_DATA_DIR='"$(DATA_DIR)"'
CFLAGS  += $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
ifneq ($(SANITIZE),)
CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRC := $(sort $(wildcard src/*.c src/*/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# The page of `whosaid serve`, compiled into the library: web/ and the chart
# library from npm (web/package.json, web/package-lock.json; `npm ci` runs
# when node_modules is missing or older than the lock file).
WEB_NPM  := web/node_modules/.installed
WEB_SRC  := web/index.html web/app.css web/app.js
ASSETS   := $(WEB_SRC) web/node_modules/uplot/dist/uPlot.iife.min.js web/node_modules/uplot/dist/uPlot.min.css
LIB_OBJ  += $(BUILD)/gen/assets.o

.PHONY: all demo test check check-san clean deps train

all: $(BUILD)/whosaid $(BUILD)/libwhosaid.a

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libwhosaid.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/whosaid: $(CLI_OBJ) $(BUILD)/libwhosaid.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libwhosaid.a $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libwhosaid.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(shell pkg-config --cflags $(TEST_PKGS)) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libwhosaid.a $(LDLIBS) $(shell pkg-config --libs $(TEST_PKGS))

$(WEB_NPM): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD)/gen/assets.c: $(WEB_NPM) $(WEB_SRC) scripts/embed-assets.py
	@mkdir -p $(dir $@)
	python3 scripts/embed-assets.py $@ $(ASSETS)

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(CC) $(CFLAGS) -Isrc -c $< -o $@

demo: all
	$(BUILD)/whosaid extract --format table --input lines --date 2025-06-12 examples/feed.txt

# Unit tests (cmocka) then end-to-end tests of the command line.
test: all $(TEST_BIN)
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

$(BUILD)/fuzz/%: fuzz/%.c fuzz/fuzz_common.h $(BUILD)/libwhosaid.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libwhosaid.a $(LDLIBS)

fuzz-bins: $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)

fuzz:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) SANITIZE=fuzzer-no-link,address,undefined OPT=-O1 fuzz-bins

fuzz-run: fuzz
	sh scripts/fuzz-run.sh $(FUZZ_SECONDS) $(FUZZ_BIN)

check-static:
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
	    --inline-suppr --suppressions-list=.cppcheck-suppressions -Iinclude -Isrc \
	    -DWS_DATA_DIR='"data"' $(STATIC_SRC)
	clang-tidy --quiet $(STATIC_SRC) -- -std=gnu11 -Iinclude -Isrc -DWS_DATA_DIR='"data"' \
	    $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

valgrind: all $(TEST_BIN)
	sh scripts/valgrind.sh $(BUILD) $(TEST_BIN)

# Relearn data/cues.learned.tsv from PolNeAR train (deterministic; the
# shipped file must equal the result, see tests/e2e/train.sh).
SHARED ?= ../shared
train: all
	$(BUILD)/whosaid train $(SHARED)/data/polnear/train.tokens.tsv --out data/cues.learned.tsv
	$(MAKE) train-model

# ---- the statement model (issue 13; src/model/, src/train/model_train.c) ----
# The model is optional: it is loaded when the data directory holds
# attrib.model.tsv, and data/ does not; data/opt/attrib.model.tsv is the
# trained file.
# make data-model    build/data-model/: data/ with the model, for
#                    `whosaid extract --data build/data-model` (and eval)
# make train-model   relearn data/opt/attrib.model.tsv from PolNeAR train
#                    (after data/cues.learned.tsv, which it reads)
# make train-check   retrain both into a scratch directory and compare with
#                    the shipped files byte for byte
.PHONY: train-model train-check data-model
data-model:
	@mkdir -p $(BUILD)/data-model
	cp data/*.tsv data/*.txt data/opt/attrib.model.tsv $(BUILD)/data-model/

train-model: all
	$(BUILD)/whosaid train --model $(SHARED)/data/polnear/train --data data --out data/opt/attrib.model.tsv

train-check: all
	@set -e; t=$$(mktemp -d); trap 'rm -rf "$$t"' EXIT; cp data/*.tsv data/*.txt "$$t/"; \
	$(BUILD)/whosaid train $(SHARED)/data/polnear/train.tokens.tsv --out "$$t/cues.learned.tsv"; \
	$(BUILD)/whosaid train --model $(SHARED)/data/polnear/train --data "$$t" --out "$$t/attrib.model.tsv"; \
	cmp data/cues.learned.tsv "$$t/cues.learned.tsv"; \
	cmp data/opt/attrib.model.tsv "$$t/attrib.model.tsv"; \
	echo "train-check: data/cues.learned.tsv and data/opt/attrib.model.tsv reproduced"
# ---- end of the statement model block ----

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
