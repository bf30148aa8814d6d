#!/bin/sh
# Installs the Debian packages whosaid builds and tests with, when missing.
# Safe to run again: it does nothing when everything is there.
#   scripts/install-deps.sh          build and test dependencies
set -eu
PKGS="gcc make pkg-config libutf8proc-dev libjansson-dev libcmocka-dev libsqlite3-dev sqlite3 libmicrohttpd-dev python3"
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
