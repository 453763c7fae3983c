#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bin/pageward and "pageward check" as kbuild's checker, on a real tree.
#
#	tests/run.sh kbuild
#
# In scripts/kernel-tree.sh's object tree of linux 6.12 s390:
#  - make C=2 -j2 O=... CHECK="pageward check" arch/s390/kernel/: the
#    findings equal tests/kernel/expected-*.txt for those files, once per
#    engine, and one line says which engines ran;
#  - make C=1 after touching one file of an out-of-tree module: only that
#    file is checked;
#  - make M=tests/kbuild-module C=2: the finding its source marks;
#  - bad input, --help, --werror, --suppress= on a case file, and a
#    header's finding seen by two files of one make printed once.
# About 2 minutes on 2 cores once the tree is prepared and arch/s390/kernel/
# compiled; the first run adds the preparation (about a minute, shared
# with the kernel suite) and the compile (50 s).
set -u
. "$(dirname "$0")/lib.sh"

echo "kbuild: pageward check as make C=1/C=2's checker"

PW=$PW_ROOT/bin/pageward
K=$PW_TMP/kbuild
mkdir -p "$K"

# --help, --version and bad input; these need no kernel tree.

# one_line_2 NAME CMD...: CMD prints exactly one line, on stderr, exits 2.
one_line_2() {
	name=$1
	shift
	rc=0
	"$@" >"$K/bad.out" 2>"$K/bad.err" || rc=$?
	if [ "$rc" -eq 2 ] && [ ! -s "$K/bad.out" ] && [ "$(wc -l <"$K/bad.err")" -eq 1 ]; then
		pw_pass "$name: one line, exit 2 ($(cat "$K/bad.err"))"
	else
		pw_fail "$name: one line, exit 2" "exit $rc" "stdout: $(cat "$K/bad.out")" "stderr: $(cat "$K/bad.err")"
	fi
}
one_line_2 "pageward (no subcommand)" "$PW"
one_line_2 "pageward bogus" "$PW" bogus
one_line_2 "pageward --bogus" "$PW" --bogus
one_line_2 "pageward help bogus" "$PW" help bogus
one_line_2 "pageward check (no file)" "$PW" check
one_line_2 "pageward check --bogus FILE" "$PW" check --bogus "$PW_ROOT/tests/kbuild-module/pw_freeze.c"
one_line_2 "pageward check --engines=bogus FILE" "$PW" check --engines=bogus "$PW_ROOT/tests/kbuild-module/pw_freeze.c"
one_line_2 "pageward check FLAGS no-such-file.c" "$PW" check -O2 "$K/no-such-file.c"

# An engine asked for by name that is not installed: a PATH with every
# command but spatch and sparse, and a compiler that does not exist.
nobin=$K/path-without-engines
rm -rf "$nobin"
mkdir -p "$nobin"
for d in /usr/local/bin /usr/bin /bin; do
	for f in "$d"/*; do
		case ${f##*/} in spatch | spatch.opt | sparse) continue ;; esac
		[ -e "$nobin/${f##*/}" ] || ln -s "$f" "$nobin/${f##*/}"
	done
done
case_c=$PW_ROOT/tests/cases/freeze/unchecked.c
one_line_2 "pageward check --engines=cocci without spatch" \
	env PATH="$nobin" "$PW" check --engines=cocci "$case_c"
pw_same "... and it names the package" yes \
	"$(grep -q 'apt-get install coccinelle' "$K/bad.err" && echo yes)"
one_line_2 "PAGEWARD_ENGINES=sparse without sparse" \
	env PATH="$nobin" PAGEWARD_ENGINES=sparse "$PW" check "$case_c"
one_line_2 "pageward check --engines=gcc-plugin with a compiler that is not there" \
	env PAGEWARD_CC=no-such-gcc-12 "$PW" check --engines=gcc-plugin "$case_c"

for cmd in "--help" "help check" "check --help" "help"; do
	# shellcheck disable=SC2086 # the words of the command
	if "$PW" $cmd >"$K/help.out" 2>&1 && [ -s "$K/help.out" ]; then
		pw_pass "pageward $cmd: exit 0"
	else
		pw_fail "pageward $cmd: exit 0" "$(cat "$K/help.out")"
	fi
