#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Write the standalone Coccinelle rules that spatch and "make coccicheck" run.
#
#   scripts/cocci-build.sh [RULE.cocci...]
#
# A rule's source (cocci/RULE.cocci) holds its SmPL and its own Python; the
# helpers every rule shares are one file, cocci/lib/pageward.py, which the
# source names with the line
#
#	#include "lib/pageward.py"
#
# (a Python comment, first in its @initialize:python@ block; the path is
# relative to the rule's directory).  This script writes build/cocci/RULE.cocci,
# the source with that line replaced by the file's text: one file that runs
# with nothing beside it, as the kernel's coccicheck wants.  The copies are
# build products, not committed (one copy of each helper in git); every
# script and test that gives a rule to spatch runs this first, so a fresh
# clone needs no step of its own ("make cocci" runs it by hand).
#
# With no RULE, every cocci/*.cocci (and a copy whose source is gone is
# removed).  The path of each rule to run is printed, one per line: the copy
# in build/cocci/ (every rule of cocci/ has one), or RULE itself when it is
# elsewhere and includes nothing (a rule of your own, a copy already made).  A copy is rewritten
# only when its text changes (its sha1 keys the token cache of
# scripts/cocci-tokens.sh), and replaced in one rename: two runs at once
# cannot see half a file.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
PW_USAGE="scripts/cocci-build.sh [RULE.cocci...]"
case ${1-} in
-h|--help) pw_help; exit 0 ;;
-*) pw_usage_error "unknown option '$1'" ;;
esac
OUT=$ROOT/build/cocci

if [ $# -eq 0 ]; then
	set -- "$ROOT"/cocci/*.cocci
	# build/cocci holds the rules of cocci/ and no other: a copy whose
	# source is gone would still be run by whoever runs build/cocci/*.
	for old in "$OUT"/*.cocci; do
		[ -f "$old" ] && [ ! -f "$ROOT/cocci/$(basename "$old")" ] && rm -f "$old"
	done
fi
for rule in "$@"; do
	case $rule in
	*.cocci) ;;
	*) pw_usage_error "'$rule' is not a .cocci file" ;;
	esac
	[ -f "$rule" ] || pw_usage_error "no rule '$rule'"
	dir=$(cd "$(dirname "$rule")" && pwd)
	if [ "$dir" != "$ROOT/cocci" ] && ! grep -q '^#include "' "$rule"; then
		echo "$rule"
		continue
	fi
	out=$OUT/$(basename "$rule")
	mkdir -p "$OUT"
	tmp=$out.tmp.$$
	# Each #include line becomes the file it names, between two comments
	# that say where the text comes from (an error in it names the
	# library's line, not the rule's).
	if ! awk -v dir="$dir" -v src="$rule" '
	/^#include "[^"]*"$/ {
		lib = substr($0, 11, length($0) - 11)
		path = dir "/" lib
		print "# --- " lib ", included by scripts/cocci-build.sh: edit it there ---"
		n = 0
		while ((getline line < path) > 0) {
			print line
			n++
		}
		close(path)
		if (n == 0) {
			printf "pageward: %s: cannot read %s (#include \"%s\")\n", src, path, lib > "/dev/stderr"
			exit 2
		}
		print "# --- end of " lib " ---"
		next
	}
	{ print }' "$rule" >"$tmp"; then
		rm -f "$tmp"
		exit 2
	fi
	if cmp -s "$tmp" "$out"; then
		rm -f "$tmp"
	else
		mv -f "$tmp" "$out"
	fi
	echo "$out"
done
