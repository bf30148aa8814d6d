# whosaid -- one plain Makefile.
#
#   make             the library (build/libwhosaid.a) and command line (build/whosaid)
#   make demo        extract the bundled example feed and print a table
#   make check       every test: unit and end-to-end, then again under
#                    AddressSanitizer + UndefinedBehaviorSanitizer
#   make test        the tests once, without sanitizers
#   make clean
#
# Settings (override on the command line):
CC       ?= cc
OPT      ?= -O2
SANITIZE ?=
BUILD    ?= build
PKGS     := libutf8proc jansson sqlite3
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

.PHONY: all demo test check check-san clean deps

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

demo: all
	$(BUILD)/whosaid extract --format table --input lines --date 2025-04-05 examples/feed.txt

# Unit tests (cmocka) then end-to-end tests of the command line.
test: all $(TEST_BIN)
	@BUILD=$(BUILD) sh tests/run.sh $(TEST_BIN)

check-san:
	$(MAKE) BUILD=build-san SANITIZE=address,undefined OPT=-O1 test

check: test check-san

clean:
	rm -rf build build-san

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
