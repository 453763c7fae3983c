#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Add pageward to a kernel tree as CONFIG_GCC_PLUGIN_PAGEWARD, or take it out.
#
#   scripts/install-kernel.sh KDIR               ("make install-kernel KDIR=KDIR")
#   scripts/install-kernel.sh --uninstall KDIR   ("make uninstall-kernel KDIR=KDIR")
#
# Install wires pageward into KDIR the way the kernel's own GCC plugins are
# wired, so that "make menuconfig" shows it under "GCC plugins" and an
# ordinary "make" builds and loads it:
#
#   scripts/gcc-plugins/pageward/   new: the plugin's sources (gcc-plugin/*.c
#                                   *.h *.def, so the tree builds without
#                                   pageward beside it), the kbuild fragments
#                                   of gcc-plugin/kbuild/, the originals of
#                                   the three files below (orig/) and the
#                                   install record (INSTALLED)
#   scripts/gcc-plugins/Kconfig     + source ".../pageward/Kconfig", inside
#                                   "if GCC_PLUGINS"
#   scripts/gcc-plugins/Makefile    + include ".../pageward/Makefile.objs"
#                                   (the -objs list of a multi-file plugin)
#   scripts/Makefile.gcc-plugins    + include ".../pageward/Makefile.gcc-plugins"
#                                   (-fplugin= and its options)
#
# Nothing is ever written into an existing file: every new version of a file
# is written beside it and renamed over it, and the original is kept under a
# second name (a hard link), so a tree that is a hard-link copy of another
# ("cp -al") never changes the other.  Uninstall renames the originals back
# and removes scripts/gcc-plugins/pageward/: every file is then byte for
# byte, inode for inode, what it was before the install.
#
# Refused, with one line and exit status 2, before anything is changed: a
# KDIR that is not a kernel source tree, one this user cannot write (test -w:
# for root that is a read-only mount), one with another pageward version
# installed (uninstall it first), and for uninstall a hooked file changed
# since the install (--force restores the original anyway).  Installing the
# version that is already installed refreshes the sources in the tree (for a
# pageward rebuilt at the same version) and exits 0.
#
# The install record, scripts/gcc-plugins/pageward/INSTALLED, is read by
# every later pageward's uninstall, so its format stays as it is:
#	version V			PW_VERSION of gcc-plugin/pw_version.h
#	hook FILE SHA256		FILE (relative to KDIR) as installed;
#					its original is orig/FILE
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"

usage() {
	cat <<EOF
usage: scripts/install-kernel.sh KDIR              add CONFIG_GCC_PLUGIN_PAGEWARD to KDIR
       scripts/install-kernel.sh --uninstall KDIR  restore KDIR as it was
       (make install-kernel KDIR=KDIR, make uninstall-kernel KDIR=KDIR)
KDIR is a kernel source tree (not an O= object directory).  Then:
  scripts/config -e GCC_PLUGINS -e GCC_PLUGIN_PAGEWARD; make olddefconfig; make
Sub-options: GCC_PLUGIN_PAGEWARD_WERROR, GCC_PLUGIN_PAGEWARD_REPORT (JSON
lines; relative to the object tree, or absolute), GCC_PLUGIN_PAGEWARD_RULES
(comma-separated, empty: all).
Options: --uninstall, --force (uninstall even if a hooked file has changed
since the install), --help.
Exit status: 0 done, 2 refused (nothing changed), 1 failed.
EOF
}

# refuse MESSAGE: one line, exit 2, nothing changed.
refuse() {
	say "$*"
	exit 2
}

mode=install
force=
kdir=
while [ $# -gt 0 ]; do
	case $1 in
	--help | -h) usage; exit 0 ;;
	--uninstall) mode=uninstall ;;
	--force) force=1 ;;
	-*) refuse "unknown option '$1' (try: scripts/install-kernel.sh --help)" ;;
	*)
		[ -z "$kdir" ] || refuse "one kernel tree only, got '$kdir' and '$1' (try --help)"
		kdir=$1
		;;
	esac
	shift
done
opt=
[ "$mode" = install ] || opt=" --$mode"
[ -n "$kdir" ] || refuse "give the kernel tree: make $mode-kernel KDIR=DIR (or scripts/install-kernel.sh$opt DIR)"
[ "$mode" = uninstall ] || [ -z "$force" ] || refuse "--force is for --uninstall only"

# --- what KDIR is -----------------------------------------------------------

