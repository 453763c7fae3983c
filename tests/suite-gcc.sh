#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The plugin with every GCC it supports: Debian's GCC 11 and 12, native
# x86_64 and the s390x and aarch64 cross compilers.
#
# For each compiler: build the plugin against its headers
# (build/gcc/COMPILER/pageward_plugin.so), run every tests/cases/*/*.c
# through it with the expect/note comparison of the cases suite
# (pw_case_gcc), and require the JSON findings -- rule, place, column,
# message, fix, notes -- to be byte-identical to the first compiler's: the
# IL after "ssa" differs between GCC versions and targets, the findings must
# not.  Then a plugin loaded into a GCC it was not built for must refuse
# with its one error line.  A compiler that is not installed is skipped
# (scripts/setup-deps.sh installs all six); PW_GCC_COMPILERS="CC..." runs
# only those.
set -u
. "$(dirname "$0")/lib.sh"

PW_GCC_COMPILERS=${PW_GCC_COMPILERS:-"gcc-12 gcc-11 s390x-linux-gnu-gcc-12 s390x-linux-gnu-gcc-11 aarch64-linux-gnu-gcc-12 aarch64-linux-gnu-gcc-11"}
T=$PW_TMP/gcc
rm -rf "$T"
mkdir -p "$T"

echo "gcc: the plugin with GCC 11 and 12, x86_64, s390x and aarch64"

pw_gcc_plugin() {
	echo "$PW_ROOT/build/gcc/$1/pageward_plugin.so"
}

# pw_gcc_build CC: build the plugin for CC; one check.
pw_gcc_build() {
	if make -C "$PW_ROOT" --no-print-directory -s CC="$1" \
		PLUGIN_SO="$(pw_gcc_plugin "$1")" plugin >"$T/$1.build" 2>&1; then
		pw_pass "build the plugin for $1"
		return 0
	fi
	pw_fail "build the plugin for $1" "$(cat "$T/$1.build")"
	return 1
}

# pw_gcc_cases CC: every case through CC; the JSON lines of all cases, in
# case order, collected in $T/CC.json for the comparison.
pw_gcc_cases() {
	: >"$T/$1.json"
	for f in "$PW_ROOT"/tests/cases/*/*.c; do
		PW_CC=$1 PW_PLUGIN=$(pw_gcc_plugin "$1") pw_case_gcc "$f" "$1"
		jq -c --arg case "${f#$PW_ROOT/tests/}" '{case: $case} + .' \
			"$PW_TMP/case.json" >>"$T/$1.json" 2>/dev/null
	done
}

# pw_gcc_one CC: build for CC and run the cases, in its own scratch
# directory (pw_case_gcc's files) so that compilers can run side by side;
# $T/CC.ok says the plugin was built.
pw_gcc_one() {
	PW_TMP=$T/$1
	mkdir -p "$PW_TMP"
	if ! command -v "$1" >/dev/null 2>&1; then
		pw_skip "the plugin with $1" "$1 is not installed: run make setup"
		return
	fi
	pw_gcc_build "$1" || return
	: >"$T/$1.ok"
	pw_gcc_cases "$1"
	# check-only drops the debug information of a unit that stops, and
	# the var-tracking options with it: GCC 11 would otherwise warn that
	# an explicit -fvar-tracking is useless, an error under -Werror.
	"$1" -fplugin="$(pw_gcc_plugin "$1")" -O2 -g -fvar-tracking -Werror -c -o "$PW_TMP/vt.o" \
		-I"$PW_ROOT/tests/include" -fplugin-arg-pageward_plugin-check-only \
		"$PW_ROOT/tests/cases/freeze/constant_counts_quiet.c" >"$PW_TMP/vt.out" 2>&1
	pw_same "$1: check-only with -g -fvar-tracking -Werror: no warning, exit 0" "0:" \
		"$?:$(cat "$PW_TMP/vt.out")"
}

# One compiler per CPU at a time, each printing into its own log, shown in
# order once the batch is done.  The make runs are serialised by the
# object directories being per compiler; only build/plugin/.current is
# shared, and it is only read to decide a relink.
jobs=$(nproc 2>/dev/null || echo 1)
batch=
flush() {
	wait
	for c in $batch; do
		cat "$T/$c.log"
	done
	batch=
}
for cc in $PW_GCC_COMPILERS; do
	pw_gcc_one "$cc" >"$T/$cc.log" 2>&1 &
	batch="$batch $cc"
	[ "$(echo $batch | wc -w)" -lt "$jobs" ] || flush
done
flush
built=
for cc in $PW_GCC_COMPILERS; do
	[ -f "$T/$cc.ok" ] && built="$built $cc"
done

# The same findings, to the byte, from every compiler.
ref=
for cc in $built; do
	if [ -z "$ref" ]; then
		ref=$cc
		continue
	fi
	if cmp -s "$T/$ref.json" "$T/$cc.json"; then
		pw_pass "$cc reports the same findings as $ref"
	else
		pw_fail "$cc reports the same findings as $ref" \
			"$(diff "$T/$ref.json" "$T/$cc.json" | cut -c1-160 | head -20)"
	fi
done

# pw_gcc_id CC: "VERSION (target TRIPLET)", as the refusal names a GCC.
pw_gcc_id() {
	echo "$("$1" -dumpfullversion) (target $("$1" -dumpmachine))"
}

# pw_gcc_refuse PLUGIN_CC CC: the plugin built for PLUGIN_CC, loaded into
# CC, fails the compilation with exactly one line saying what to rebuild.
pw_gcc_refuse() {
	name="a plugin built for $1 refuses to load into $2"
	for c in "$1" "$2"; do
		case " $built " in
		*" $c "*) ;;
		*) pw_skip "$name" "no plugin for $c"; return ;;
		esac
	done
	printf 'int pw_empty(void) { return 0; }\n' >"$T/empty.c"
	if "$2" -fplugin="$(pw_gcc_plugin "$1")" -c -o /dev/null "$T/empty.c" >"$T/refuse.out" 2>&1; then
		pw_fail "$name" "the compilation succeeded:" "$(cat "$T/refuse.out")"
		return
	fi
	want="cc1: error: pageward_plugin was built for GCC $(pw_gcc_id "$1") but is loaded into GCC $(pw_gcc_id "$2"); rebuild it with 'make CC=<this compiler>' in the pageward tree"
	# the datestamps are the builds', not worth spelling here
	got=$(sed 's/(20[0-9]\{6\} target /(target /g' "$T/refuse.out")
	pw_same "$name" "$want" "$got"
}

# The version and the target count, each on its own: an older and a newer
# GCC for one target, and the same GCC 12 for another target.
pw_gcc_refuse gcc-11 gcc-12
pw_gcc_refuse gcc-12 gcc-11
pw_gcc_refuse s390x-linux-gnu-gcc-12 aarch64-linux-gnu-gcc-12
