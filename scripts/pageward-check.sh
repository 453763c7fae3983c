#!/bin/sh
# pageward check: kbuild's checker: every engine's findings on one C file
# SPDX-License-Identifier: GPL-2.0
#
#	make C=2 CHECK="$PW/bin/pageward check" [O=DIR] [M=DIR] [TARGETS]
#	pageward check [OPTIONS] [--] [COMPILER FLAGS...] FILE.c
#
# kbuild runs "$(CHECK) $(CHECKFLAGS) $(c_flags) FILE.c" in the object tree
# for every C file it checks (C=2: all, C=1: the recompiled ones), and this
# runs pageward's engines on that file with those flags:
#  - cocci: each rule of cocci/*.cocci whose anchor tokens (scripts/
#    cocci-tokens.sh, cached per rule) the file contains, in report mode,
#    with the rule's "// Options:" line.  spatch gets the -I directories of
#    the flags (the rules' --no-includes makes it read no header, but a
#    user's PAGEWARD_SPATCH_FLAGS=--all-includes, say, then finds them).
#    Not passed: the -include files (the kernel's scripts/coccicheck turns
#    them into --include; spatch then reads compiler_types.h's macros as the
#    file's, and loses the finding in arch/s390/kernel/uv.c), and -D macros
#    (spatch's -D names virtual rules, not cpp macros, and spatch reads
#    every #ifdef branch anyway).
#  - sparse: "sparse FLAGS... FILE", with every flag as kbuild gave it; its
#    output is kept as it is, on stderr.
#  - gcc-plugin: the kernel's compiler (PAGEWARD_CC, else $CC, which kbuild
#    exports, else gcc) with the plugin built for it (on demand, once per
#    compiler: build/plugin/TARGET-gccMAJOR/pageward_plugin.so), in
#    check-only mode (-S -o /dev/null: no object), with the compiler flags
#    only: $CHECKFLAGS (kbuild exports it: -Wbitwise, --arch=, -D__STDC__,
#    ... are sparse's) and the -Wp,-MMD dependency file (kbuild's, already
#    processed) are dropped; -w keeps the file's ordinary warnings, which
#    the real compile prints, out of the checker's output.  It adds
#    -D__PAGEWARD_CONTEXT__, which turns lock-context on in a tree annotated
#    by "make annotate" and changes nothing in one that is not.  Not run by
#    default under make C=1 when the flags load pageward_plugin.so already
#    (the Kconfig entry, or KCFLAGS): kbuild's compile of the file has just
#    printed its findings.
# Findings are printed on stderr, as a compiler's warnings, in the format
#	FILE:LINE:COL: warning: MESSAGE [pageward:RULE]
# the plugin's with its notes ("FILE:LINE: note: ...").  Within one make
# (its top-level make process, found through /proc), a finding an engine
# has printed for one file is not printed again for another (a header's
# inline function), and, with the default engines, one line says which
# engines ran.
#
# Options, before the compiler flags (the first argument that is not one of
# these ends them; "--" too):
#	--engines=E1,E2	cocci, sparse, gcc-plugin (default: $PAGEWARD_ENGINES,
#			else every one that is installed)
#	--werror	exit 1 when a finding was printed
#	--suppress=FILE	a suppressions file, as the plugin's suppress=FILE:
#			"RULE PATH-SUFFIX FUNCTION REASON" a line, * for any
#			rule or function, # comments; honoured by the plugin
#			and cocci.  Default: $srctree/.pageward-suppress, if
#			there is one.  A malformed line is an error (status 2)
#	--json=FILE	append every finding printed, as one JSON object a
#			line (the plugin's report= format, engine included)
#	--help
# Exit status: 0 (findings included, unless --werror), 1 when an engine
# failed on the file (its error lines are printed) or --werror found
# something, 2 for a usage error or an engine asked for by name that is not
# installed (one line naming the package or make target).
set -eu

