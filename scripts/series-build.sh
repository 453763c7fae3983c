#!/bin/sh
# The default build of "pageward series": a configured kernel object
# directory that it prepares once, for a series whose user names none.
#
#   scripts/series-build.sh REPO COMMIT ARCH < FILES
#
# REPO is the kernel git tree, COMMIT the series' tip, ARCH x86_64 or s390,
# FILES the touched .c files (COMMIT's names), one a line.  Prints the
# object directory on stdout; progress on stderr.
#
# The build lives in $(pw_cache_dir)/series/linux-VERSION.PATCHLEVEL-ARCH/
# (VERSION and PATCHLEVEL of COMMIT's Makefile: one build per kernel
# release line and architecture, about 1.5 GB):
#  src/	the whole tree of a commit of REPO (git archive), once; later
#	runs bring it to COMMIT file by file (git diff), and only when a
#	directory has to be built.
#  obj/	configured as pageward checks kernels (scripts/kernel-config.sh:
#	defconfig plus the mm options) and prepared, once.
#  dirs	the directories built, with the git tree id each had then.
# A touched file's flags are those of its .cmd file in obj/.  A file
# without one gets its kbuild directory built (make DIR/): kbuild goes
# down to a directory goal from the top through the Makefiles' obj-y and
# obj-$(CONFIG_...) lines, so only a directory the configuration builds
# is built, and in it only the objects it builds.  A file that still has
# no .cmd file is one the configuration does not build (the series then
# checks it with Coccinelle alone) -- until its directory changes (a file
# added or fixed, its Makefile edited): then it is built again.  A build
# with errors counts for nothing: the next run tries again.
#
# The make runs are kbuild's on COMMIT's tree: its Makefiles and Kconfig
# files run, as in any build of the series.
#
# The caller holds $(pw_cache_dir)/series.lock (pageward series does, for
# its whole run: the build changes under no other run).  Exit 2 with one
# line "pageward: series-build: ..." when COMMIT is not a kernel tree, or
# the cache directory cannot be one; 2 also for bad arguments and, from
# scripts/kernel-config.sh, a missing cross compiler; 1 when exporting,
# configuring or "make prepare" fails.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/series-build.sh REPO COMMIT ARCH < FILES"
case ${1-} in
-h | --help) pw_help; exit 0 ;;
-*) pw_usage_error "unknown argument '$1'" ;;
esac
[ $# -eq 3 ] || pw_usage_error "three arguments expected, $# given"
REPO=$1 COMMIT=$2 ARCH=$3
vars=$(pw_arch_vars "$ARCH") || pw_usage_error "unknown architecture '$ARCH'"

release=
if git -C "$REPO" cat-file -e "$COMMIT:Kconfig" 2>/dev/null; then
	release=$(git -C "$REPO" show "$COMMIT:Makefile" 2>/dev/null |
		sed -n '1,10{s/^VERSION = \([0-9]*\)$/\1/p; s/^PATCHLEVEL = \([0-9]*\)$/\1/p}' |
		paste -sd.) || true
fi
case $release in
[0-9]*.[0-9]*) ;;
*)	# (series-build: the prefix of the one line that says why it cannot
	# run, which pageward series takes for its own)
	say "series-build: $(git -C "$REPO" rev-parse --short "$COMMIT") has no Kconfig or no kernel Makefile (VERSION, PATCHLEVEL): not a kernel tree to build"
	exit 2 ;;
esac
# The cache: an absolute path (kbuild takes O= relative to the source
# tree) without characters kbuild refuses in O= (blanks, ':').
cache=$(pw_cache_dir)
mkdir -p "$cache" 2>/dev/null && cache=$(cd "$cache" && pwd) || {
	say "series-build: cannot make the cache directory $cache: set PAGEWARD_CACHE to a writable directory"
	exit 2
}
case $cache in
*[!A-Za-z0-9_./,+@=~-]*)
	say "series-build: kbuild cannot build in '$cache' (a blank or a special character): set PAGEWARD_CACHE to another directory"
	exit 2 ;;
esac
D=$cache/series/linux-$release-$ARCH
mkdir -p "$D"
# A build made elsewhere (a cache restored under another path by CI):
# obj/'s Makefile and .cmd files name the old src/, so obj/ starts anew.
if [ "$(cat "$D/where" 2>/dev/null)" != "$D" ]; then
	rm -rf "$D/obj" "$D/dirs"
	echo "$D" >"$D/where"
fi

# Every make here: the make variables of ARCH and nothing from the
# user's environment (a KCFLAGS, an LLVM=1 or a CROSS_COMPILE of theirs,
# an outer make's command-line variables in MAKEFLAGS, would change the
# flags every later run reads).
kbuild_env() {
	env -u KCFLAGS -u KCPPFLAGS -u KAFLAGS -u KBUILD_EXTRA_WARN -u LLVM -u CROSS_COMPILE \
		-u CC -u ARCH -u KBUILD_OUTPUT -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "$@"
}

# export_all: the whole of COMMIT into src/.  src.commit, written last,
# says which commit src/ holds: a run stopped half-way exports again.
export_all() {
	start=$(date +%s)
	say "series: the default build: exporting $(git -C "$REPO" rev-parse --short "$COMMIT") into $D/src (once)"
	rm -f "$D/src.commit"
	rm -rf "$D/src"
	mkdir -p "$D/src"
	# piped (no second copy of the tree on disk), git's status kept
	if ! { git -C "$REPO" archive --format=tar "$COMMIT" || echo failed >"$D/src.failed"; } |
		tar -xmf - -C "$D/src" || [ -f "$D/src.failed" ] ||
	   [ ! -f "$D/src/Makefile" ] || [ ! -f "$D/src/Kconfig" ]; then
		rm -f "$D/src.failed"
		say "series: cannot export $COMMIT into $D/src"
		exit 1
	fi
	echo "$COMMIT" >"$D/src.commit"
	have=$COMMIT
	say "series: exported in $(($(date +%s) - start)) s"
}

