#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Every rule's fix, built in the tree it was made for.  tests/fix-module is
# an external module with one function per form a fix takes (a plain return
# in the function's own terms, the error label, the folio form, the moved
# reference, the freeze's back-out, the VMA write lock).  For linux 6.1 and
# 6.12 (x86_64, defconfig with CONFIG_WERROR=y: any warning fails), each
# engine:
#   1. reports exactly the lines the module marks ("expect: RULE");
#   2. its fixes apply (the plugin's JSON "fix" diffs with patch, Coccinelle's
#      patch mode with patch -p1);
#   3. the fixed module builds with the tree's own flags, and
#   4. neither engine reports anything in it afterwards.
# 6.12 has no arch_make_page_accessible(): a fix that calls it fails at 3.
# Coccinelle learns the tree from kbuild's $srctree, as under make M=.
set -u
. "$(dirname "$0")/lib.sh"

echo "fixes: every rule's fix, applied to a module and built against 6.1 and 6.12"

F=$PW_TMP/fixes
rm -rf "$F"
mkdir -p "$F"
pw_cocci_rules >/dev/null || exit 1
RULES="access-before-io pin-before-access freeze-unchecked vmflags-unsynced-write"

# marks DIR: "FILE LINE RULE" for each "expect: RULE" of the module's
# files in DIR, sorted.
marks() {
	for f in "$1"/*.c; do
		pw_expect gcc expect "$f" | sed "s|^|$(basename "$f") |"
	done | sort
}

# module V DIR: a copy of the module with the files linux-V builds (Kbuild
# builds pw_fix_vmflags.o only with CONFIG_PER_VMA_LOCK, which 6.1 lacks;
# Coccinelle would read both sides of an #if).
module() {
	cp -r "$PW_ROOT/tests/fix-module" "$2"
	[ "$1" = 6.1 ] && rm "$2/pw_fix_vmflags.c"
	return 0
}

# kmake V DIR [MAKE ARGS]: build the module in DIR against linux-V x86_64.
kmake() {
	km_v=$1 km_dir=$2
	shift 2
	flock /tmp/pageward-kbuild.lock "$PW_ROOT/scripts/kernel-make.sh" "$km_v" x86_64 \
		M="$km_dir" KBUILD_MODPOST_WARN=1 "$@" modules
}

# plugin_findings V DIR JSON: run the plugin over the module (check-only:
# the findings, no objects, so modpost fails: that is expected), its JSON
# lines in JSON; "FILE LINE RULE" out.  Every file must have been compiled
# without an error (a crash is no "no finding"): "ERROR ..." otherwise.
plugin_findings() {
	rm -f "$3"
	kmake "$1" "$2" KCFLAGS="-fplugin=$PW_PLUGIN -fplugin-arg-pageward_plugin-check-only -fplugin-arg-pageward_plugin-report=$3" \
		>"$3.log" 2>&1 || true
	[ -f "$3" ] || : >"$3"
	for f in $(sources "$2"); do
		grep -q "^  CC \[M\]  ${f%.c}.o\$" "$3.log" || echo "ERROR: $(basename "$f") was not compiled"
	done
	grep -E "error:|internal compiler error" "$3.log" | sed 's/^/ERROR: /'
	jq -r '"\(.file | split("/") | last) \(.line) \(.rule)"' "$3" | sort
}

# cocci MODE RULE V DIR FILE: spatch on one file of the module (several
# files on one command line are one group to spatch), as kbuild runs it:
# $srctree is the tree.
cocci() {
	opts=$(sed -n 's|^// Options: *||p' "$PW_COCCI/$2.cocci")
	(cd "$4" && srctree=$PW_ROOT/build/src/linux-$3 spatch --very-quiet -D "$1" $opts \
		--sp-file "$PW_COCCI/$2.cocci" --patch . "./$5")
}

# sources DIR: the module's sources in DIR (not kbuild's generated *.mod.c).
sources() {
	ls "$1"/*.c | grep -v '\.mod\.c$'
}

# steps V FILES...: the calls of step 2 the fixes in FILES make, one per
# line ("arch_make_page_accessible(" and the like): linux-V's own.
steps() {
	shift
	cat "$@" 2>/dev/null | grep '^+' |
		grep -o 'arch_make_[a-z]*_accessible(\(page_folio(\)\{0,1\}' | sort -u
}

# cocci_findings V DIR: the report of every rule on the module's files;
# any other line spatch prints (an error) as "ERROR ...".
cocci_findings() {
	for r in $RULES; do
		for f in $(sources "$2"); do
			cocci report "$r" "$1" "$2" "$(basename "$f")" 2>&1
		done
	done | sed -e 's/^\.\/\([^:]*\):\([0-9]*\):[0-9]*: warning: .*\[pageward:\([a-z-]*\)\]$/\1 \2 \3/' \
		-e t -e 's/^/ERROR: /' | sort
}

# fixed V DIR WHOSE TAG: the module in DIR, with WHOSE fixes applied,
# builds against linux-V with the tree's flags, and neither engine reports
# anything in it.
fixed() {
	if kmake "$1" "$2" >"$F/$1-$4.build" 2>&1; then
		pw_pass "linux-$1: the module with $3 fixes builds (-Werror)"
	else
		pw_fail "linux-$1: the module with $3 fixes builds (-Werror)" \
			"$(grep -m 8 -E 'error|warning' "$F/$1-$4.build")"
	fi
	pw_same "linux-$1: no finding in the module with $3 fixes, from either engine" "" \
		"$(plugin_findings "$1" "$2" "$F/$1-$4-after.json"; cocci_findings "$1" "$2")"
}

for v in 6.1 6.12; do
	if ! "$PW_ROOT/scripts/kernel-tree.sh" "$v" x86_64 >"$F/tree-$v.log" 2>&1; then
		pw_fail "linux-$v x86_64 is prepared" "$(tail -n 5 "$F/tree-$v.log")"
		continue
	fi
	# an external module's .ko needs what modules_prepare makes
	if ! flock /tmp/pageward-kbuild.lock "$PW_ROOT/scripts/kernel-make.sh" "$v" x86_64 \
		modules_prepare >"$F/prepare-$v.log" 2>&1; then
		pw_fail "linux-$v x86_64: make modules_prepare" "$(tail -n 5 "$F/prepare-$v.log")"
		continue
	fi
	module "$v" "$F/$v-marks"
	want=$(marks "$F/$v-marks")

	# step 2 as the tree has it: 6.12 has only the folio form
	case $v in
	6.1) step="arch_make_folio_accessible(
arch_make_page_accessible(" ;;
	*) step="arch_make_folio_accessible(
arch_make_folio_accessible(page_folio(" ;;
	esac

	# The plugin: its JSON fixes, each a diff of one file.
	G=$F/$v-gcc
	module "$v" "$G"
	pw_same "linux-$v: the plugin reports the module's marked lines" "$want" \
		"$(plugin_findings "$v" "$G" "$F/$v-gcc.json")"
	bad=
	jq -c 'select(.fix != null)' "$F/$v-gcc.json" >"$F/$v-gcc.fixes"
	while IFS= read -r line; do
		file=$(printf '%s\n' "$line" | jq -r .file)
		printf '%s\n' "$line" | jq -r .fix >"$F/one.patch"
		patch -s --no-backup-if-mismatch "$file" <"$F/one.patch" >>"$F/$v-gcc.patch.log" 2>&1 ||
			bad="$bad $(basename "$file"):$(printf '%s\n' "$line" | jq -r .line)"
	done <"$F/$v-gcc.fixes"
	pw_same "linux-$v: every finding of the plugin has a fix, and each applies" \
		"$want" "$(jq -r '"\(.file | split("/") | last) \(.line) \(.rule)"' "$F/$v-gcc.fixes" | sort)$bad"
	jq -r .fix "$F/$v-gcc.fixes" >"$F/$v-gcc.all.patch"
	pw_same "linux-$v: the plugin's fixes make pages accessible as linux-$v can" "$step" \
		"$(steps "$v" "$F/$v-gcc.all.patch")"
	fixed "$v" "$G" "the plugin's" gcc

	# Coccinelle: patch mode, rule after rule, on the tree kbuild names.
	C=$F/$v-cocci
	module "$v" "$C"
	pw_same "linux-$v: Coccinelle reports the module's marked lines" "$want" \
		"$(cocci_findings "$v" "$C")"
	bad=
	for r in $RULES; do
		for f in $(sources "$C"); do
			f=$(basename "$f")
			cocci patch "$r" "$v" "$C" "$f" >"$F/$v-$r-$f.patch" 2>"$F/$v-$r-$f.err"
			[ -s "$F/$v-$r-$f.patch" ] || continue
			(cd "$C" && patch -s -p1 --no-backup-if-mismatch) <"$F/$v-$r-$f.patch" \
				>>"$F/$v-$r-$f.err" 2>&1 || bad="$bad $r:$f"
		done
	done
	pw_same "linux-$v: Coccinelle's patches apply, spatch printing nothing else" "" \
		"$bad$(cat "$F/$v"-*.err)"
	pw_same "linux-$v: Coccinelle's fixes make pages accessible as linux-$v can" "$step" \
		"$(steps "$v" "$F/$v"-access-before-io-*.patch)"
	fixed "$v" "$C" "Coccinelle's" cocci
done
