#!/bin/sh
# Installs the Debian packages whosaid builds and tests with, when missing.
# Safe to run again: it does nothing when everything is there.
#   scripts/install-deps.sh          build and test dependencies
#   scripts/install-deps.sh --only PKG...   those packages instead
#                                    (scripts/install-dev-tools.sh)
set -eu
if [ "${1:-}" = --only ]; then
    shift
    PKGS="$*"
else
PKGS="gcc make pkg-config libutf8proc-dev libjansson-dev libcmocka-dev libsqlite3-dev sqlite3 libmicrohttpd-dev libxml2-dev zlib1g-dev python3"
# the PostgreSQL backend: libpq (the only client library), and the server
# binaries that the tests and bench/pg.sh start (scripts/pg-test-server.sh)
PKGS="$PKGS libpq-dev postgresql"
# GNU parallel, which examples/parallel-pg-ingest.sh and the README's
# sharded ingest use (tests/e2e/pg_examples.sh runs them)
PKGS="$PKGS parallel"
# whosaid serve: Chromium drives the page in the end-to-end tests; npm
# installs the chart library and playwright-core (web/package.json).  Node.js
# and npm are checked as commands: a Node.js from elsewhere brings its own npm.
PKGS="$PKGS chromium"
# the Python module (python/, make python) and its tests: Debian's python3
# with its headers, pytest, pip's offline build (setuptools, wheel), and
# pandas, Dask and distributed for to_frame and examples/dask_extract.py
PKGS="$PKGS python3-dev python3-pytest python3-setuptools python3-wheel python3-pip python3-pandas python3-dask python3-distributed"
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
fi
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