ROOT=${PAGEWARD_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
. "$ROOT/scripts/lib.sh"
. "$ROOT/scripts/cocci-tokens.sh"

ALL_ENGINES="cocci sparse gcc-plugin"

usage() {
	sed -n '2p;4,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# usage_error MESSAGE: one line, exit 2.
usage_error() {
	printf 'pageward check: %s\n' "$1" >&2
	exit 2
}

engines=${PAGEWARD_ENGINES:-} werror= suppress= json=
while [ $# -gt 0 ]; do
	case $1 in
	--help) usage; exit 0 ;;
	--engines=*) engines=${1#--engines=} ;;
	--werror) werror=yes ;;
	--suppress=*) suppress=${1#--suppress=} ;;
	--json=*) json=${1#--json=}; [ -n "$json" ] || usage_error "--json= needs a file name" ;;
	--) shift; break ;;
	--engines | --suppress | --json) usage_error "$1 needs a value: $1=..." ;;
	--*) usage_error "unknown option '$1' (pageward's options come before the compiler flags; see pageward check --help)" ;;
	*) break ;;
	esac
	shift
done
[ $# -gt 0 ] ||
	usage_error "no file to check: pageward check [OPTIONS] [FLAGS...] FILE.c, or make C=2 CHECK=\"$ROOT/bin/pageward check\""
eval "FILE=\${$#}"
[ -f "$FILE" ] && [ -r "$FILE" ] ||
	usage_error "cannot read '$FILE': the last argument must be the C file to check"
# The SPEC's suppressions file of a kernel tree, .pageward-suppress at the
# top of the source tree (kbuild exports $srctree), when none is given.
if [ -z "$suppress" ] && [ -n "${srctree:-}" ] && [ -f "$srctree/.pageward-suppress" ]; then
	suppress=$srctree/.pageward-suppress
fi
if [ -n "$suppress" ]; then
	[ -f "$suppress" ] && [ -r "$suppress" ] ||
		usage_error "cannot read suppressions file '$suppress': give a readable file to --suppress="
	suppress=$(cd "$(dirname "$suppress")" && pwd)/$(basename "$suppress")
	# one line naming the file and line when a line is malformed
	SUPPRESSIONS=$(pw_suppressions "$suppress") || exit 2
	# applied here (below): the Coccinelle rules need not look for it
	PAGEWARD_SUPPRESS_DONE=1
	export PAGEWARD_SUPPRESS_DONE
fi

# The engines: asked for by name, or every installed one.
explicit=yes
if [ -z "$engines" ]; then
	explicit= engines=$ALL_ENGINES
fi
engines=$(echo "$engines" | tr ',' ' ')
for e in $engines; do
	case " $ALL_ENGINES " in
	*" $e "*) ;;
	*) usage_error "unknown engine '$e': the engines are $(echo "$ALL_ENGINES" | sed 's/ /, /g')" ;;
	esac
done

CC_PW=${PAGEWARD_CC:-${CC:-gcc}}

# compiled_with_plugin FLAGS...: under make C=1 (KBUILD_CHECKSRC=1: kbuild
# checks only the files it has just compiled), does that compile load
# pageward's plugin itself (CONFIG_GCC_PLUGIN_PAGEWARD, or KCFLAGS)?  Then
# it has printed the plugin's findings, and running it again here would only
# print them twice for twice the compile time.  Not under C=2, which checks
# the files make does not recompile too: nobody else reports those.
compiled_with_plugin() {
	[ "${KBUILD_CHECKSRC:-}" = 1 ] || return 1
	loaded=
	for f in "$@"; do
		case $f in
		-fplugin=*/pageward_plugin.so | -fplugin=pageward_plugin.so) loaded=yes ;;
		-fplugin-arg-pageward_plugin-disable) return 1 ;;
		esac
	done
	[ -n "$loaded" ]
}

run= skipped=
for e in $engines; do
	if [ "$e" = gcc-plugin ] && [ -z "$explicit" ] && compiled_with_plugin "$@"; then
		skipped="$skipped, gcc-plugin (the compile loads pageward_plugin.so itself and prints its findings)"
		continue
	fi
	why=$(pw_engine_missing "$e" "$CC_PW")
	if [ -z "$why" ]; then
		run="$run $e"
	elif [ -n "$explicit" ]; then
		usage_error "engine $e asked for: $why"
	else
		skipped="$skipped, $e ($why)"
	fi
