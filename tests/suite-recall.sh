#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Recall on real code: the bugs of tests/kernel/recall.txt injected into real
# kernel functions must be reported in the function they were injected into,
# by the plugin (the edited copy compiled with kbuild's own command for its
# file) and by the Coccinelle rule (spatch on the same copy).  A
# case where the edit changes nothing fails too: it would test the pristine
# file, which must stay quiet.  A RULE written "RULE (gcc)" is a bug only
# the plugin is asked to find (the Coccinelle rule does not follow the
# mechanism: a static helper's body, for pfn-after-unlock); its Coccinelle
# run is reported as skipped, with the reason.
set -u
. "$(dirname "$0")/lib.sh"

echo "recall: bugs injected into real kernel functions"

R=$PW_TMP/recall
mkdir -p "$R"
pw_cocci_rules >/dev/null
n=0
grep -v '^#' "$PW_ROOT/tests/kernel/recall.txt" | grep -v '^[[:space:]]*$' |
while IFS='|' read -r tree file rule fn edit; do
	n=$((n + 1))
	set -- $tree
	v=$1 a=$2
	file=$(echo $file) rule=$(echo $rule) fn=$(echo $fn)
	engines="gcc cocci"
	case $rule in
	*" (gcc)") rule=${rule% (gcc)} engines=gcc ;;
	esac
	edit=$(printf "%s" "$edit" | sed "s/^ //")
	name="linux-$v $a $file: $rule reports the bug injected into $fn()"
	case $a in s390) plugin=$PW_PLUGIN_S390 ;; *) plugin=$PW_PLUGIN ;; esac
	if ! obj=$("$PW_ROOT/scripts/kernel-tree.sh" "$v" "$a" 2>"$R/tree.log"); then
		pw_fail "$name" "$(tail -n 5 "$R/tree.log")"
		continue
	fi
	src=$PW_ROOT/build/src/linux-$v
	o=${file%.c}.o
	cmdfile=$obj/$(dirname "$o")/.$(basename "$o").cmd
	if [ ! -f "$cmdfile" ] &&
	   ! flock /tmp/pageward-kbuild.lock "$PW_ROOT/scripts/kernel-make.sh" "$v" "$a" KCFLAGS= "$o" \
		>"$R/build.log" 2>&1; then
		pw_fail "$name" "building $o:" "$(tail -n 5 "$R/build.log")"
		continue
	fi
	copy=$R/$n-$(basename "$file")
	sed "$edit" "$src/$file" >"$copy"
	if cmp -s "$src/$file" "$copy"; then
		pw_fail "$name" "the edit '$edit' changes nothing in $file"
		continue
	fi
	# kbuild's command, on the copy, writing nothing but the report.  The
	# object may have been built with the plugin (the kernel suite's
	# KCFLAGS): its pageward options go, the ones below replace them.
	cmd=$(sed -n 's/^\(saved\)\{0,1\}cmd_[^ ]* := //p' "$cmdfile" |
		sed 's/-Wp,-MMD,[^ ]*//; s/ ; .*//; s/ -fplugin=[^ ]*pageward_plugin\.so//g; s/ -fplugin-arg-pageward_plugin-[^ ]*//g')
	cmd=$(printf "%s" "$cmd" | sed "s# -o [^ ]*# -o /dev/null#; s#[^ ]*/$file[[:space:]]*\$# $copy#")
	case $cmd in
	*" $copy") ;;
	*) pw_fail "$name" "no $file at the end of kbuild's command in $cmdfile"; continue ;;
	esac
	rm -f "$R/$n.json"
	if ! (cd "$obj" && eval "$cmd -fplugin=$plugin -fplugin-arg-pageward_plugin-report=$R/$n.json") \
		>"$R/$n.log" 2>&1; then
		pw_fail "$name" "the edited file does not compile:" "$(grep -m 5 'error' "$R/$n.log")"
		continue
	fi
	got=$(jq -r --arg r "$rule" --arg f "$fn" 'select(.rule == $r and .function == $f) | .line' \
		"$R/$n.json" 2>/dev/null | head -n 1)
	if [ -n "$got" ]; then
		pw_pass "$name (line $got)"
	else
		pw_fail "$name" "no $rule finding in $fn(); the report:" "$(cat "$R/$n.json" 2>/dev/null)"
	fi
	# The Coccinelle rule on the same edited copy, with the rule's own
	# options.  spatch names a SYSCALL_DEFINE function by the name the
	# macro is given, the plugin by the function it expands to
	# (__do_sys_NAME): either matches.
	if [ "$engines" = gcc ]; then
		pw_skip "$name [cocci]" "plugin only: the Coccinelle rule looks at one function at a time"
		continue
	fi
	cocci=$PW_COCCI/$rule.cocci
	opts=$(sed -n 's|^// Options: *||p' "$cocci")
	(cd "$R" && spatch --very-quiet -D report $opts --sp-file "$cocci" "$(basename "$copy")") \
		>"$R/$n.cocci" 2>&1
	got=$(sed -n "s/^[^:]*:\([0-9]*\):[0-9]*: warning: \([A-Za-z0-9_]*\)(): .*\[pageward:$rule\]\$/\2 \1/p" \
		"$R/$n.cocci" | awk -v f="$fn" '$1 == f || f ~ ("_" $1 "$") { print $2; exit }')
	if [ -n "$got" ]; then
		pw_pass "$name [cocci] (line $got)"
	else
		pw_fail "$name [cocci]" "no $rule finding in $fn():" "$(cat "$R/$n.cocci")"
	fi
done