[ -d "$kdir" ] || refuse "$kdir: no such directory; give KDIR=<kernel source tree>"
kdir=$(cd "$kdir" && pwd)
PW=$kdir/scripts/gcc-plugins/pageward
HOOKS="scripts/gcc-plugins/Kconfig scripts/gcc-plugins/Makefile scripts/Makefile.gcc-plugins"

is_tree=1
grep -q '^VERSION = [0-9]' "$kdir/Makefile" 2>/dev/null || is_tree=
for f in Kconfig $HOOKS; do
	[ -f "$kdir/$f" ] || is_tree=
done
if [ -z "$is_tree" ]; then
	# An O= directory has a generated Makefile and no scripts/gcc-plugins/.
	if [ -f "$kdir/.config" ] && [ ! -f "$kdir/Kconfig" ]; then
		refuse "$kdir is a kernel object directory (O=), not a source tree; give KDIR=<its source tree>"
	fi
	refuse "$kdir is not a kernel source tree with GCC plugin support (no scripts/Makefile.gcc-plugins); give KDIR=<kernel source tree>"
fi

# The version the tree has, from its install record ("" if none).
installed=
if [ -d "$PW" ]; then
	[ -f "$PW/INSTALLED" ] ||
		refuse "$PW exists but holds no pageward install record (INSTALLED): remove it and restore the tree by hand"
	installed=$(sed -n 's/^version //p' "$PW/INSTALLED")
	[ -n "$installed" ] || refuse "$PW/INSTALLED names no version: remove $PW and restore the tree by hand"
fi

# test -w is access(2): false for a read-only mount even for root, who
# otherwise may write anywhere; the files are replaced by rename, so it is
# the directories that must be writable.
writable() {
	for d in "$kdir/scripts" "$kdir/scripts/gcc-plugins" ${installed:+"$PW"}; do
		[ -w "$d" ] ||
			refuse "$kdir is read-only ($d is not writable): $1"
	done
}

sha() {
	sha256sum "$1" | cut -d' ' -f1
}

# --- uninstall --------------------------------------------------------------

# restore: put every hooked file's original back, remove pageward's
# directory and what an in-tree build made of it.  Used by --uninstall and to
# undo a failed install.
restore() {
	while read -r what file sum; do
		[ "$what" = hook ] || continue
		[ -f "$PW/orig/$file" ] || continue	# already restored
		mv -f "$PW/orig/$file" "$kdir/$file"
	done <"$PW/INSTALLED"
	rm -rf "$PW" "$kdir/scripts/gcc-plugins/.pageward.new"
	rm -f "$kdir/scripts/gcc-plugins/pageward_plugin.so" \
		"$kdir/scripts/gcc-plugins/.pageward_plugin.so.cmd"
}

if [ "$mode" = uninstall ]; then
	if [ -z "$installed" ]; then
		say "pageward is not installed in $kdir: nothing to do"
		exit 0
	fi
	writable "cannot uninstall"
	while read -r what file sum; do
		[ "$what" = hook ] || continue
		[ -f "$PW/orig/$file" ] ||
			refuse "$PW/orig/$file is missing: restore $kdir/$file by hand, then remove $PW"
		[ -n "$force" ] || [ "$(sha "$kdir/$file")" = "$sum" ] ||
			refuse "$kdir/$file changed since pageward was installed; its original is $PW/orig/$file (--force restores that one)"
	done <"$PW/INSTALLED"
	restore
	say "pageward $installed removed from $kdir; every file is as it was before the install"
	exit 0
fi

# --- install ----------------------------------------------------------------

