#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# pageward series on a scratch git repository of real linux 6.12 files
# (include/, arch/x86/, arch/s390/kernel/uv.c, mm/, fs/userfaultfd.c and
# the top Makefile), with the prepared x86_64 object directory as the
# configured build (and, at the end, on a repository of the whole unpacked
# tree with the default build that pageward series prepares itself):
#  (a) a commit that drops the freeze check of migrate_huge_page_move_mapping()
#      adds freeze-unchecked, from both engines, exit 1, with no fix (the
#      freeze is under the xarray lock) and a note saying why;
#  (b) moving that function adds nothing;
#  (d) renaming mm/migrate.c adds nothing (BASE's names follow the rename);
#  (c) fixing it adds nothing;
#  (e) the same bug in arch/s390/kernel/uv.c, which x86_64 does not build:
#      Coccinelle still reports it, and --fix restores the line;
#  on an annotated branch, a spinlock released twice: sparse and the plugin;
#  overlapping fixes (one left out, said);
#  a suppression in .pageward-suppress (never new, counted, listed with
#  --show-suppressed), a malformed one (exit 2, file and line), a file name
#  with blanks, quotes and '$'; the series as mail (--mbox), a series that
#  does not apply; the SARIF against the SARIF 2.1.0 schema and GitHub's
#  required fields; bad arguments; Ctrl-C in the middle.  After every run,
#  the user's worktree, index, stash, branches and worktree list are as
#  they were.
set -u
. "$(dirname "$0")/lib.sh"

echo "series: pageward series on a git repository of real linux 6.12 files"

PW=$PW_ROOT/bin/pageward
T=$PW_TMP/series
rm -rf "$T"
mkdir -p "$T/tmp"

if ! OBJ=$("$PW_ROOT/scripts/kernel-tree.sh" 6.12 x86_64 2>"$T/tree.log"); then
	pw_fail "prepare linux 6.12 x86_64" "$(tail -n 5 "$T/tree.log")"
	exit 0
fi
SRC=$PW_ROOT/build/src/linux-6.12
# The objects the series touches, compiled once (their .cmd files are the
# flags "pageward series" reads).
for o in mm/migrate.o mm/memory.o mm/swapfile.o; do
	[ -f "$OBJ/$(dirname "$o")/.$(basename "$o").cmd" ] && continue
	if ! flock /tmp/pageward-kbuild.lock "$PW_ROOT/scripts/kernel-make.sh" 6.12 x86_64 \
		KCFLAGS= "$o" >"$T/build.log" 2>&1; then
		pw_fail "build $o of linux 6.12 x86_64" "$(tail -n 5 "$T/build.log")"
		exit 0
	fi
done

R=$T/linux
pw_git_tree "$SRC" "$R" Makefile include arch/x86 arch/s390/kernel/uv.c mm fs/userfaultfd.c ||
	{ pw_fail "make the scratch repository" ""; exit 0; }
cd "$R" || exit 1
commit() {
	git add -A && git -c user.name=t -c user.email=t@t commit -qm "$1" && git rev-parse HEAD
}
BASE=$(git rev-parse HEAD)

# (a) the check of the freeze dropped: the hugetlb folio's mapping is then
# copied with a count other CPUs may still raise (seeds 000, 002).
sed -i '/^int migrate_huge_page_move_mapping/,/^}/{
/^\tif (!folio_ref_freeze(src, expected_count)) {$/{N;N;N;s/.*/\tfolio_ref_freeze(src, expected_count);/;}
}' mm/migrate.c
A=$(commit "mm/migrate: no check of the freeze")
# (b) the function moved to the end of the file
awk '/^int migrate_huge_page_move_mapping/ { f = 1 } f { fn = fn $0 "\n"; if (/^}/) f = 0; next } { print } END { printf "\n%s", fn }' \
	mm/migrate.c >"$T/moved" && cp "$T/moved" mm/migrate.c
B=$(commit "mm/migrate: move migrate_huge_page_move_mapping() down")
# (d) the file renamed
git mv mm/migrate.c mm/migrate_folio.c
D=$(commit "mm: rename migrate.c")
# (c) the check restored
sed -i 's/^\tfolio_ref_freeze(src, expected_count);$/\tif (!folio_ref_freeze(src, expected_count)) {\n\t\txas_unlock_irq(\&xas);\n\t\treturn -EAGAIN;\n\t}/' \
	mm/migrate_folio.c
