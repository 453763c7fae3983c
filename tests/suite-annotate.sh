#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The sparse lock-context annotations: "make annotate" / "make unannotate"
# (scripts/annotate.sh, sparse-annotations/linux-V.patch).
#
#	tests/run.sh annotate
#
# Always (seconds): the refusals (no KDIR, not a kernel tree, a version
# with no patch, unknown option), and for linux 6.1 and 6.12 (when
# build/src/linux-V is unpacked: scripts/kernel-tree.sh) on a small tree of
# the files the patch touches: apply, apply again (one line, exit 2, tree
# unchanged), revert (byte-identical), revert again (one line, exit 2);
# and tests/kernel/sparse-cond-attr.c, what plain sparse does with a
# negative out value in a context attribute on a definition.
#
# Not under PW_QUICK (real kernels, about two minutes of sparse and the
# plugin each): for linux 6.1 and 6.12 (PW_ANNOTATE_TREES), a hard-link
# copy (cp -al) of the whole tree and a copy of its configured x86_64
# object directory; annotate it (build/src must stay untouched, the patched
# files must no longer be links); "make C=2 CHECK='pageward check
# --engines=sparse,gcc-plugin' mm/"; sparse's context warnings, as
# FILE:FUNCTION:KIND, must be exactly tests/kernel/expected-sparse-context-V.txt
# (each added one read in the source: docs/context-verdicts.md), and the
# plugin's findings (lock-context with the annotations, every other rule)
# exactly those of tests/kernel/expected-lock-context.txt; then revert:
# diff -r against the pristine tree is empty.  KBUILD_NOCMDDEP=1 keeps
# kbuild from recompiling mm/ because the copy's compiler command lines name
# another source directory: the objects are not needed, only the checkers
# run.  On 6.12, tests/kernel/annotate-contexts.c, correct and leaking
# users of each conditional annotation, through kbuild's sparse command
# line, annotated (each leak flagged, nothing else) and after the revert
# (nothing flagged).
set -u
. "$(dirname "$0")/lib.sh"

AN=$PW_ROOT/scripts/annotate.sh
T=$PW_TMP/annotate
rm -rf "$T"
mkdir -p "$T"

# an NAME WANT_STATUS ARGS...: run annotate.sh (pw_run: $out, $rc).
an() {
	an_name=$1 an_want=$2
	shift 2
	pw_run "$an_name" "$an_want" "$AN" "$@"
}

# refused NAME PATTERN ARGS...: exit 2, one line on stderr matching
# PATTERN, nothing on stdout.
refused() {
	r_name=$1 r_pat=$2
	shift 2
	an "$r_name: exit 2" 2 "$@"
	pw_one_line "$r_name: one line" "$r_pat"
}

# sums DIR: checksums of every file under DIR, by relative path.
sums() { (cd "$1" && find . -type f | sort | xargs sha256sum); }

refused "no KDIR" "one KDIR expected" 
refused "empty KDIR (make annotate)" "KDIR is empty" ""
refused "missing KDIR" "no directory" "$T/nowhere"
mkdir -p "$T/notkernel"
refused "not a kernel tree" "not a kernel source tree" "$T/notkernel"
refused "unknown option" "unknown argument" --bogus "$T/notkernel"
mkdir -p "$T/old/include/linux" "$T/old/mm"
printf 'VERSION = 5\nPATCHLEVEL = 10\n' >"$T/old/Makefile"
: >"$T/old/include/linux/mm.h"
: >"$T/old/mm/memory.c"
refused "unsupported version" "linux '5.10'.*not supported" "$T/old"
out=$(make -C "$PW_ROOT" --no-print-directory annotate KDIR="$T/old" 2>&1)
rc=$?
if [ "$rc" -eq 2 ] && printf '%s\n' "$out" | grep -q "not supported"; then
	pw_pass "make annotate: the script's refusal, status 2"
else
	pw_fail "make annotate: the script's refusal, status 2" "status $rc" "$out"
fi

