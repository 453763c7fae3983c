#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The self-contained test cases, tests/cases/*/*.c, through both engines.
#
# Each case marks on its own lines what must be reported (see pw_expect in
# lib.sh).  A case passes for an engine when that engine reports exactly the
# marked lines and rules -- a missing finding and an extra one both fail --
# and, for the plugin, prints its notes exactly on the marked note lines and
# writes the same findings as JSON lines (pw_case_gcc in lib.sh, which
# suite-gcc.sh runs with every supported GCC).
set -u
. "$(dirname "$0")/lib.sh"

echo "cases: tests/cases/*/*.c, plugin and Coccinelle"

pw_case_cocci() {
	dir=$(dirname "$1")
	base=$(basename "$1")
	name="${1#$PW_ROOT/tests/}"
	out="$PW_TMP/case.out"

	: >"$out"
	for rule in "$PW_ROOT"/cocci/*.cocci; do
		[ -f "$rule" ] || continue
		if ! (cd "$dir" && spatch --very-quiet -D report --sp-file "$rule" "$base") >>"$out" 2>&1; then
			pw_fail "$name [cocci]" "spatch failed with $(basename "$rule"):" "$(cat "$out")"
			return
		fi
	done
	want=$(pw_expect cocci expect "$1")
	got=$(pw_findings "$base" <"$out")
	pw_same "$name [cocci]" "$want" "$got"
}

for f in "$PW_ROOT"/tests/cases/*/*.c; do
	pw_case_gcc "$f"
	pw_case_cocci "$f"
done