done

# The top-level make of this build, if any: the nearest make among the
# ancestors that did not get KBUILD_CHECKSRC from its parent (kbuild's top
# Makefile exports it to every make it starts).  Keyed by pid and start
# time, so that a reused pid is another make.  Prints "PID-START" or nothing.
top_make() {
	# Not run by kbuild (which exports KBUILD_CHECKSRC): no make's state,
	# even where some other make (pageward's "make check") is an ancestor.
	[ -n "${KBUILD_CHECKSRC:-}" ] || return 0
	pid=$PPID
	while [ "$pid" -gt 1 ] 2>/dev/null; do
		read -r stat <"/proc/$pid/stat" 2>/dev/null || return 0
		comm=${stat#*(}
		comm=${comm%)*}
		# shellcheck disable=SC2086 # the fields after "(comm)"
		set -- ${stat##*) }
		case $comm in
		make | gmake)
			if ! tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -q '^KBUILD_CHECKSRC='; then
				echo "$pid-${20}"
				return 0
			fi
			;;
		esac
		pid=$2
	done
}

STATE=
key=$(top_make)
if [ -n "$key" ]; then
	base=${TMPDIR:-/tmp}/pageward-check-$(id -u)
	mkdir -p "$base"
	STATE=$base/make-$key
	if mkdir "$STATE" 2>/dev/null; then
		first=yes
		# A new make: forget those that have ended.
		for d in "$base"/make-*; do
			k=${d##*/make-}
			p=${k%-*}
			[ "$d" != "$STATE" ] || continue
			s=$(cut -d' ' -f22 "/proc/$p/stat" 2>/dev/null || true)
			[ "$s" = "${k#*-}" ] || rm -rf "$d"
		done
	else
		first=
	fi
else
	first=yes
fi
if [ -z "$explicit" ] && [ -n "$first" ]; then
	say "check: engines${run:- none}${skipped:+; not run:${skipped#,}}"
fi
[ -n "$run" ] || exit 0

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# quote WORD: sets $q to WORD quoted for eval.  No command substitution:
# kbuild passes about 150 flags, and a fork each costs seconds under load.
quote() {
	q= qs=$1
	while :; do
		case $qs in
		*\'*)
			q="$q${qs%%\'*}'\\''"
			qs=${qs#*\'}
			;;
		*)
			q="'$q$qs'"
			return
			;;
		esac
	done
}

# The flags split three ways (for eval): all of them for sparse; the
# compiler's for gcc; the include directories and files for spatch.
all= cflags= incs=
# kbuild puts $CHECKFLAGS first: drop exactly those words.  Without it in
# the environment (run by hand), everything before c_flags' first word,
# -Wp,-MMD,..., is sparse's.
skip=0
if [ -n "${CHECKFLAGS:-}" ]; then
	n=0 ok=yes
	for w in $CHECKFLAGS; do
		n=$((n + 1))
		eval "a=\${$n:-}"
		[ "$a" = "$w" ] || { ok=; break; }
	done
	[ -z "$ok" ] || skip=$n
fi
if [ "$skip" -eq 0 ]; then
	n=0
	for a in "$@"; do
		n=$((n + 1))
		case $a in -Wp,-MMD,* | -Wp,-MD,*) skip=$((n - 1)); break ;; esac
	done
fi
n=0 prev=
for a in "$@"; do
	n=$((n + 1))
	[ "$n" -lt $# ] || break	# the file itself
	quote "$a"
	all="$all $q"
	case $prev in
	-I) incs="$incs -I $q" ;;
	esac
	case $a in
	-I?*) quote "${a#-I}"; incs="$incs -I $q" ;;
	esac
	prev=$a
	[ "$n" -gt "$skip" ] || continue
	case $a in
	-Wp,-MMD,* | -Wp,-MD,*) continue ;;
	# the compile's own pageward (asked for by name anyway): the engine
	# loads its plugin with its own arguments, and GCC refuses a plugin
	# given twice
	-fplugin=*/pageward_plugin.so | -fplugin=pageward_plugin.so | -fplugin-arg-pageward_plugin-*) continue ;;
	esac
	quote "$a"
	cflags="$cflags $q"