for v in 6.1 6.12; do
	src=$PW_ROOT/build/src/linux-$v
	if [ ! -f "$src/Makefile" ]; then
		pw_skip "annotate linux $v: small tree" "no $src (scripts/kernel-tree.sh $v x86_64)"
		continue
	fi
	m=$T/mini-$v
	pw_small_tree "$v" "$m"
	before=$(sums "$m")
	an "annotate linux $v" 0 "$m"
	if [ -f "$m/include/linux/pageward-context.h" ] &&
	   grep -q "__acquire_shared(mm);" "$m/include/linux/mmap_lock.h"; then
		pw_pass "annotate linux $v: the header is in, mmap_read_lock counts"
	else
		pw_fail "annotate linux $v: the header is in, mmap_read_lock counts"
	fi
	annotated=$(sums "$m")
	refused "annotate linux $v twice" "already annotated" "$m"
	pw_same "annotate linux $v twice: the tree is unchanged" "$annotated" "$(sums "$m")"
	an "unannotate linux $v" 0 --revert "$m"
	pw_same "unannotate linux $v: byte-identical" "$before" "$(sums "$m")"
	refused "unannotate linux $v twice" "is not annotated" --revert "$m"
	pw_same "unannotate linux $v twice: the tree is unchanged" "$before" "$(sums "$m")"
	# A tree the patch does not fit: one hunk's context changed.
	sed -i 's/^static inline void mmap_read_lock(/static inline void mmap_read_lock_x(/' \
		"$m/include/linux/mmap_lock.h"
	changed=$(sums "$m")
	refused "annotate a changed linux $v" "do not apply" "$m"
	pw_same "annotate a changed linux $v: the tree is unchanged" "$changed" "$(sums "$m")"
done

# What sparse does with a negative out value on a definition (the reason
# for __cond_unlock_shared() and __hand_off(): sparse-annotations/README.md).
ATTR=$PW_ROOT/tests/kernel/sparse-cond-attr.c
if command -v sparse >/dev/null 2>&1; then
	pw_same "sparse-cond-attr.c: context(x,0,-1) and (x,1,-1) on a definition, wrong count at every exit" \
		"$(printf '%s\n' "pw_acquire_cond - wrong count at exit" "pw_release_cond - wrong count at exit")" \
		"$(sparse -Wcontext "$ATTR" 2>&1 | sed -n "s#^$ATTR:[0-9]*:[0-9]*: warning: context imbalance in '\([^']*\)' \(.*\)#\1 \2#p" | sort)"
else
	pw_skip "sparse-cond-attr.c" "no sparse (make setup)"
fi

if [ -n "${PW_QUICK:-}" ]; then
	pw_skip "annotate linux 6.12: sparse over mm/" "PW_QUICK is set"
	exit 0
fi

# The real runs: linux 6.1 and 6.12 x86_64 (PW_ANNOTATE_TREES), sparse and
# the plugin over mm/ of an annotated copy, through pageward check, as a
# developer runs them (make C=2 CHECK="pageward check"): sparse's context
# warnings and the plugin's findings are each an exact set.
# case_run: annotate-contexts.c through the sparse command in $T/sparse-cmd,
# the functions it flags.
case_run() { (cd "$O" && sh -c "$(cat "$T/sparse-cmd") $CASE" 2>&1) |
	sed -n "s#^$CASE:[0-9]*:[0-9]*: warning: context imbalance in '\([^']*\)'.*#\1#p" | sort; }
