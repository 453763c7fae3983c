#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad input, as a new user would try it, and the main job's progress (issue
# 9, items 7 and 8), in about a minute:
#
# - every script answers --help (exit 0, the help on stdout) and refuses an
#   unknown argument with one line on stderr and exit 2, before doing any
#   work (findings.sh would first empty build/reports, bench-cocci.sh
#   unpack 1.3 GB);
# - "make CC=clang" refuses with one line, exit 2, and leaves the plugin
#   alone; building the host and the s390x plugin alternately relinks
#   neither once both are built;
# - every Coccinelle rule reports on a file whose strings are Latin-1
#   (tests/input/latin1.c) what it reports on the same file made ASCII,
#   and what its expect markers say;
# - findings.sh shows its progress (plain lines when stderr is not a
#   terminal) and prints a directory's findings when it is done, with a
#   fake kernel (a second per object), mm/ first, check-only.
set -u
. "$(dirname "$0")/lib.sh"

echo "input: --help and bad arguments, CC=clang, plugin relinks, Latin-1 sources, progress"
T=$PW_TMP/input
rm -rf "$T"
mkdir -p "$T"

# --- 1. --help and unknown arguments ----------------------------------------
# The scripts run from a copy, $T/root/scripts, so that one that starts its
# job all the same works in $T/root/build (they find their tree from their
# own path), not in the kernel trees of build/; "timeout" stops it, and
# everything it started, after 20 s.  A sentinel in the directories the
# long jobs empty first: still there afterwards means they did not start.
R=$T/root
mkdir -p "$R/build/reports" "$R/build/bench-cocci"
cp -R "$PW_ROOT/scripts" "$R/scripts"
for d in reports bench-cocci; do
	: >"$R/build/$d/.pw-input-sentinel"
done
export PAGEWARD_COCCI_DIR="$PW_ROOT/cocci"

# pw_args_check SCRIPT ARGS...: --help and the bad ARGS (each one run).
pw_args_check() {
	s=$1
	shift
	timeout 20 "$R/scripts/$s" --help >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ -s "$T/out" ] && [ ! -s "$T/err" ]; then
		pw_pass "$s --help: exit 0, the help on stdout"
	else
		pw_fail "$s --help: exit 0, the help on stdout" "exit $rc, stdout:" \
			"$(head -n 5 "$T/out")" "stderr:" "$(head -n 5 "$T/err")"
	fi
	for a in "$@"; do
		# shellcheck disable=SC2086 # one word per argument
		timeout 20 "$R/scripts/$s" $a >"$T/out" 2>"$T/err"
		rc=$?
		if [ "$rc" -eq 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ]; then
			pw_pass "$s $a: one line, exit 2"
		else
			pw_fail "$s $a: one line, exit 2" "exit $rc, stdout:" \
				"$(head -n 5 "$T/out")" "stderr:" "$(head -n 5 "$T/err")"
		fi
	done
}

pw_args_check findings.sh --bogus "mm/" -v
pw_args_check bench-cocci.sh --bogus "6.12"
pw_args_check setup-deps.sh --bogus "-y"
pw_args_check kernel-tree.sh --bogus "6.12" "7.0 x86_64" "6.12 arm" "6.12 x86_64 extra"
pw_args_check kernel-make.sh --bogus "6.12" "7.0 x86_64 mm/" "6.12 arm mm/"
pw_args_check annotate.sh --bogus "" "--revert" "a b" "/nonexistent-kdir" "--revert /nonexistent-kdir"
pw_args_check bench-series.sh --bogus "6.12"
mkdir -p "$T/fake-kernel"
: >"$T/fake-kernel/Makefile"
: >"$T/fake-kernel/Kconfig"
pw_args_check kernel-config.sh --bogus "a b" "$T/nonexistent $T/obj x86_64" "$T/fake-kernel $T/obj arm"
pw_args_check series-build.sh --bogus "a b" "$PW_ROOT HEAD arm" "$PW_ROOT HEAD x86_64"
pw_args_check sarif-schema.sh --bogus "x"
pw_args_check series-fix.sh --bogus "a b c" "/nonexistent.json / p f"