VERSION=$(sed -n 's/^#define[[:space:]]*PW_VERSION[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/gcc-plugin/pw_version.h")
[ -n "$VERSION" ] || { say "cannot read PW_VERSION from $ROOT/gcc-plugin/pw_version.h"; exit 1; }

if [ -n "$installed" ] && [ "$installed" != "$VERSION" ]; then
	refuse "$kdir has pageward $installed installed, this is $VERSION: run 'make uninstall-kernel KDIR=$kdir' first"
fi
writable "install into a writable copy (cp -al $kdir COPY) and build that"

# Where each hook goes: the line it is inserted before.  Kconfig: the last
# "endif" (the end of "if GCC_PLUGINS"); the Makefile: the line that builds
# every plugin of GCC_PLUGIN, after the -objs example, since the -objs lists
# are read when plugins are sorted into single- and multi-file ones just
# below it; Makefile.gcc-plugins: the line that collects every plugin's
# flags.  Checked before anything is changed; 6.1 and 6.12 agree on all three.
# hook FILE: "ANCHOR-REGEX<tab>LINE" of FILE, one table for both.
hook() {
	case $1 in
	scripts/gcc-plugins/Kconfig)
		printf '%s\t%s\n' '^endif' 'source "scripts/gcc-plugins/pageward/Kconfig"' ;;
	scripts/gcc-plugins/Makefile)
		printf '%s\t%s\n' '^always-y[[:space:]]*\+=[[:space:]]*\$\(GCC_PLUGIN\)' \
			'include $(srctree)/scripts/gcc-plugins/pageward/Makefile.objs' ;;
	scripts/Makefile.gcc-plugins)
		printf '%s\t%s\n' '^GCC_PLUGINS_CFLAGS[[:space:]]*:=' \
			'include $(srctree)/scripts/gcc-plugins/pageward/Makefile.gcc-plugins' ;;
	esac
}
anchor() { hook "$1" | cut -f1; }
hook_line() { hook "$1" | cut -f2; }
if [ -z "$installed" ]; then
	for f in $HOOKS; do
		n=$(grep -cE "$(anchor "$f")" "$kdir/$f" || true)
		if [ "$n" -eq 0 ] || { [ "$n" -ne 1 ] && [ "${f##*/}" != Kconfig ]; }; then
			refuse "$kdir/$f does not look like linux 6.1 or 6.12's (no single line matching '$(anchor "$f")'): pageward cannot hook into this tree"
		fi
		! grep -q 'scripts/gcc-plugins/pageward/' "$kdir/$f" ||
			refuse "$kdir/$f already refers to scripts/gcc-plugins/pageward/ but there is no install record: restore that file first"
	done
fi

# new_dir DIR: DIR with pageward's sources and kbuild fragments.
new_dir() {
	mkdir "$1"
	cp "$ROOT"/gcc-plugin/*.c "$ROOT"/gcc-plugin/*.h "$ROOT"/gcc-plugin/*.def \
		"$ROOT"/gcc-plugin/kbuild/Kconfig "$ROOT"/gcc-plugin/kbuild/Makefile.* "$1/"
}

NEW=$kdir/scripts/gcc-plugins/.pageward.new
rm -rf "$NEW"

if [ -n "$installed" ]; then
	# Same version: the sources anew, the originals and the record kept.
	new_dir "$NEW"
	mv "$PW/orig" "$PW/INSTALLED" "$NEW/"
	mv "$PW" "$NEW.old"
	mv "$NEW" "$PW"
	rm -rf "$NEW.old"
	say "pageward $VERSION was already installed in $kdir: its sources are refreshed"
	exit 0
fi

# Everything is prepared in NEW -- the sources, a second name for each
# original, each hooked file, the record -- and then only renamed into place.
# A failure after the first rename is undone by restore.
trap 'rm -rf "$NEW"' EXIT
new_dir "$NEW"
{
	echo "# pageward's install record: \"make uninstall-kernel KDIR=<this tree>\" reads it"
	echo "version $VERSION"
} >"$NEW/INSTALLED"
for f in $HOOKS; do
	mkdir -p "$NEW/orig/${f%/*}" "$NEW/hooked/${f%/*}"
	ln "$kdir/$f" "$NEW/orig/$f"
	# The last match: Kconfig's last "endif"; the others have one.
	at=$(grep -nE "$(anchor "$f")" "$kdir/$f" | tail -n 1 | cut -d: -f1)
	# ... above the comment that introduces the anchor line, if any.
	while [ "$at" -gt 1 ] && sed -n "$((at - 1))p" "$kdir/$f" | grep -q '^#'; do
		at=$((at - 1))
	done
	HOOK=$(hook_line "$f") awk -v at="$at" '
	NR == at {
		print "# pageward: added by pageward'"'"'s \"make install-kernel\"; \"make uninstall-kernel\" restores this file"
		print ENVIRON["HOOK"]
		print ""
	}
	{ print }' "$kdir/$f" >"$NEW/hooked/$f"
	chmod "$(stat -c %a "$kdir/$f")" "$NEW/hooked/$f"
	echo "hook $f $(sha "$NEW/hooked/$f")" >>"$NEW/INSTALLED"
done

mv "$NEW" "$PW"
trap 'restore' EXIT
for f in $HOOKS; do
	mv "$PW/hooked/$f" "$kdir/$f"
done
rm -rf "$PW/hooked"
trap - EXIT
say "pageward $VERSION installed in $kdir: scripts/config -e GCC_PLUGINS -e GCC_PLUGIN_PAGEWARD, then make olddefconfig; make uninstall-kernel KDIR=$kdir restores it"
