#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CONFIG_GCC_PLUGIN_PAGEWARD: "make install-kernel" into real kernel trees
# and out again (scripts/install-kernel.sh).
#
#	tests/run.sh install
#
# For linux 6.1 and 6.12: a hard-link copy of build/src/linux-V (cp -al), the
# install, then x86_64 and s390 (cross) object directories configured with
# defconfig plus "scripts/config -e GCC_PLUGINS -e GCC_PLUGIN_PAGEWARD" and
# one object with a known finding built by an ordinary make (no KCFLAGS):
# kbuild builds the plugin from the copied sources and loads it.  Then
# GCC_PLUGIN_PAGEWARD_WERROR fails that build, the uninstall leaves the copy
# identical to build/src/linux-V (content and inodes), and build/src is
# untouched.  Also the refusals: not a kernel tree, a read-only tree (a
# read-only bind mount for root, chmod for an ordinary user), another
# version installed, a hooked file changed since the install, bad arguments.
#
# The findings expected come from tests/kernel/expected-gcc-plugin.txt.
# Every kernel make takes /tmp/pageward-kbuild.lock (the machine is shared).
# Costs about 4 minutes of CPU (see the README); PW_INSTALL_TREES="6.12"
# runs one tree only.
set -u
. "$(dirname "$0")/lib.sh"

IK=$PW_ROOT/scripts/install-kernel.sh
EXPECTED=$PW_ROOT/tests/kernel/expected-gcc-plugin.txt
T=$PW_TMP/install
TREES=${PW_INSTALL_TREES:-6.1 6.12}
HOOKS="scripts/gcc-plugins/Kconfig scripts/gcc-plugins/Makefile scripts/Makefile.gcc-plugins"
rm -rf "$T"
mkdir -p "$T"
# Anything under build/src newer than this was written by the suite.
touch "$T/.start"

# ik_run NAME WANT_STATUS ARGS...: run install-kernel.sh (pw_run: $out,
# $rc); one_line NAME PATTERN is pw_one_line.
ik_run() {
	ik_name=$1 ik_want=$2
	shift 2
	pw_run "$ik_name" "$ik_want" "$IK" "$@"
}
one_line() { pw_one_line "$@"; }

# state DIR [FILE...]: every file under DIR (or the FILEs in it) with its
# inode, link count and content.
state() {
	(
		cd "$1" && shift &&
		find "${@:-.}" -type f -exec stat -c '%n %i %h' {} + | sort &&
		find "${@:-.}" -type f -exec sha256sum {} + | sort
	)
}

# --- arguments ------------------------------------------------------------

echo "install-kernel: arguments"
"$IK" --help >"$T/help" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^usage: ' "$T/help"; then
	pw_pass "install-kernel --help: usage, exit 0"
else
	pw_fail "install-kernel --help: usage, exit 0" "exit $rc" "$(cat "$T/help")"
fi
ik_run "install-kernel --bogus: exit 2" 2 --bogus "$T"
one_line "install-kernel --bogus: one line naming it" "unknown option '--bogus'"
ik_run "install-kernel with no tree: exit 2" 2
one_line "install-kernel with no tree: one line saying KDIR=" "KDIR=DIR"
ik_run "install-kernel with two trees: exit 2" 2 "$T" "$T"
one_line "install-kernel with two trees: one line" "one kernel tree only"
make -s -C "$PW_ROOT" install-kernel >"$T/make.out" 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q 'KDIR=DIR' "$T/make.out"; then
	pw_pass "make install-kernel without KDIR: exit 2, says KDIR="
else
	pw_fail "make install-kernel without KDIR: exit 2, says KDIR=" "exit $rc" "$(cat "$T/make.out")"
fi

# --- refusals on a small tree ---------------------------------------------
#
# The five files install-kernel reads, copied (not linked) from 6.12, are
# enough for it; the builds below use whole trees.

echo "install-kernel: refusals"
mkdir -p "$T/notatree"
echo "all:" >"$T/notatree/Makefile"
before=$(state "$T/notatree")
ik_run "not a kernel tree: exit 2" 2 "$T/notatree"
one_line "not a kernel tree: one line" "is not a kernel source tree"
pw_same "not a kernel tree: left as it was" "$before" "$(state "$T/notatree")"
ik_run "no such directory: exit 2" 2 "$T/nonexistent"
one_line "no such directory: one line" "no such directory"