C=$(commit "mm/migrate: check the freeze again")
# (e) the check dropped in arch/s390/kernel/uv.c, not built for x86_64
sed -i 's/^\tif (!folio_ref_freeze(folio, expected))$/\tfolio_ref_freeze(folio, expected);/; /^\tfolio_ref_freeze(folio, expected);$/{n;/^\t\treturn -EBUSY;$/d;}' \
	arch/s390/kernel/uv.c
E=$(commit "s390/uv: no check of the freeze")
# a suppression of it, with its reason
printf '# judged in review\nfreeze-unchecked arch/s390/kernel/uv.c make_folio_secure the test suite injected it\n' \
	>.pageward-suppress
S=$(commit "pageward: suppress the injected uv.c finding")
# an odd file name: blanks, quotes, '$' (Coccinelle only: not built)
odd="mm/odd name's \$x.c"
sed -n '/^int migrate_huge_page_move_mapping/,/^}/p' mm/migrate_folio.c |
	sed 's/^\tif (!folio_ref_freeze(src, expected_count)) {$/\tfolio_ref_freeze(src, expected_count);\n\tif (0) {/' >"$odd"
O=$(commit "mm: a file with an odd name")

# On a branch of its own: the tree annotated (make annotate), and the
# spinlock of __try_to_reclaim_swap() released twice: sparse and the plugin
# report it (a swap device's lock dropped a second time corrupts the lock of
# whoever took it in between).
git checkout -q -b annotated "$BASE"
if "$PW_ROOT/scripts/annotate.sh" "$R" >"$T/annotate.log" 2>&1; then
	AN=$(commit "make annotate")
	sed -i '/^static int __try_to_reclaim_swap/,/^}/s/^\tspin_unlock(&si->lock);$/&\n&/' mm/swapfile.c
	AU=$(commit "mm/swapfile: unlock twice")
else
	pw_fail "make annotate on the scratch repository" "$(cat "$T/annotate.log")"
	AN= AU=
fi
git checkout -q "$O"

# The user's state, which no run may change: a dirty file, a staged one,
# a stash, a branch.
git checkout -q -b work
echo "/* stashed */" >>mm/memory.c && git stash -q
echo "/* dirty */" >>mm/memory.c
echo "/* staged */" >>mm/truncate.c && git add mm/truncate.c
state() {
	git status --porcelain=v1; git stash list; git branch -a; git rev-parse HEAD
	git worktree list --porcelain; git diff; git diff --cached
}
state >"$T/state.before"
user_state_kept() {
	state >"$T/state.after"
	if cmp -s "$T/state.before" "$T/state.after" && [ -z "$(ls -A "$T/tmp")" ]; then
		pw_pass "$1: the user's worktree, index, stash, branches kept; no scratch left"
	else
		pw_fail "$1: the user's worktree, index, stash, branches kept; no scratch left" \
			"$(diff "$T/state.before" "$T/state.after")" "$(ls -A "$T/tmp")"
	fi
}

export TMPDIR="$T/tmp"
series() {
	"$PW" series --objdir="$OBJ" "$@"
}
# new_of FILE.json: "FILE FUNCTION RULE ENGINE" of each new finding, sorted
new_of() {
	jq -r '"\(.file) \(.function) \(.rule) \(.engine)"' "$1" | sort
}

# (a)
pw_run "(a) a series that drops a freeze check: exit 1" 1 \
	series --json="$T/a.json" --sarif="$T/a.sarif" --fix="$T/a.patch" "$BASE..$A"
cp "$PW_TMP/run.stdout" "$T/a.txt"
printf '%s\n' "$out" >"$T/a.err"
pw_same "(a) the new findings: freeze-unchecked in migrate_huge_page_move_mapping(), both engines" \
	"mm/migrate.c migrate_huge_page_move_mapping freeze-unchecked cocci
mm/migrate.c migrate_huge_page_move_mapping freeze-unchecked gcc-plugin" "$(new_of "$T/a.json")"
pw_same "(a) the text marks each new finding '>> ' in the SPEC's format" "2" \
	"$(grep -c '^>> mm/migrate\.c:[0-9]*:[0-9]*: warning: migrate_huge_page_move_mapping() .* \[pageward:freeze-unchecked\]$' "$T/a.txt")"
