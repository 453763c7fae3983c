#!/bin/sh
# pageward series: the findings a patch series adds, for CI (text, JSON, SARIF, one fix patch)
# SPDX-License-Identifier: GPL-2.0
#
#	pageward series [OPTIONS] BASE..TIP
#	pageward series [OPTIONS] --mbox FILE BASE
#
# In a kernel git tree (the current directory, or -C DIR), checks the files
# the series touches at BASE and at TIP with every engine, and reports the
# findings TIP has that BASE had not, as the 0-day robot does ("new ones
# prefixed by >>").  With --mbox, the series is mail (git format-patch, b4,
# a mailing-list archive): it is applied to BASE with "git am" in a scratch
# worktree first.
#
# The engines, on the touched files only:
#  - cocci: every rule of cocci/ on the touched .c and .h files, built or
#    not (Coccinelle reads the source before cpp, every configuration).
#  - gcc-plugin: the plugin in check-only mode on each touched .c file that
#    the configured build compiles, with kbuild's own flags for it: those of
#    OBJDIR/DIR/.FILE.o.cmd (a .c file with none is not built by that
#    configuration, and gets Coccinelle only).  OBJDIR is a configured,
#    built object directory of this tree (make O=OBJDIR): --objdir, else
#    $KBUILD_OUTPUT.  It is only read: the compiles write no object.
#    Without either, the default build (scripts/series-build.sh): one
#    that pageward prepares once in ~/.cache/pageward/series/ (defconfig
#    plus the mm options, for --arch), building once each directory of a
#    touched file (kbuild's own choice of what the configuration builds).
#  - sparse, with pageward's lock-context annotations, when TIP has them
#    ("make annotate": include/linux/pageward-context.h), on the same files;
#    its "context imbalance" warnings are findings of rule lock-context.
# Each state is read from git (git archive: the touched files, include/,
# arch/ARCH/ and the built files' directories) into a scratch directory.
#
# A finding is new when TIP has more findings with its key than BASE:
# engine, rule, file (BASE's names followed through the renames git finds),
# function, and the message with its numbers (line references, counts)
# normalised.  Line numbers are not part of it: moving code adds nothing.
#
# Suppressions: .pageward-suppress at the top of TIP (or --suppress=FILE),
# "RULE PATH-SUFFIX FUNCTION REASON" a line (README: Suppressing a
# finding).  A suppressed finding is never new; they are counted, and
# listed with --show-suppressed.
#
# Options (file names are relative to the current directory, also with -C):
#	-C DIR		the kernel git tree (default: the current directory)
#	--objdir=DIR	the configured build's object directory (default:
#			$KBUILD_OUTPUT, else the default build)
#	--arch=ARCH	the default build's architecture: x86_64 or s390
#			(cross-compiled: gcc-12-s390x-linux-gnu); default:
#			this machine's
#	--engines=LIST	cocci,gcc-plugin,sparse (default: every one that can
#			run here)
#	--json=FILE	the new findings, one JSON object a line (rule, file,
#			line, column, function, message, engine, severity,
#			fix, notes)
#	--sarif=FILE	the new findings as SARIF 2.1.0, for GitHub code
#			scanning or GitLab
#	--fix=FILE	the fixes of the new findings, every engine's, as one
#			patch that "git apply" takes on TIP; a fix that
#			overlaps another is left out, and said so
#	--suppress=FILE	the suppressions file (default: TIP's
#			.pageward-suppress, if it has one)
#	--show-suppressed  list the suppressed findings too
#	--all		print TIP's other findings too, unmarked
#	--help
# Output: the new findings on stdout, each line prefixed ">> ", then one
# summary line on stderr.  Exit status: 0 when the series adds no finding,
# 1 when it adds some, 2 on an error (a bad range, a patch that does not
# apply, a missing tool, an objdir that is not a configured build, a
# default build that fails), with one line saying what to do.
#
# The user's worktree, index, stash and branches are never touched: the
# states come from git's objects, "git am" runs in a scratch worktree
# (detached), and the scratch directory and worktree are removed on exit,
# on an error and on Ctrl-C.
set -eu

ROOT=${PAGEWARD_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
PAGEWARD_ROOT=$ROOT
export PAGEWARD_ROOT
. "$ROOT/scripts/lib.sh"

usage() {
	sed -n '2p;4,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

# error MESSAGE: one line, exit 2 (after the cleanup of the EXIT trap).
error() {
	printf 'pageward series: %s\n' "$1" >&2
	exit 2
}

repo=. objdir=${KBUILD_OUTPUT:-} arch= engines= json= sarif= fix= suppress= mbox=
show_suppressed= all= range=
while [ $# -gt 0 ]; do
	case $1 in
	--help | -h) usage; exit 0 ;;
	-C) [ $# -ge 2 ] || error "-C needs a directory"; repo=$2; shift ;;
	--objdir=*) objdir=${1#*=} ;;
	--arch=*) arch=${1#*=} ;;
	--engines=*) engines=${1#*=} ;;
	--json=*) json=${1#*=} ;;
	--sarif=*) sarif=${1#*=} ;;
	--fix=*) fix=${1#*=} ;;
	--suppress=*) suppress=${1#*=} ;;
	--mbox) [ $# -ge 2 ] || error "--mbox needs a file"; mbox=$2; shift ;;
	--mbox=*) mbox=${1#*=} ;;
	--show-suppressed) show_suppressed=yes ;;
	--all) all=yes ;;
	--objdir | --arch | --engines | --json | --sarif | --fix | --suppress)
		error "$1 needs a value: $1=..." ;;
	-*) error "unknown option '$1': see pageward series --help" ;;
	*) [ -z "$range" ] || error "one range expected, got '$range' and '$1'"; range=$1 ;;
	esac
	shift
