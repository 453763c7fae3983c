#!/bin/sh
# Run one Coccinelle rule in report mode over directories of a kernel tree,
# parsing only the files that can match it.
#
#   scripts/cocci-run.sh RULE.cocci SRC DIR...
#
# RULE is a rule's source (cocci/RULE.cocci, run as the standalone copy
# scripts/cocci-build.sh makes of it) or any standalone rule.
# DIRs are relative to the source tree SRC.  spatch runs in SRC, so the
# findings it prints on stdout name files relative to SRC (mm/migrate.c),
# with its "EXN:" lines for the files it gave up on and anything else it
# says.  One line on stderr tells how many files were selected, by which
# tokens, and how long spatch took.  The exit status is spatch's.
#
# Preselection.  spatch parses every file it is given before it can tell
# that a rule does not apply, about 15 ms per file: over drivers/ (31,000
# files) that is 8 minutes per rule and tree.  A file that contains none of
# the rule's anchor tokens cannot match, so only the files that "grep -w"
# finds are given to spatch, as one file group each (--file-groups: spatch
# analyses each file alone, like --dir, on --jobs processes).  The tokens
# come from scripts/cocci-tokens.sh (spatch's grep query, else the identifier
# sets of the rule's first rule), shared with "pageward check"; a rule with
# neither gets every file, and a warning.
# PAGEWARD_PRESELECT=no gives spatch every file (to measure the difference).
#
# spatch runs with --no-scanner: its default scanner is "git grep" when the
# current directory is inside a git work tree, and the trees in build/src/
# are inside pageward's own, where build/ is ignored, so git grep would find
# no file at all for a rule with a grep query.
# The rule's "// Options:" line is honoured, as "make coccicheck" does.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/cocci-tokens.sh"

if [ $# -lt 3 ]; then
	echo "usage: $0 RULE.cocci SRC DIR..." >&2
	exit 2
fi
# A rule's source (cocci/RULE.cocci) includes the shared helpers: spatch
# gets the standalone copy scripts/cocci-build.sh writes (build/cocci/).
RULE=$("$ROOT/scripts/cocci-build.sh" "$1")
RULE=$(cd "$(dirname "$RULE")" && pwd)/$(basename "$RULE")
SRC=$2
shift 2
command -v spatch >/dev/null ||
	{ say "no spatch: apt-get install coccinelle (or run: make setup)"; exit 2; }

opts=$(sed -n 's|^// *Options: *||p' "$RULE")
# With --include-headers, --dir analyses the .h files as well as the .c.
case " $opts " in
*" --include-headers "*) headers=yes ;;
*) headers=no ;;
esac

# sources DIR...: every file of DIRs that spatch --dir would analyse.
sources() {
	if [ "$headers" = yes ]; then
		find "$@" -type f \( -name '*.c' -o -name '*.h' \)
	else
		find "$@" -type f -name '*.c'
	fi
}

# containing REGEX DIR...: the files of sources() with a word REGEX matches.
# grep exits 1 when no file matches: an empty list, not an error.
containing() {
	re=$1
	shift
	if [ "$headers" = yes ]; then
		grep -rlwE --include='*.c' --include='*.h' "$re" "$@" || [ $? -eq 1 ]
	else
		grep -rlwE --include='*.c' "$re" "$@" || [ $? -eq 1 ]
	fi
}

tokens= how=
if [ "${PAGEWARD_PRESELECT:-yes}" = no ]; then
	how="PAGEWARD_PRESELECT=no"
else
	cache=$(cocci_tokens_file "$RULE")
	how=$(head -n 1 "$cache")
	tokens=$(sed 1d "$cache")
	[ -n "$tokens" ] ||
		say "$(basename "$RULE"): spatch has no grep query for it and its first rule no identifier set: every file is parsed (slow over drivers/)"
fi

cd "$SRC"
list=$(mktemp)
groups=$(mktemp)
trap 'rm -f "$list" "$groups"' EXIT
total=$(sources "$@" | pw_kernel_paths | wc -l)
if [ -n "$tokens" ]; then
	containing "$(echo "$tokens" | paste -sd'|' -)" "$@" | pw_kernel_paths | sort >"$list"
else
	sources "$@" | pw_kernel_paths | sort >"$list"
fi
n=$(wc -l <"$list")
# One group per file (a group ends at an empty line): each file alone, as
# --dir would analyse it.
awk '{ print; print "" }' "$list" >"$groups"

start=$(date +%s)
rc=0
if [ "$n" -gt 0 ]; then
	# shellcheck disable=SC2086 # the rule's options are words
	spatch --very-quiet -D report $opts --no-scanner --sp-file "$RULE" \
		--jobs "$(nproc)" --chunksize 1 --file-groups "$groups" || rc=$?
fi
say "$(basename "$RULE" .cocci) over $*: $n of $total files ($how${tokens:+: $(echo "$tokens" | paste -sd' ' -)}), spatch $(($(date +%s) - start)) s"
exit "$rc"
