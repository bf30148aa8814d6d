#!/bin/sh
# Installs the Debian packages of the robustness checks, when missing:
# clang and its runtime (libFuzzer: make fuzz, make fuzz-run), cppcheck and
# clang-tidy (make check-static), valgrind (make valgrind).  CI runs them
# after `make check` (.ci/run); the README's test command does not need them.
# Safe to run again: it does nothing when everything is there.
exec "$(dirname "$0")/install-deps.sh" --only clang libclang-rt-14-dev clang-tidy cppcheck valgrind