for V in ${PW_ANNOTATE_TREES:-6.1 6.12}; do
	SPARSE_EXPECTED=$PW_ROOT/tests/kernel/expected-sparse-context-$V.txt
	if ! OBJ=$("$PW_ROOT/scripts/kernel-tree.sh" "$V" x86_64 2>"$T/tree.log"); then
		pw_fail "annotate linux $V: the configured tree" "$(tail -n 5 "$T/tree.log")"
		continue
	fi
	SRC=$PW_ROOT/build/src/linux-$V
	K=$T/linux-$V
	O=$T/obj-$V
	# Tried three times: another user's tool may create and remove a
	# scratch file in the shared tree while cp walks it ("cannot stat").
	copied=
	for try in 1 2 3; do
		rm -rf "$K" "$O"
		if cp -al "$SRC" "$K" 2>"$T/cp.log" && cp -a "$OBJ" "$O" 2>>"$T/cp.log"; then
			copied=1
			break
		fi
	done
	[ -n "$copied" ] || { pw_fail "annotate linux $V: copy the tree" "$(head -n 3 "$T/cp.log")"; continue; }
	FILES=$(pw_annotation_files "$V")
	shared=$(for f in $FILES; do sha256sum "$SRC/$f"; done)
	an "annotate the cp -al copy of linux $V" 0 "$K"
	pw_same "annotate a cp -al copy: build/src/linux-$V unchanged" "$shared" \
		"$(for f in $FILES; do sha256sum "$SRC/$f"; done)"
	links=$(for f in $FILES include/linux/pageward-context.h; do stat -c "%h $f" "$K/$f"; done)
	pw_same "annotate a cp -al copy of linux $V: the patched files are files of their own" \
		"$(for f in $FILES include/linux/pageward-context.h; do echo "1 $f"; done)" "$links"

	start=$(date +%s)
	flock /tmp/pageward-kbuild.lock make -C "$K" O="$O" ARCH=x86_64 -j"$(nproc)" \
		C=2 KBUILD_NOCMDDEP=1 CHECK="$PW_ROOT/bin/pageward check --engines=sparse,gcc-plugin" \
		mm/ >"$T/check-$V.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ "$rc" -ne 0 ]; then
		pw_fail "sparse and the plugin over linux $V mm/ (annotated)" "make status $rc" \
			"$(tail -n 5 "$T/check-$V.log")"
	else
		echo "  (sparse and the plugin over linux $V mm/: ${secs}s)"
		got=$(sed -n "s#^$K/\([^:]*\):[0-9]*:[0-9]*: warning: context imbalance in '\([^']*\)' - \(.*\)\$#\1:\2:\3#p" \
			"$T/check-$V.log" | sort)
		pw_same "sparse over linux $V mm/ (annotated): the context warnings" \
			"$(grep -v '^#' "$SPARSE_EXPECTED" | sort)" "$got"
		# The plugin's findings, every rule, as "TREE/FILE FUNCTION RULE":
		# lock-context's from tests/kernel/expected-lock-context.txt, and
		# none of another rule (the tree without the annotations has
		# none on mm/: tests/kernel/expected-gcc-plugin.txt).
		got=$(sed -n "s#^$K/\([^:]*\):[0-9]*:[0-9]*: warning: \([A-Za-z0-9_]*\)(): .* \[pageward:\([a-z-]*\)\]\$#linux-$V/\1 \2 \3#p" \
			"$T/check-$V.log" | sort -u)
		pw_same "the plugin over linux $V mm/ (annotated): the findings" \
			"$(grep "^linux-$V/mm/" "$PW_ROOT/tests/kernel/expected-lock-context.txt" | sort)" "$got"
		if grep -q "CC *$O/mm/" "$T/check-$V.log"; then
			pw_fail "linux $V mm/: no compile" "$(grep "CC *$O/mm/" "$T/check-$V.log" | head -n 3)"
		else
			pw_pass "linux $V mm/: no compile"
		fi
	fi

	# tests/kernel/annotate-contexts.c through kbuild's own sparse command
	# line (that of arch/x86/mm/pat/memtype.c, a follow_pfnmap_start()
	# caller): annotated, exactly its *_leak functions are flagged; plain,
	# none is.  6.12: the case's declarations are 6.12's.
	CASE=$PW_ROOT/tests/kernel/annotate-contexts.c
	rm -f "$T/sparse-cmd"
	if [ "$V" = 6.12 ]; then
		flock /tmp/pageward-kbuild.lock make -C "$K" O="$O" ARCH=x86_64 C=2 V=1 KBUILD_NOCMDDEP=1 \
			arch/x86/mm/pat/memtype.o 2>&1 | grep "^ *sparse .*/memtype\.c" | head -n 1 |
			sed 's#-Wp,-MMD,[^ ]*##; s#[^ ]*/memtype\.c##' >"$T/sparse-cmd"
		if [ ! -s "$T/sparse-cmd" ]; then
			pw_fail "annotate-contexts.c: kbuild's sparse command line for memtype.c"
		else
			pw_same "annotate-contexts.c, annotated: exactly the *_leak functions flagged" \
				"$(sed -n 's/^[a-z]* \(pw_[a-z_]*_leak\)(.*/\1/p' "$CASE" | sort)" "$(case_run)"
		fi
	fi
	an "unannotate the copy of linux $V" 0 --revert "$K"
	[ -s "$T/sparse-cmd" ] &&
		pw_same "annotate-contexts.c, plain sparse: nothing flagged" "" "$(case_run)"
	# "Only in" a file the patch does not name is another user's scratch
	# file appearing or vanishing in the shared tree during the run (spatch
	# writes them at its top), not the revert's doing; every other line
	# counts.
	d=$(diff -rq --no-dereference "$SRC" "$K" 2>&1 |
		grep -v -e "^Only in $SRC: [^/]*_[0-9:_]*\$" -e "^Only in $K: [^/]*_[0-9:_]*\$")
	if [ -z "$d" ]; then
		pw_pass "unannotate linux $V: diff -r against the pristine tree is empty"
	else
		pw_fail "unannotate linux $V: diff -r against the pristine tree is empty" "$(printf '%s\n' "$d" | head -n 5)"
	fi
	rm -rf "$K" "$O"
done