done
# The output files: checked before any work (a directory that is not
# there is found now, not after the engines ran).
for v in "$json" "$sarif" "$fix"; do
	[ -n "$v" ] || continue
	case $v in -*) error "output file '$v' starts with '-': give a file name" ;; esac
	[ ! -d "$v" ] || error "output file '$v' is a directory"
	d=$(dirname "$v")
	[ -d "$d" ] && [ -w "$d" ] || error "cannot write '$v': no writable directory '$d'"
done
[ -n "$range" ] || error "no series: pageward series BASE..TIP, or --mbox FILE BASE"

command -v git >/dev/null || error "no git: apt-get install git"
command -v jq >/dev/null || error "no jq: apt-get install jq (or run: make -C $ROOT setup)"
[ -d "$repo" ] || error "-C $repo: no such directory"
repo=$(cd "$repo" && pwd)
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 ||
	error "$repo is not a git tree: run it in the kernel's git tree or pass -C DIR"
# From a directory of the tree (mm/): git archive and the paths of git
# diff are the top's (a bare repository has no top: it stays).
if top=$(git -C "$repo" rev-parse --show-toplevel 2>/dev/null) && [ -n "$top" ]; then
	repo=$top
fi

# commit REV: REV's commit id, or an error naming it.
commit() {
	git -C "$repo" rev-parse --verify --quiet "$1^{commit}" ||
		error "'$1' is not a commit of $repo"
}

if [ -n "$mbox" ]; then
	case $range in *..*) error "--mbox takes the base alone, not a range ('$range')" ;; esac
	[ -f "$mbox" ] && [ -r "$mbox" ] || error "cannot read the mbox '$mbox'"
	mbox=$(cd "$(dirname "$mbox")" && pwd)/$(basename "$mbox")
	base_rev=$range tip_rev=
else
	case $range in
	*...*) error "'$range': a series is BASE..TIP (two dots)" ;;
	?*..?*) base_rev=${range%%..*} tip_rev=${range#*..} ;;
	*) error "'$range' is no range: pageward series BASE..TIP, or --mbox FILE BASE" ;;
	esac
fi
BASE=$(commit "$base_rev")

# The engines: asked for by name, or every one that can run.
explicit=yes
if [ -z "$engines" ]; then
	explicit= engines="cocci gcc-plugin sparse"
fi
engines=$(echo "$engines" | tr ',' ' ')
for e in $engines; do
	case $e in
	cocci | gcc-plugin | sparse) ;;
	*) error "unknown engine '$e': the engines are cocci, gcc-plugin, sparse" ;;
	esac
done
if [ -n "$objdir" ]; then
	[ -f "$objdir/.config" ] && [ -f "$objdir/include/generated/autoconf.h" ] ||
		error "--objdir=$objdir is not a configured kernel object directory: run make O=$objdir defconfig && make O=$objdir"
	objdir=$(cd "$objdir" && pwd) || error "cannot enter --objdir=$objdir"
