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
# run is reported as skipped, with the reason.  "RULE (gcc, annotated)" is
# checked on the annotated tree (make annotate): the file from a small
# annotated copy of the tree (pw_small_tree) when the annotations edit it,
# that copy first on the include path, and -D__PAGEWARD_CONTEXT__, as
# pageward check compiles an annotated tree; lock-context has nothing to
# read in a tree without the annotations.
set -u
. "$(dirname "$0")/lib.sh"

echo "recall: bugs injected into real kernel functions"

# others RULE REPORT: the findings of the rules other than RULE, as
# "rule function", sorted.
others() {
	jq -r --arg r "$1" 'select(.rule != $r) | "\(.rule) \(.function)"' "$2" 2>/dev/null | sort
}

R=$PW_TMP/recall
rm -rf "$R"
mkdir -p "$R"
pw_cocci_rules >/dev/null
n=0
grep -v '^#' "$PW_ROOT/tests/kernel/recall.txt" | grep -v '^[[:space:]]*$' |
while IFS='|' read -r tree file rule fn edit; do
	n=$((n + 1))
	set -- $tree
	v=$1 a=$2
	file=$(echo $file) rule=$(echo $rule) fn=$(echo $fn)
	engines="gcc cocci" annotated=
	case $rule in
	*" (gcc)") rule=${rule% (gcc)} engines=gcc ;;
	*" (gcc, annotated)") rule=${rule% (gcc, annotated)} engines=gcc annotated=1 ;;
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
	extra=
	if [ -n "$annotated" ]; then
		small=$R/annotated-$v
		if [ ! -d "$small" ]; then
			pw_small_tree "$v" "$small"
			if ! "$PW_ROOT/scripts/annotate.sh" "$small" >"$R/annotate.log" 2>&1; then
				pw_fail "$name" "annotating a copy of linux-$v:" "$(cat "$R/annotate.log")"
				rm -rf "$small"
				continue
			fi
		fi
		[ -f "$small/$file" ] && src=$small
		extra="-D__PAGEWARD_CONTEXT__ -I$small/include"
		[ -d "$small/$(dirname "$file")" ] && extra="$extra -I$small/$(dirname "$file")"
	fi
	sed "$edit" "$src/$file" >"$copy"
	if cmp -s "$src/$file" "$copy"; then
		pw_fail "$name" "the edit '$edit' changes nothing in $file"
		continue
	fi
	# kbuild's command, on the copy, writing nothing but the report.  The
	# object may have been built with the plugin (the kernel suite's
	# KCFLAGS): its pageward options go, the ones below replace them.
	cmd=$(pw_kbuild_compile "$cmdfile" |
		sed 's/ -fplugin=[^ ]*pageward_plugin\.so//g; s/ -fplugin-arg-pageward_plugin-[^ ]*//g')
	cmd=$(printf "%s" "$cmd" | sed "s# -o [^ ]*# -o /dev/null#; s#[^ ]*/$file[[:space:]]*\$# $copy#")
	plain_cmd=$cmd
	# the compiler, then the annotated tree's options (before kbuild's -I)
	[ -n "$extra" ] && cmd=$(printf "%s" "$cmd" | sed "s#^\([^ ]*\) #\1 $extra #")
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
	# The annotated file as it is: no finding of the rule, and for every
	# other rule the same findings (rule, function) as the file of the tree
	# without annotations: the annotations and the -D change nothing else.
	if [ -n "$annotated" ]; then
		for t in annotated plain; do
			if [ $t = annotated ]; then
				tsrc=$src tcmd=$cmd
			else
				tsrc=$PW_ROOT/build/src/linux-$v tcmd=$plain_cmd
			fi
			tcopy=$R/$n-$t-$(basename "$file")
			cp "$tsrc/$file" "$tcopy"
			rm -f "$R/$n-$t.json"
			tcmd=$(printf "%s" "$tcmd" | sed "s# $copy\$# $tcopy#")
			(cd "$obj" && eval "$tcmd -fplugin=$plugin -fplugin-arg-pageward_plugin-report=$R/$n-$t.json") \
				>"$R/$n-$t.log" 2>&1 ||
				pw_fail "linux-$v $a $file ($t) compiles" "$(grep -m 5 'error' "$R/$n-$t.log")"
		done
		pw_same "linux-$v $a $file, annotated, as it is: no $rule finding" "" \
			"$(jq -r --arg r "$rule" 'select(.rule == $r) | "\(.line) \(.function): \(.message)"' \
				"$R/$n-annotated.json" 2>/dev/null)"
		pw_same "linux-$v $a $file: the other rules find the same with the annotations as without" \
			"$(others "$rule" "$R/$n-plain.json")" "$(others "$rule" "$R/$n-annotated.json")"
	fi
	# The Coccinelle rule on the same edited copy, with the rule's own
	# options.  spatch names a SYSCALL_DEFINE function by the name the
	# macro is given, the plugin by the function it expands to
	# (__do_sys_NAME): either matches.
	if [ "$engines" = gcc ]; then
		if [ -n "$annotated" ]; then
			pw_skip "$name [cocci]" "plugin only: Coccinelle sees no annotation of a callee in another file"
		else
			pw_skip "$name [cocci]" "plugin only: the Coccinelle rule looks at one function at a time"
		fi
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
