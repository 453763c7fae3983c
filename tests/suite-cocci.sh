#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The Coccinelle rules beyond report mode: patch mode's fixes apply with
# git apply, compile with -Werror, and leave nothing for either engine to
# report; org and context modes run and point at the findings.
set -u
. "$(dirname "$0")/lib.sh"

echo "cocci: patch, org and context modes"

# The standalone rules (cocci/RULE.cocci with cocci/lib/pageward.py in it).
pw_cocci_rules >/dev/null || exit 1
T=$PW_TMP/cocci
rm -rf "$T"
mkdir -p "$T/src"
cp "$PW_ROOT"/tests/cases/freeze/*.c "$T/src/"
cd "$T/src" || exit 1
git init -q . && git add . && git -c user.name=t -c user.email=t@t commit -qm base

# spatch_mode MODE RULE FILE: with $SPATCH_D's -D options too.
spatch_mode() {
	spatch --very-quiet -D "$1" ${SPATCH_D:+-D $SPATCH_D} --no-includes --include-headers \
		--sp-file "$PW_COCCI/$2.cocci" --patch . "$3"
}

if spatch_mode patch freeze-unchecked unchecked.c >"$T/fix.patch" 2>"$T/fix.err" &&
   [ -s "$T/fix.patch" ] && git apply "$T/fix.patch" 2>>"$T/fix.err"; then
	pw_pass "freeze-unchecked patch mode: a patch git apply takes"
	if "$PW_CC" -O2 -Wall -Werror -c -o /dev/null -I"$PW_ROOT/tests/include" unchecked.c \
		2>"$T/cc.err"; then
		pw_pass "the patched file compiles with -Wall -Werror"
	else
		pw_fail "the patched file compiles with -Wall -Werror" "$(cat "$T/cc.err")"
	fi
	got=$( (spatch --very-quiet -D report --sp-file "$PW_COCCI/freeze-unchecked.cocci" unchecked.c;
		pw_cc -O2 -c -o /dev/null -I"$PW_ROOT/tests/include" unchecked.c 2>&1) |
		pw_findings unchecked.c)
	pw_same "after the patch neither engine reports freeze-unchecked" "" "$got"
	git checkout -q unchecked.c
else
	pw_fail "freeze-unchecked patch mode: a patch git apply takes" \
		"$(cat "$T/fix.patch" "$T/fix.err")"
fi

# access-before-io, pin-before-access and vmflags-unsynced-write: the patch
# applies, compiles with -Wall -Werror, and afterwards neither engine
# reports what it fixed.  What remains is listed: the stores that already
# have a section on their VMA (a nested one would break the count) and the
# static helper one of whose callers does not lock (fixed in the caller).
cp "$PW_ROOT"/tests/cases/access/*.c "$PW_ROOT"/tests/cases/vmflags/*.c "$T/src/"
git add . && git -c user.name=t -c user.email=t@t commit -qm access
for spec in "access-before-io access_flag.c 107 189" \
	    "access-before-io access_flag_612.c D=no_page_accessible" "pin-before-access pin_flag.c" \
	    "pin-before-access seed000_example.c" \
	    "vmflags-unsynced-write vma_lock_flag.c" \
	    "vmflags-unsynced-write spf_writers_flag.c 24 44 70" \
	    "vmflags-unsynced-read spf_fault_flag.c 18 42 58 69 84"; do
	set -- $spec
	rule=$1 f=$2 SPATCH_D=
	shift 2
	# D=VIRTUAL: a 6.12-style file in no kernel tree, which spatch is told
	# about (-D no_page_accessible), as it would read it from the tree
	case ${1-} in D=*) SPATCH_D=${1#D=}; shift ;; esac
	# What may remain: the lines the Coccinelle rule does not report (the
	# plugin's findings there have no Coccinelle fix).
	want=$(for l in "$@"; do echo "$l $rule"; done)
	if spatch_mode patch "$rule" "$f" >"$T/$rule.patch" 2>"$T/$rule.err" &&
	   [ -s "$T/$rule.patch" ] && git apply "$T/$rule.patch" 2>>"$T/$rule.err" &&
	   "$PW_CC" -O2 -Wall -Werror -c -o /dev/null -I"$PW_ROOT/tests/include" "$f" \
		2>>"$T/$rule.err"; then
		pw_pass "$rule patch mode on $f: git apply takes it, -Wall -Werror compiles it"
		got=$( (spatch --very-quiet -D report --sp-file "$PW_COCCI/$rule.cocci" "$f";
			pw_cc -O2 -c -o /dev/null -I"$PW_ROOT/tests/include" "$f" 2>&1) |
			pw_findings "$f" | grep " $rule\$" | sort -un)
		pw_same "$rule: after the patch neither engine reports what it fixed in $f" "$want" "$got"
	else
		pw_fail "$rule patch mode on $f: git apply takes it, -Wall -Werror compiles it" \
			"$(cat "$T/$rule.patch" "$T/$rule.err")"
	fi
	git checkout -q "$f"
done

# The era, for Coccinelle: a 6.1-style file that does not use the
# speculative-fault series is not checked for write sections, unless the
# user says the tree has them (-D spf).
f=$PW_ROOT/tests/cases/vmflags/old_kernel_quiet.c
got=$(spatch --very-quiet -D report -D spf --sp-file "$PW_COCCI/vmflags-unsynced-write.cocci" "$f" 2>&1 |
	pw_findings "$f")
pw_same "vmflags-unsynced-write -D spf checks a file that does not use the series" \
	"$(awk '/vma->vm_flags = new_flags;/ { print NR " vmflags-unsynced-write" }' "$f")" "$got"

# freeze-inexact has no automatic fix: which mechanism is right is a design
# decision.  Patch mode must still run and change nothing.
if spatch_mode patch freeze-inexact inexact_flag.c >"$T/none.patch" 2>"$T/none.err"; then
	pw_same "freeze-inexact patch mode runs and proposes nothing" "" "$(cat "$T/none.patch")"
else
	pw_fail "freeze-inexact patch mode runs and proposes nothing" "$(cat "$T/none.err")"
fi

# pfn-after-unlock has none either (the access under the lock or a retry
# loop: see the rule's Comments).
cp "$PW_ROOT"/tests/cases/pfn/*.c "$T/src/"
if spatch_mode patch pfn-after-unlock follow_pte_flag.c >"$T/none.patch" 2>"$T/none.err"; then
	pw_same "pfn-after-unlock patch mode runs and proposes nothing" "" "$(cat "$T/none.patch")"
else
	pw_fail "pfn-after-unlock patch mode runs and proposes nothing" "$(cat "$T/none.err")"
fi

for rule in freeze-inexact freeze-unchecked pfn-after-unlock; do
	case $rule in
	freeze-inexact) f=s390_make_folio_secure.c line=38 ;;
	freeze-unchecked) f=unchecked.c line=10 ;;
	pfn-after-unlock) f=pfnmap_flag.c line=24 ;;
	esac
	# org: a TODO linking FILE::LINE; context: a diff whose "-" lines are
	# the marked statements, like the kernel's own context mode.
	text=$(sed -n "${line}p" "$f" | sed 's/[[:space:]]*\/\*.*//')
	for mode in org context; do
		case $mode in
		org) mark="$f::$line" ;;
		context) mark="-$text" ;;
		esac
		if spatch_mode $mode $rule $f >"$T/$mode.out" 2>"$T/$mode.err" &&
		   grep -qF -- "$mark" "$T/$mode.out"; then
			pw_pass "$rule $mode mode marks line $line of $f"
		else
			pw_fail "$rule $mode mode marks line $line of $f" "looked for: $mark" \
				"$(cat "$T/$mode.out" "$T/$mode.err")"
		fi
	done