done
want=$(sed -n 's/^#define PW_VERSION "\(.*\)"$/pageward \1/p' "$PW_ROOT/gcc-plugin/pw_version.h")
pw_same "pageward --version is gcc-plugin/pw_version.h's" "$want" "$("$PW" --version 2>&1)"

# --werror and --suppress= on a self-contained case, by hand.
want=$(pw_expect gcc expect "$case_c")
rc=0
"$PW" check --engines=gcc-plugin --werror -I"$PW_ROOT/tests/include" "$case_c" \
	>"$K/werror.out" 2>&1 || rc=$?
pw_same "pageward check --engines=gcc-plugin on $(basename "$case_c"): the case's findings" \
	"$want" "$(pw_findings "$case_c" <"$K/werror.out")"
pw_same "pageward check --werror exits 1 on a finding" 1 "$rc"
rc=0
"$PW" check --engines=gcc-plugin -I"$PW_ROOT/tests/include" "$case_c" >/dev/null 2>&1 || rc=$?
pw_same "pageward check without --werror exits 0 on a finding" 0 "$rc"
"$PW" check --engines=cocci -I"$PW_ROOT/tests/include" "$case_c" >"$K/cocci.out" 2>&1
pw_same "pageward check --engines=cocci on $(basename "$case_c"): the case's findings" \
	"$(pw_expect cocci expect "$case_c")" "$(pw_findings "$case_c" <"$K/cocci.out")"
# Flags that load the plugin already (the Kconfig entry, KCFLAGS): under
# C=1 (KBUILD_CHECKSRC=1) the compile has just printed its findings, the
# default engines leave the plugin out and say why; under C=2, which checks
# files make did not recompile, and by hand, the plugin runs; asked for by
# name, it runs.  Each call gets a TMPDIR of its own: with KBUILD_CHECKSRC
# set, the make running this suite would be taken for kbuild's, and the
# same findings not printed twice in it.
loaded="-fplugin=$PW_PLUGIN"
n=0
# loaded_check CHECKSRC ARGS...: pageward check ARGS on the case, with the
# plugin in its flags, under KBUILD_CHECKSRC=CHECKSRC; output in loaded.out.
loaded_check() {
	n=$((n + 1)) cs=$1
	shift
	mkdir -p "$K/tmp-$n"
	TMPDIR=$K/tmp-$n KBUILD_CHECKSRC=$cs PAGEWARD_ENGINES= "$PW" check "$@" "$loaded" \
		-I"$PW_ROOT/tests/include" "$case_c" >"$K/loaded.out" 2>&1
}
both=$({ pw_expect gcc expect "$case_c"; pw_expect cocci expect "$case_c"; } | sort -n)
loaded_check 1
pw_same "C=1 on flags that load the plugin: the plugin is not run again" \
	"$(pw_expect cocci expect "$case_c")" "$(pw_findings "$case_c" <"$K/loaded.out")"
pw_same "... and the engines line says why" yes \
	"$(grep -q '^pageward: check: engines.*not run: gcc-plugin (the compile loads pageward_plugin.so itself' "$K/loaded.out" && echo yes)"
for how in 2 ""; do
	loaded_check "$how"
	pw_same "KBUILD_CHECKSRC=$how on flags that load the plugin: every engine runs" \
		"$both" "$(pw_findings "$case_c" <"$K/loaded.out")"
done
loaded_check 1 --engines=gcc-plugin
pw_same "... and under C=1, --engines=gcc-plugin runs it" "$want" "$(pw_findings "$case_c" <"$K/loaded.out")"
if command -v clang >/dev/null; then
	one_line_2 "pageward check --engines=gcc-plugin with PAGEWARD_CC=clang" \
		env PAGEWARD_CC=clang "$PW" check --engines=gcc-plugin "$case_c"
else
	pw_skip "pageward check --engines=gcc-plugin with PAGEWARD_CC=clang" "no clang"
