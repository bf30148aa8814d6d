# A program that only extracts links with libwhosaid.a and its packages
# alone and writes what `whosaid extract` writes (tests/link/check.sh,
# also `make check-link`).
. "$(dirname "$0")/lib.sh"
sh tests/link/check.sh "$(dirname "$WHOSAID")" || fail "check-link"