# The freeze is under xas_lock_irq(): a "return" there would leave the lock
# held and interrupts off, so neither engine offers a fix, and the plugin's
# note says why.
pw_same "(a) no fix under the xarray lock: the fix patch is empty" "" "$(cat "$T/a.patch")"
pw_same "(a) ... and a note says why" "1" \
	"$(grep -c '^>> mm/migrate\.c:[0-9]*: note: no fix is offered: the lock taken here may be held at the freeze' "$T/a.txt")"
user_state_kept "(a)"

# (b), (d), (c): nothing new
pw_run "(b) moving a function that has findings adds nothing: exit 0" 0 series "$A..$B"
pw_same "(b) nothing printed" "" "$(cat "$PW_TMP/run.stdout")"
pw_run "(d) renaming a file with findings adds nothing: exit 0" 0 series "$B..$D"
pw_run "(c) a fix adds nothing: exit 0" 0 series "$D..$C"
pw_run "(a..c) the whole series adds nothing: exit 0" 0 series "$BASE..$C"
# A base that moved on past the series' fork point (E is after A): the
# series is measured from their merge base, A itself, so nothing is new;
# compared with E directly, A would "add" the freeze check that C restored.
pw_run "a BASE that is not an ancestor of TIP: measured from the merge base, exit 0" 0 series "$E..$A"
case $out in
*"(from the merge base "*) pw_pass "... and the summary says so" ;;
*) pw_fail "... and the summary says so" "$out" ;;
esac
# (e)
pw_run "(e) a finding in a file x86_64 does not build: exit 1" 1 \
	series --json="$T/e.json" --sarif="$T/e.sarif" --fix="$T/e.patch" "$C..$E"
pw_same "(e) Coccinelle reports it" "arch/s390/kernel/uv.c make_folio_secure freeze-unchecked cocci" \
	"$(new_of "$T/e.json")"
case $out in
*"1 files touched (0 built)"*) pw_pass "(e) the summary says the file is not built" ;;
*) pw_fail "(e) the summary says the file is not built" "$out" ;;
esac
# The fix patch (Coccinelle's, from its patch mode): git apply takes it on
# TIP, and it restores exactly the check that (e) dropped, with the
# function's own -EBUSY.
rm -rf "$T/fixed"
git worktree add -q --detach "$T/fixed" "$E" 2>/dev/null
if (cd "$T/fixed" && git apply --check "$T/e.patch" && git apply "$T/e.patch") 2>"$T/apply.err" &&
   [ -s "$T/e.patch" ]; then
	pw_pass "(e) --fix: one patch that git apply takes on TIP"
	pw_same "(e) --fix: the patched uv.c is the one before (e)" "" \
		"$(git -C "$T/fixed" diff "$C" -- arch/s390/kernel/uv.c)"
else
	pw_fail "(e) --fix: one patch that git apply takes on TIP" "$(cat "$T/apply.err" "$T/e.patch")"
fi
git worktree remove --force "$T/fixed" 2>/dev/null
git worktree prune

# Fixes that overlap: the second is left out, and a line says so.
cat >"$T/two.json" <<'EOF2'
{"rule":"freeze-unchecked","file":"x.c","line":3,"column":2,"function":"f","message":"m","engine":"gcc-plugin","severity":"warning","fix":"--- x.c\n+++ x.c\n@@ -2,3 +2,4 @@\n a\n-b\n+if (!b)\n+\treturn -EBUSY;\n c\n","notes":[]}
{"rule":"freeze-unchecked","file":"x.c","line":3,"column":2,"function":"f","message":"m","engine":"cocci","severity":"warning","fix":"--- a/x.c\n+++ b/x.c\n@@ -3,2 +3,3 @@\n-b\n+if (!b)\n+\treturn -EBUSY;\n c\n","notes":[]}
EOF2
mkdir -p "$T/two"
printf 'z\na\nb\nc\nd\n' >"$T/two/x.c"
if sh "$PW_ROOT/scripts/series-fix.sh" "$T/two.json" "$T/two" "$T/two.patch" "$T/two.fixed" 2>"$T/two.err"; then
	pw_same "overlapping fixes: the second is left out, and said so" \
		"pageward: series: the fix of x.c:3 [pageward:freeze-unchecked] (cocci) is left out: it overlaps the fix of x.c:3 [pageward:freeze-unchecked] (gcc-plugin)" \
		"$(cat "$T/two.err")"
	pw_same "overlapping fixes: the patch holds the first" "1" "$(grep -c '^+if (!b)$' "$T/two.patch")"
else
	pw_fail "overlapping fixes: the second is left out, and said so" "$(cat "$T/two.err")"
