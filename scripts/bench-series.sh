#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What "pageward series" costs on a 10-patch series touching mm/ of linux
# 6.12, with the prepared x86_64 tree as the configured build.
#
#   scripts/bench-series.sh       ("make bench-series")
#
# A git repository of the real 6.12 files (include/, arch/x86/, mm/, the top
# Makefile) gets ten commits, each editing one of ten mm/ files that x86_64
# builds (a line added before the first #include, so that every finding of
# the file moves).
# Their objects are compiled once beforehand (not timed).  Then, in one run,
# side by side:
#  1. pageward series BASE..TIP, every engine, its wall-clock and CPU time,
#     and where the time goes (its summary line: reading git, Coccinelle,
#     the compiles);
#  2. the plain compiles of the same ten files at both states with kbuild's
#     flags and no plugin (-S -o /dev/null), the cost any CI pays to build
#     the series, as the yardstick.
# Prints both, the ratio of their CPU times, and the verdict against the
# target: the series checked in under 60 s on this 2-core machine.  Exit 0
# whatever the time; 1 when a step fails; 2 when something is missing or an
# argument is given (--help prints this text).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/bench-series.sh [--help]"
pw_no_args "$@"
TARGET=60	# seconds
FILES="mm/memory.c mm/migrate.c mm/swapfile.c mm/truncate.c mm/filemap.c
mm/gup.c mm/rmap.c mm/mmap.c mm/huge_memory.c mm/page_alloc.c"

for tool in spatch jq git /usr/bin/time; do
	command -v "$tool" >/dev/null || { say "no $tool: run make setup"; exit 2; }
done
OBJ=$("$ROOT/scripts/kernel-tree.sh" 6.12 x86_64)
SRC=$ROOT/build/src/linux-6.12
OUT=$ROOT/build/bench-series
mkdir -p "$OUT"

# The objects, compiled once (their .cmd files hold the flags).
objs=
for f in $FILES; do
	[ -f "$OBJ/$(dirname "$f")/.$(basename "$f" .c).o.cmd" ] || objs="$objs ${f%.c}.o"
done
if [ -n "$objs" ]; then
	say "bench-series: compiling$objs once (not timed)"
	# shellcheck disable=SC2086 # object names, no blanks
	flock /tmp/pageward-kbuild.lock "$ROOT/scripts/kernel-make.sh" 6.12 x86_64 KCFLAGS= $objs \
		>"$OUT/build.log" 2>&1 || fail "$OUT/build.log" "bench-series: building$objs failed"
fi

R=$OUT/linux
pw_git_tree "$SRC" "$R" Makefile include arch/x86 mm
base=$(git -C "$R" rev-parse HEAD)
n=0
for f in $FILES; do
	n=$((n + 1))
	sed -i "0,/^#include/s//\/* bench-series: patch $n of 10 *\/\n#include/" "$R/$f"
	git -C "$R" -c user.name=pageward -c user.email=pageward@localhost \
		commit -qam "$f: patch $n of 10"
done
tip=$(git -C "$R" rev-parse HEAD)

# 1. pageward series
rc=0
/usr/bin/time -f '%e %U %S' -o "$OUT/series.time" \
	"$ROOT/bin/pageward" series -C "$R" --objdir="$OBJ" "$base..$tip" \
	>"$OUT/series.out" 2>"$OUT/series.err" || rc=$?
[ "$rc" -le 1 ] || fail "$OUT/series.err" "bench-series: pageward series failed (status $rc)"

# 2. the plain compiles of both states, the yardstick
plain() {
	for state in "$base" "$tip"; do
		for f in $FILES; do
			git -C "$R" show "$state:$f" >"$OUT/plain.c"
			cmd=$(pw_kbuild_compile "$OBJ/$(dirname "$f")/.$(basename "$f" .c).o.cmd" |
				sed "s| -o [^ ]* | |; s|$SRC/$f|$OUT/plain.c|")
			(cd "$OBJ" && eval "$cmd -w -S -o /dev/null") || return 1
		done
	done
}
start=$(date +%s%N)
t0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
plain >"$OUT/plain.log" 2>&1 || fail "$OUT/plain.log" "bench-series: the plain compiles failed"
t1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$$/stat)
plain_wall=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')
plain_cpu=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }')

read -r wall user sys <"$OUT/series.time"
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
echo "pageward series, 10 patches over mm/ of linux 6.12 x86_64 (2 cores):"
sed 's/^pageward: /  /' "$OUT/series.err" | grep '^  series '
echo "  new findings: $(grep -c '^>> .*\[pageward:' "$OUT/series.out" || true)"
echo "  pageward series:          $wall s wall, $cpu s CPU"
echo "  plain compiles (2 x 10):  $plain_wall s wall, $plain_cpu s CPU (one at a time)"
awk -v a="$cpu" -v b="$plain_cpu" 'BEGIN { if (b > 0) printf "  ratio of CPU times:       %.2f\n", a / b }'
awk -v w="$wall" -v t="$TARGET" 'BEGIN {
	printf "  target: under %d s: %s\n", t, (w < t) ? "met" : "NOT met" }'
