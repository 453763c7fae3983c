#!/bin/sh
# Run make in one of pageward's real kernel trees, out of tree, for its
# architecture.
#
#   scripts/kernel-make.sh VERSION ARCH [MAKE ARGUMENTS...]
#
# VERSION is 6.1 or 6.12, ARCH x86_64 or s390.  It first calls
# scripts/kernel-tree.sh (unpack, configure, prepare: quick when done), then
#   make -C build/src/linux-VERSION O=build/obj/linux-VERSION-ARCH -jN \
#        ARCH=... [CROSS_COMPILE=... CC=...] MAKE ARGUMENTS...
# Examples:
#   scripts/kernel-make.sh 6.12 x86_64 mm/
#   scripts/kernel-make.sh 6.12 s390 \
#       KCFLAGS=-fplugin=$PWD/build/s390x/pageward_plugin.so arch/s390/kernel/uv.o
# The exit status is make's; 2 when VERSION or ARCH is missing or unknown
# (--help prints this text).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/kernel-make.sh VERSION ARCH [make arguments...] (VERSION: 6.1 or 6.12, ARCH: x86_64 or s390)"
case ${1-} in
-h | --help) pw_help; exit 0 ;;
-*) pw_usage_error "unknown argument '$1'" ;;
esac
[ $# -ge 2 ] || pw_usage_error "VERSION and ARCH expected"
VERSION=$1
ARCH=$2
shift 2
# Checked here too, before kernel-tree.sh unpacks anything, so that the
# error names this script's synopsis.
case $VERSION in 6.1 | 6.12) ;; *) pw_usage_error "unknown version '$VERSION'" ;; esac
case $ARCH in x86_64 | s390) ;; *) pw_usage_error "unknown architecture '$ARCH'" ;; esac

OBJ=$("$ROOT/scripts/kernel-tree.sh" "$VERSION" "$ARCH")

# kbuild reconfigures when CC changes: every make in a tree gets the same
# variables (pw_arch_vars, the one table).
# shellcheck disable=SC2046 # make variables, one word each
set -- $(pw_arch_vars "$ARCH") "$@"

exec make -C "$ROOT/build/src/linux-$VERSION" O="$OBJ" -j"$(nproc)" "$@"