fi

# suppression
pw_run "a suppressed finding is not new: exit 0" 0 series --show-suppressed "$C..$S"
case $out in
*", 1 suppressed;"*) pw_pass "the suppressed finding is counted" ;;
*) pw_fail "the suppressed finding is counted" "$out" ;;
esac
pw_same "--show-suppressed lists it with its reason" \
	"-- arch/s390/kernel/uv.c make_folio_secure
--   suppressed: the test suite injected it" \
	"$(sed -n 's/^\(-- [^:]*\):[0-9]*:[0-9]*: warning: \([a-z_]*\)().*/\1 \2/p; /^--   suppressed/p' "$PW_TMP/run.stdout")"
printf 'freeze-unchecked arch/s390/kernel/uv.c make_folio_secure\n' >"$T/noreason"
pw_run "a suppression without a reason: exit 2" 2 series --suppress="$T/noreason" "$C..$E"
pw_one_line "... one line naming the file and line" "noreason:1: expected 'RULE PATH FUNCTION REASON'"
# the odd file name
pw_run "a finding in '$odd': exit 1" 1 series --json="$T/odd.json" "$S..$O"
pw_same "... reported under its name" "$odd migrate_huge_page_move_mapping freeze-unchecked cocci" \
	"$(new_of "$T/odd.json")"
# sparse, in the annotated tree
if [ -n "$AU" ]; then
	pw_run "annotated tree: a spinlock released twice: exit 1" 1 series --json="$T/an.json" "$AN..$AU"
	pw_same "... sparse and the plugin report it; sparse's other warnings are not new" \
		"mm/swapfile.c __try_to_reclaim_swap lock-context gcc-plugin
mm/swapfile.c __try_to_reclaim_swap lock-context sparse" "$(new_of "$T/an.json")"
	case $out in
	*"engines cocci gcc-plugin sparse;"*) pw_pass "... the summary names sparse among the engines" ;;
	*) pw_fail "... the summary names sparse among the engines" "$out" ;;
	esac
fi
user_state_kept "after the ranges"

# The series as mail.
git format-patch -q --stdout "$BASE..$A" >"$T/a.mbox"
pw_run "--mbox: the series as mail: exit 1" 1 series --json="$T/mbox.json" --mbox "$T/a.mbox" "$BASE"
pw_same "--mbox: the same new findings as the range" "$(new_of "$T/a.json")" "$(new_of "$T/mbox.json")"
user_state_kept "--mbox"
git format-patch -q --stdout "$D..$C" >"$T/c.mbox"
pw_run "--mbox: a series that does not apply: exit 2" 2 series --mbox "$T/c.mbox" "$BASE"
pw_one_line "... one line saying so" "does not apply to $BASE"
user_state_kept "a series that does not apply"

# SARIF: the official schema, and what GitHub code scanning requires.
schema=$("$PW_ROOT/scripts/sarif-schema.sh" 2>"$T/schema.err")
if [ -z "$schema" ]; then
	pw_skip "SARIF valid against the SARIF 2.1.0 schema" "$(cat "$T/schema.err")"
elif /usr/bin/python3 -c 'import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
for f in sys.argv[2:]:
	jsonschema.validate(json.load(open(f)), schema)' \
	"$schema" "$T/a.sarif" "$T/e.sarif" 2>"$T/schema.log"; then
	pw_pass "SARIF of (a) and (e) valid against the SARIF 2.1.0 schema"
else
	pw_fail "SARIF of (a) and (e) valid against the SARIF 2.1.0 schema" "$(tail -n 5 "$T/schema.log")"
fi
sarif_need='
	def need(p; what): if p then empty else what end;
	need(.version == "2.1.0"; "version"),
	(.runs[0] | need(.tool.driver.name == "pageward"; "driver name"),
	 (.tool.driver.rules | map(.id)) as $ids
	 | (.tool.driver.rules[] | need((.id | length) > 0 and (.shortDescription.text | length) > 0
		and (.help.text | length) > 0 and (.helpUri | test("README.md#[a-z-]+$")); "rule \(.id)")),
	 (.results[] | . as $x | need($ids | index($x.ruleId); "ruleId \($x.ruleId)"),
		need($x.ruleIndex == ($ids | index($x.ruleId)); "ruleIndex"),
		need((.message.text | length) > 0; "message"),
		need(.locations[0].physicalLocation.artifactLocation.uri | test("^[a-z0-9/_]+\\.c$"); "uri"),
		need(.locations[0].physicalLocation.region.startLine >= 1; "startLine"),
		need((.partialFingerprints | to_entries | length) > 0 and
		     (.partialFingerprints | to_entries | all(.value | type == "string" and
			(test("\\b\($x.locations[0].physicalLocation.region.startLine)\\b") | not))); "fingerprints without line numbers"),
		(.fixes[] | need(.artifactChanges[0].artifactLocation.uri | test("^[a-z0-9/_]+\\.c$"); "fix uri"),
			need(.artifactChanges[0].replacements[0].deletedRegion.startLine >= 1; "fix region"),
			need((.artifactChanges[0].replacements[0].insertedContent.text | test("if \\(!folio_ref_freeze")); "fix text"))))'
