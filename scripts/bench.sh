#!/bin/sh
# What the GCC plugin costs at compile time, on a real kernel subset: linux
# 6.12 x86_64 mm/, every object recompiled in each run, built alternately
# without the plugin, with it, and with it in check-only mode; then kbuild's
# checker modes over the same directory.
#
#   scripts/bench.sh              ("make bench" builds the plugin, then calls it)
#   BENCH_RUNS=7 scripts/bench.sh  runs per variant (default 5, at least 3)
#   BENCH_C2_RUNS=3 scripts/bench.sh  runs of each make C=2 variant (default 1)
#
# Prints the median wall time of each variant, the plugin's ratio against
# the 3% target, the peak RSS of cc1 with and without the plugin, and the
# CPU time the plugin's pass took as a share of cc1's, measured inside the
# compiler.  The peak is measured in one more pair of runs of its own, with
# every cc1 started under /usr/bin/time (gcc -wrapper), so that the timed
# runs carry no wrapper.
# Check-only against a full compile: the CPU time of every cc1 of mm/,
# summed (the plugin's stats= line, written at the end of each cc1), of
# the same runs, against the target of at most 50%; and, in each run, the
# same compiles with -fsyntax-only, the front end alone: no check-only
# mode can cost less.
# Then, in one run, alternating: "make C=2 mm/" (kbuild's default checker,
# sparse alone) and "make C=2 CHECK='bin/pageward check' mm/" (every
# engine), each over a plain "make mm/", by the CPU time (user + system) of
# the whole make, against the target of at most +60% for pageward.
# Exit 0 whatever the ratios; 1 when a build fails, 2 when something is
# missing or an argument is given (--help prints this text).
#
# Internal mode, used through gcc -wrapper:
#   scripts/bench.sh --rss-wrapper FILE PROGRAM ARGS...
set -eu

# gcc -wrapper runs every subprocess of the driver (cc1, as) as
# "WRAPPER PROGRAM ARGS".  Measure cc1 only, each into a private file, and
# append one short line to FILE: short appends from parallel jobs do not mix.
if [ "${1-}" = --rss-wrapper ]; then
	out=$2
	shift 2
	case ${1##*/} in
	cc1)
		tmp=$(mktemp)
		rc=0
		/usr/bin/time -f %M -o "$tmp" "$@" || rc=$?
		# a failing command adds a "Command exited..." line first
		tail -n 1 "$tmp" >>"$out"
		rm -f "$tmp"
		exit "$rc"
		;;
	*) exec "$@" ;;
	esac
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/bench.sh [--help]"
pw_no_args "$@"
PLUGIN=$ROOT/gcc-plugin/pageward_plugin.so
RUNS=${BENCH_RUNS:-5}
C2_RUNS=${BENCH_C2_RUNS:-1}
VERSION=6.12
ARCH=x86_64
OUT=$ROOT/build/bench
LOG=$OUT/build.log

say() { echo "pageward bench: $*" >&2; }

case $RUNS in
'' | *[!0-9]*) say "BENCH_RUNS=$RUNS: want a number, at least 3"; exit 2 ;;
esac
case $C2_RUNS in
'' | *[!0-9]* | 0) say "BENCH_C2_RUNS=$C2_RUNS: want a number, at least 1"; exit 2 ;;
esac
for tool in sparse spatch; do
	command -v "$tool" >/dev/null ||
		{ say "no $tool for the make C=2 runs: run make setup"; exit 2; }
done
if [ "$RUNS" -lt 3 ]; then
	say "BENCH_RUNS=$RUNS: at least 3 runs per variant"
	exit 2
fi
if [ ! -f "$PLUGIN" ]; then
	say "no $PLUGIN: build it first (make, or make bench)"
	exit 2
fi
if [ ! -x /usr/bin/time ]; then
	say "no /usr/bin/time: apt-get install time (or run: make setup)"
	exit 2
fi

mkdir -p "$OUT"
# Benchmark a copy: a "make" in the work tree during the runs must not swap
# the plugin between them.
cp "$PLUGIN" "$OUT/pageward_plugin.so"
PLUGIN=$OUT/pageward_plugin.so
OBJ=$("$ROOT/scripts/kernel-tree.sh" "$VERSION" "$ARCH")
: >"$LOG"

