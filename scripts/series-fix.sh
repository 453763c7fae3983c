#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The fixes of a series' new findings, every engine's, as one patch.
#
#   scripts/series-fix.sh FINDINGS TREE PATCH FIXED
#
# FINDINGS: JSON objects, one a line, file names relative to TREE (the
# series' TIP, as "pageward series" exported it).  The plugin's findings
# carry their fix; for Coccinelle's, each rule runs in patch mode on each
# file where it has a new finding, and a finding's fix is the hunks around
# its line (scripts/pageward.jq: combine_fixes).  A fix that overlaps one
# taken before (the same line fixed by both engines, two findings of one
# statement) is left out, and a line on stderr says so.  PATCH gets the
# combined patch, checked with "git apply --check" in TREE; FIXED the
# findings again, each with the fix it has.  Exit 1 on failure.
set -eu

ROOT=${PAGEWARD_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/series-fix.sh FINDINGS TREE PATCH FIXED"
case ${1-} in
-h | --help) pw_help; exit 0 ;;
-*) pw_usage_error "unknown argument '$1'" ;;
esac
[ $# -eq 4 ] || pw_usage_error "four arguments expected, $# given"
[ -f "$1" ] || pw_usage_error "no findings file '$1'"
[ -d "$2" ] || pw_usage_error "no tree '$2'"
findings=$1 tree=$2 patch=$3 fixed=$4
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Coccinelle's patch mode, once per rule and file with a new finding.
: >"$TMP/cocci.hunks"
jq -c 'select(.engine == "cocci" and .fix == null) | [.rule, .file]' "$findings" | sort -u |
while IFS= read -r pair; do
	rule=$(printf '%s' "$pair" | jq -r '.[0]')
	file=$(printf '%s' "$pair" | jq -r '.[1]')
	sp=$("$ROOT/scripts/cocci-build.sh" "$ROOT/cocci/$rule.cocci")
	opts=$(sed -n 's|^// *Options: *||p' "$sp")
	# shellcheck disable=SC2086 # the rule's options are words
	(cd "$tree" && spatch --very-quiet -D patch $opts --no-scanner --sp-file "$sp" \
		--patch . "$file") >"$TMP/cocci.patch" 2>"$TMP/cocci.err" || {
		say "series: Coccinelle's patch mode of $rule failed on $file: $(grep -m 1 . "$TMP/cocci.err")"
		exit 1
	}
	pw_jq -R -s -c --arg rule "$rule" 'include "pageward"; diff_hunks[] | . + {rule: $rule}' \
		"$TMP/cocci.patch" >>"$TMP/cocci.hunks"
done

pw_jq -n -c --slurpfile f "$findings" --slurpfile cocci "$TMP/cocci.hunks" \
	'include "pageward"; $f | combine_fixes($cocci)' >"$TMP/combined"
jq -r '.left_out[] | "pageward: series: " + .' "$TMP/combined" >&2
jq -c '.findings[]' "$TMP/combined" >"$fixed"
pw_jq -j 'include "pageward"; .hunks | if length > 0 then hunks_diff else empty end' "$TMP/combined" >"$patch"
if [ -s "$patch" ] && ! (cd "$tree" && GIT_CEILING_DIRECTORIES=$(dirname "$tree") \
	git apply --check "$patch") 2>"$TMP/apply.err"; then
	say "series: the combined fix patch does not apply to TIP: $(head -n 1 "$TMP/apply.err")"
	exit 1
fi