got=$(jq -r "$sarif_need" "$T/a.sarif" 2>&1; jq -r "$sarif_need" "$T/e.sarif" 2>&1
	jq -r 'if [.runs[0].results[] | .relatedLocations | length] | add >= 1 then empty else "(a) notes as related locations" end' "$T/a.sarif" 2>&1
	jq -r 'if [.runs[0].results[].fixes | length] == [1] then empty else "(e) one fix" end' "$T/e.sarif" 2>&1)
pw_same "SARIF: what GitHub code scanning reads (rules with help, locations, notes, fingerprints, fixes)" "" "$got"
# The fingerprint of (a)'s finding does not change when (b) moves it.
pw_run "(b) the moved finding at TIP, --all" 0 series --all --sarif="$T/b.sarif" "$A..$B"
fp() { jq -r '.runs[0].results[].partialFingerprints[]' "$1" | sort; }
series --sarif="$T/ab.sarif" "$BASE..$B" >/dev/null 2>&1
pw_same "SARIF: partial fingerprints survive the move" "$(fp "$T/a.sarif")" "$(fp "$T/ab.sarif")"

# Bad input: one line, exit 2, before any work.
for bad in "no-range" "$BASE...$A" "nosuchrev..$A" "$BASE..nosuchrev"; do
	pw_run "bad range '$bad': exit 2" 2 series "$bad"
	pw_one_line "... one line" "pageward series: "
done
pw_run "an unknown option: exit 2" 2 series --frobnicate "$BASE..$A"
pw_one_line "... one line" "unknown option '--frobnicate'"
pw_run "an unknown engine: exit 2" 2 series --engines=cocci,smatch "$BASE..$A"
pw_one_line "... one line" "unknown engine 'smatch'"
pw_run "an objdir that is not configured: exit 2" 2 "$PW" series --objdir="$T" "$BASE..$A"
pw_one_line "... one line" "is not a configured kernel object directory"
# (this repository has no Kconfig: no default build can be made of it)
pw_run "the plugin asked for, no objdir, no kernel tree to build: exit 2" 2 \
	env -u KBUILD_OUTPUT PAGEWARD_CACHE="$T/nocache" "$PW" series --engines=gcc-plugin "$BASE..$A"