fi
# read_objdir: srcarch, srctree and srcrel of $objdir.  The source tree
# the objdir was configured from (its generated Makefile includes
# srctree's): its prefix in kbuild's flags becomes the scratch tree's.
# kbuild spells it ".." in the flags when the objdir is a directory of the
# source tree (make O=build), else absolute.  An in-tree build mixes
# generated and source headers under one prefix, which cannot be told
# apart: refused.
srctree= srcrel= srcarch=
read_objdir() {
	if [ -f "$objdir/Makefile" ] && [ -f "$objdir/scripts/Makefile.build" ] ||
	   [ -f "$objdir/Kconfig" ]; then
		error "--objdir=$objdir is an in-tree build: build into a separate directory (make O=DIR) for pageward series"
	fi
	# the architecture: the one whose generated headers the objdir has
	srcarch=$(ls "$objdir/arch" 2>/dev/null | head -n 1) || true
	[ -n "$srcarch" ] || error "--objdir=$objdir has no arch/: run make O=$objdir prepare"
	srctree=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$objdir/Makefile" 2>/dev/null | head -n 1) || true
	case $srctree in
	/*) ;;
	?*) srctree=$(cd "$objdir" && cd "$srctree" && pwd) ||
		error "--objdir=$objdir names a source tree that is not there" ;;
	*) error "--objdir=$objdir has no Makefile naming its source tree: it is not a kbuild O= directory" ;;
	esac
	srcrel=
	[ "$(dirname "$objdir")" != "$srctree" ] || srcrel=..
}
[ -z "$objdir" ] || read_objdir
if [ -n "$arch" ]; then
	[ -z "$objdir" ] || error "--arch is the default build's: the build in $objdir (--objdir or \$KBUILD_OUTPUT) has its own architecture"
	pw_arch_vars "$arch" >/dev/null || error "unknown architecture '$arch': x86_64 or s390"
fi

SUPPRESSIONS='[]'
if [ -n "$suppress" ]; then
	[ -f "$suppress" ] && [ -r "$suppress" ] || error "cannot read the suppressions file '$suppress'"
	# a malformed line: one line naming the file and line, exit 2
	SUPPRESSIONS=$(pw_suppressions "$suppress") || exit 2
fi

# The scratch directory, and the cleanup that runs however this ends.
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/pageward-series.XXXXXX")
WT=
# Every temporary file of the engines goes in it too (mktemp, spatch).
TMPDIR=$SCRATCH
export TMPDIR
# The suppressions are applied (and counted) here, not by the Coccinelle
# rules themselves (cocci/lib/pageward.py: pw_suppressed()).
PAGEWARD_SUPPRESS_DONE=1
export PAGEWARD_SUPPRESS_DONE
# kill_tree PID: PID and every process below it (the engines run two at a
# time in the background, and background jobs ignore SIGINT).
kill_tree() {
	for c in $(pgrep -P "$1" 2>/dev/null); do
		kill_tree "$c"
	done
	kill -TERM "$1" 2>/dev/null || true
}
cleanup() {
	trap - EXIT INT TERM HUP
	for c in $(pgrep -P $$ 2>/dev/null); do
		kill_tree "$c"
	done
	wait 2>/dev/null || true
	if [ -n "$WT" ]; then
		git -C "$repo" worktree remove --force "$WT" >/dev/null 2>&1 || true
	fi
	rm -rf "$SCRATCH"
	[ -z "$WT" ] || git -C "$repo" worktree prune >/dev/null 2>&1 || true
}
# on_exit: the cleanup; and an exit that is none of this script's own (a
# command that failed under set -e, say) is made status 2 with one line,
# never 1, which means "new findings".
finished=
on_exit() {
	st=$?
	cleanup
	if [ -z "$finished" ] && [ "$st" -ne 2 ]; then
		printf 'pageward series: stopped by a failed command (status %s): see the line above\n' "$st" >&2
		exit 2
	fi
}
trap on_exit EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup; exit 129' HUP

# The mbox, applied with git am to BASE in a detached scratch worktree: its
# commits are new objects, reachable from no branch.  Nothing of the
# user's is touched.
if [ -n "$mbox" ]; then
	WT=$SCRATCH/am
	git -C "$repo" worktree add --detach --quiet "$WT" "$BASE" >"$SCRATCH/am.log" 2>&1 ||
		error "cannot make a scratch worktree at $BASE: $(tail -n 1 "$SCRATCH/am.log")"
	if ! GIT_COMMITTER_NAME=pageward GIT_COMMITTER_EMAIL=pageward@localhost \
		git -C "$WT" am --quiet "$mbox" >"$SCRATCH/am.log" 2>&1; then
		why=$(grep -m 1 -E '^(error|fatal|Patch failed)' "$SCRATCH/am.log" || tail -n 1 "$SCRATCH/am.log")
		error "the series in $mbox does not apply to $base_rev: $why"
	fi
	TIP=$(git -C "$WT" rev-parse HEAD)
	[ "$TIP" != "$BASE" ] || error "$mbox holds no patch"
	git -C "$repo" worktree remove --force "$WT" >/dev/null 2>&1
	git -C "$repo" worktree prune >/dev/null 2>&1
	WT=
else
	TIP=$(commit "$tip_rev")
fi
# What the series adds is measured from where it forked: a BASE that moved
# on (the target branch of a pull request) would otherwise show the
# branch's own changes reversed.
merged=
if ! git -C "$repo" merge-base --is-ancestor "$BASE" "$TIP" 2>/dev/null; then
	mb=$(git -C "$repo" merge-base "$BASE" "$TIP" 2>/dev/null) ||
		error "$base_rev and ${tip_rev:-the series} have no common history"
	merged=" (from the merge base $(git -C "$repo" rev-parse --short "$mb") of $base_rev and ${tip_rev:-the series})"
	BASE=$mb
fi

# What the series touches: TIP's names of the C files it adds, changes,
# renames or copies, and BASE's name of each (renames followed).  Read
# NUL-separated: a name may hold blanks, quotes, '$'; one with a newline
# is refused.
git -C "$repo" diff --name-status -z -M --no-ext-diff "$BASE" "$TIP" >"$SCRATCH/diff.z" 2>"$SCRATCH/diff.err" ||
	error "cannot compare $base_rev with the series: $(head -n 1 "$SCRATCH/diff.err")"
# -z output holds no newline but those inside names
[ "$(tr -cd '\n\t' <"$SCRATCH/diff.z" | wc -c)" -eq 0 ] ||
	error "a touched file name holds a newline or a tab: rename it"
# pairs.tsv: "OLD<TAB>NEW" for each .c and .h file the series keeps (OLD =
# NEW unless renamed or copied; an added file is not at BASE, which the
# export finds out): the files the engines read, and the only names a
# finding can have that the series changes.
tr '\0' '\n' <"$SCRATCH/diff.z" | awk -v tab='\t' -v pairs="$SCRATCH/pairs.tsv" '
	function out(old, new) {
		if (new ~ /\.[ch]$/) print old tab new > pairs
	}
	state == 0 { st = $0; state = (st ~ /^[RC]/) ? 2 : 1; next }
	state == 1 { if (st !~ /^D/) out($0, $0); state = 0; next }
	state == 2 { old = $0; state = 3; next }
	state == 3 { out(old, $0); state = 0 }'
touch "$SCRATCH/pairs.tsv"
cut -f1 "$SCRATCH/pairs.tsv" >"$SCRATCH/touched.base"
cut -f2 "$SCRATCH/pairs.tsv" >"$SCRATCH/touched.tip"
nfiles=$(wc -l <"$SCRATCH/pairs.tsv")

# The suppressions: --suppress=FILE, else TIP's .pageward-suppress.
# (a malformed line: one line naming the file and line, exit 2)
if [ -z "$suppress" ] && git -C "$repo" cat-file -e "$TIP:.pageward-suppress" 2>/dev/null; then
	git -C "$repo" show "$TIP:.pageward-suppress" >"$SCRATCH/suppress"
	SUPPRESSIONS=$(pw_suppressions "$SCRATCH/suppress" \
		"$(git -C "$repo" rev-parse --short "$TIP"):.pageward-suppress") || exit 2
fi

# Which engines run: those asked for by name (one that cannot is an
# error), or every one that can (those that cannot said in one line).
run= skipped=
annotated=
git -C "$repo" cat-file -e "$TIP:include/linux/pageward-context.h" 2>/dev/null && annotated=yes
# skip ENGINE WHY: ENGINE does not run, because WHY; drop ENGINE WHY: the
# same for an engine that was to run.
skip() {
	[ -z "$explicit" ] || error "engine $1 asked for: $2"
	skipped="$skipped, $1 ($2)"
}
drop() {
	case " $run " in
	*" $1 "*) run=$(echo "$run " | sed "s/ $1 / /; s/ *$//"); skip "$1" "$2" ;;
	esac
}
for e in $engines; do
	why=
	case $e in
	cocci) why=$(pw_engine_missing cocci) ;;
	gcc-plugin) ;;	# its compiler is the build's: checked below
	sparse)
		why=$(pw_engine_missing sparse)
		[ -n "$why" ] || [ -n "$annotated" ] ||
			why="the tree has no pageward lock-context annotations (make annotate)" ;;
	esac
	if [ -z "$why" ]; then run="$run $e"; else skip "$e" "$why"; fi
done

# The default build, when the plugin or sparse is to compile a touched .c
# file of kbuild's (not tools/ and the like) and no build was named:
# prepared once (scripts/series-build.sh), under a lock that keeps it as
# it is for this whole run.  Its make runs the series' own Makefiles and
# Kconfig files, as any build of it does: a series from mail (--mbox) is
# built only when --arch asks for it.  Its progress goes to stderr as it
# comes; with status 2 and a line "pageward: series-build: ...", it says
# why it cannot be made, which becomes this script's reason.
compiles() { case " $run " in *" gcc-plugin "* | *" sparse "*) return 0 ;; esac; return 1; }
default_build= t_build=0
kbuild_c=
while IFS= read -r f; do
	if pw_kbuild_c "$f"; then kbuild_c=yes; break; fi
done <"$SCRATCH/touched.tip"
if [ -z "$objdir" ] && [ -n "$kbuild_c" ] && compiles; then
	if [ -n "$mbox" ] && [ -z "$arch" ]; then
		why="a series from mail is not built unless asked: its Makefiles would run; pass --arch=ARCH (or --objdir)"
		drop gcc-plugin "$why"
		drop sparse "$why"
	fi
	if [ -z "$arch" ]; then
		case $(uname -m) in
		x86_64) arch=x86_64 ;;
		s390x) arch=s390 ;;
		esac
	fi
	if [ -z "$arch" ]; then
		why="no configured build: pass --objdir=DIR, or --arch=x86_64 or s390 for the default build"
		drop gcc-plugin "$why"
		drop sparse "$why"
	fi
	# The build's compiler (both engines compile with it), and the
	# plugin's headers for it: not found out after minutes of preparing.
	cc=$(pw_arch_vars "${arch:-x86_64}" | sed -n 's/.* CC=\([^ ]*\).*/\1/p')
	cc=${cc:-gcc}
	if ! command -v "$cc" >/dev/null; then
		why="no $cc for the default build: apt-get install $([ "$cc" = gcc ] && echo gcc || echo gcc-12-s390x-linux-gnu) (or run: make -C $ROOT setup)"
		drop gcc-plugin "$why"
		drop sparse "$why"
	fi
	why=$(pw_engine_missing gcc-plugin "$cc")
	[ -z "$why" ] || drop gcc-plugin "$why"
fi
if [ -z "$objdir" ] && [ -n "$kbuild_c" ] && compiles; then
	b0=$(date +%s%N)
	mkdir -p "$(pw_cache_dir)" 2>/dev/null || error "cannot make $(pw_cache_dir): set PAGEWARD_CACHE to a writable directory"
	exec 7>"$(pw_cache_dir)/series.lock"
	if ! flock -n 7; then
		say "series: waiting for another run of pageward series on the default build"
		# waited for in the background, so that a signal stops it: the
		# lock is fd 7's open file, which this shell keeps
		flock 7 &
		wait $!
	fi
	# In the background, waited for: a signal to this script alone (a CI
	# job cancelled) runs its trap now, not after the build.  Its stdout
	# (the objdir) to a file, its stderr shown line by line and kept.
	{ rc=0
	  sh "$ROOT/scripts/series-build.sh" "$repo" "$TIP" "$arch" \
		<"$SCRATCH/touched.tip" 2>&1 >"$SCRATCH/build.out" || rc=$?
	  echo "$rc" >"$SCRATCH/build.rc"; } |
		tee "$SCRATCH/build.err" | grep --line-buffered -v '^pageward: series-build: ' >&2 &
	wait $! || true
	t_build=$(($(date +%s%N) - b0))
	why=$(sed -n 's/^pageward: series-build: //p' "$SCRATCH/build.err" | head -n 1)
	case $(cat "$SCRATCH/build.rc" 2>/dev/null):$why in
	0:*) objdir=$(cat "$SCRATCH/build.out"); default_build=yes; read_objdir ;;
	2:?*) drop gcc-plugin "$why"; drop sparse "$why" ;;
	*) error "the default build failed (the lines above say why): pass --objdir=DIR, or --engines=cocci" ;;
	esac