done

failed=

# engine_failed ENGINE LOG STATUS: one line, the error lines, exit 1 later.
engine_failed() {
	say "check: $1 failed on $FILE (status $3):"
	grep -E "error|rror:|EXN" "$2" | head -n 10 >&2 || tail -n 10 "$2" >&2
	failed=yes
}

# cocci: each rule whose anchor tokens the file contains.
run_cocci() {
	# The standalone rules (cocci/RULE.cocci with the shared helpers of
	# cocci/lib/pageward.py in it: scripts/cocci-build.sh).
	if ! "$ROOT/scripts/cocci-build.sh" >"$TMP/rule-files" 2>"$TMP/cocci.err"; then
		engine_failed "cocci (scripts/cocci-build.sh)" "$TMP/cocci.err" 2
		return
	fi
	# shellcheck disable=SC2046 # one path per line, no blanks in them
	sha1sum $(cat "$TMP/rule-files") >"$TMP/rules"
	while read -r sha rule; do
		cache=$(cocci_tokens_file "$rule" "$sha")
		# The tokens as one "a|b|c" for grep -E, read without a fork.
		re=
		{
			read -r how
			while read -r t; do re="$re${re:+|}$t"; done
		} <"$cache"
		if [ -n "$re" ] && ! grep -qwE "$re" "$FILE"; then
			continue
		fi
		opts=$(sed -n 's|^// *Options: *||p' "$rule")
		rc=0
		# shellcheck disable=SC2086 # the options are words
		eval "spatch --very-quiet -D report $opts --no-scanner \
			${PAGEWARD_SPATCH_FLAGS:-} $incs --sp-file \"\$rule\" \"\$FILE\"" \
			</dev/null >"$TMP/cocci.out" 2>"$TMP/cocci.err" || rc=$?
		if [ "$rc" -ne 0 ] || grep -q '^EXN' "$TMP/cocci.out"; then
			engine_failed "cocci ($(basename "$rule"))" "$TMP/cocci.out" "$rc"
			cat "$TMP/cocci.err" >&2
		fi
		grep ' \[pageward:[a-z-]*\]$' "$TMP/cocci.out" >>"$TMP/cocci.found" || true
	done <"$TMP/rules"
}

# sparse: its output on stderr, without the lock-context warnings the
# suppressions name; with --json, those warnings also as findings
# (pageward.jq: finding_of_sparse).
run_sparse() {
	rc=0
	eval "sparse $all \"\$FILE\"" 2>"$TMP/sparse.out" || rc=$?
	# sparse's output as it is, but for the lock-context warnings the
	# suppressions name
	if [ -n "${SUPPRESSIONS:-}" ]; then
		pw_jq -R -r --argjson sup "$SUPPRESSIONS" 'include "pageward";
			. as $l | finding_of_sparse as $f
			| if $f != null and ($f | suppressed_by($sup)) != null then empty else $l end' \
			"$TMP/sparse.out" >&2
	else
		cat "$TMP/sparse.out" >&2
	fi
	if [ -n "$json" ]; then
		pw_jq -R -c 'include "pageward"; finding_of_sparse | select(. != null)' \
			"$TMP/sparse.out" >"$TMP/sparse.json"
		pw_jq -c --argjson sup "${SUPPRESSIONS:-[]}" \
			'include "pageward"; select(suppressed_by($sup) == null)' "$TMP/sparse.json" >>"$json"
	fi
	[ "$rc" -eq 0 ] || { say "check: sparse failed on $FILE (status $rc)"; failed=yes; }
}