for d in reports bench-cocci; do
	if [ -f "$R/build/$d/.pw-input-sentinel" ]; then
		pw_pass "no script started its job: build/$d untouched"
	else
		pw_fail "no script started its job: build/$d untouched" "build/$d/.pw-input-sentinel is gone"
	fi
done
unset PAGEWARD_COCCI_DIR
rm -rf "$R"

# --- 2. the Makefile: clang, and relinking ------------------------------------
# A fake clang: says what clang says of itself, and is gcc otherwise (as
# far as -dumpmachine and -print-file-name=plugin go, clang answers like
# GCC); and a compiler that says nothing but defines __clang__.
mkdir -p "$T/bin"
cat >"$T/bin/clang" <<'EOF'
#!/bin/sh
[ "${1-}" = --version ] && { echo "Debian clang version 14.0.6"; exit 0; }
exec gcc "$@"
EOF
cat >"$T/bin/cc-defines-clang" <<'EOF'
#!/bin/sh
exec gcc -D__clang__=1 "$@"
EOF
chmod +x "$T/bin/clang" "$T/bin/cc-defines-clang"

so=$PW_ROOT/gcc-plugin/pageward_plugin.so
so390=$PW_ROOT/build/s390x/pageward_plugin.so
mk() { make -C "$PW_ROOT" --no-print-directory "$@"; }
if ! mk plugin >"$T/make.log" 2>&1; then
	pw_fail "make builds the host plugin" "$(tail -n 10 "$T/make.log")"
fi
for cc in clang cc-defines-clang; do
	touch "$T/before-$cc"
	sleep 1	# a relink would give the .so a later mtime than the stamp
	PATH=$T/bin:$PATH mk CC=$cc plugin >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q clang "$T/err" &&
	   [ -z "$(find "$so" -newer "$T/before-$cc")" ]; then
		pw_pass "make CC=$cc: one line, exit 2, the plugin left alone"
	else
		pw_fail "make CC=$cc: one line, exit 2, the plugin left alone" "exit $rc:" \
			"$(cat "$T/out" "$T/err")" "$(find "$so" -newer "$T/before-$cc")"
	fi
done

if command -v s390x-linux-gnu-gcc-12 >/dev/null; then
	s390() { mk CC=s390x-linux-gnu-gcc-12 PLUGIN_SO="$so390" plugin; }
	mk plugin >"$T/make.log" 2>&1 && s390 >>"$T/make.log" 2>&1
	touch "$T/built"
	sleep 1
	mk plugin >>"$T/make.log" 2>&1 && s390 >>"$T/make.log" 2>&1 &&
		mk plugin >>"$T/make.log" 2>&1
	rc=$?
	relinked=$(find "$so" "$so390" -newer "$T/built")
	if [ "$rc" -eq 0 ] && [ -z "$relinked" ]; then
		pw_pass "host, s390x, host plugin builds in turn relink neither once built"
	else
		pw_fail "host, s390x, host plugin builds in turn relink neither once built" \
			"exit $rc; relinked: ${relinked:-none}" "$(tail -n 5 "$T/make.log")"
	fi
else
	pw_skip "host, s390x, host plugin builds in turn relink neither" "no s390x-linux-gnu-gcc-12"
fi

# --- 3. Latin-1 sources through every Coccinelle rule -------------------------
# latin1.c has the byte 0xe9 in strings and comments: it is not UTF-8, or
# the check would prove nothing.  ascii.c is the same file with "e" there.
cp "$PW_ROOT/tests/input/latin1.c" "$T/latin1.c"
LC_ALL=C tr '\351' e <"$T/latin1.c" >"$T/ascii.c"
if iconv -f UTF-8 -t UTF-8 "$T/latin1.c" >/dev/null 2>&1 || cmp -s "$T/latin1.c" "$T/ascii.c"; then
	pw_fail "tests/input/latin1.c is not UTF-8" "it decodes as UTF-8: the checks below prove nothing"
