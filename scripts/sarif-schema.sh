#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The SARIF 2.1.0 JSON schema (OASIS, errata 01, "rtm.5"), for the test that
# validates what "pageward series --sarif" writes: fetched once from the npm
# registry, in the package @microsoft/jest-sarif 1.0.0-beta.0 (MIT), which
# ships it; the package's checksum is checked before anything is read from
# it.  Prints the schema's path; one line and exit 2 when it cannot (no
# network, no curl).
#
#   scripts/sarif-schema.sh
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/sarif-schema.sh"
pw_no_args "$@"

URL=https://registry.npmjs.org/@microsoft/jest-sarif/-/jest-sarif-1.0.0-beta.0.tgz
SHA256=748e2c3d1a842e7bb258416685c7ea3a0da40005b72267b2052c2856d48ad102
DIR=$ROOT/build/sarif
SCHEMA=$DIR/sarif-2.1.0-rtm.5.json

if [ ! -f "$SCHEMA" ]; then
	command -v curl >/dev/null || { say "no curl: apt-get install curl (or run: make setup)"; exit 2; }
	mkdir -p "$DIR"
	curl -fsSL --max-time 120 -o "$DIR/jest-sarif.tgz" "$URL" ||
		{ say "cannot fetch $URL (the npm registry)"; exit 2; }
	echo "$SHA256  $DIR/jest-sarif.tgz" | sha256sum -c --quiet - >/dev/null 2>&1 ||
		{ rm -f "$DIR/jest-sarif.tgz"; say "$URL: unexpected checksum"; exit 2; }
	tar -xzf "$DIR/jest-sarif.tgz" -O package/lib/schemas/sarif-2.1.0-rtm.5.json >"$SCHEMA.tmp"
	mv "$SCHEMA.tmp" "$SCHEMA"
	rm -f "$DIR/jest-sarif.tgz"
fi
echo "$SCHEMA"