pw_one_line "... one line" "engine gcc-plugin asked for: [0-9a-f]* has no Kconfig .*not a kernel tree to build"
pw_run "an unknown --arch: exit 2" 2 env -u KBUILD_OUTPUT "$PW" series --arch=arm "$BASE..$A"
pw_one_line "... one line" "unknown architecture 'arm'"
pw_run "--arch with --objdir: exit 2" 2 series --arch=s390 "$BASE..$A"
pw_one_line "... one line" "is the default build.s: the build in .* has its own"
mkdir -p "$T/notgit"
pw_run "not a git tree: exit 2" 2 env GIT_CEILING_DIRECTORIES="$T" "$PW" series -C "$T/notgit" "$BASE..$A"
pw_one_line "... one line" "is not a git tree"
pw_run "a missing mbox: exit 2" 2 series --mbox "$T/no-such.mbox" "$BASE"
pw_one_line "... one line" "cannot read the mbox"
# PATH: every command of /usr/bin but spatch
mkdir -p "$T/bin"
for f in /usr/bin/*; do ln -sf "$f" "$T/bin/"; done
rm -f "$T/bin/spatch"
pw_run "a missing tool (no spatch) asked for: exit 2" 2 env PATH="$T/bin" \
	"$PW" series --engines=cocci "$BASE..$A"
pw_one_line "... one line" "pageward series: engine cocci asked for: no spatch"
user_state_kept "bad input"

# Ctrl-C in the middle: the whole process group interrupted, as a terminal
# does, while "git am" runs in the scratch worktree (a hook of this
# repository holds it there), and once while the engines run.
printf '#!/bin/sh\nsleep 60\n' >.git/hooks/applypatch-msg
chmod +x .git/hooks/applypatch-msg
interrupt() {
	name=$1
	shift
	# its own session and process group, whose id the shell writes down
	rm -f "$T/pgid"
	# (its SIGINT back to the default: this shell's "&" ignores it, and a
	# shell cannot trap a signal ignored when it started)
	setsid -w env --default-signal=INT sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$T/pgid" \
		"$PW" series "$@" >"$T/int.out" 2>&1 &
	pid=$!
	i=0
	# shellcheck disable=SC2086 # $wait_for is a pattern
	until [ -e $wait_for ] 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt "${wait_max:-600}" ] || break
		sleep 0.1
	done
	sleep 0.5
	/bin/kill -s INT -- "-$(cat "$T/pgid")"
	wait "$pid"
	rc=$?
	if [ "$rc" -eq 130 ]; then
		pw_pass "$name: exit 130"
	else
		pw_fail "$name: exit 130" "exit status $rc" "$(cat "$T/int.out")"
	fi
	user_state_kept "$name"
}
wait_for="$R/.git/worktrees/*/rebase-apply" interrupt "Ctrl-C during git am (worktree up)" \
	--objdir="$OBJ" --mbox "$T/a.mbox" "$BASE"
rm -f .git/hooks/applypatch-msg
wait_for="$T/tmp/*/tip" interrupt "Ctrl-C while the engines run" --objdir="$OBJ" "$BASE..$A"

# An objdir inside the source tree (make O=build): kbuild spells the source
# tree ".." in the flags, and those paths too must lead to the scratch
# copy, or both states would be compiled from the checked-out files and (a)
# would add nothing.  The objdir is the prepared one, seen from a directory
# of the tree: its generated headers linked, its .cmd with "../".
K=$T/ktree
pw_git_tree "$SRC" "$K" Makefile include arch/x86 mm >/dev/null 2>&1
mkdir -p "$K/build/mm"
echo "include $K/Makefile" >"$K/build/Makefile"
cp "$OBJ/.config" "$K/build/"
ln -s "$OBJ/include" "$K/build/include"
ln -s "$OBJ/arch" "$K/build/arch"
sed "s|$SRC/|../|g" "$OBJ/mm/.migrate.o.cmd" >"$K/build/mm/.migrate.o.cmd"
echo build/ >>"$K/.git/info/exclude"
git -C "$R" show "$A:mm/migrate.c" >"$K/mm/migrate.c"
git -C "$K" -c user.name=t -c user.email=t@t commit -qam "mm/migrate: no check of the freeze"
pw_run "make O=build inside the tree (flags with ../): (a) found, exit 1" 1 \
	"$PW" series -C "$K" --objdir="$K/build" --json="$T/k.json" HEAD~1..HEAD
pw_same "... by both engines" "$(new_of "$T/a.json")" "$(new_of "$T/k.json")"
# A compile command with a command substitution in it (a Makefile line
# of a series can put one in a build's flags): refused, not run.
cp "$K/build/mm/.migrate.o.cmd" "$T/migrate.o.cmd"
sed -i "s|\(:= [^ ]*gcc[^ ]*\) |\1 -DX=\$(touch $T/ran) |" "$K/build/mm/.migrate.o.cmd"
pw_run "a compile command with \$(...) in its .cmd file: exit 2" 2 \
	"$PW" series -C "$K" --objdir="$K/build" HEAD~1..HEAD
pw_one_line "... one line, and the command not run" "has shell syntax \(\\\$\(\) that is no compile of kbuild's"
[ ! -e "$T/ran" ] || pw_fail "... the command substitution was run" "$T/ran exists"
cp "$T/migrate.o.cmd" "$K/build/mm/.migrate.o.cmd"