SRC612=$PW_ROOT/build/src/linux-6.12
small=$T/small
for f in Makefile Kconfig $HOOKS; do
	mkdir -p "$(dirname "$small/$f")"
	cp -p "$SRC612/$f" "$small/$f"
done
cp -a "$small" "$T/small.orig"

# An ordinary user and chmod: the tree is the user's, so only the missing
# write permission stops the install; with it back, the install works.
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
	chown -R 65534:65534 "$small"
	chmod a-w "$small/scripts/gcc-plugins"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$IK" "$small" 2>&1 >"$PW_TMP/run.stdout")
	rc=$?
	pw_same "read-only tree (chmod a-w, user nobody): exit 2" 2 "$rc"
	one_line "read-only tree (chmod a-w, user nobody): one line" "is read-only"
	chmod u+w "$small/scripts/gcc-plugins"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$IK" "$small" 2>&1)
	pw_same "the same tree writable again (user nobody): installs" 0 "$?"
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$IK" --uninstall "$small" 2>&1)
	pw_same "... and uninstalls (user nobody)" 0 "$?"
	chown -R 0:0 "$small"
	diff -r "$T/small.orig" "$small" >"$T/diff" 2>&1
	pw_same "... leaving the tree as it was" "" "$(cat "$T/diff")"
else
	pw_skip "read-only tree for an ordinary user" "needs root and setpriv"
fi

# A hooked file changed after the install: uninstall refuses, --force
# restores the original.
"$IK" "$small" 2>"$T/err" || pw_fail "install into the small tree" "$(cat "$T/err")"
sed 's/^export GCC_PLUGINS_CFLAGS$/& # changed/' "$small/scripts/Makefile.gcc-plugins" >"$T/new"
mv "$T/new" "$small/scripts/Makefile.gcc-plugins"
ik_run "uninstall after a hooked file changed: exit 2" 2 --uninstall "$small"
one_line "uninstall after a hooked file changed: one line naming it, and --force" \
	"scripts/Makefile.gcc-plugins changed since .*--force"
ik_run "uninstall --force: exit 0" 0 --uninstall --force "$small"
diff -r "$T/small.orig" "$small" >"$T/diff" 2>&1
pw_same "uninstall --force: the original is back" "" "$(cat "$T/diff")"
ik_run "uninstall when nothing is installed: exit 0" 0 --uninstall "$small"

# --- the real trees ---------------------------------------------------------

# kmake LOG ARCH ARGS...: make in $copy, object directory $T/obj-$V-ARCH.
kmake() {
	klog=$1 arch=$2
	shift 2
	case $arch in
	x86_64) set -- ARCH=x86_64 "$@" ;;
	s390) set -- ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- CC=s390x-linux-gnu-gcc-12 "$@" ;;
	esac
	# The time spent waiting for the lock is counted apart (LOCK_WAIT):
	# on a shared machine it is most of the wall time.
	t0=$(date +%s)
	flock /tmp/pageward-kbuild.lock sh -c 'date +%s >"$0"; exec "$@"' "$T/.locked" \
		make -C "$copy" O="$T/obj-$V-$arch" -j"$(nproc)" "$@" >"$klog" 2>&1
	st=$?
	LOCK_WAIT=$((LOCK_WAIT + $(cat "$T/.locked" 2>/dev/null || echo "$t0") - t0))
	return $st
}

# kconfig ARCH ARGS...: scripts/config on the object directory's .config,
# then olddefconfig.
kconfig() {
	arch=$1
	shift
	"$copy/scripts/config" --file "$T/obj-$V-$arch/.config" "$@" &&
		kmake "$T/$V-$arch.olddefconfig.log" "$arch" olddefconfig
}

# have_config ARCH OPTION=VALUE...: the .config has these.
have_config() {
	arch=$1
	shift
	got='' want=''
	for c in "$@"; do
		want="$want CONFIG_$c"
		got="$got $(grep "^CONFIG_${c%%=*}=" "$T/obj-$V-$arch/.config")"
	done
	pw_same "$V $arch: .config has$want" "$want" "$got"
}

# expect V FILE: "FUNCTION RULE" of the finding expected in linux-V/FILE.
expect() {
	sed -n "s#^linux-$1/$2 ##p" "$EXPECTED"
}