# build NAME KCFLAGS [MAKE ARGS...]: recompile all of mm/; print "WALL CPU"
# in seconds, CPU being the user + system time of make and everything it
# ran.  Removing the object directory's mm/ takes every object and its .cmd
# file with it, so kbuild recompiles each file whatever the flags of the
# last run.
build() {
	name=$1 kcflags=$2
	shift 2
	rm -rf "$OBJ/mm"
	echo "=== $name: KCFLAGS=$kcflags $*" >>"$LOG"
	if ! /usr/bin/time -f "%e %U %S" -o "$OUT/time" \
	    "$ROOT/scripts/kernel-make.sh" "$VERSION" "$ARCH" "KCFLAGS=$kcflags" "$@" mm/ \
	    >>"$LOG" 2>&1; then
		say "the $name build of linux-$VERSION $ARCH mm/ failed; log: $LOG"
		exit 1
	fi
	tail -n 1 "$OUT/time" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }'
}

# cc1_cpu STATS: the CPU seconds of the cc1s of mm/ files in a stats= file
# (changed KCFLAGS also recompile bounds.c and asm-offsets.c: not counted).
cc1_cpu() {
	awk '$1 ~ /\/mm\// { s += $4 } END { printf "%.2f\n", s / 1e9 }' "$1"
}

