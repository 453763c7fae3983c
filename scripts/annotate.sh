#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Add pageward's sparse lock-context annotations to a kernel tree, or take
# them out.
#
#   scripts/annotate.sh KDIR            ("make annotate KDIR=KDIR")
#   scripts/annotate.sh --revert KDIR   ("make unannotate KDIR=KDIR")
#
# KDIR is a Debian linux-source 6.1 or 6.12 tree (its Makefile says which);
# the edit is sparse-annotations/linux-VERSION.patch (why a patch, and what
# it annotates: sparse-annotations/README.md).  Then run sparse as usual:
#   make -C KDIR O=OBJ C=2 mm/
#
# Every file the patch touches that has more than one hard link is first
# replaced by a copy of itself, so a tree made with "cp -al" never changes
# the tree it was copied from; patch itself writes a new file and renames it.
# Revert restores every file byte for byte and removes the new header.
#
# Refused with one line and exit status 2, before anything is changed: a
# KDIR that is missing or not a kernel source tree, a kernel version with no
# patch here, annotating an annotated tree, reverting one that is not, and a
# tree the patch does not fit (changed since it was unpacked).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/annotate.sh [--revert] KDIR (a linux 6.1 or 6.12 source tree)"
revert=
case ${1-} in
-h | --help) pw_help; exit 0 ;;
--revert) revert=1; shift ;;
-*) pw_usage_error "unknown argument '$1'" ;;
esac
[ $# -eq 1 ] || pw_usage_error "one KDIR expected, $# given"
KDIR=$1
[ -n "$KDIR" ] || pw_usage_error "KDIR is empty"
[ -d "$KDIR" ] || pw_usage_error "no directory '$KDIR'"
if [ ! -f "$KDIR/Makefile" ] || [ ! -f "$KDIR/include/linux/mm.h" ] ||
	[ ! -f "$KDIR/mm/memory.c" ]; then
	pw_usage_error "'$KDIR' is not a kernel source tree (no Makefile, include/linux/mm.h, mm/memory.c)"
fi
V=$(sed -n 's/^VERSION = \([0-9]*\)$/\1/p' "$KDIR/Makefile")
P=$(sed -n 's/^PATCHLEVEL = \([0-9]*\)$/\1/p' "$KDIR/Makefile")
PATCH=$ROOT/sparse-annotations/linux-$V.$P.patch
[ -n "$V" ] && [ -f "$PATCH" ] ||
	pw_usage_error "linux '$V.$P' in '$KDIR' is not supported (6.1 and 6.12 are)"

# One line, exit 2: the tree stays as it is.
refuse() { say "$1"; exit 2; }
if [ -n "$revert" ]; then fwd=-R; rev=; done_msg=reverted; else fwd=; rev=-R; done_msg=applied; fi
p() { patch -d "$KDIR" -p1 -s -f -E --no-backup-if-mismatch $fwd "$@" <"$PATCH"; }
back() { patch -d "$KDIR" -p1 -s -f -E --dry-run $rev <"$PATCH" >/dev/null 2>&1; }

if ! p --dry-run >/dev/null 2>&1; then
	if back; then
		[ -n "$revert" ] && refuse "'$KDIR' is not annotated: nothing to revert"
		refuse "'$KDIR' is already annotated (make unannotate KDIR=$KDIR first)"
	fi
	refuse "the annotations for linux $V.$P do not apply to '$KDIR': is it changed since it was unpacked?"
fi
# A hard-linked file (cp -al) becomes a file of its own first.
for f in $(sed -n 's#^+++ b/##p' "$PATCH"); do
	if [ -f "$KDIR/$f" ] && [ "$(stat -c %h "$KDIR/$f")" -gt 1 ]; then
		cp -p "$KDIR/$f" "$KDIR/$f.pageward-tmp"
		mv -f "$KDIR/$f.pageward-tmp" "$KDIR/$f"
	fi
done
# The new header is not in the patch: the one copy is in sparse-annotations/.
HDR=$KDIR/include/linux/pageward-context.h
if [ -z "$revert" ]; then
	[ ! -e "$HDR" ] || refuse "'$HDR' exists already: remove it, or make unannotate KDIR=$KDIR"
	p
	cp "$ROOT/sparse-annotations/pageward-context.h" "$HDR"
else
	p
	if [ -e "$HDR" ]; then
		if cmp -s "$ROOT/sparse-annotations/pageward-context.h" "$HDR"; then
			rm -f "$HDR"
		else
			say "'$HDR' differs from pageward's copy: left in place"
		fi
	fi
fi
say "linux $V.$P in $KDIR: annotations $done_msg"