fi
printf '# every finding of the case\n*\ttests/cases/freeze/unchecked.c\t*\tthe case file, judged by its own test\n' >"$K/suppress"
for e in gcc-plugin cocci; do
	"$PW" check --engines=$e --suppress="$K/suppress" -I"$PW_ROOT/tests/include" "$case_c" \
		>"$K/suppress.out" 2>&1
	pw_same "pageward check --engines=$e --suppress=FILE: nothing reported" "" \
		"$(grep '\[pageward:' "$K/suppress.out")"
done

mkdir -p "$K/tree"
cp "$K/suppress" "$K/tree/.pageward-suppress"
(
	export srctree="$K/tree"
	"$PW" check --engines=gcc-plugin,cocci -I"$PW_ROOT/tests/include" "$case_c" >"$K/suppress.out" 2>&1
)
pw_same "pageward check honours \$srctree/.pageward-suppress" "" "$(grep '\[pageward:' "$K/suppress.out")"

# A header's finding, seen by two files of one make: printed once.  Two
# files use an inline function of a header that ignores a freeze; the
# plugin reports it in each, pageward check once per make.
H=$K/header
rm -rf "$H"
mkdir -p "$H"
printf '#include "pw_mm.h"\nstatic inline void pw_inline(struct folio *folio)\n{\n\tfolio_ref_freeze(folio, 1);\n}\n' >"$H/pw_inline.h"
for f in a b; do
	printf '#include "pw_inline.h"\nvoid pw_%s(struct folio *folio);\nvoid pw_%s(struct folio *folio)\n{\n\tpw_inline(folio);\n}\n' "$f" "$f" >"$H/$f.c"
done
# kbuild's top Makefile exports KBUILD_CHECKSRC to what it runs: so does this one.
printf 'export KBUILD_CHECKSRC := 2\nall: a b\na b:\n\t$(PW) check --engines=gcc-plugin -I$(INC) $(CURDIR)/$@.c\n' >"$H/Makefile"
make -s -C "$H" PW="$PW" INC="$PW_ROOT/tests/include" >"$H/out" 2>&1
pw_same "a header's finding seen by two files of one make is printed once" \
	"4 freeze-unchecked" "$(pw_findings "$H/pw_inline.h" <"$H/out")"
"$PW" check --engines=gcc-plugin -I"$PW_ROOT/tests/include" "$H/a.c" >"$H/a.out" 2>&1
"$PW" check --engines=gcc-plugin -I"$PW_ROOT/tests/include" "$H/b.c" >"$H/b.out" 2>&1
pw_same "... and by each file when they are two checks outside a make" \
	"4 freeze-unchecked
4 freeze-unchecked" "$(cat "$H/a.out" "$H/b.out" | pw_findings "$H/pw_inline.h")"

# The real tree: scripts/kernel-tree.sh's 6.12 s390 object directory, the
# one the kernel suite compiles too (one prepare per configuration; the
# kernel suite removes the objects of a directory before it compiles it).
ARCHV="ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- CC=s390x-linux-gnu-gcc-12"
kmake() {
	# shellcheck disable=SC2086 # ARCHV is words
	make -C "$SRC" O="$OBJ" $ARCHV "$@"
}
prepared() {
	OBJ=$("$PW_ROOT/scripts/kernel-tree.sh" 6.12 s390 2>"$K/prepare.log") || return 1
	# The path kbuild prints (build/src may be a symlink); known only once
	# kernel-tree.sh has unpacked the tree, which a fresh clone has not.
	SRC=$(readlink -f "$PW_ROOT/build/src/linux-6.12")
	# M= needs modpost; quick when it is built
	kmake -j2 modules_prepare >>"$K/prepare.log" 2>&1
}
if ! prepared; then
	pw_fail "prepare linux 6.12 s390 (scripts/kernel-tree.sh)" "$(tail -n 15 "$K/prepare.log" 2>/dev/null)"
	exit 0
fi