# sync: src/ brought from $have to COMMIT, file by file (pw_git_extract:
# written with the current time, so make sees them changed); src.commit is
# removed first, so that a sync stopped half-way is an export next time.
# One that fails (a directory become a file) is an export now.
sync() {
	[ "$have" != "$COMMIT" ] || return 0
	rm -f "$D/src.commit"
	if git -C "$REPO" diff --name-only -z --no-renames --diff-filter=D "$have" "$COMMIT" >"$D/sync.gone" &&
	   git -C "$REPO" diff --name-only -z --no-renames --diff-filter=d "$have" "$COMMIT" >"$D/sync.new" &&
	   (cd "$D/src" && xargs -0 -r rm -f -- <"$D/sync.gone") &&
	   pw_git_extract "$REPO" "$COMMIT" "$D/src" <"$D/sync.new"; then
		echo "$COMMIT" >"$D/src.commit"
		have=$COMMIT
	else
		export_all
	fi
	rm -f "$D/sync.gone" "$D/sync.new"
}

have=$(cat "$D/src.commit" 2>/dev/null) || have=
if [ -z "$have" ] || ! git -C "$REPO" cat-file -e "$have^{commit}" 2>/dev/null ||
   [ ! -f "$D/src/Makefile" ] || [ ! -f "$D/src/Kconfig" ]; then
	export_all
fi

kbuild_env "$ROOT/scripts/kernel-config.sh" "$D/src" "$D/obj" "$ARCH" "pageward series default build" >&2 </dev/null
# Configured anew (a pageward with other options) since the last build:
# no directory counts as built, and every object's flags of the old
# configuration go (the host programs' of scripts/ and tools/ are
# make prepare's).
if [ -f "$D/dirs" ] && [ "$D/obj/.pageward-configured" -nt "$D/dirs" ]; then
	find "$D/obj" -name '.*.o.cmd' ! -path "$D/obj/scripts/*" ! -path "$D/obj/tools/*" \
		! -path "$D/obj/arch/*/tools/*" -delete
	: >"$D/dirs"
fi
[ -f "$D/dirs" ] || : >"$D/dirs"

# kdir FILE: the directory kbuild builds FILE from: the nearest one (at
# COMMIT) with a Makefile or Kbuild (drivers/gpu/drm/i915/gem/*.c are
# i915/Makefile's); "." when none.
kdir() {
	kd=$(dirname -- "$1")
	while [ "$kd" != . ] && ! git -C "$REPO" cat-file -e "$COMMIT:$kd/Makefile" 2>/dev/null &&
	      ! git -C "$REPO" cat-file -e "$COMMIT:$kd/Kbuild" 2>/dev/null; do
		kd=$(dirname -- "$kd")
	done
	printf '%s\n' "$kd"
}

# state DIR: an id of what decides what kbuild builds in DIR at COMMIT:
# DIR's git tree, and the Makefile, Kbuild and Kconfig of each directory
# above it (mm/Makefile's obj-$(CONFIG_DAMON) += damon/, mm/Kconfig's
# DAMON).
state() {
	st=$1
	set -- "$st"
	while [ "$st" != . ]; do
		st=$(dirname -- "$st")
		for f in Makefile Kbuild Kconfig; do
			if [ "$st" = . ]; then set -- "$@" "$f"; else set -- "$@" "$st/$f"; fi
		done
	done
	GIT_LITERAL_PATHSPECS=1 git -C "$REPO" ls-tree --full-tree "$COMMIT" -- "$@" |
		git -C "$REPO" hash-object --stdin
}

# The directories to build: those of the touched files without a .cmd
# file, unless built already in the state they have at COMMIT (dirs:
# "DIR<TAB>state" a line).  A directory changed since (a file added or
# fixed, its Makefile edited, or a Makefile or Kconfig above it) is built
# again.
todo=$(while IFS= read -r f; do
	pw_kbuild_c "$f" || continue
	[ ! -f "$D/obj/$(dirname -- "$f")/.$(basename -- "$f" .c).o.cmd" ] || continue
	d=$(kdir "$f")
	case $d in
	. | -*) continue ;;
	*[!A-Za-z0-9_./,+-]*) continue ;;	# no make target
	esac
	id=$(state "$d")
	grep -qxF -e "$d	$id" "$D/dirs" || printf '%s\t%s\n' "$d" "$id"
done | sort -u)
if [ -n "$todo" ]; then
	sync
	start=$(date +%s)
	say "series: the default build: building $(echo "$todo" | cut -f1 | tr '\n' ' ')(once; log: $D/build.log)"
	# -k: a file that does not compile stops nothing else.  The
	# directories count as built only when make succeeded: one with a
	# file that failed is tried again by the next run.
	# shellcheck disable=SC2046,SC2086 # make variables and directories, one word each
	if (cd "$D" && kbuild_env make -C src O="$D/obj" -k -j"$(nproc)" $vars \
		$(echo "$todo" | cut -f1 | sed 's|$|/|') </dev/null >build.log 2>&1); then
		echo "$todo" >>"$D/dirs"
		say "series: built in $(($(date +%s) - start)) s"
	else
		say "series: built in $(($(date +%s) - start)) s, with errors (a file that does not compile is checked by Coccinelle alone): $D/build.log"
	fi
fi
echo "$D/obj"
