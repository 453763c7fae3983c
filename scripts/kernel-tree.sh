#!/bin/sh
# Make a real kernel tree ready to build, and print its object directory.
#
#   scripts/kernel-tree.sh VERSION ARCH     VERSION: 6.1 | 6.12, ARCH: x86_64 | s390
#   scripts/kernel-tree.sh --full VERSION   the whole source tree, unconfigured
#
# 1. Unpacks the part of /usr/src/linux-source-VERSION.tar.xz (Debian package
#    linux-source-VERSION) that pageward needs into build/src/linux-VERSION/.
# 2. Configures the out-of-tree object directory build/obj/linux-VERSION-ARCH/
#    (x86_64: defconfig plus the mm options the rules need; s390: defconfig,
#    cross-compiled with s390x-linux-gnu-gcc-12), checks the options, and runs
#    "make prepare" (scripts/kernel-config.sh).
# 3. Prints the absolute object directory on stdout, nothing else.  Progress
#    goes to stderr, the make output to pageward-prepare.log in the object
#    directory.
#
# With --full, only step 1, for the whole tarball, into
# build/src/linux-VERSION-full/ (for "make bench-cocci", which runs the
# Coccinelle rules over every file of the kernel), and prints that directory.
#
# Each step leaves a stamp and is skipped when its stamp is current, so a
# second call returns at once.  Exit 2 when a package is missing or the
# arguments are not these (--help prints this text), 1 on failure.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/kernel-tree.sh VERSION ARCH | --full VERSION (VERSION: 6.1 or 6.12, ARCH: x86_64 or s390)"
usage() { pw_usage_error "$1"; }
case ${1-} in
-h | --help) pw_help; exit 0 ;;
--full) ;;
-*) usage "unknown argument '$1'" ;;
esac
[ $# -eq 2 ] || usage "two arguments expected, $# given"
if [ "$1" = --full ]; then
	VERSION=$2
	ARCH=full
else
	VERSION=$1
	ARCH=$2
fi
case $VERSION in 6.1 | 6.12) ;; *) usage "unknown version '$VERSION'" ;; esac

case $ARCH in
x86_64 | s390 | full) ;;
*) usage "unknown architecture '$ARCH'" ;;
esac

TARBALL=/usr/src/linux-source-$VERSION.tar.xz
SRC=$ROOT/build/src/linux-$VERSION
[ "$ARCH" != full ] || SRC=$SRC-full
OBJ=$ROOT/build/obj/linux-$VERSION-$ARCH
TOP=linux-source-$VERSION	# the tarball's top directory

if [ ! -r "$TARBALL" ]; then
	say "no $TARBALL: apt-get install linux-source-$VERSION (or run: make setup)"
	exit 2
fi
mkdir -p "$ROOT/build/src" "$ROOT/build/obj"

# --- 1. unpack -------------------------------------------------------------
#
# Not the whole tarball: Coccinelle runs over mm/ fs/ net/ drivers/ arch/s390/
# arch/x86/, the plugin builds mm/ fs/ arch/s390/ arch/x86/ drivers/, and "make defconfig
# prepare" needs include/ scripts/ kernel/ (bounds.c), the objtool sources in
# tools/, and every Kconfig, Makefile and Kbuild file that kconfig and kbuild
# read.  Documentation/, sound/, samples/, the other architectures and most of
# tools/ are left out.  Bump SELECTION when this list changes: the stamp then
# no longer matches and the tree is unpacked anew.
SELECTION="v2"
FULL_DIRS="include scripts kernel lib init block virt security mm fs net drivers
	arch/x86 arch/s390
	tools/objtool tools/build tools/include tools/lib tools/scripts
	tools/arch/x86 tools/arch/s390"

[ "$ARCH" != full ] || SELECTION=full

# The stamp names the selection and the tarball's size and mtime, so a new
# Debian upload of linux-source-VERSION is unpacked again.
src_stamp="$SELECTION $(stat -c '%s %Y' "$TARBALL")"

unpack() {
	tmp=$ROOT/build/src/.${SRC##*/}.tmp
	rm -rf "$tmp" "$SRC"
	mkdir -p "$tmp"
	start=$(date +%s)
	if [ "$ARCH" = full ]; then
		say "unpacking all of linux-$VERSION from $TARBALL"
		xz -T0 -dc "$TARBALL" | tar -xf - -C "$tmp" --strip-components=1
		unpacked "$tmp" "$start"
		return
	fi
	say "unpacking linux-$VERSION from $TARBALL (mm fs net drivers arch/x86 arch/s390 and what a build needs)"

	# One pass over the tarball.  GNU tar keeps the matching options each
	# member name was given with: the full directories match with
	# everything under them, "TOP/*" (no recursion, "*" not matching "/")
	# only the top-level files, and the last three patterns every Kconfig*,
	# Makefile* and Kbuild* at any depth.  A full directory missing from
	# the tarball is an error.  xz -T0 decompresses the tarball's blocks in
	# parallel, twice as fast as tar -J on two cores.
	names=
	for d in $FULL_DIRS; do
		names="$names $TOP/$d"
	done
	# shellcheck disable=SC2086 # one word per directory
	xz -T0 -dc "$TARBALL" |
		tar -xf - -C "$tmp" --strip-components=1 $names \
			--wildcards --no-recursion --no-wildcards-match-slash "$TOP/*" \
			--wildcards-match-slash '*/Kconfig*' '*/Makefile*' '*/Kbuild*'
	unpacked "$tmp" "$start"
}

# unpacked TMP START: stamp the tree unpacked in TMP and move it in place.
unpacked() {
	echo "$src_stamp" >"$1/.pageward-unpacked"
	mv "$1" "$SRC"
	say "unpacked linux-$VERSION in $(($(date +%s) - $2)) s: $(du -sm "$SRC" | cut -f1) MB in $SRC"
}

# One unpack at a time per tree: kernel-tree.sh 6.12 x86_64 and 6.12 s390
# may run at once.  flock is in util-linux, which every Debian has.
exec 8>"$ROOT/build/src/.${SRC##*/}.lock"
flock 8
if [ "$(cat "$SRC/.pageward-unpacked" 2>/dev/null)" != "$src_stamp" ]; then
	unpack
fi
flock -u 8
if [ "$ARCH" = full ]; then
	echo "$SRC"
	exit 0
fi

# --- 2. configure and prepare ------------------------------------------------
"$ROOT/scripts/kernel-config.sh" "$SRC" "$OBJ" "$ARCH" "$src_stamp"

echo "$OBJ"