done

# The shared helpers, cocci/lib/pageward.py, on their own: the answers each
# rule relies on, where the copies had drifted apart.
cat >"$T/lib-check.py" <<'PY'
import sys
exec(open(sys.argv[1]).read())
class Pos(object):
	def __init__(self, file, line, col):
		(self.file, self.line, self.column) = (file, str(line), str(col))
def col(line, col):
	return pw_column([Pos(sys.argv[2], line, col)])
for t in ['int', 'static inline int', 'long long int', 'unsigned long',
	  'size_t', 'u8', 'bool', 'void __init', 'struct page *',
	  'blk_status_t', 'static blk_status_t', 'vm_fault_t', 'gfp_t',
	  'enum zone_type', 'struct folio', 'dma_addr_t']:
	print('%s: %s' % (t, pw_error_return(t, '-EIO')))
# the function's own terms: a pointer function that returns ERR_PTR()
print(pw_error_return('struct folio *', '-EIO', ['\tif (!x)', '\t\treturn ERR_PTR(-ENOENT);']))
print(pw_error_return('struct folio *', '-EIO', ['\treturn NULL;']))
# "\tx = vma->vm_flags;": the field (byte 10) is named at its '->' (byte
# 8, GCC's column 16), "vma" (byte 5) at 13, "x" after the tab at 9; a
# call at itself; "ab\tc": "c" at 9 (the tab goes to the next multiple of 8).
print(col(1, 10), col(1, 5), col(1, 1), col(2, 1), col(3, 3))
print(pw_args('a, f(b, c), d[1, 2]'), pw_args(''))
PY
printf '\tx = vma->vm_flags;\n\tfolio_ref_freeze(folio, 2);\nab\tc\n' >"$T/lib-check.c"
pw_same "cocci/lib/pageward.py: one return-type table (blk_status_t and vm_fault_t are __bitwise unsigned: no errno, no 0; an unsigned count has no error value; dma_addr_t fails with DMA_MAPPING_ERROR; ERR_PTR() where the function uses it), GCC's columns" \
"int: return -EIO;
static inline int: return -EIO;
long long int: return -EIO;
unsigned long: None
size_t: None
u8: None
bool: return false;
void __init: return;
struct page *: return NULL;
blk_status_t: None
static blk_status_t: None
vm_fault_t: None
gfp_t: None
enum zone_type: None
struct folio: None
dma_addr_t: return DMA_MAPPING_ERROR;
return ERR_PTR(-EIO);
return NULL;
16 13 9 9 9
['a', 'f(b, c)', 'd[1, 2]'] ['']" \
	"$(python3 "$T/lib-check.py" "$PW_ROOT/cocci/lib/pageward.py" "$T/lib-check.c" 2>&1)"