fi
[ -n "$run" ] || error "no engine can run:${skipped#,}"

# The touched .c files the configuration builds (kernel code: pw_kbuild_c
# leaves out tools/ and the host programs), and kbuild's compile
# command of each (its .cmd file: TIP's name's, else for a renamed file
# BASE's name's, whose flags the renamed object keeps), as
# "OLD<TAB>NEW<TAB>CMDFILE".
: >"$SCRATCH/built"
cmdfile() {
	printf '%s' "$objdir/$(dirname -- "$1")/.$(basename -- "$1" .c).o.cmd"
}
if [ -n "$objdir" ]; then
	while IFS="$(printf '\t')" read -r old new; do
		pw_kbuild_c "$new" || continue
		cmd=$(cmdfile "$new")
		[ -f "$cmd" ] || cmd=$(cmdfile "$old")
		# a kernel compile (a host program of arch/*/tools has a .cmd
		# file too, without -D__KERNEL__)
		if [ -f "$cmd" ] && pw_kbuild_compile "$cmd" | grep -q -- ' -D__KERNEL__ '; then
			printf '%s\t%s\t%s\n' "$old" "$new" "$cmd" >>"$SCRATCH/built"
		fi
	done <"$SCRATCH/pairs.tsv"
fi

# The plugin runs in the compiler of the build (the first word of its
# commands): one that cannot load it (no plugin headers, clang) is said in
# one line now, not found out by the first compile after Coccinelle ran.
case " $run " in
*" gcc-plugin "*)
	if [ -s "$SCRATCH/built" ]; then
		cc=$(pw_kbuild_compile "$(head -n 1 "$SCRATCH/built" | cut -f3)" | sed 's/^ *//; s/ .*//')
		why=$(pw_engine_missing gcc-plugin "$cc")
		if [ -n "$why" ]; then
			drop gcc-plugin "$why"
			[ -n "$run" ] || error "no engine can run:${skipped#,}"
		fi
	fi
	;;
