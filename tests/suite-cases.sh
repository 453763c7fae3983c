#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The self-contained test cases, tests/cases/*/*.c, through both engines.
#
# Each case marks on its own lines what must be reported (see pw_expect in
# lib.sh).  A case passes for an engine when that engine reports exactly the
# marked lines and rules -- a missing finding and an extra one both fail --
# and, for the plugin, prints its notes exactly on the marked note lines and
# writes the same findings as JSON lines.
set -u
. "$(dirname "$0")/lib.sh"

echo "cases: tests/cases/*/*.c, plugin and Coccinelle"

pw_case_gcc() {
	dir=$(dirname "$1")
	base=$(basename "$1")
	name="${1#$PW_ROOT/tests/}"
	out="$PW_TMP/case.out"
	json="$PW_TMP/case.json"

	rm -f "$json"
	if ! (cd "$dir" && pw_cc -O2 -c -o /dev/null -I"$PW_ROOT/tests/include" \
		-fplugin-arg-pageward_plugin-report="$json" "$base") >"$out" 2>&1; then
		pw_fail "$name [gcc]" "the compilation failed:" "$(cat "$out")"
		return
	fi
	want=$(pw_expect gcc expect "$1")
	got=$(pw_findings "$base" <"$out")
	if [ "$want" != "$got" ]; then
		pw_fail "$name [gcc]" "want:" "${want:-<nothing>}" "got:" "${got:-<nothing>}"
		return
	fi
	[ -f "$json" ] || : >"$json"
	jgot=$(jq -r '"\(.line) \(.rule)"' "$json" | sort -n)
	if [ "$jgot" != "$got" ]; then
		pw_fail "$name [gcc]" "JSON lines disagree with the printed findings:" "$jgot"
		return
	fi
	want=$(pw_expect gcc note "$1")
	got=$(jq -r --arg f "$base" '.rule as $r | .notes[] | select(.file == $f) | "\(.line) \($r)"' "$json" | sort -n)
	pw_same "$name [gcc]" "$want" "$got"
}

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
