# SPDX-License-Identifier: GPL-2.0
# Shared helpers for pageward's test suites; sourced, not run.
#
# Every check ends in exactly one of pw_pass, pw_fail or pw_skip, which
# print it and append it to $PW_RESULTS, where tests/run.sh counts them.

PW_ROOT=${PW_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
PW_TMP=${PW_TMP:-$PW_ROOT/build/tests}
PW_RESULTS=${PW_RESULTS:-$PW_TMP/results}
PW_PLUGIN=${PW_PLUGIN:-$PW_ROOT/gcc-plugin/pageward_plugin.so}
PW_PLUGIN_S390=${PW_PLUGIN_S390:-$PW_ROOT/build/s390x/pageward_plugin.so}
PW_CC=${PW_CC:-gcc}
mkdir -p "$PW_TMP"
# The rules spatch runs: cocci/RULE.cocci with the shared helpers included,
# written by scripts/cocci-build.sh (pw_cocci_rules).
PW_COCCI=$PW_ROOT/build/cocci

pw_pass() {
	echo "PASS $1" >>"$PW_RESULTS"
	echo "  ok   $1"
}

# pw_fail NAME [DETAIL...]: each DETAIL is printed on its own line.
pw_fail() {
	echo "FAIL $1" >>"$PW_RESULTS"
	echo "  FAIL $1"
	shift
	for d in "$@"; do
		printf '%s\n' "$d" | sed 's/^/       | /'
	done
}

pw_skip() {
	echo "SKIP $1" >>"$PW_RESULTS"
	echo "  skip $1${2:+ ($2)}"
}

# pw_same NAME WANT GOT: pass when the two multi-line strings are equal.
pw_same() {
	if [ "$2" = "$3" ]; then
		pw_pass "$1"
	else
		pw_fail "$1" "want:" "${2:-<nothing>}" "got:" "${3:-<nothing>}"
	fi
}

# pw_cc ARGS...: the host compiler with the plugin loaded.
pw_cc() {
	"$PW_CC" -fplugin="$PW_PLUGIN" "$@"
}

# pw_expect ENGINE KIND FILE: "LINE RULE" for each expectation of KIND
# (expect or note) in FILE that applies to ENGINE (gcc or cocci).  A marker
# is "KIND: RULE" or "KIND(ENGINE): RULE" in a comment on the line; a bare
# note applies to gcc only, since only the plugin prints notes.
pw_expect() {
	awk -v eng="$1" -v want="$2" '
	{
		rest = $0
		while (match(rest, /(expect|note)(\((gcc|cocci)\))?: *[a-z]+-[a-z-]+/)) {
			tok = substr(rest, RSTART, RLENGTH)
			rest = substr(rest, RSTART + RLENGTH)
			kind = tok; sub(/[(:].*/, "", kind)
			e = ""
			if (tok ~ /^[a-z]+\(/) { e = tok; sub(/^[a-z]+\(/, "", e); sub(/\).*/, "", e) }
			if (e == "" && kind == "note") e = "gcc"
			rule = tok; sub(/.*: */, "", rule)
			if (kind == want && (e == "" || e == eng))
				print NR, rule
		}
	}' "$3" | sort -n
}

# pw_findings FILE < output: "LINE RULE" for each finding on FILE in the
# SPEC's format "FILE:LINE:COL: warning|error: MESSAGE [pageward:RULE]".
pw_findings() {
	sed -n "s#^$1:\([0-9]*\):[0-9]*: \(warning\|error\): .* \[pageward:\([a-z-]*\)\]\$#\1 \3#p" | sort -n
}

# pw_case_gcc FILE [LABEL]: compile the case FILE (tests/cases/DIR/NAME.c)
# with $PW_CC and $PW_PLUGIN and check it: the printed findings are exactly
# its expect markers for gcc, the JSON lines say the same, and the notes
# fall exactly on its note markers.  One check, "cases/DIR/NAME.c [LABEL]"
# (LABEL defaults to gcc); the JSON lines are left in $PW_TMP/case.json.
pw_case_gcc() {
	label=${2:-gcc}
	dir=$(dirname "$1")
	base=$(basename "$1")
	name="${1#$PW_ROOT/tests/}"
	out="$PW_TMP/case.out"
	json="$PW_TMP/case.json"

	rm -f "$json"
	if ! (cd "$dir" && pw_cc -O2 -c -o /dev/null -I"$PW_ROOT/tests/include" \
		-fplugin-arg-pageward_plugin-report="$json" "$base") >"$out" 2>&1; then
		pw_fail "$name [$label]" "the compilation failed:" "$(cat "$out")"
		return
	fi
	want=$(pw_expect gcc expect "$1")
	got=$(pw_findings "$base" <"$out")
	if [ "$want" != "$got" ]; then
		pw_fail "$name [$label]" "want:" "${want:-<nothing>}" "got:" "${got:-<nothing>}"
		return
	fi
	[ -f "$json" ] || : >"$json"
	jgot=$(jq -r '"\(.line) \(.rule)"' "$json" | sort -n)
	if [ "$jgot" != "$got" ]; then
		pw_fail "$name [$label]" "JSON lines disagree with the printed findings:" "$jgot"
		return
	fi
	want=$(pw_expect gcc note "$1")
	got=$(jq -r --arg f "$base" '.rule as $r | .notes[] | select(.file == $f) | "\(.line) \($r)"' "$json" | sort -n)
	pw_same "$name [$label]" "$want" "$got"
}

# pw_cocci_rules: write the standalone rules, $PW_COCCI/RULE.cocci, and print
# their paths; a failure is a failed check, and the suite stops.
pw_cocci_rules() {
	if ! "$PW_ROOT/scripts/cocci-build.sh" >"$PW_TMP/cocci-rules" 2>"$PW_TMP/cocci-rules.err"; then
		pw_fail "scripts/cocci-build.sh writes the rules" "$(cat "$PW_TMP/cocci-rules.err")"
		exit 1
	fi
	cat "$PW_TMP/cocci-rules"
}

# pw_run NAME WANT_STATUS CMD [ARGS...]: run CMD; $out is its stderr, $rc
# its status, its stdout in $PW_TMP/run.stdout.  Passes when the status is
# WANT_STATUS.
pw_run() {
	pr_name=$1 pr_want=$2
	shift 2
	out=$("$@" 2>&1 >"$PW_TMP/run.stdout")
	rc=$?
	if [ "$rc" -eq "$pr_want" ]; then
		pw_pass "$pr_name"
	else
		pw_fail "$pr_name" "exit status $rc, want $pr_want" "$out"
	fi
}

# pw_one_line NAME PATTERN: $out (stderr of the last pw_run) is one line
# matching PATTERN, and nothing went to stdout.
pw_one_line() {
	if [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
	   printf '%s\n' "$out" | grep -qE "$2" && [ ! -s "$PW_TMP/run.stdout" ]; then
		pw_pass "$1"
	else
		pw_fail "$1" "want one line matching '$2' on stderr and nothing on stdout, got:" \
			"$out" "$(cat "$PW_TMP/run.stdout")"
	fi
}

# pw_annotation_files V: the files sparse-annotations/linux-V.patch edits.
pw_annotation_files() {
	sed -n 's#^+++ b/##p' "$PW_ROOT/sparse-annotations/linux-$1.patch"
}

# pw_small_tree V DIR: copy into DIR the Makefile of build/src/linux-V and
# every file the annotations edit, the smallest tree scripts/annotate.sh
# accepts.  An annotated small tree put before the real one on the include
# path compiles a file of the real tree as the annotated tree would.
pw_small_tree() {
	for f in Makefile $(pw_annotation_files "$1"); do
		mkdir -p "$2/$(dirname "$f")"
		cp -p "$PW_ROOT/build/src/linux-$1/$f" "$2/$f"
	done
}


# pw_kbuild_compile, shared with "pageward series" (scripts/lib.sh).
# shellcheck source=../scripts/lib.sh
. "$PW_ROOT/scripts/lib.sh"
