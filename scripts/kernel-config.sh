#!/bin/sh
# Configure a kernel object directory the way pageward checks kernels, and
# run "make prepare" in it.
#
#   scripts/kernel-config.sh SRC OBJ ARCH [STAMP]
#
# SRC is a kernel source tree, OBJ its out-of-tree object directory (made
# if missing), ARCH x86_64 or s390 (pw_arch_vars in scripts/lib.sh: the
# make variables of each).  The configuration is defconfig plus the mm
# options the rules look at (x86_64), or defconfig (s390, cross-compiled
# with s390x-linux-gnu-gcc-12), and the options each rule's code needs are
# checked after olddefconfig.  STAMP names the source (say, the tarball it
# came from): a different STAMP configures anew.
#
# Used by scripts/kernel-tree.sh (pageward's own trees) and by
# scripts/series-build.sh (the default build of "pageward series").  Each
# step leaves a stamp in OBJ and is skipped when it is current, so a
# second call returns at once; one call at a time per OBJ (flock on
# OBJ.lock).  Progress goes to stderr, make's output to
# OBJ/pageward-prepare.log.  Exit 2 when the cross compiler is missing or
# the arguments are wrong (--help prints this text), 1 on failure.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/kernel-config.sh SRC OBJ ARCH [STAMP] (ARCH: x86_64 or s390)"
case ${1-} in
-h | --help) pw_help; exit 0 ;;
-*) pw_usage_error "unknown argument '$1'" ;;
esac
[ $# -eq 3 ] || [ $# -eq 4 ] || pw_usage_error "three or four arguments expected, $# given"
SRC=$1 OBJ=$2 ARCH=$3 STAMP=${4-}
[ -f "$SRC/Makefile" ] && [ -f "$SRC/Kconfig" ] || pw_usage_error "$SRC is not a kernel source tree"
vars=$(pw_arch_vars "$ARCH") || pw_usage_error "unknown architecture '$ARCH'"
# shellcheck disable=SC2086 # make variables, one word each
set -- $vars
case $ARCH in
x86_64)
	# The mm options the rules look at (spec, "Real kernels to measure
	# on"), and userfaultfd: mm/userfaultfd.c and fs/userfaultfd.c change
	# vm_flags through static helpers (the vm_flags rules, seed 004).
	OPTIONS="TRANSPARENT_HUGEPAGE MIGRATION COMPACTION KSM HUGETLBFS MEMORY_FAILURE USERFAULTFD"
	CHECK="TRANSPARENT_HUGEPAGE=y MIGRATION=y COMPACTION=y KSM=y HUGETLBFS=y MEMORY_FAILURE=y USERFAULTFD=y"
	;;
s390)
	OPTIONS=
	# arch/s390/kernel/uv.c (make_folio_secure & co.) needs both.
	CHECK="KVM=ym PGSTE=y"	# ym: y or m
	if ! command -v s390x-linux-gnu-gcc-12 >/dev/null; then
		say "no s390x-linux-gnu-gcc-12: apt-get install gcc-12-s390x-linux-gnu (or run: make setup)"
		exit 2
	fi
	;;
esac

# kmake LOG ARGS...: make in the tree, output to LOG; on failure its errors
# to stderr.
kmake() {
	log=$1
	shift
	make -C "$SRC" O="$OBJ" "$@" >>"$log" 2>&1 ||
		fail "$log" "make $* failed in $OBJ:"
}

mkdir -p "$OBJ"
exec 9>"$OBJ.lock"
flock 9
LOG=$OBJ/pageward-prepare.log
# What the configuration was made from; any change configures anew.
cfg_stamp="$STAMP | $* | $OPTIONS | $CHECK"

if [ ! -f "$OBJ/.config" ] ||
   [ "$(cat "$OBJ/.pageward-configured" 2>/dev/null)" != "$cfg_stamp" ]; then
	rm -f "$OBJ/.pageward-configured" "$OBJ/.pageward-prepared"
	: >"$LOG"
	say "configuring $OBJ (defconfig${OPTIONS:+ + $OPTIONS})"
	kmake "$LOG" "$@" defconfig
	if [ -n "$OPTIONS" ]; then
		for opt in $OPTIONS; do
			"$SRC/scripts/config" --file "$OBJ/.config" --enable "$opt"
		done
		# olddefconfig resolves what the options depend on and drops
		# any it cannot satisfy: hence the check below.
		kmake "$LOG" "$@" olddefconfig
	fi
	bad=
	for c in $CHECK; do
		opt=${c%=*}
		want=${c#*=}
		got=$(sed -n "s/^CONFIG_$opt=//p" "$OBJ/.config")
		case $got in
		[$want]) ;;
		*) bad="$bad CONFIG_$opt=${got:-unset} (want $want)," ;;
		esac
	done
	if [ -n "$bad" ]; then
		say "$ARCH: after olddefconfig$bad in $OBJ/.config; their dependencies are not met"
		exit 1
	fi
	echo "$cfg_stamp" >"$OBJ/.pageward-configured"
fi

if [ ! -f "$OBJ/.pageward-prepared" ]; then
	start=$(date +%s)
	say "make prepare in $OBJ (log: $LOG)"
	kmake "$LOG" "$@" -j"$(nproc)" prepare
	say "prepared $OBJ in $(($(date +%s) - start)) s"
	: >"$OBJ/.pageward-prepared"
fi