# key_findings PREFIX < output: "TREE/FILE FUNCTION RULE" for each finding
# (not the notes), with the source tree's path PREFIX made TREE; sorted, but
# not made unique: each engine must print it once.
key_findings() {
	sed -n 's#^'"$1"'/\([^:]*\):[0-9]*:[0-9]*: [a-z]*: \([A-Za-z0-9_]*\)(): .* \[pageward:\([a-z-]*\)\]$#linux-6.12/\1 \2 \3#p' |
		sort
}
expected() {
	grep -hv '^#' "$PW_ROOT"/tests/kernel/expected-gcc-plugin.txt \
		"$PW_ROOT"/tests/kernel/expected-coccinelle.txt | grep "^linux-6.12/$1" | sort
}

CHECK="$PW check"
start=$(date +%s)
if kmake -j2 C=2 CHECK="$CHECK" arch/s390/kernel/ >"$K/c2.out" 2>"$K/c2.err"; then
	t=$(($(date +%s) - start))
	pw_pass "make C=2 -j2 O=... CHECK='pageward check' arch/s390/kernel/ (${t}s)"
	pw_same "C=2: the findings on 6.12 s390 arch/s390/kernel/ are the expected ones, once per engine" \
		"$(expected arch/s390/kernel/)" "$(key_findings "$SRC" <"$K/c2.err")"
	pw_same "C=2: one line says which engines ran" \
		"pageward: check: engines cocci sparse gcc-plugin" \
		"$(grep '^pageward: check: engines' "$K/c2.err")"
	n=$(grep -c "^  CHECK   $SRC/arch/s390/kernel/[^/]*\.c\$" "$K/c2.out")
	m=$(ls "$SRC"/arch/s390/kernel/*.c | while read -r f; do
		[ -f "$OBJ/arch/s390/kernel/$(basename "$f" .c).o" ] && echo "$f"
	done | wc -l)
	pw_same "C=2: every file compiled was checked" "$m" "$n"
	got=$(grep '^pageward: check: .* failed' "$K/c2.err" || true)
	pw_same "C=2: no engine failed" "" "$got"
else
	pw_fail "make C=2 -j2 O=... CHECK='pageward check' arch/s390/kernel/" "$(tail -n 15 "$K/c2.err")"
fi

# M=: the module, copied (kbuild writes its objects beside the sources).
MOD=$K/module
rm -rf "$MOD"
cp -r "$PW_ROOT/tests/kbuild-module" "$MOD"
if kmake -j2 M="$MOD" C=2 CHECK="$CHECK" KBUILD_MODPOST_WARN=1 modules \
	>"$K/m.out" 2>"$K/m.err"; then
	pw_pass "make M=tests/kbuild-module C=2 CHECK='pageward check'"
	for e in gcc cocci; do
		pw_expect "$e" expect "$MOD/pw_freeze.c"
	done | sort -n >"$K/m.want"
	pw_same "M=: the module's marked finding, from each engine" "$(cat "$K/m.want")" \
		"$(pw_findings "$MOD/pw_freeze.c" <"$K/m.err")"
	pw_same "M=: the module's other file has no finding" "" \
		"$(pw_findings "$MOD/pw_checked.c" <"$K/m.err")"
else
	pw_fail "make M=tests/kbuild-module C=2 CHECK='pageward check'" "$(tail -n 15 "$K/m.err")"
fi

# C=1: only what is rebuilt is checked.  The sources' mtimes are whole
# seconds on some filesystems: make sure the touch is newer than the object.
sleep 1
touch "$MOD/pw_checked.c"
if kmake -j2 M="$MOD" C=1 CHECK="$CHECK" KBUILD_MODPOST_WARN=1 modules \
	>"$K/c1.out" 2>"$K/c1.err"; then
	pw_same "C=1 after touching one file of the module: only it is checked" \
		"  CHECK   $MOD/pw_checked.c" "$(grep '^  CHECK ' "$K/c1.out")"
	pw_same "C=1: no finding in the file that was checked" "" "$(grep '\[pageward:' "$K/c1.err")"
else
	pw_fail "make M=tests/kbuild-module C=1 after touching pw_checked.c" "$(tail -n 15 "$K/c1.err")"
fi