# plugin_so: the plugin for $CC_PW, built on demand (under a lock, so that
# the checks of "make -j" build it once) when missing or older than its
# sources.  kbuild's MAKEFLAGS (its variables, -rR, the jobserver) are not
# pageward's Makefile's.
plugin_so() {
	target=$($CC_PW -dumpmachine)
	major=$($CC_PW -dumpversion | cut -d. -f1)
	so=$ROOT/build/plugin/$target-gcc$major/pageward_plugin.so
	stale() {
		[ ! -f "$so" ] || [ -n "$(find "$ROOT/gcc-plugin" "$ROOT/Makefile" -newer "$so" | head -n 1)" ]
	}
	if stale; then
		mkdir -p "$ROOT/build/plugin"
		log=$ROOT/build/plugin/$target-gcc$major.log
		(
			flock 9
			if stale; then
				env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$ROOT" --no-print-directory \
					CC="$CC_PW" PLUGIN_SO="$so" plugin >"$log" 2>&1 ||
					{ grep '^pageward:' "$log" >&2 ||
					  say "check: building the plugin for $CC_PW failed: see $log"; exit 1; }
				# The Makefile is no prerequisite of the .so: mark it current.
				touch "$so"
			fi
		) 9>"$ROOT/build/plugin/.lock-$target-gcc$major" || return 1
	fi
	echo "$so"
}

run_plugin() {
	so=$(plugin_so) || { failed=yes; return 0; }
	set -- -fplugin="$so" -fplugin-arg-pageward_plugin-report="$TMP/plugin.json" \
		-fplugin-arg-pageward_plugin-check-only
	[ -z "$suppress" ] || set -- "$@" -fplugin-arg-pageward_plugin-suppress="$suppress"
	rc=0
	eval "$CC_PW $cflags -w -D__PAGEWARD_CONTEXT__ -fdiagnostics-color=never \"\$@\" -S -o /dev/null \"\$FILE\"" \
		>"$TMP/plugin.log" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		engine_failed gcc-plugin "$TMP/plugin.log" "$rc"
	fi
}

# print ENGINE < findings: what ENGINE has not yet printed in this make
# (a finding line and the notes after it); counts them in $TMP/printed.
print_new() {
	seen=/dev/null lock=$TMP/lock
	if [ -n "$STATE" ]; then
		seen=$STATE/seen-$1 lock=$STATE/lock-$1
		touch "$seen"
	fi
	(
		flock 9
		awk -v seen="$seen" -v tmp="$TMP/printed" '
		BEGIN { while ((getline l < seen) > 0) old[l] = 1 }
		/: note: / { if (show) print; next }
		{
			show = !(($0) in old)
			old[$0] = 1
			if (show) {
				print
				if (seen != "/dev/null") print >> seen
				print >> tmp
			}
		}'
	) 9>>"$lock" >&2
}

# emit ENGINE FINDINGS.json: the findings the suppressions do not name
# (the plugin has dropped those itself), appended to --json's file and
# printed in the SPEC's text format, each with its notes.
emit() {
	[ -s "$2" ] || return 0
	pw_jq -c --argjson sup "${SUPPRESSIONS:-[]}" \
		'include "pageward"; select(suppressed_by($sup) == null)' "$2" >"$2.kept"
	[ -z "$json" ] || cat "$2.kept" >>"$json"
	pw_jq -r 'include "pageward"; text("")' "$2.kept" | print_new "$1"
}

for e in $run; do
	case $e in
	cocci)
		: >"$TMP/cocci.found"
		run_cocci
		pw_jq -R -c 'include "pageward"; finding_of_line("cocci") | select(. != null)' \
			"$TMP/cocci.found" >"$TMP/cocci.json"
		emit cocci "$TMP/cocci.json"
		;;
	sparse) run_sparse ;;
	gcc-plugin)
		run_plugin
		emit gcc-plugin "$TMP/plugin.json"
		;;
	esac
done

[ -z "$failed" ] || exit 1
if [ -n "$werror" ] && [ -s "$TMP/printed" ]; then
	exit 1
fi
exit 0