esac

# paths STATE: the parts of the tree the engines read at STATE, one a
# line: the touched files, and for the compiles include/, arch/ARCH/ and
# each built file's directory (its local headers).
paths() {
	col=1
	[ "$1" = base ] || col=2
	{
		cat "$SCRATCH/touched.$1"
		if [ -s "$SCRATCH/built" ]; then
			echo include
			echo "arch/$srcarch"
			cut -f"$col" "$SCRATCH/built" | while IFS= read -r f; do dirname "$f"; done
		fi
	} | sort -u
}

# existing COMMIT < paths: those of the paths that COMMIT has (a file the
# series adds is not at BASE), NUL-terminated.
existing() {
	while IFS= read -r p; do
		if git -C "$repo" cat-file -e "$1:$p" 2>/dev/null; then
			printf '%s\0' "$p"
		fi
	done
}

# extract COMMIT DIR: the paths of $SCRATCH/extract.z (NUL-terminated) of
# COMMIT into DIR (pw_git_extract).
extract() {
	pw_git_extract "$repo" "$1" "$2" <"$SCRATCH/extract.z" ||
		error "cannot read the files of $1 from git"
}

# export_states: BASE's part of the tree into $SCRATCH/base, and TIP's into
# $SCRATCH/tip: a hard-linked copy of BASE's, the files the series changes
# taken out, and TIP's versions of them (and of TIP's own paths) put in.
export_states() {
	mkdir -p "$SCRATCH/base"
	paths base >"$SCRATCH/paths.base"
	existing "$BASE" <"$SCRATCH/paths.base" >"$SCRATCH/extract.z"
	extract "$BASE" "$SCRATCH/base"
	cp -al "$SCRATCH/base" "$SCRATCH/tip"
	git -C "$repo" diff --name-only -z --no-renames "$BASE" "$TIP" >"$SCRATCH/changed.z"
	(cd "$SCRATCH/tip" && xargs -0 rm -f -- <"$SCRATCH/changed.z")
	git -C "$repo" diff --name-only -z --no-renames --diff-filter=d "$BASE" "$TIP" >"$SCRATCH/extract.z"
	paths tip | grep -vxF -f "$SCRATCH/paths.base" | existing "$TIP" >>"$SCRATCH/extract.z" || true
	extract "$TIP" "$SCRATCH/tip"
}