# finding LOG FILE FUNCTION RULE KIND: the lines of LOG that report it.
finding() {
	grep -E "/$2:[0-9]+:[0-9]+: $5: $3\(\): .* \[pageward:$4\]\$" "$1"
}

# build_object ARCH OBJECT: build it through the Kconfig path, see the
# finding as a warning, in the report file; then WERROR makes it fail.
build_object() {
	arch=$1 object=$2
	file=${object%.o}.c
	# shellcheck disable=SC2046 # two words
	set -- $(expect "$V" "$file")
	func=${1:-} rule=${2:-}
	obj=$T/obj-$V-$arch
	log=$T/$V-$arch.build.log
	if kmake "$log" "$arch" "$object"; then
		pw_pass "$V $arch: make $object with CONFIG_GCC_PLUGIN_PAGEWARD=y succeeds"
	else
		pw_fail "$V $arch: make $object with CONFIG_GCC_PLUGIN_PAGEWARD=y succeeds" "$(tail -n 15 "$log")"
	fi
	if grep -q "HOSTLD  scripts/gcc-plugins/pageward_plugin.so" "$log" &&
	   grep -q "HOSTCXX scripts/gcc-plugins/pageward/rule_freeze.o" "$log"; then
		pw_pass "$V $arch: kbuild built pageward_plugin.so from scripts/gcc-plugins/pageward/"
	else
		pw_fail "$V $arch: kbuild built pageward_plugin.so from scripts/gcc-plugins/pageward/" \
			"$(grep -E 'HOST|error' "$log" | head -n 20)"
	fi
	cmd=$obj/${object%/*}/.${object##*/}.cmd
	if grep -q -- "-fplugin=./scripts/gcc-plugins/pageward_plugin.so" "$cmd" 2>/dev/null; then
		pw_pass "$V $arch: $object compiled with -fplugin=./scripts/gcc-plugins/pageward_plugin.so"
	else
		pw_fail "$V $arch: $object compiled with -fplugin=./scripts/gcc-plugins/pageward_plugin.so" \
			"$(head -c 2000 "$cmd" 2>/dev/null)"
	fi
	if [ -z "$func" ]; then
		pw_fail "$V $arch: a finding expected in $file" "none in $EXPECTED"
		return
	fi
	# gfs2_find_jhead() starts its two bios at two lines: one or more
	got=$(finding "$log" "$file" "$func" "$rule" warning)
	if [ "$(printf '%s' "$got" | grep -c .)" -ge 1 ]; then
		pw_pass "$V $arch: the build prints $func() $rule as a warning"
	else
		pw_fail "$V $arch: the build prints $func() $rule as a warning" \
			"want lines '.../$file:L:C: warning: $func(): ... [pageward:$rule]', got:" \
			"$(grep pageward "$log")"
	fi
	got=$(jq -r '"\(.file) \(.function) \(.rule) \(.engine)"' "$report" 2>&1 | sed 's#^.*/linux-[0-9.]*/##' | sort -u)
	pw_same "$V $arch: the report file has $func() $rule" "$file $func $rule gcc-plugin" "$got"

	kconfig "$arch" -e GCC_PLUGIN_PAGEWARD_WERROR
	have_config "$arch" GCC_PLUGIN_PAGEWARD_WERROR=y
	if kmake "$log.werror" "$arch" "$object"; then
		pw_fail "$V $arch: with GCC_PLUGIN_PAGEWARD_WERROR=y make $object fails" "it succeeded"
	elif finding "$log.werror" "$file" "$func" "$rule" error >/dev/null; then
		pw_pass "$V $arch: with GCC_PLUGIN_PAGEWARD_WERROR=y make $object fails on $func() $rule"
	else
		pw_fail "$V $arch: with GCC_PLUGIN_PAGEWARD_WERROR=y make $object fails on $func() $rule" \
			"$(grep -E 'error|pageward' "$log.werror" | head -n 10)"
	fi
	# The tree's .pageward-suppress naming the finding: the plugin gets
	# it (the flags change, kbuild compiles again) and the WERROR build
	# passes.  Taken away again: the uninstall test compares the copy.
	printf '%s %s %s %s\n' "$rule" "$file" "$func" "judged by tests/suite-install.sh" \
		>"$copy/.pageward-suppress"
	if kmake "$log.suppress" "$arch" "$object" &&
	   ! finding "$log.suppress" "$file" "$func" "$rule" error >/dev/null &&
	   grep -q -- "-fplugin-arg-pageward_plugin-suppress=.*/.pageward-suppress" "$cmd"; then
		pw_pass "$V $arch: the tree's .pageward-suppress is read: $func() $rule suppressed"
	else
		pw_fail "$V $arch: the tree's .pageward-suppress is read: $func() $rule suppressed" \
			"$(grep -E 'error|pageward' "$log.suppress" | head -n 10)"
	fi
	rm -f "$copy/.pageward-suppress"
}

