#!/bin/sh
# Installs the Debian packages whosaid builds and tests with, when missing.
# Safe to run again: it does nothing when everything is there.
#   scripts/install-deps.sh          build and test dependencies
set -eu
PKGS="gcc make pkg-config libutf8proc-dev libjansson-dev libcmocka-dev libsqlite3-dev sqlite3 libmicrohttpd-dev python3"
# whosaid serve: Chromium drives the page in the end-to-end tests; npm
# installs the chart library and playwright-core (web/package.json).  Node.js
# and npm are checked as commands: a Node.js from elsewhere brings its own npm.
PKGS="$PKGS chromium"
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