# syntax_only STATS: the front end alone, the floor under check-only: each
# mm/ command of the build just done (kbuild's .cmd files), run again with
# -fsyntax-only in place of -c -o and of check-only, the plugin writing its
# stats= line to STATS (it is written under -fsyntax-only too), $(nproc) at
# a time.  kbuild quotes its -D values, so each command is a script of its
# own for sh.
syntax_only() {
	rm -rf "$OUT/syntax"
	mkdir -p "$OUT/syntax"
	for cmd in "$OBJ"/mm/.*.o.cmd; do
		name=${cmd##*/.}
		# the compile only (no "; objtool ..."), no plugin flags of the
		# build, and ours where "-c -o OBJECT" was
		sed -n 's/^savedcmd_[^ ]* := //p' "$cmd" | head -n 1 |
			sed -e 's/;.*//' -e 's/ -fplugin[^ ]*//g' \
			    -e "s| -c -o [^ ]* | -fsyntax-only -fplugin=$PLUGIN $ARG-stats=$1 |" \
			    >"$OUT/syntax/$name.sh"
	done
	(cd "$OBJ" && ls "$OUT"/syntax/*.sh | xargs -P "$(nproc)" -n 1 sh) >>"$LOG" 2>&1 ||
		{ say "an -fsyntax-only compile of mm/ failed; log: $LOG"; exit 1; }
}

say "linux-$VERSION $ARCH mm/, $RUNS runs each, -j$(nproc); log: $LOG"
# Other work on the machine skews the times: show how busy it was.
load_before=$(cut -d" " -f1-3 /proc/loadavg)
# One untimed build first: the first after prepare also builds what mm/
# needs beyond prepare, and it warms the page cache for both variants.
build warm-up "" >/dev/null

RESULTS=$OUT/runs
: >"$RESULTS"
ARG=-fplugin-arg-pageward_plugin
i=1
while [ "$i" -le "$RUNS" ]; do
	t=$(build "plain $i" "")
	echo "plain $t" >>"$RESULTS"
	: >"$OUT/stats-full"
	u=$(build "plugin $i" "-fplugin=$PLUGIN $ARG-stats=$OUT/stats-full")
	echo "plugin $u $(cc1_cpu "$OUT/stats-full")" >>"$RESULTS"
	: >"$OUT/stats-check"
	c=$(build "check-only $i" "-fplugin=$PLUGIN $ARG-check-only $ARG-stats=$OUT/stats-check")
	echo "check $c $(cc1_cpu "$OUT/stats-check")" >>"$RESULTS"
	: >"$OUT/stats-syntax"
	syntax_only "$OUT/stats-syntax"
	echo "syntax $(cc1_cpu "$OUT/stats-syntax")" >>"$RESULTS"
	say "run $i/$RUNS (wall, cpu seconds): plain $t, plugin $u, check-only $c"
	i=$((i + 1))
done

# kbuild's checker modes, each after a plain build of its own.  The
# plugin kbuild's "pageward check" builds on demand is built before the
# first timed run.
env -u MAKEFLAGS make -C "$ROOT" --no-print-directory -s CC=gcc \
	PLUGIN_SO="$ROOT/build/plugin/$(gcc -dumpmachine)-gcc$(gcc -dumpversion | cut -d. -f1)/pageward_plugin.so" \
	plugin >>"$LOG" 2>&1 || { say "building the plugin for pageward check failed; log: $LOG"; exit 1; }
i=1
while [ "$i" -le "$C2_RUNS" ]; do
	t=$(build "c2 plain $i" "")
	echo "c2plain $t" >>"$RESULTS"
	u=$(build "C=2 sparse $i" "" C=2)
	echo "c2sparse $u" >>"$RESULTS"
	c=$(build "C=2 pageward $i" "" C=2 "CHECK=$ROOT/bin/pageward check")
	echo "c2pageward $c" >>"$RESULTS"
	say "C=2 run $i/$C2_RUNS (wall, cpu seconds): plain $t, sparse $u, pageward check $c"
	i=$((i + 1))
done

# Peak cc1 RSS: one more build of each, every cc1 under /usr/bin/time.
rss() {
	: >"$OUT/rss-$1"
	build "rss $1" "-wrapper $ROOT/scripts/bench.sh,--rss-wrapper,$OUT/rss-$1 $2" >/dev/null
	if [ ! -s "$OUT/rss-$1" ]; then
		say "no cc1 measured in the $1 memory run"
		exit 1
	fi
	sort -n "$OUT/rss-$1" | tail -n 1
}
rss_plain=$(rss plain "")
# The plugin's memory run also has every cc1 write what pageward's pass cost
# it, measured inside the compiler (thread CPU time around each execution of
# the pass): a figure the noise of whole-build timings cannot blur.
: >"$OUT/stats"
rss_plugin=$(rss plugin "-fplugin=$PLUGIN -fplugin-arg-pageward_plugin-stats=$OUT/stats")

# What loading the plugin into a cc1 costs, apart from the pass: compile an
# empty file many times with and without it, alternating, and keep the
# smallest of three rounds each (the least disturbed).
load_ms() {
	printf 'int pageward_bench;\n' >"$OUT/empty.c"
	best=
	for round in 1 2 3; do
		/usr/bin/time -f %e -o "$OUT/time" sh -c '
			i=0
			while [ $i -lt 100 ]; do
				gcc -O2 -c -o /dev/null '"$1"' "$0" || exit 1
				i=$((i + 1))
			done' "$OUT/empty.c" || { say "compiling an empty file failed"; exit 1; }
		t=$(tail -n 1 "$OUT/time")
		best=$(echo "$t ${best:-$t}" | awk '{ print ($1 < $2) ? $1 : $2 }')
	done
	echo "$best" | awk '{ printf "%.3f\n", $1 * 10 }'	# ms per compile
}
load_plain=$(load_ms "")
load_plugin=$(load_ms "-fplugin=$PLUGIN")
load_after=$(cut -d" " -f1-3 /proc/loadavg)

awk -v rp="$rss_plain" -v rq="$rss_plugin" -v lb="$load_before" -v la="$load_after" \
    -v stats="$OUT/stats" -v lp="$load_plain" -v lq="$load_plugin" \
    -v n="$RUNS" -v j="$(nproc)" -v v="$VERSION" -v arch="$ARCH" '
function median(a, k,   i, m, t) {	# sorts a[1..k] in place
	for (i = 2; i <= k; i++)
		for (m = i; m > 1 && a[m - 1] > a[m]; m--) {
			t = a[m]; a[m] = a[m - 1]; a[m - 1] = t
		}
	return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}
function pct(r) { return sprintf("ratio %.3f (%+.1f%%)", r, (r - 1) * 100) }
$1 == "plain" { pw[++np] = $2; pc[np] = $3 }
$1 == "plugin" { qw[++nq] = $2; qc[nq] = $3; fc[nq] = $4 }
$1 == "check" { kw[++nk] = $2; kc[nk] = $3; oc[nk] = $4 }
$1 == "syntax" { sc[++ns] = $2 }
$1 == "c2plain" { aw[++na] = $2; ac[na] = $3 }
$1 == "c2sparse" { bw[++nb] = $2; bc[nb] = $3 }
$1 == "c2pageward" { dw[++nd] = $2; dc[nd] = $3 }
END {
	printf "pageward bench: linux-%s %s mm/, %d runs each, alternating, -j%d\n", v, arch, n, j
	printf "%-16s %11s %11s\n", "", "plain", "plugin"
	for (i = 1; i <= n; i++)
		printf "%-16s %9.2f s %9.2f s   (cpu %.1f s, %.1f s)\n", "run " i " wall", pw[i], qw[i], pc[i], qc[i]
	mw = median(pw, n); mq = median(qw, n)
	lo = hi = pw[1]
	for (i = 2; i <= n; i++) { if (pw[i] < lo) lo = pw[i]; if (pw[i] > hi) hi = pw[i] }
	spread = (hi - lo) / mw * 100
	printf "%-16s %9.2f s %9.2f s   %s, target < +3%%: %s\n", "median wall", mw, mq,
		pct(mq / mw), (mq / mw < 1.03) ? "met" : \
		(spread >= 3 ? "not met here, but the plain runs alone spread " sprintf("%.1f%%", spread) : "NOT met")
	printf "%-16s spread of the plain runs: %.1f%% of their median\n", "", spread
	cw = median(pc, n); cq = median(qc, n)
	printf "%-16s %9.2f s %9.2f s   %s\n", "median cpu", cw, cq, pct(cq / cw)
	printf "%-16s %8.1f MB %8.1f MB   %+.1f%%\n", "peak cc1 RSS",
		rp / 1024, rq / 1024, (rq / rp - 1) * 100
	while ((getline line < stats) > 0) {
		split(line, f, " ")
		files++; fns += f[2]; pass += f[3]; cc1 += f[4]
	}
	printf "%-16s %7.2f ms %7.2f ms   per cc1 (100 compiles of an empty file, best of 3)\n",
		"cc1 start", lp, lq
	if (files) {
		printf "pageward pass    %.3f s of %.1f s cc1 CPU in %d files, %d functions: %.2f%%\n",
			pass / 1e9, cc1 / 1e9, files, fns, 100 * pass / cc1
		load = (lq - lp) / 1000 * files
		printf "measured cost    pass + loading (%.2f ms x %d files) = %.2f%% of cc1 CPU, target < 3%%: %s\n",
			lq - lp, files, 100 * (pass / 1e9 + load) / (cc1 / 1e9),
			(100 * (pass / 1e9 + load) / (cc1 / 1e9) < 3) ? "met" : "NOT met"
	}
	mf = median(fc, nq); mo = median(oc, nk)
	printf "%-16s %9.2f s %9.2f s   cc1 CPU of mm/, median of %d runs: check-only/full %s, target <= 50%%: %s\n",
		"full/check-only", mf, mo, n, sprintf("%.1f%%", 100 * mo / mf), (mo / mf <= 0.5) ? "met" : "NOT met"
	ms = median(sc, ns)
	printf "%-16s %9.2f s   cc1 CPU of the same compiles with -fsyntax-only, median of %d: %s of full, the floor under check-only\n",
		"front end", ms, ns, sprintf("%.1f%%", 100 * ms / mf)
	printf "%-16s %9.2f s   (wall, median; cpu %.1f s)\n", "check-only build", median(kw, nk), median(kc, nk)
	ma = median(ac, na); mb = median(bc, nb); md = median(dc, nd)
	printf "make C=2 mm/     cpu (user+sys of the make), median of %d: plain %.1f s, C=2 sparse %.1f s (%+.1f%%), C=2 pageward check %.1f s (%+.1f%%), target <= +60%%: %s\n",
		na, ma, mb, (mb / ma - 1) * 100, md, (md / ma - 1) * 100, (md / ma <= 1.6) ? "met" : "NOT met"
	printf "make C=2 mm/     wall, median: plain %.1f s, C=2 sparse %.1f s, C=2 pageward check %.1f s\n",
		median(aw, na), median(bw, nb), median(dw, nd)
	printf "load average before %s, after %s on %d cores", lb, la, j
	printf " (other work skews wall times; cpu = user+sys of the build)\n"
}' "$RESULTS"
echo "reproduce: make bench   (or, after make: BENCH_RUNS=$RUNS scripts/bench.sh)"