# cocci: every rule over the touched files of both states at once (one
# spatch per rule, two rules at a time: spatch's start and the rule's
# parse are most of its time on a few files), the findings of base/FILE
# and tip/FILE sorted to their state.
run_cocci() {
	: >"$SCRATCH/cocci.files"
	for st in base tip; do
		(cd "$SCRATCH" && while IFS= read -r f; do
			if [ -f "$st/$f" ]; then printf '%s\n' "$st/$f"; fi
		done <"$SCRATCH/touched.$st") >>"$SCRATCH/cocci.files"
	done
	[ -s "$SCRATCH/cocci.files" ] || return 0
	n=0
	for rule in "$ROOT"/cocci/*.cocci; do
		n=$((n + 1))
		# cocci-run.sh takes the files as arguments: one argument each
		# (xargs -d '\n'), so blanks and quotes stay in the name.
		(
			rc=0
			xargs -d '\n' sh "$ROOT/scripts/cocci-run.sh" "$rule" "$SCRATCH" \
				<"$SCRATCH/cocci.files" >"$SCRATCH/cocci.$n.out" 2>"$SCRATCH/cocci.$n.log" || rc=$?
			echo "$rc" >"$SCRATCH/cocci.$n.rc"
		) &
		[ $((n % 2)) -ne 0 ] || wait
	done
	wait
	n=0
	for rule in "$ROOT"/cocci/*.cocci; do
		n=$((n + 1))
		if [ "$(cat "$SCRATCH/cocci.$n.rc")" -ne 0 ] || grep -q '^EXN' "$SCRATCH/cocci.$n.out"; then
			error "Coccinelle failed on $(basename "$rule"): $(grep -h -m 1 -E 'EXN|rror' "$SCRATCH/cocci.$n.out" "$SCRATCH/cocci.$n.log" | head -n 1)"
		fi
		grep -h ' \[pageward:[a-z-]*\]$' "$SCRATCH/cocci.$n.out" || true
	done | pw_jq -R -c 'include "pageward"; finding_of_line("cocci") | select(. != null)' >"$SCRATCH/cocci.json"
	for st in base tip; do
		jq -c --arg pre "$st/" 'select(.file | startswith($pre))' "$SCRATCH/cocci.json" >>"$SCRATCH/$st.json"
	done
}

# under_scratch WORD DIR: $u is WORD with every "$srctree/" (and, when
# kbuild spells it so, every "../") made "DIR/" (quoted shell patterns:
# every character of the names is literal; no command substitution: kbuild
# passes about 150 flags, a fork each).
replace_all() {
	w=$1 r=
	while :; do
		case $w in
		*"$2"*)
			r="$r${w%%"$2"*}$3"
			w=${w#*"$2"}
			;;
		*) u=$r$w; return ;;
		esac
	done
}
under_scratch() {
	replace_all "$1" "$srctree/" "$2/"
	[ -z "$srcrel" ] || replace_all "$u" "$srcrel/" "$2/"
}

# check_one STATE FILE CMDFILE N: the plugin (and sparse) on STATE's FILE
# with kbuild's flags from CMDFILE, run in the objdir (its relative -I
# directories are the generated headers), the srctree prefix of every flag
# replaced by the scratch tree's.  Findings to $SCRATCH/STATE.check.N.json.
check_one() {
	dir=$SCRATCH/$1
	out=$SCRATCH/$1.check.$4
	src=$dir/$2
	[ -f "$src" ] || return 0
	# kbuild's CHECKFLAGS first, as kbuild passes them (sparse's: the
	# check drops exactly those words for the compiler)
	for a in $checkflags; do printf '%s\n' "$a"; done >"$out.args"
	# The command is kbuild's, from the build (make ran it through the
	# shell): its words, as the shell splits them, without pathname
	# expansion.  A command substitution, a pipe, a list or a redirection
	# is no compile of kbuild's (a stray Makefile line could put one in a
	# build's flags), and is not run: a sanity check, not a sandbox (the
	# compiler and its flags run as they are, as make ran them).
	line=$(pw_kbuild_compile "$3")
	case $line in
	*'`'* | *'$('* | *'|'* | *'&'* | *';'* | *'<'* | *'>'*)
		echo 2 >"$out.failed"
		echo "the compile command in $3 has shell syntax ($(printf '%s' "$line" | grep -o '`\|\$(\||\|&\|;\|<\|>' | head -n 1)) that is no compile of kbuild's: not run" >"$out.log"
		return 0 ;;
	esac
	set -f
	eval "set -- $line" || { set +f; echo "cannot read $3" >"$out.err"; return 1; }
	set +f
	cc=$1
	shift
	skip=
	for a in "$@"; do
		if [ -n "$skip" ]; then skip=; continue; fi
		case $a in
		-c) continue ;;
		-o) skip=yes; continue ;;
		*.c) case $a in -*) ;; *) continue ;; esac ;;
		esac
		under_scratch "$a" "$dir"
		printf '%s\n' "$u" >>"$out.args"
	done
	printf '%s\n' "$src" >>"$out.args"
	(
		cd "$objdir"
		env -u srctree -u KBUILD_CHECKSRC PAGEWARD_CC="$cc" \
			CHECKFLAGS="$checkflags" \
			xargs -d '\n' sh "$ROOT/scripts/pageward-check.sh" \
			--engines="$checkengines" --json="$out.json" <"$out.args"
	) >"$out.log" 2>&1 || { echo "$?" >"$out.failed"; }
	return 0
}

# The sparse flags kbuild puts before c_flags (its CHECKFLAGS: the top
# Makefile's, then --arch, the endianness and word size, and the arch
# Makefile's).
checkflags="-D__linux__ -Dlinux -D__STDC__ -Dunix -D__unix__ -Wbitwise -Wno-return-void -Wno-unknown-attribute"
checkengines=
case " $run " in *" gcc-plugin "*) checkengines=gcc-plugin ;; esac
case " $run " in *" sparse "*) checkengines=${checkengines:+$checkengines,}sparse ;; esac
if [ -n "$checkengines" ] && [ -s "$SCRATCH/built" ]; then
	arch=$(sed -n 's/^CONFIG_\(X86_64\|S390\|ARM64\|X86_32\)=y$/\1/p' "$objdir/.config" | head -n 1)
	case $arch in
	X86_64) checkflags="$checkflags --arch=x86_64 -mlittle-endian -m64 -D__x86_64__" ;;
	S390) checkflags="$checkflags --arch=s390 -mbig-endian -m64 -D__s390__ -D__s390x__" ;;
	ARM64) checkflags="$checkflags --arch=arm64 -mlittle-endian -m64" ;;
	esac
fi

# run_compiles STATE: check_one on every built file, $(nproc) at a time.
run_compiles() {
	[ -n "$checkengines" ] && [ -s "$SCRATCH/built" ] || return 0
	jobs=$(nproc) n=0
	while IFS="$(printf '\t')" read -r old new cmd; do
		n=$((n + 1))
		f=$new
		[ "$1" = tip ] || f=$old
		check_one "$1" "$f" "$cmd" "$n" &
		[ $((n % jobs)) -ne 0 ] || wait
	done <"$SCRATCH/built"
	wait
	for failed in "$SCRATCH/$1".check.*.failed; do
		[ -f "$failed" ] || continue
		log=${failed%.failed}.log
		if [ "$(cat "$failed")" = 2 ]; then
			error "$(grep -m 1 . "$log")"
		fi
		error "an engine failed at $1 on $(tail -n 1 "${failed%.failed}.args" | sed "s|^$SCRATCH/$1/||"): $(grep -m 1 -E 'error:' "$log" || grep -m 1 -E 'error|failed' "$log" || tail -n 1 "$log")"
	done
	for j in "$SCRATCH/$1".check.*.json; do
		[ -f "$j" ] && cat "$j" >>"$SCRATCH/$1.json"
	done
	return 0
}

# normalise STATE: STATE's findings, file names relative to the tree (the
# plugin's are $SCRATCH/STATE/FILE, Coccinelle's STATE/FILE), each place
# once (a header's finding comes from every built file that includes it),
# into $SCRATCH/STATE.findings.
normalise() {
	pw_jq -c --arg abs "$SCRATCH/$1/" --arg rel "$1/" 'include "pageward";
		def rel: if startswith($abs) then .[($abs | length):]
			 elif startswith($rel) then .[($rel | length):] else . end;
		.file |= rel | .notes = [(.notes // [])[] | .file |= rel]
		| if .fix then .fix |= (split("\n") | map(
			if startswith("--- ") then "--- a/" + (.[4:] | rel)
			elif startswith("+++ ") then "+++ b/" + (.[4:] | rel)
			else . end) | join("\n")) else . end' \
		"$SCRATCH/$1.json" |
		jq -s -c 'unique_by([.engine, .rule, .file, .line, .column, .message]) | .[]' \
		>"$SCRATCH/$1.findings"
}

# tick [PHASE]: the wall-clock time since the last tick, added to PHASE's
# (where the time goes, in the summary line: make bench-series prints it).
last=$(date +%s%N)
t_export=0 t_cocci=0 t_compile=0
tick() {
	now=$(date +%s%N)
	case ${1-} in
	export) t_export=$((t_export + now - last)) ;;
	cocci) t_cocci=$((t_cocci + now - last)) ;;
	compile) t_compile=$((t_compile + now - last)) ;;
	esac
	last=$now
}
secs() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }

started=$(date +%s%N)
: >"$SCRATCH/base.json"
: >"$SCRATCH/tip.json"
export_states
tick export
case " $run " in *" cocci "*) run_cocci ;; esac
tick cocci
run_compiles base
run_compiles tip
tick compile
normalise base
normalise tip

# The comparison: BASE's file names through the renames, the suppressions
# applied, and per key, TIP's findings beyond BASE's count are new (the
# last ones in line order).
pw_jq -n -c --slurpfile base "$SCRATCH/base.findings" --slurpfile tip "$SCRATCH/tip.findings" \
	--rawfile renames "$SCRATCH/pairs.tsv" --argjson sup "$SUPPRESSIONS" 'include "pageward";
	($renames | split("\n") | map(select(. != "") | split("\t") | {(.[0]): .[1]}) | add // {}) as $ren
	| [$base[] | .file |= ($ren[.] // .)] as $b
	| ($b | map(select(suppressed_by($sup) == null) | series_key)
	   | reduce .[] as $k ({}; .[$k] += 1)) as $count
	| [$tip[] | . + {suppressed: (suppressed_by($sup) | if . then .reason else null end)}]
	| sort_by(.file, .line, .column)
	| reduce .[] as $f ({seen: {}, out: []};
		if $f.suppressed then .out += [$f + {new: false}]
		else ($f | series_key) as $k
		| .seen[$k] += 1
		| .out += [$f + {new: (.seen[$k] > ($count[$k] // 0))}] end)
	| .out[]' >"$SCRATCH/result"

# The counts of the summary line, in one pass: new, suppressed, TIP's and
# BASE's unsuppressed findings.
read -r new nsup ntip nbase <<EOF
$(pw_jq -n -r --slurpfile r "$SCRATCH/result" --slurpfile b "$SCRATCH/base.findings" \
	--argjson sup "$SUPPRESSIONS" 'include "pageward";
	[($r | map(select(.new)) | length), ($r | map(select(.suppressed)) | length),
	 ($r | map(select(.suppressed | not)) | length),
	 ($b | map(select(suppressed_by($sup) == null)) | length)] | @tsv')
EOF

# Text: the new findings marked, then (--all) the others, (--show-
# suppressed) the suppressed ones with their reason.
pw_jq -r 'include "pageward"; select(.new) | text(">> ")' "$SCRATCH/result"
[ -z "$all" ] || pw_jq -r 'include "pageward"; select((.new | not) and (.suppressed | not)) | text("   ")' "$SCRATCH/result"
[ -z "$show_suppressed" ] ||
	pw_jq -r 'include "pageward"; select(.suppressed) | text("-- "), "--   suppressed: \(.suppressed)"' "$SCRATCH/result"

# The new findings, each with its fix (Coccinelle's from its patch mode),
# and those fixes as one patch: scripts/series-fix.sh.
jq -c 'select(.new) | del(.new, .suppressed)' "$SCRATCH/result" >"$SCRATCH/new.json"
cp "$SCRATCH/new.json" "$SCRATCH/new.fixed.json"
if [ "$new" -gt 0 ] && { [ -n "$fix" ] || [ -n "$json" ] || [ -n "$sarif" ]; }; then
	if sh "$ROOT/scripts/series-fix.sh" "$SCRATCH/new.json" "$SCRATCH/tip" "$SCRATCH/fix.patch" \
		"$SCRATCH/new.fixed.json" 2>"$SCRATCH/fix.err"; then
		cat "$SCRATCH/fix.err" >&2	# the fixes left out, a line each
	else
		why=$(grep -v ' is left out: ' "$SCRATCH/fix.err" | tail -n 1 | sed 's/^pageward: series: //')
		# Only --fix needs them: without it, the findings go out
		# without their fixes, and one line says so.
		[ -z "$fix" ] || error "no fix patch: ${why:-series-fix.sh failed}"
		say "series: the findings are written without fixes: ${why:-series-fix.sh failed}"
		cp "$SCRATCH/new.json" "$SCRATCH/new.fixed.json"
	fi
fi
if [ -n "$fix" ]; then
	touch "$SCRATCH/fix.patch"
	cp "$SCRATCH/fix.patch" "$fix" || error "cannot write '$fix'"
fi
if [ -n "$json" ]; then
	cp "$SCRATCH/new.fixed.json" "$json" || error "cannot write '$json'"
fi
if [ -n "$sarif" ]; then
	pw_rules_json >"$SCRATCH/rules.json" || error "cannot read $ROOT/gcc-plugin/pw_rules.def"
	version=$(sed -n 's/^#define PW_VERSION "\(.*\)"$/\1/p' "$ROOT/gcc-plugin/pw_version.h")
	jq -s -c . "$SCRATCH/new.fixed.json" |
		pw_jq --slurpfile rules "$SCRATCH/rules.json" --arg version "$version" \
			--arg readme "${PAGEWARD_README_URL:-https://github.com/pageward/pageward/blob/main/README.md}" \
			'include "pageward"; sarif($rules[0]; $version; $readme)' >"$sarif" ||
		error "cannot write '$sarif'"
fi

say "series $(git -C "$repo" rev-parse --short "$BASE")..$(git -C "$repo" rev-parse --short "$TIP")$merged: $nfiles files touched ($(wc -l <"$SCRATCH/built") built${default_build:+ by the default build $objdir}), engines$run${skipped:+ (not run:${skipped#,})}; $new new, $ntip at TIP, $nbase at BASE, $nsup suppressed; $(secs $(($(date +%s%N) - started + t_build))) s (${default_build:+default build $(secs $t_build) s, }reading git $(secs $t_export) s, Coccinelle $(secs $t_cocci) s, compiles $(secs $t_compile) s)"
finished=yes
[ "$new" -eq 0 ] || exit 1
exit 0
