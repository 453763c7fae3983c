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
# A touched file's flags are those of its .cmd file in obj/.  A file
# without one gets its directory built (make DIR/), once per directory:
# kbuild goes down to a directory goal from the top through the
# Makefiles' obj-y and obj-$(CONFIG_...) lines, so only a directory the
# configuration builds is built, and in it only the objects it builds.
# A file that still has no .cmd file is one the configuration does not
# build (the series then checks it with Coccinelle alone).  A new file
# (one src/ does not have yet) has its directory built again.
#
# The caller holds $(pw_cache_dir)/series.lock (pageward series does, for
# its whole run: the build changes under no other run).  Exit 2 with one
# line ("pageward: series-build: ...") when COMMIT is not a kernel tree, ARCH is not one of these, or the
# build's compiler is missing; 1 when the configuration or "make prepare"
# fails.
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
D=$(pw_cache_dir)/series/linux-$release-$ARCH
mkdir -p "$D"

# archive COMMIT < NUL-terminated paths (none: the whole tree): those
# files of COMMIT into $D/src.  GIT_LITERAL_PATHSPECS: a name is a name;
# xargs batches, each its own archive and tar.
archive() {
	GIT_LITERAL_PATHSPECS=1 xargs -0 -r sh -c '
		r=$1 c=$2 d=$3
		shift 3
		git -C "$r" archive --format=tar "$c" -- "$@" | tar -xf - -C "$d"' sh "$REPO" "$1" "$D/src"
}

# The source tree: the whole of a commit, once (src.commit, written last,
# says which: a run stopped half-way exports again).
have=$(cat "$D/src.commit" 2>/dev/null) || have=
if [ -z "$have" ] || ! git -C "$REPO" cat-file -e "$have^{commit}" 2>/dev/null; then
	start=$(date +%s)
	say "series: the default build: exporting $(git -C "$REPO" rev-parse --short "$COMMIT") into $D/src (once)"
	rm -rf "$D/src" "$D/src.commit" "$D/dirs"
	mkdir -p "$D/src"
	git -C "$REPO" archive --format=tar "$COMMIT" | tar -xf - -C "$D/src" ||
		{ say "series: cannot export $COMMIT into $D/src"; exit 1; }
	echo "$COMMIT" >"$D/src.commit"
	have=$COMMIT
	say "series: exported in $(($(date +%s) - start)) s"
fi

"$ROOT/scripts/kernel-config.sh" "$D/src" "$D/obj" "$ARCH" "pageward series default build" >&2

# The directories to build: those of the touched files that have no .cmd
# file, unless built already (dirs: one a line) and the file is not new.
# Not kbuild's: tools/ and the host programs' directories.
touch "$D/dirs"
todo=$(while IFS= read -r f; do
	case $f in
	*.c) ;;
	*) continue ;;
	esac
	d=$(dirname "$f")
	case $d/ in
	tools/* | scripts/* | usr/* | Documentation/* | samples/* | ./) continue ;;
	*[!A-Za-z0-9_./,+-]*) continue ;;	# no make target
	esac
	[ ! -f "$D/obj/$d/.$(basename "$f" .c).o.cmd" ] || continue
	if grep -qxF -e "$d" "$D/dirs" && [ -f "$D/src/$f" ]; then continue; fi
	printf '%s\n' "$d"
done | sort -u)
if [ -n "$todo" ]; then
	# src/ brought to COMMIT first: a new file and its Makefile line are
	# COMMIT's.
	if [ "$have" != "$COMMIT" ]; then
		git -C "$REPO" diff --name-only -z --no-renames --diff-filter=D "$have" "$COMMIT" |
			(cd "$D/src" && xargs -0 -r rm -f --)
		git -C "$REPO" diff --name-only -z --no-renames --diff-filter=d "$have" "$COMMIT" |
			archive "$COMMIT" || { say "series: cannot bring $D/src to $COMMIT"; exit 1; }
		echo "$COMMIT" >"$D/src.commit"
	fi
	start=$(date +%s)
	say "series: the default build: building $(echo "$todo" | tr '\n' ' ')(once; log: $D/build.log)"
	# -k: a file that does not compile stops nothing else; it then has no
	# .cmd file, as a file the configuration does not build.
	# shellcheck disable=SC2046,SC2086 # make variables and directories, one word each
	(cd "$D" && KCFLAGS= make -C src O="$D/obj" -k -j"$(nproc)" $vars KCFLAGS= \
		$(echo "$todo" | sed 's|$|/|') >build.log 2>&1) || true
	echo "$todo" >>"$D/dirs"
	say "series: built in $(($(date +%s) - start)) s"
fi
echo "$D/obj"