else
	pw_pass "tests/input/latin1.c is not UTF-8"
fi
# The standalone rules (cocci/RULE.cocci with cocci/lib/pageward.py in it).
rules=$(pw_cocci_rules) || exit 1
for rule in $rules; do
	r=$(basename "$rule" .cocci)
	for f in latin1 ascii; do
		(cd "$T" && spatch --very-quiet -D report --sp-file "$rule" "$f.c") \
			>"$T/$r.$f.out" 2>"$T/$r.$f.err"
		echo $? >"$T/$r.$f.rc"
	done
	name="$r reports on a Latin-1 file"
	if [ "$(cat "$T/$r.latin1.rc")" -ne 0 ] || grep -q "Fatal error\|Error" "$T/$r.latin1.err"; then
		pw_fail "$name" "spatch exit $(cat "$T/$r.latin1.rc"):" "$(head -n 5 "$T/$r.latin1.err")"
		continue
	fi
	if ! iconv -f UTF-8 -t UTF-8 "$T/$r.latin1.out" >/dev/null 2>&1; then
		pw_fail "$name" "its output is not UTF-8:" "$(cat "$T/$r.latin1.out")"
		continue
	fi
	# The same findings, columns and messages as on the ASCII file; a
	# quoted byte reads U+FFFD where the ASCII file has "e".
	want=$(sed 's/^ascii\.c:/F:/' "$T/$r.ascii.out")
	got=$(sed -e 's/^latin1\.c:/F:/' -e "s/$(printf '\357\277\275')/e/g" "$T/$r.latin1.out")
	if [ "$want" != "$got" ]; then
		pw_fail "$name" "on the ASCII file:" "${want:-<nothing>}" "on the Latin-1 file:" "${got:-<nothing>}"
		continue
	fi
	want=$(pw_expect cocci expect "$T/latin1.c" | awk -v r="$r" '$2 == r')
	got=$(pw_findings latin1.c <"$T/$r.latin1.out")
	pw_same "$name" "$want" "$got"
done
if grep -q "PAGE_SIZE /\* caf$(printf '\357\277\275') \*/" "$T/access-before-io.latin1.out"; then
	pw_pass "a byte that is not UTF-8 in a quoted call is written U+FFFD"
else
	pw_fail "a byte that is not UTF-8 in a quoted call is written U+FFFD" "$(cat "$T/access-before-io.latin1.out")"
fi

# --- 4. the main job's progress -----------------------------------------------
# findings.sh from a copy whose kernel is a fake: kernel-tree.sh prints an
# object directory, kernel-make.sh "compiles" each .c of the directory in
# a second (an empty .o) and reports one finding per directory.  Checked:
# mm/ goes first whatever the order given, a progress line with objects
# done of the total (an upper bound before any build, the last build's
# count after), no carriage return when stderr is not a terminal, a
# directory's finding on stderr before the next directory starts, the
# plugin run check-only, and stdout the grouped summary, its line last.
F=$T/fake
mkdir -p "$F/scripts" "$F/gcc-plugin" "$F/build/s390x" "$F/build/obj/linux-6.12-x86_64"
cp "$PW_ROOT/scripts/findings.sh" "$PW_ROOT/scripts/lib.sh" "$F/scripts/"
printf 'all:\n\t@:\n' >"$F/Makefile"
echo fake >"$F/gcc-plugin/pageward_plugin.so"
echo fake >"$F/build/s390x/pageward_plugin.so"
echo "CONFIG_MMU=y" >"$F/build/obj/linux-6.12-x86_64/.config"
echo fake >"$F/build/obj/linux-6.12-x86_64/.pageward-configured"
for d in mm fs; do
	mkdir -p "$F/build/src/linux-6.12/$d"
	for c in a b c; do : >"$F/build/src/linux-6.12/$d/$c.c"; done
