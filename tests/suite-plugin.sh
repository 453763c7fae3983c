#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The plugin as a kernel build meets it: options, -Werror, JSON reports
# under make -j, fix-it patches, bad input, and the promise that it never
# changes the code GCC generates.
set -u
. "$(dirname "$0")/lib.sh"

echo "plugin: options, reports, fix-its, bad input"

CASES=$PW_ROOT/tests/cases/freeze
INC=-I$PW_ROOT/tests/include
ARG=-fplugin-arg-pageward_plugin
T=$PW_TMP/plugin
rm -rf "$T"
mkdir -p "$T"
cp "$CASES"/*.c "$T"/
cd "$T" || exit 1

# pw_one_line_error NAME CMD...: CMD must fail and say so in exactly one line.
pw_one_line_error() {
	name=$1
	shift
	if "$@" >"$T/err.out" 2>&1; then
		pw_fail "$name" "succeeded, but must fail:" "$(cat "$T/err.out")"
	elif [ "$(wc -l <"$T/err.out")" -ne 1 ]; then
		pw_fail "$name" "must print one line, printed:" "$(cat "$T/err.out")"
	else
		pw_pass "$name: $(cut -c1-100 "$T/err.out")"
	fi
}

pw_one_line_error "unknown option is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-frobnicate" unchecked.c
pw_one_line_error "option missing its value is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-report" unchecked.c
pw_one_line_error "unknown rule name is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-rules=freeze-unchecked,no-such-rule" unchecked.c
pw_one_line_error "plugin built for another GCC is refused" \
	"$PW_CC" -fplugin="$PW_PLUGIN_S390" -c -o /dev/null $INC unchecked.c
pw_one_line_error "unwritable report file is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-report=/nonexistent/dir/r.json" unchecked.c

# Defconfig kernels build with -Werror: findings stay warnings unless asked.
if pw_cc -O2 -Werror -c -o /dev/null $INC unchecked.c 2>"$T/w.out" &&
   [ "$(pw_findings unchecked.c <"$T/w.out" | wc -l)" -eq 4 ] &&
   ! grep -q "error" "$T/w.out"; then
	pw_pass "findings do not fail a -Werror build"
else
	pw_fail "findings do not fail a -Werror build" "$(cat "$T/w.out")"
fi
if ! pw_cc -O2 -c -o /dev/null $INC "$ARG-werror" unchecked.c 2>"$T/e.out" &&
   [ "$(grep -c ': error: .*\[pageward:freeze-unchecked\]$' "$T/e.out")" -eq 4 ]; then
	pw_pass "werror makes findings errors"
else
	pw_fail "werror makes findings errors" "$(cat "$T/e.out")"
fi

got=$(for f in unchecked.c inexact_flag.c; do
	pw_cc -O2 -c -o /dev/null $INC "$ARG-rules=freeze-unchecked" $f 2>&1
done | sed -n 's/.*\[pageward:\([a-z-]*\)\]$/\1/p' | sort | uniq -c | tr -s ' ')
pw_same "rules= runs only the named rules" " 4 freeze-unchecked" "$got"
got=$(for f in unchecked.c inexact_flag.c; do
	pw_cc -O2 -c -o /dev/null $INC "$ARG-disable" $f 2>&1
done | grep -c pageward)
pw_same "disable checks nothing" "0" "$got"

# JSON lines: the SPEC's fields, a fix exactly where a fix-it is offered.
rm -f "$T/r.json"
for f in unchecked.c inexact_flag.c; do
	pw_cc -O2 -c -o /dev/null $INC "$ARG-report=$T/r.json" $f 2>/dev/null
done
bad=$(jq -c 'select((.rule|type) != "string" or (.file|type) != "string"
	or (.line|type) != "number" or (.column|type) != "number"
	or (.function|type) != "string" or (.message|type) != "string"
	or .engine != "gcc-plugin" or ((.fix|type) != "string" and .fix != null))' "$T/r.json" 2>&1)
pw_same "JSON lines carry rule, file, line, column, function, message, engine, fix" "" "$bad"
got=$(jq -r 'select(.fix != null) | "\(.line) \(.function)"' "$T/r.json" | sort -n | tr '\n' ' ')
pw_same "fix suggestions where the statement can be edited safely" \
	"10 ignored_statement 18 ignored_in_void " "$got"

# Many compilers appending at once, as under make -j.
rm -f "$T/par.json"
i=0
while [ $i -lt 24 ]; do
	pw_cc -O2 -c -o /dev/null $INC "$ARG-report=$T/par.json" inexact_flag.c 2>/dev/null &
	i=$((i + 1))
done
wait
lines=$(wc -l <"$T/par.json")
valid=$(jq -c . "$T/par.json" 2>/dev/null | wc -l)
pw_same "24 parallel compilers append whole JSON lines" "264 264" "$lines $valid"

# The fix-it patch applies, the result compiles, and the finding is gone.
cp unchecked.c fixed.c
pw_cc -O2 -c -o /dev/null $INC -fdiagnostics-generate-patch fixed.c 2>&1 |
	sed -n '/^--- fixed.c$/,$p' >"$T/fix.patch"
if [ -s "$T/fix.patch" ] && patch -s -p0 <"$T/fix.patch" &&
   pw_cc -O2 -Werror -Wall -Wno-unused-but-set-variable -c -o /dev/null $INC fixed.c 2>"$T/fixed.out"; then
	got=$(pw_findings fixed.c <"$T/fixed.out" | tr '\n' ' ')
	pw_same "fix-it patch applies, compiles, and leaves only findings it cannot fix" \
		"26 freeze-unchecked 35 freeze-unchecked " "$got"
else
	pw_fail "fix-it patch applies, compiles, and leaves only findings it cannot fix" \
		"$(cat "$T/fix.patch" "$T/fixed.out" 2>/dev/null)"
fi
got=$(grep '^[-+]' "$T/fix.patch" | grep -v '^\(+++\|---\) ' | sort)
want=$(jq -r 'select(.fix != null) | .fix' "$T/r.json" | grep '^[-+]' | grep -v '^\(+++\|---\) ' | sort)
pw_same "the JSON fix is the patch GCC prints" "$want" "$got"

# The access-before-io, pin-before-access and vm_flags fix-its: each patch
# applies, compiles, and leaves only the findings that had no safe fix.
cp "$PW_ROOT"/tests/cases/access/*.c "$PW_ROOT"/tests/cases/vmflags/*.c "$T/"
for spec in "access_flag.c 1" "access_flag_612.c 0" "pin_flag.c 0" "seed000_example.c 0" \
	    "vma_lock_flag.c 0" "spf_writers_flag.c 4" "spf_fault_flag.c 5"; do
	set -- $spec
	cp "$1" "fix-$1"
	pw_cc -O2 -c -o /dev/null $INC -fdiagnostics-generate-patch "fix-$1" 2>&1 |
		sed -n "/^--- fix-$1\$/,\$p" >"$T/fix-$1.patch"
	if [ -s "$T/fix-$1.patch" ] && patch -s -p0 <"$T/fix-$1.patch" &&
	   pw_cc -O2 -Wall -Werror -c -o /dev/null $INC "fix-$1" 2>"$T/fix-$1.out"; then
		got=$(pw_findings "fix-$1" <"$T/fix-$1.out" | wc -l)
		pw_same "$1: fix-it patch applies, compiles, $2 finding(s) without a safe fix remain" "$2" "$got"
	else
		pw_fail "$1: fix-it patch applies, compiles, $2 finding(s) without a safe fix remain" \
			"$(cat "$T/fix-$1.patch" "$T/fix-$1.out" 2>/dev/null)"
	fi
done

# Never change code generation: the same assembly with and without.
diffs=""
for f in "$CASES"/*.c "$PW_ROOT"/tests/cases/access/*.c; do
	b=$(basename "$f" .c)
	"$PW_CC" -O2 -S -o "$T/$b.plain.s" $INC "$f" 2>/dev/null
	pw_cc -O2 -S -o "$T/$b.pw.s" $INC "$f" 2>/dev/null
	cmp -s "$T/$b.plain.s" "$T/$b.pw.s" || diffs="$diffs $b"
done
pw_same "generated code is identical with and without the plugin" "" "$diffs"

# The s390x cross build of the plugin, in the s390x cross compiler.
if command -v s390x-linux-gnu-gcc-12 >/dev/null; then
	got=$(s390x-linux-gnu-gcc-12 -fplugin="$PW_PLUGIN_S390" -O2 -c -o /dev/null $INC \
		s390_make_folio_secure.c 2>&1 | pw_findings s390_make_folio_secure.c)
	pw_same "s390x plugin flags make_folio_secure() in the s390x compiler" "38 freeze-inexact" "$got"
else
	pw_fail "s390x plugin flags make_folio_secure() in the s390x compiler" \
		"s390x-linux-gnu-gcc-12 is missing: run make setup"
fi

# Building the plugin: missing compiler or headers is one line and status 2.
cd "$PW_ROOT" || exit 1
for args in "CC=no-such-gcc" "GCC_PLUGIN_DIR=/nonexistent"; do
	make --no-print-directory -s $args PLUGIN_SO="$T/x.so" plugin >"$T/mk.out" 2>&1
	rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$T/mk.out")" -eq 1 ] &&
	   grep -q "install" "$T/mk.out"; then
		pw_pass "make $args: one line saying what to install, status 2"
	else
		pw_fail "make $args: one line saying what to install, status 2" \
			"status $rc:" "$(cat "$T/mk.out")"
	fi
done

# Suppressions: by rule, path suffix and function; a bad file is one error.
cd "$T" || exit 1
printf '# judged\nfreeze-inexact cases/freeze/s390_make_folio_secure.c make_folio_secure by design, seed 002\nfreeze-unchecked unchecked.c ignored_cast the case file # its own test\n' >"$T/sup"
mkdir -p "$T/cases/freeze"
cp "$CASES"/s390_make_folio_secure.c "$CASES"/unchecked.c "$T/cases/freeze/"
got=$(for f in cases/freeze/s390_make_folio_secure.c cases/freeze/unchecked.c; do
	pw_cc -O2 -c -o /dev/null $INC "$ARG-suppress=$T/sup" $f 2>&1 | pw_findings $f
done | tr '\n' ' ')
pw_same "suppress= hides exactly the listed findings" \
	"10 freeze-unchecked 18 freeze-unchecked 33 freeze-unchecked " "$got"
printf 'freeze-inexact uv.c\n' >"$T/badsup"
pw_one_line_error "malformed suppressions file is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-suppress=$T/badsup" unchecked.c
printf 'freeze-inexact uv.c make_folio_secure\n' >"$T/noreason"
pw_one_line_error "a suppression without a reason is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-suppress=$T/noreason" unchecked.c
# A path that starts with '/' matches where it ends ("/unchecked.c" in
# cases/freeze/unchecked.c), as scripts/pageward.jq and the Coccinelle
# rules read it.
printf 'freeze-unchecked /unchecked.c stored_never_read a leading slash\n' >"$T/slashsup"
got=$(pw_cc -O2 -c -o /dev/null $INC "$ARG-suppress=$T/slashsup" cases/freeze/unchecked.c 2>&1 |
	pw_findings cases/freeze/unchecked.c | tr '\n' ' ')
pw_same "suppress= with a leading '/': matched at the end of the name" \
	"10 freeze-unchecked 18 freeze-unchecked 24 freeze-unchecked " "$got"
{ printf 'freeze-unchecked unchecked.c ignored_cast '; head -c 5000 /dev/zero | tr '\0' x; echo; } >"$T/longsup"
pw_one_line_error "a suppression line longer than the reader's buffer is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-suppress=$T/longsup" unchecked.c
pw_one_line_error "missing suppressions file is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-suppress=$T/no-such-file" unchecked.c

# stats=FILE: one line per compilation, "INPUT FUNCTIONS PASS_NS CC1_NS",
# the pass's CPU time a small part of cc1's.
rm -f "$T/stats"
pw_cc -O2 -c -o /dev/null $INC "$ARG-stats=$T/stats" inexact_flag.c 2>/dev/null
got=$(awk '{ print $1, $2, ($3 > 0 && $3 < $4) ? "sane" : "odd: " $3 " " $4 }' "$T/stats")
pw_same "stats= writes the pass's CPU time per compilation" "inexact_flag.c 19 sane" "$got"

# Bad option values: each one line at start-up, never a silent pass, never
# a compiler blocked forever.
cd "$T" || exit 1
pw_one_line_error "rules=, names no rule: an error" \
	pw_cc -c -o /dev/null $INC "$ARG-rules=," unchecked.c
pw_one_line_error "rules= with an empty name is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-rules=freeze-unchecked," unchecked.c
pw_one_line_error "an option given twice is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-rules=freeze-inexact" "$ARG-rules=freeze-unchecked" unchecked.c
mkdir -p "$T/a-dir"
pw_one_line_error "a directory as suppress= file is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-suppress=$T/a-dir" unchecked.c
pw_one_line_error "a directory as report= file is an error" \
	pw_cc -c -o /dev/null $INC "$ARG-report=$T/a-dir" unchecked.c
rm -f "$T/fifo"
mkfifo "$T/fifo"
pw_one_line_error "a FIFO as report= file is refused, not waited on" \
	timeout 60 "$PW_CC" -fplugin="$PW_PLUGIN" -c -o /dev/null $INC "$ARG-report=$T/fifo" unchecked.c
pw_one_line_error "a FIFO as stats= file is refused, not waited on" \
	timeout 60 "$PW_CC" -fplugin="$PW_PLUGIN" -c -o /dev/null $INC "$ARG-stats=$T/fifo" unchecked.c

# JSON is valid UTF-8 even where the file name (or the source text a
# message quotes) is not: such bytes become U+FFFD.
name=$(printf 'caf\351.c')
cp unchecked.c "$name"
rm -f "$T/latin1.json"
pw_cc -O2 -c -o /dev/null $INC "$ARG-report=$T/latin1.json" "$name" 2>/dev/null
got=$(iconv -f UTF-8 -t UTF-8 "$T/latin1.json" >/dev/null 2>&1 && echo valid;
      jq -r .file "$T/latin1.json" | sort -u)
pw_same "JSON lines are valid UTF-8; an undecodable byte is written as U+FFFD" \
	"$(printf 'valid\ncaf\357\277\275.c')" "$got"

# check-only: the same findings, notes and JSON as a full compile, nothing
# written with -S -o /dev/null, no code through -c, and the exit status of
# the diagnostics (0 with findings; 1 with werror).  With -g, as s390's
# kernel builds: check-only drops the debug information it would not write,
# and its GIMPLE has no debug statements; the findings stay the same.
cp "$PW_ROOT"/tests/cases/*/*.c "$T/"
diffs=
for f in "$PW_ROOT"/tests/cases/*/*.c; do
	b=$(basename "$f")
	rm -f "$T/full.json" "$T/only.json"
	pw_cc -O2 -g -c -o /dev/null $INC "$ARG-report=$T/full.json" "$b" >"$T/full.out" 2>&1
	rc_full=$?
	pw_cc -O2 -g -S -o /dev/null $INC "$ARG-check-only" "$ARG-report=$T/only.json" "$b" \
		>"$T/only.out" 2>&1
	rc_only=$?
	touch "$T/full.json" "$T/only.json"
	if [ "$rc_full $rc_only" != "0 0" ] || ! cmp -s "$T/full.out" "$T/only.out" ||
	   ! cmp -s "$T/full.json" "$T/only.json"; then
		diffs="$diffs $b"
	fi
done
pw_same "check-only prints and writes exactly what a full compile does (every case)" "" "$diffs"
rm -f "$T/co.o"
pw_cc -O2 -c -o "$T/co.o" $INC "$ARG-check-only" inexact_flag.c 2>/dev/null
got=$(nm "$T/co.o" 2>&1 | wc -l)
pw_same "check-only through -c: the object holds no code" "0" "$got"
for how in "-pipe" "TMPDIR=$T/"; do
	rm -f "$T/co.o"
	case $how in
	-pipe) pw_cc -O2 -pipe -c -o "$T/co.o" $INC "$ARG-check-only" inexact_flag.c 2>/dev/null ;;
	*) TMPDIR=$T/ pw_cc -O2 -c -o "$T/co.o" $INC "$ARG-check-only" inexact_flag.c 2>/dev/null ;;
	esac
	got=$(nm "$T/co.o" 2>&1 | wc -l)
	pw_same "check-only through -c with $how: the object holds no code" "0" "$got"
done
pw_cc -O2 -c -o /dev/null $INC "$ARG-check-only" "$ARG-werror" unchecked.c >/dev/null 2>&1
pw_same "check-only with werror: findings fail the compilation" "1" "$?"
printf 'int broken(void) { return undeclared; }\n' >"$T/broken.c"
pw_cc -O2 -S -o /dev/null $INC "$ARG-check-only" broken.c >/dev/null 2>&1
pw_same "check-only: a real error still fails the compilation" "1" "$?"
# An assembly file the user names is a product (kbuild reads asm-offsets.s
# and bounds.s back for constants): check-only compiles it in full.
# Its debug information too (-g; the producer string, which lists the
# options, left out).
pw_cc -O2 -g -gno-record-gcc-switches -S -o "$T/named-full.s" $INC inexact_flag.c 2>/dev/null
pw_cc -O2 -g -gno-record-gcc-switches -S -o "$T/named-check.s" $INC "$ARG-check-only" inexact_flag.c 2>/dev/null
if grep -q debug_info "$T/named-full.s" && cmp -s "$T/named-full.s" "$T/named-check.s"; then
	pw_pass "check-only with -g -S -o FILE.s: the full assembly and debug information, as without it"
else
	pw_fail "check-only with -g -S -o FILE.s: the full assembly and debug information, as without it"
fi
# A vDSO (kbuild passes -DBUILD_VDSO) is linked and read back during the
# kernel build: check-only compiles it in full, debug information included;
# -U after the -D undoes it.
vdso_objects() {
	for obj in plain vdso; do
		rm -f "$T/$obj.o"
		case $obj in
		plain) "$PW_CC" -O2 -g -c -o "$T/$obj.o" $INC "$@" inexact_flag.c 2>/dev/null ;;
		*) pw_cc -O2 -g -c -o "$T/$obj.o" $INC "$@" "$ARG-check-only" inexact_flag.c 2>/dev/null ;;
		esac
	done
}
vdso_objects -DBUILD_VDSO=1
want=$(nm "$T/plain.o" 2>/dev/null | grep ' T ')
pw_same "check-only compiles a vDSO unit (-DBUILD_VDSO) in full" \
	"${want:-<plain compile has no functions>}" "$(nm "$T/vdso.o" 2>/dev/null | grep ' T ')"
want=$(objdump -h "$T/plain.o" | grep -c debug_info)
[ "$want" -gt 0 ] || want="<plain -g compile has no .debug_info>"
pw_same "check-only keeps a vDSO unit's debug information (-g)" \
	"$want" "$(objdump -h "$T/vdso.o" | grep -c debug_info)"
vdso_objects -DBUILD_VDSO -UBUILD_VDSO
pw_same "check-only stops a unit whose -DBUILD_VDSO a later -U undoes" \
	"0" "$(nm "$T/vdso.o" 2>&1 | wc -l)"
# A preprocessor-only run is left as it is (-g adds the working directory's
# line marker), and an explicit -fvar-tracking, useless once check-only has
# dropped the debug information, warns of nothing (-Werror).
pw_same "check-only -E -g: the preprocessed output as without the plugin" \
	"$("$PW_CC" -E -g $INC inexact_flag.c 2>&1)" "$(pw_cc -E -g $INC "$ARG-check-only" inexact_flag.c 2>&1)"
pw_cc -O2 -g -fvar-tracking -Werror -c -o "$T/co.o" $INC "$ARG-check-only" \
	constant_counts_quiet.c >"$T/vt.out" 2>&1
pw_same "check-only with -g -fvar-tracking -Werror: no warning, exit 0" "0:" "$?:$(cat "$T/vt.out")"