# The default build: no --objdir, no $KBUILD_OUTPUT.  A repository of
# the whole unpacked tree (build/src/linux-6.12: all that "make defconfig
# prepare" and mm/ need), added with --work-tree (the unpacked tree is
# only read; -f: Debian's .gitignore ignores its top level), its commits
# made from git's objects, and a new cache.
F=$T/full
DB=$T/cache/series/linux-6.12-x86_64
fg() { git -C "$F" "$@"; }
# fcommit MESSAGE PATH FILE [PATH FILE...]: a commit on HEAD in which PATH
# has FILE's content; its id
fcommit() {
	fc_msg=$1
	shift
	while [ $# -gt 0 ]; do
		fc_blob=$(fg hash-object -w "$(realpath "$2")") &&
			fg update-index --add --cacheinfo "100644,$fc_blob,$1" || return 1
		shift 2
	done
	fc_tree=$(fg write-tree) &&
		fc_c=$(echo "$fc_msg" | fg -c user.name=t -c user.email=t@t commit-tree "$fc_tree" -p HEAD) &&
		fg update-ref HEAD "$fc_c" && echo "$fc_c"
}
# dseries ARGS...: pageward series on $F with the default build, one
# kernel build at a time
dseries() {
	flock /tmp/pageward-kbuild.lock env -u KBUILD_OUTPUT PAGEWARD_CACHE="$T/cache" \
		"$PW" series -C "$F" "$@"
}
# config_time: when the default build was configured
config_time() { stat -c %Y "$DB/obj/.config" 2>/dev/null; }
rm -rf "$F" "$T/cache"
if git init -q "$F" && fg --work-tree="$SRC" -c core.looseCompression=0 add -A -f &&
   fg -c user.name=t -c user.email=t@t commit -qm "linux 6.12 (what pageward unpacks)"; then
	FBASE=$(fg rev-parse HEAD)
	# (a) again: the freeze check of migrate_huge_page_move_mapping() dropped
	git -C "$R" show "$A:mm/migrate.c" >"$T/d-migrate.c"
	FA=$(fcommit "mm/migrate: no check of the freeze" mm/migrate.c "$T/d-migrate.c")
	# a new file in mm/ (built: its Makefile line comes with it) and the
	# same bug in mm/damon/core.c, which the configuration does not build
	# (CONFIG_DAMON is not set: mm/Makefile's obj-$(CONFIG_DAMON) += damon/)
	cat >"$T/d-new.c" <<'EOF_C'
// SPDX-License-Identifier: GPL-2.0
/* pageward series test: a freeze whose result is dropped */
#include <linux/mm.h>
#include <linux/page_ref.h>

int pw_series_isolate(struct folio *folio);
int pw_series_isolate(struct folio *folio)
{
	folio_ref_freeze(folio, 1);
	folio_ref_unfreeze(folio, 1);
	return 0;
}
EOF_C
	{ cat "$SRC/mm/Makefile"; echo "obj-y += pw_series_new.o"; } >"$T/d-Makefile"
	{ cat "$SRC/mm/damon/core.c"; sed -n '/^int pw_series_isolate(struct folio \*folio)$/,$p' "$T/d-new.c" |
		sed 's/pw_series_isolate/pw_damon_isolate/'; } >"$T/d-damon.c"
	FB=$(fcommit "mm: a new file, and damon" mm/pw_series_new.c "$T/d-new.c" \
		mm/Makefile "$T/d-Makefile" mm/damon/core.c "$T/d-damon.c")
fi
if [ -z "${FB:-}" ]; then
	pw_fail "the default build: a repository of linux 6.12" "git failed"
else
	# Ctrl-C while it is configured: nothing left running or behind, and
	# the next run configures it again
	# (the export may take minutes on a busy machine: waited for up to 10)
	export PAGEWARD_CACHE="$T/cache"
	saved_kbuild_output=${KBUILD_OUTPUT-}
	unset KBUILD_OUTPUT
	wait_max=6000 wait_for="$DB/obj/pageward-prepare.log" \
		interrupt "Ctrl-C while the default build is configured" -C "$F" "$FBASE..$FA"
	sleep 1
	left=$(pgrep -af "$DB" || true)
	pw_same "... no make left running in it" "" "$left"
	pw_same "... after the tree was exported" "$FA" "$(cat "$DB/src.commit" 2>/dev/null)"
	unset PAGEWARD_CACHE
	[ -z "$saved_kbuild_output" ] || export KBUILD_OUTPUT="$saved_kbuild_output"
	pw_run "default build, first run: (a) found by both engines, exit 1" 1 \
		dseries --json="$T/d1.json" "$FBASE..$FA"
	pw_same "... the same new findings as with --objdir" "$(new_of "$T/a.json")" "$(new_of "$T/d1.json")"
	printf '%s\n' "$out" >"$T/d1.err"
	missing=
	for step in "configuring $DB/obj" "make prepare in $DB/obj" "building mm " \
		"built by the default build $DB/obj" "default build [0-9.]* s"; do
		grep -q "$step" "$T/d1.err" || missing="$missing '$step'"
	done
	grep -q "exporting" "$T/d1.err" && missing="$missing (exported again)"
	pw_same "... prepared it: configured again, prepared, mm/ built, said" "" "$missing"
	t1=$(config_time)
	pw_run "default build, a new file and a directory not built: exit 1" 1 \
		dseries --json="$T/d2.json" "$FA..$FB"
	pw_same "... the new file by both engines, damon/core.c by Coccinelle alone" \
		"mm/damon/core.c pw_damon_isolate freeze-unchecked cocci
mm/pw_series_new.c pw_series_isolate freeze-unchecked cocci
mm/pw_series_new.c pw_series_isolate freeze-unchecked gcc-plugin" "$(new_of "$T/d2.json")"
	printf '%s\n' "$out" >"$T/d2.err"
	if grep -q "building mm mm/damon " "$T/d2.err" && ! grep -qE "exporting|configuring|make prepare" "$T/d2.err" &&
	   [ "$(config_time)" = "$t1" ] && [ -f "$DB/obj/mm/.pw_series_new.o.cmd" ] &&
	   [ ! -e "$DB/obj/mm/damon/.core.o.cmd" ]; then
		pw_pass "... mm/ built again for the new file, damon/ built nothing; not configured again"
	else
		pw_fail "... mm/ built again for the new file, damon/ built nothing; not configured again" \
			"$(cat "$T/d2.err")" "$(ls -la "$DB/obj/mm/damon" 2>&1 | head -n 5)"
	fi
	pw_run "default build, (a) again: exit 1" 1 dseries --json="$T/d3.json" "$FBASE..$FA"
	pw_same "... the same findings" "$(new_of "$T/d1.json")" "$(new_of "$T/d3.json")"
	if [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] &&
	   printf '%s\n' "$out" | grep -q "built by the default build $DB/obj.*default build [0-9.]* s, "; then
		pw_pass "... from the prepared build: nothing built, only the summary line on stderr"
	else
		pw_fail "... from the prepared build: nothing built, only the summary line on stderr" "$out"
	fi
	# From a directory of the tree: its top is the repository
	mkdir -p "$F/mm"
	pw_run "default build, -C mm (a directory of the tree): exit 1" 1 \
		dseries -C "$F/mm" --json="$T/d4.json" "$FBASE..$FA"
	pw_same "... the same findings" "$(new_of "$T/d1.json")" "$(new_of "$T/d4.json")"
	# A series from mail is built only when --arch asks for it (its
	# Makefiles would run)
	git -C "$F" format-patch -q --stdout "$FBASE..$FA" >"$T/d.mbox"
	pw_run "default build, --mbox without --arch: exit 1" 1 dseries --json="$T/d5.json" --mbox "$T/d.mbox" "$FBASE"
	pw_same "... Coccinelle's finding alone" "mm/migrate.c migrate_huge_page_move_mapping freeze-unchecked cocci" \
		"$(new_of "$T/d5.json")"
	pw_same "... and the summary says why" "1" "$(printf '%s\n' "$out" | grep -c "gcc-plugin (a series from mail is not built unless asked")"
	pw_run "default build, --mbox with --arch=x86_64: exit 1" 1 \
		dseries --arch=x86_64 --json="$T/d6.json" --mbox "$T/d.mbox" "$FBASE"
	pw_same "... both engines" "$(new_of "$T/d1.json")" "$(new_of "$T/d6.json")"
fi
rm -rf "$F"

# The CI examples: every option their pageward series command uses (its
# line and the two after it) is one this version has.
for ex in "$PW_ROOT"/docs/ci/github-actions.yml "$PW_ROOT"/docs/ci/gitlab-ci.yml; do
	used=$(awk '/pageward"? series --/ { n = 3 } n > 0 { print; n-- }' "$ex" |
		grep -o -- '--[a-z-]*' | sort -u)
	unknown=
	for o in $used; do
		"$PW" series --help | grep -q -- "^	$o[= ]" || unknown="$unknown $o"
	done
	if [ -n "$used" ] && [ -z "$unknown" ]; then
		pw_pass "$(basename "$ex"): pageward series with known options ($(echo $used))"
	else
		pw_fail "$(basename "$ex"): pageward series with known options" "unknown:${unknown:- none; no command found}"
	fi
done