done
cat >"$F/scripts/kernel-tree.sh" <<'FAKE'
#!/bin/sh
echo "$(cd "$(dirname "$0")/.." && pwd)/build/obj/linux-$1-$2"
FAKE
cat >"$F/scripts/kernel-make.sh" <<'FAKE'
#!/bin/sh
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/build/src/linux-$1 obj=$root/build/obj/linux-$1-$2 flags=${3#KCFLAGS=} dir=${4%/}
echo "$flags" >>"$root/kcflags"
report=${flags##*report=}
mkdir -p "$obj/$dir"
for c in "$src/$dir"/*.c; do
	sleep 1
	o=${c##*/}
	: >"$obj/$dir/${o%.c}.o"
	echo "  CC      $dir/${o%.c}.o"
done
printf '{"rule": "freeze-inexact", "file": "%s", "line": 1, "column": 2, "message": "in %s", "severity": "warning"}\n' \
	"$src/$dir/a.c" "$dir" >>"$report"
FAKE
chmod +x "$F/scripts/"*.sh
fake_run() {
	PAGEWARD_PLUGIN_BUILDS="6.12 x86_64 fs/ mm/" PAGEWARD_COCCI_DIRS="" PAGEWARD_PROGRESS_EVERY=1 \
		"$F/scripts/findings.sh" >"$T/fake.out" 2>"$T/fake.err"
}
# line PATTERN: the number of the first stderr line that has PATTERN (0: none)
line() { grep -n -e "$1" "$T/fake.err" | head -n 1 | cut -d: -f1 | grep . || echo 0; }

fake_run
rc=$?
why=
[ "$rc" -eq 0 ] || why="exit $rc"
finding_mm="linux-6.12/mm/a.c:1:2: warning: in mm \[pageward:freeze-inexact\]"
grep -q "compiling mm/ with the plugin, at most 3 objects" "$T/fake.err" || why="$why; no upper bound announced"
[ "$(line "compiling mm/")" -gt 0 ] && [ "$(line "compiling mm/")" -lt "$(line "compiling fs/")" ] ||
	why="$why; fs/ before mm/"
[ "$(line "^$finding_mm")" -gt 0 ] && [ "$(line "^$finding_mm")" -lt "$(line "compiling fs/")" ] ||
	why="$why; mm/'s finding not printed before fs/ starts"
grep -q "^pageward: linux-6.12-x86_64 mm/: [12] of at most 3 objects, [0-9]* s, about [0-9]* s left$" "$T/fake.err" ||
	why="$why; no progress line with the time left"
! grep -q "$(printf '\r')" "$T/fake.err" || why="$why; a carriage return in a log"
grep -q "pageward_plugin-check-only" "$F/kcflags" || why="$why; not check-only"
tail -n 1 "$T/fake.out" | grep -q "^pageward: 2 finding(s): gcc-plugin 2, coccinelle 0 " ||
	why="$why; not the summary line last"
grep -q "^$finding_mm$" "$T/fake.out" || why="$why; the finding not in the summary"
cp "$T/fake.err" "$T/fake.err.1"
PAGEWARD_REBUILD=1 fake_run
grep -q "compiling mm/ with the plugin, 3 objects" "$T/fake.err" ||
	why="$why; the second run does not count the last build's objects"
fake_run
[ "$(grep -c "the findings of its last build" "$T/fake.err")" -eq 2 ] && grep -q "^$finding_mm$" "$T/fake.err" ||
	why="$why; a third run does not keep and print the findings"
if [ -z "$why" ]; then
	pw_pass "findings.sh shows its progress, mm/ first, each directory's findings when done, check-only"
else
	pw_fail "findings.sh shows its progress, mm/ first, each directory's findings when done, check-only" \
		"${why#; }" "stderr of the first run:" "$(cat "$T/fake.err.1")"
fi
