#!/bin/sh
# Installs the Debian packages of the robustness checks, when missing:
# clang and its runtime (libFuzzer: make fuzz, make fuzz-run), cppcheck and
# clang-tidy (make check-static), valgrind (make valgrind).  CI runs them
# after `make check` (.ci/run); the README's test command does not need them.
# Safe to run again: it does nothing when everything is there.
set -eu
PKGS="clang libclang-rt-14-dev clang-tidy cppcheck valgrind"
missing=""
for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-dev-tools: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