# annotated_object ARCH OBJECT: the same object in the copy annotated by
# "make annotate": kbuild adds -D__PAGEWARD_CONTEXT__ (the plugin's
# lock-context reads the annotations), the build says nothing of
# lock-context, and the object is byte-identical to the one kbuild's own
# command makes without the -D and without pageward's plugin: neither
# changes the code.  Then the annotations go, and the copy's files are
# links to the original's again (the uninstall checks the inodes).
annotated_object() {
	arch=$1 object=$2
	obj=$T/obj-$V-$arch
	log=$T/$V-$arch.annotated.log
	cmd=$obj/${object%/*}/.${object##*/}.cmd
	if ! "$PW_ROOT/scripts/annotate.sh" "$copy" >"$log" 2>&1; then
		pw_fail "$V $arch: make annotate in the copy" "$(cat "$log")"
		return
	fi
	kconfig "$arch" -d GCC_PLUGIN_PAGEWARD_WERROR
	if kmake "$log" "$arch" "$object" && grep -q -- " -D__PAGEWARD_CONTEXT__ " "$cmd"; then
		pw_pass "$V $arch: annotated, $object is compiled with -D__PAGEWARD_CONTEXT__"
	else
		pw_fail "$V $arch: annotated, $object is compiled with -D__PAGEWARD_CONTEXT__" \
			"$(grep -E 'error|pageward' "$log" | head -n 10)" "$(head -c 1000 "$cmd" 2>/dev/null)"
	fi
	pw_same "$V $arch: annotated, no lock-context finding in $object" "" \
		"$(grep 'pageward:lock-context' "$log")"
	# kbuild's compile command (objtool, after " ; ", changes the object
	# it makes): once as it is, once without the -D and the plugin.
	with=$(pw_kbuild_compile "$cmd")
	plain=$(printf "%s" "$with" | sed 's/ -D__PAGEWARD_CONTEXT__ / /;
		s/ -fplugin=[^ ]*pageward_plugin\.so//g; s/ -fplugin-arg-pageward_plugin-[^ ]*//g')
	with=$(printf "%s" "$with" | sed "s# -o [^ ]*# -o $T/with.o#")
	plain=$(printf "%s" "$plain" | sed "s# -o [^ ]*# -o $T/plain.o#")
	rm -f "$T/with.o" "$T/plain.o"
	if (cd "$obj" && eval "$with" && eval "$plain") >"$log.cc" 2>&1 &&
	   cmp -s "$T/with.o" "$T/plain.o"; then
		pw_pass "$V $arch: annotated, $object is byte-identical without the -D and the plugin"
	else
		pw_fail "$V $arch: annotated, $object is byte-identical without the -D and the plugin" \
			"$(tail -n 5 "$log.cc")" "$(cmp "$T/with.o" "$T/plain.o" 2>&1)"
	fi
	"$PW_ROOT/scripts/annotate.sh" --revert "$copy" >>"$log" 2>&1 ||
		pw_fail "$V $arch: make unannotate in the copy" "$(tail -n 3 "$log")"
	for f in $(pw_annotation_files "$V"); do
		cmp -s "$orig/$f" "$copy/$f" && ln -f "$orig/$f" "$copy/$f"
	done
}

for V in $TREES; do
	echo "install-kernel: linux $V"
	orig=$PW_ROOT/build/src/linux-$V
	copy=$T/linux-$V
	if [ ! -f "$orig/Makefile" ]; then
		pw_skip "linux $V" "no $orig: run scripts/kernel-tree.sh $V x86_64"
		continue
	fi
	start=$(date +%s)
	LOCK_WAIT=0
	(cd "$orig/scripts" && find . -type f -exec sha256sum {} + | sort) >"$T/$V.scripts.sha"
	cp -al "$orig" "$copy"

	# x86_64, configured before the install, as a developer's tree is.
	kmake "$T/$V-x86_64.defconfig.log" x86_64 defconfig ||
		pw_fail "$V x86_64: make defconfig" "$(tail -n 5 "$T/$V-x86_64.defconfig.log")"

	ik_run "$V: install-kernel into a hard-link copy" 0 "$copy"
	for f in $HOOKS; do
		if cmp -s "$orig/$f" "$copy/$f"; then
			pw_fail "$V: install changes $f in the copy only" "unchanged"
		elif ! grep -q "scripts/gcc-plugins/pageward/" "$copy/$f"; then
			pw_fail "$V: install changes $f in the copy only" "no hook in it"
		else
			pw_pass "$V: install changes $f in the copy only"
		fi
	done
	version=$(sed -n 's/^#define PW_VERSION "\(.*\)"$/\1/p' "$PW_ROOT/gcc-plugin/pw_version.h")
	pw_same "$V: the tree records the version (PW_VERSION)" "version $version" \
		"$(grep '^version ' "$copy/scripts/gcc-plugins/pageward/INSTALLED")"

	# The hooked files, the originals kept and the record.
	kept="$HOOKS scripts/gcc-plugins/pageward/orig scripts/gcc-plugins/pageward/INSTALLED"
	# shellcheck disable=SC2086 # one word per file
	hooked=$(state "$copy" $kept)
	ik_run "$V: installing the same version again: exit 0" 0 "$copy"
	one_line "$V: ... says it was installed and refreshes" "already installed.*refreshed"
	# shellcheck disable=SC2086 # one word per file
	pw_same "$V: ... and the hooked files, originals and record stay as they are" \
		"$hooked" "$(state "$copy" $kept)"

	# Another version: the record says 0.0-other.
	rec=$copy/scripts/gcc-plugins/pageward/INSTALLED
	mv "$rec" "$rec.real"
	sed 's/^version .*/version 0.0-other/' "$rec.real" >"$rec"
	ik_run "$V: another version installed: exit 2" 2 "$copy"
	one_line "$V: another version installed: one line offering the uninstall" \
		"pageward 0.0-other installed, this is $version: run 'make uninstall-kernel KDIR=.*' first"
	mv "$rec.real" "$rec"

	# Root may write anywhere but not into a read-only mount.
	if unshare -m true 2>/dev/null; then
		mkdir -p "$T/ro"
		out=$(unshare -m sh -c 'mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" || exit 99
			"$3" "$2"; echo "status $?"; "$3" --uninstall "$2"; echo "status $?"' \
			sh "$copy" "$T/ro" "$IK" 2>&1)
		if [ "$(printf '%s\n' "$out" | grep -c 'is read-only')" -eq 2 ] &&
		   [ "$(printf '%s\n' "$out" | grep -c '^status 2$')" -eq 2 ]; then
			pw_pass "$V: a read-only mount of the tree: install and uninstall refuse, exit 2"
		else
			pw_fail "$V: a read-only mount of the tree: install and uninstall refuse, exit 2" "$out"
		fi
	else
		pw_skip "$V: read-only mount" "unshare -m is not permitted here"
	fi

	ik_run "$V: an O= object directory as KDIR: exit 2" 2 "$T/obj-$V-x86_64"
	one_line "$V: an O= object directory as KDIR: one line naming it" \
		"is a kernel object directory \(O=\), not a source tree"

	# The Kconfig parses and has the entry: new in the existing .config.
	kmake "$T/$V-x86_64.listnewconfig.log" x86_64 listnewconfig
	pw_same "$V x86_64: make listnewconfig lists the new options" \
		"CONFIG_GCC_PLUGIN_PAGEWARD=n" "$(grep PAGEWARD "$T/$V-x86_64.listnewconfig.log")"
	kmake "$T/$V-x86_64.helpnewconfig.log" x86_64 helpnewconfig
	if grep -q '^Symbol: GCC_PLUGIN_PAGEWARD \[=n\]' "$T/$V-x86_64.helpnewconfig.log" &&
	   grep -q 'pageward: check the mm race protocols' "$T/$V-x86_64.helpnewconfig.log" &&
	   grep -q 'Location:' "$T/$V-x86_64.helpnewconfig.log" &&
	   grep -A8 'Location:' "$T/$V-x86_64.helpnewconfig.log" | grep -q 'GCC plugins'; then
		pw_pass "$V x86_64: make helpnewconfig shows its help, under GCC plugins"
	else
		pw_fail "$V x86_64: make helpnewconfig shows its help, under GCC plugins" \
			"$(head -n 30 "$T/$V-x86_64.helpnewconfig.log")"
	fi

	# x86_64: the report file relative to the object tree.  The finding in
	# fs/gfs2/lops.c (gfs2_find_jhead(), the same code in both trees,
	# docs/access-verdicts.md) needs GFS2_FS.  (virtio_console's
	# pipe_to_sg() was the object until issue 12 found it a false positive.)
	report=$T/obj-$V-x86_64/pageward.json
	kconfig x86_64 -e GCC_PLUGINS -e GCC_PLUGIN_PAGEWARD -e GFS2_FS \
		--set-str GCC_PLUGIN_PAGEWARD_REPORT pageward.json
	have_config x86_64 GCC_PLUGIN_PAGEWARD=y GCC_PLUGIN_PAGEWARD_REPORT='"pageward.json"' \
		GFS2_FS=y WERROR=y
	build_object x86_64 fs/gfs2/lops.o
	annotated_object x86_64 mm/memory.o

	# s390, cross-compiled, configured after the install; the report file
	# absolute.
	report=$T/$V-s390.json
	kmake "$T/$V-s390.defconfig.log" s390 defconfig ||
		pw_fail "$V s390: make defconfig" "$(tail -n 5 "$T/$V-s390.defconfig.log")"
	kconfig s390 -e GCC_PLUGINS -e GCC_PLUGIN_PAGEWARD --set-str GCC_PLUGIN_PAGEWARD_REPORT "$report"
	have_config s390 GCC_PLUGINS=y GCC_PLUGIN_PAGEWARD=y
	build_object s390 arch/s390/kernel/uv.o

	if [ "$V" = 6.12 ]; then
		# The rule list: with only access-before-io, uv.c's freeze-inexact
		# is not checked, so the WERROR build now succeeds.
		kconfig s390 --set-str GCC_PLUGIN_PAGEWARD_RULES "access-before-io, pin-before-access"
		if kmake "$T/$V-s390.rules.log" s390 arch/s390/kernel/uv.o &&
		   grep -q -- '-fplugin-arg-pageward_plugin-rules=access-before-io,pin-before-access ' \
			"$T/obj-$V-s390/arch/s390/kernel/.uv.o.cmd"; then
			pw_pass "$V s390: GCC_PLUGIN_PAGEWARD_RULES=\"access-before-io, pin-before-access\" checks only those"
		else
			pw_fail "$V s390: GCC_PLUGIN_PAGEWARD_RULES=\"access-before-io, pin-before-access\" checks only those" \
				"$(grep -E 'error|pageward' "$T/$V-s390.rules.log" | head -n 10)"
		fi
		# The plugin kbuild built for s390x refuses the host gcc.
		out=$(gcc -fplugin="$T/obj-$V-s390/scripts/gcc-plugins/pageward_plugin.so" \
			-x c -c /dev/null -o "$T/null.o" 2>&1)
		rc=$?
		if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -q 'pageward_plugin was built for GCC .* rebuild it'; then
			pw_pass "$V: the kbuild-built s390x plugin refuses the host gcc"
		else
			pw_fail "$V: the kbuild-built s390x plugin refuses the host gcc" "exit $rc" "$out"
		fi
	fi

	ik_run "$V: uninstall-kernel" 0 --uninstall "$copy"
	diff -r --no-dereference "$orig" "$copy" >"$T/$V.diff" 2>&1
	pw_same "$V: after the uninstall the copy is identical to build/src/linux-$V" "" \
		"$(head -n 20 "$T/$V.diff")"
	# The same inodes, too: nothing in the copy is a file of its own.
	pw_same "$V: ... every file of it still the original's inode" "" \
		"$(find "$copy" -type f -links 1 | head -n 20)"
	pw_same "$V: build/src/linux-$V/scripts has the content it had" "" \
		"$( (cd "$orig/scripts" && find . -type f -exec sha256sum {} + | sort) |
			diff "$T/$V.scripts.sha" - | head -n 20)"
	pw_same "$V: no file under build/src/linux-$V was written" "" \
		"$(find "$orig" -type f -newer "$T/.start" | head -n 20)"
	echo "  (linux $V: $(($(date +%s) - start))s, of which ${LOCK_WAIT}s waiting for /tmp/pageward-kbuild.lock)"
done
