#!/bin/sh
# How long pageward's Coccinelle rules take over a whole kernel: every
# cocci/*.cocci in report mode over all of linux 6.12, every directory and
# architecture, with the preselection and the spatch --jobs of the main job
# (scripts/cocci-run.sh).
#
#   scripts/bench-cocci.sh        ("make bench-cocci" installs the packages
#                                 with "make setup", then calls it)
#
# The whole of /usr/src/linux-source-6.12.tar.xz is unpacked once into
# build/src/linux-6.12-full/ (scripts/kernel-tree.sh --full; about 1.6 GB,
# half a minute), apart from the partial trees of the main job.
# Prints, per rule, the files spatch parsed out of all, its findings, the
# files spatch gave up on ("EXN:") and the wall time; then the total and its
# verdict against the target: every rule over the whole kernel in under 10
# minutes.  The spatch output is kept in build/bench-cocci/RULE.log.
# PAGEWARD_PRESELECT=no measures without the preselection (hours).
# PAGEWARD_COCCI_DIR=DIR takes the rules from DIR instead of cocci/.
# The findings must be the expected ones (see the end).
# Exit 0 whatever the time; 1 when spatch fails or the findings differ, 2
# when something is missing
# or an argument is given (--help prints this text).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/bench-cocci.sh [--help]"
pw_no_args "$@"
COCCI_DIR=${PAGEWARD_COCCI_DIR:-$ROOT/cocci}
OUT=$ROOT/build/bench-cocci
TARGET=600	# seconds

for tool in spatch /usr/bin/time; do
	command -v "$tool" >/dev/null ||
		{ say "no $tool: run make setup"; exit 2; }
done
rules=$(find "$COCCI_DIR" -maxdepth 1 -name '*.cocci' | sort)
[ -n "$rules" ] || { say "no rules in $COCCI_DIR"; exit 2; }

SRC=$("$ROOT/scripts/kernel-tree.sh" --full 6.12)
rm -rf "$OUT"
mkdir -p "$OUT"

say "every rule over all of linux-6.12 ($SRC), spatch --jobs $(nproc)"
printf '%-24s %15s %9s %5s %9s\n' rule "files parsed" findings EXN "wall" >"$OUT/table"
for rule in $rules; do
	r=$(basename "$rule" .cocci)
	log=$OUT/$r.log
	# "." is the whole tree: every directory, every architecture.
	/usr/bin/time -f %e -o "$OUT/$r.time" \
		"$ROOT/scripts/cocci-run.sh" "$rule" "$SRC" . >"$log" 2>&1 ||
		fail "$log" "spatch $r over $SRC failed"
	# cocci-run.sh's line: "RULE over .: N of M files (...), spatch T s"
	files=$(sed -n "s|^pageward: $r over \\.: \\([0-9]* of [0-9]*\\) files.*|\\1|p" "$log")
	found=$(grep -cE '^[^ :]+:[0-9]+:[0-9]+: [a-z]+: .*\[pageward:[^]]+\]$' "$log" || true)
	exn=$(grep -c '^EXN:' "$log" || true)
	printf '%-24s %15s %9d %5d %7.1f s\n' "$r" "$files" "$found" "$exn" \
		"$(tail -n 1 "$OUT/$r.time")" >>"$OUT/table"
	say "$r: $(tail -n 1 "$OUT/$r.time") s"
done

cat "$OUT/table"
awk -v target="$TARGET" -v n="$(echo "$rules" | wc -l)" '
	NR > 1 { total += $(NF - 1) }
	END {
		printf "total: %.1f s for %d rule(s) over all of linux-6.12; target < %d s: %s\n",
			total, n, target, (total < target) ? "met" : "NOT met"
	}' "$OUT/table"
# The whole tree must be as precise as the directories the kernel suite
# asserts: its findings are the 6.12 lines of tests/kernel/expected-
# coccinelle.txt and those of expected-coccinelle-whole-6.12.txt (the
# findings outside those directories, each with its verdict in docs/), and
# no others.  Only with every rule of cocci/.
if [ -z "${PAGEWARD_COCCI_DIR:-}" ]; then
	grep -h '\[pageward:' "$OUT"/*.log |
		sed -n 's#^\./\([^:]*\):[0-9]*:[0-9]*: [a-z]*: \([A-Za-z0-9_]*\)(): .* \[pageward:\([a-z-]*\)\]$#linux-6.12/\1 \2 \3#p' |
		sort -u >"$OUT/findings"
	grep -hv '^#' "$ROOT/tests/kernel/expected-coccinelle.txt" \
		"$ROOT/tests/kernel/expected-coccinelle-whole-6.12.txt" | grep '^linux-6.12/' |
		sort -u >"$OUT/expected"
	if cmp -s "$OUT/expected" "$OUT/findings"; then
		say "the findings over the whole tree are the expected ones ($(wc -l <"$OUT/findings"))"
	else
		say "the findings over the whole tree differ from the expected ones (< expected, > found):"
		diff "$OUT/expected" "$OUT/findings" | grep '^[<>]' >&2
		exit 1
	fi
fi
say "spatch output: $OUT/*.log; reproduce: make bench-cocci"