# scripts/cocci-build.sh: each rule of cocci/ becomes one standalone file
# with the helpers in it and no #include line left; a rule whose #include
# names no file is an error of one line and status 2.
bad=0
for r in "$PW_ROOT"/cocci/*.cocci; do
	g=$PW_COCCI/$(basename "$r")
	if [ ! -f "$g" ] || grep -q '^#include "' "$g" ||
	   ! grep -q '^def pw_column(p):' "$g"; then
		bad="$bad $(basename "$r")"
	fi
done
pw_same "scripts/cocci-build.sh: every rule of cocci/ standalone in build/cocci/" "0" "$bad"
sed 's|^#include "lib/pageward.py"$|#include "lib/none.py"|' "$PW_ROOT/cocci/freeze-unchecked.cocci" \
	>"$T/missing-lib.cocci"
out=$("$PW_ROOT/scripts/cocci-build.sh" "$T/missing-lib.cocci" 2>&1)
pw_same "scripts/cocci-build.sh: an #include of no file is one line and status 2" \
	"2 1 none.py" "$? $(echo "$out" | wc -l) $(echo "$out" | grep -o 'none\.py' | head -n 1)"
rm -f "$PW_COCCI/missing-lib.cocci"

# The tree's .pageward-suppress in report and org modes (what "make
# coccicheck" prints): the one at the top of the kernel tree (Makefile,
# Kconfig, include/linux/) is read, not one above it; a malformed one stops
# spatch with one line naming file and line.
mkdir -p "$T/sup/tree/sub" "$T/sup/tree/include/linux"
: >"$T/sup/tree/Makefile"
: >"$T/sup/tree/Kconfig"
cp "$PW_ROOT/tests/cases/freeze/unchecked.c" "$T/sup/tree/sub/"
# one above the tree: never read
printf '* * * not the tree'"'"'s\n' >"$T/sup/.pageward-suppress"
printf '# judged\nfreeze-unchecked sub/unchecked.c ignored_cast tested by suite-cocci\n' \
	>"$T/sup/tree/.pageward-suppress"
cd "$T/sup/tree" || exit 1
for mode in report org; do
	got=$(env -u PAGEWARD_SUPPRESS_DONE spatch --very-quiet -D $mode \
		--sp-file "$PW_COCCI/freeze-unchecked.cocci" sub/unchecked.c 2>&1 |
		grep -o 'ignored_[a-z_]*()\|stored_never_read()' | sort -u | tr '\n' ' ')
	pw_same "$mode mode: the tree's .pageward-suppress hides exactly its finding" \
		"ignored_in_void() ignored_statement() stored_never_read() " "$got"
done
printf 'freeze-unchecked sub/unchecked.c ignored_cast\n' >"$T/sup/tree/.pageward-suppress"
out=$(env -u PAGEWARD_SUPPRESS_DONE spatch --very-quiet -D report \
	--sp-file "$PW_COCCI/freeze-unchecked.cocci" sub/unchecked.c 2>&1)
rc=$?
pw_same "a reasonless suppression: spatch stops, one line naming file and line" \
	"2 1 yes" "$rc $(echo "$out" | wc -l) $(echo "$out" | grep -q '\.pageward-suppress:1: expected' && echo yes)"
