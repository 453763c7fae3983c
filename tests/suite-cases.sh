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

# Coccinelle: one spatch per rule over every case, each case a file group
# of its own (analysed alone, as scripts/cocci-run.sh gives spatch a kernel's
# files), instead of one spatch per rule and case: spatch's start-up is most
# of a case's time.  A case whose file spatch gave up on (an EXN line) fails.
# The standalone rules (cocci/RULE.cocci with cocci/lib/pageward.py in it).
rules=$(pw_cocci_rules) || exit 1
CASES=$PW_ROOT/tests/cases
CO=$PW_TMP/cases-cocci
mkdir -p "$CO"
(cd "$CASES" && ls ./*/*.c | sed 's#^\./##' | awk '{ print; print "" }') >"$CO/groups"
: >"$CO/all.out"
cocci_failed=
for rule in $rules; do
	[ -f "$rule" ] || continue
	r=$(basename "$rule" .cocci)
	# Only findings and EXN lines are expected: anything else (a worker
	# that died, a Python error) fails every case, rather than letting
	# the quiet ones pass.
	if ! (cd "$CASES" && spatch --very-quiet -D report --sp-file "$rule" \
		--jobs "$(nproc)" --chunksize 1 --file-groups "$CO/groups") >"$CO/$r.out" 2>&1 ||
	   grep -vqE '^[^ :]+:[0-9]+:[0-9]+: [a-z]+: .*\[pageward:[^]]+\]$|^EXN' "$CO/$r.out"; then
		cocci_failed="$cocci_failed$r: $(tail -n 5 "$CO/$r.out")
"
	fi
	cat "$CO/$r.out" >>"$CO/all.out"
done

pw_case_cocci() {
	rel=${1#$CASES/}
	name="${1#$PW_ROOT/tests/}"
	if [ -n "$cocci_failed" ]; then
		pw_fail "$name [cocci]" "spatch failed:" "$cocci_failed"
		return
	fi
	gave_up=$(grep "^EXN.*$rel" "$CO/all.out" || true)
	if [ -n "$gave_up" ]; then
		pw_fail "$name [cocci]" "spatch gave up on it:" "$gave_up"
		return
	fi
	want=$(pw_expect cocci expect "$1")
	got=$(pw_findings "$rel" <"$CO/all.out")
	pw_same "$name [cocci]" "$want" "$got"
}

for f in "$PW_ROOT"/tests/cases/*/*.c; do
	pw_case_gcc "$f"
	pw_case_cocci "$f"
done

# The vm_flags rules' messages are one text in both engines: a change the
# plugin states as a contract (an ->mmap handler's VMA, which no fault can
# find yet) must not read as a race in Coccinelle's report, or the reverse.
for f in "$CASES"/vmflags/*.c; do
	rel=${f#$CASES/}
	[ -n "$cocci_failed" ] && break
	gcc_msgs=$( (cd "$(dirname "$f")" && pw_cc -O2 -c -o /dev/null -I"$PW_ROOT/tests/include" \
		"$(basename "$f")") 2>&1 |
		sed -n 's/^[^:]*:\([0-9]*\):[0-9]*: warning: \(.*\[pageward:vmflags-[a-z-]*\]\)$/\1 \2/p' | sort)
	cocci_msgs=$(grep "^$rel:" "$CO/all.out" |
		sed -n 's/^[^:]*:\([0-9]*\):[0-9]*: warning: \(.*\[pageward:vmflags-[a-z-]*\]\)$/\1 \2/p' | sort)
	pw_same "$rel: the same messages from both engines" "$gcc_msgs" "$cocci_msgs"
done
