#!/bin/sh
# pageward's main job: check the real kernel subsets and print every finding.
#
#   scripts/findings.sh        ("make findings" installs the packages with
#                              "make setup", builds the plugin, then calls it)
#
# 1. Builds the host and the s390x plugin (make, quiet when up to date).
# 2. Prepares linux 6.12 and 6.1 for x86_64 and s390 (scripts/kernel-tree.sh)
#    and compiles the directories of PLUGIN_BUILDS below with the plugin for
#    that architecture in check-only mode (no code generated: the same
#    findings for about half the time; see plugin_args), the findings going
#    as JSON lines to
#    build/reports/linux-V-ARCH.plugin.json.  The x86_64 defconfig sets
#    CONFIG_WERROR=y: the plugin's findings are warnings and must not fail it.
#    A directory compiled before with the same plugin, arguments, compiler
#    and configuration is not compiled again: its findings are kept in the
#    object directory (PAGEWARD_REBUILD=1 compiles everything).
#    mm/ and arch/s390/ of every tree come first, so the first findings
#    appear within minutes; drivers/ last.
# 3. Runs every cocci/*.cocci over the COCCI_DIRS of both trees
#    (scripts/cocci-run.sh: spatch parses only the files that contain the
#    rule's tokens).
# 4. Prints the findings grouped by engine, one per line,
#       linux-V/FILE:LINE:COL: warning: MESSAGE [pageward:RULE]
#    FILE relative to the kernel source root, and a summary line.
#
# On stderr, while it works: each step (a directory compiled, a rule run
# over a tree), its findings as soon as it is done, in the format above,
# and while a directory compiles, the objects done of its total and the
# time left (a line rewritten in place on a terminal, a line every 30 s in
# a log).  The build and spatch output goes to logs in build/reports/; a
# failure names its log and exits 1.  Findings do not make the exit status
# non-zero.  The time each part took goes to stderr, and to
# build/reports/times.
# --help prints this text; any other argument is refused (exit 2).
#
# The environment can narrow the job (for a quick try or a test):
#   PAGEWARD_COCCI_DIR=DIR        the rules from DIR instead of cocci/
#   PAGEWARD_PLUGIN_BUILDS=TABLE  what the plugin compiles, in the format
#                                 of PLUGIN_BUILDS below, e.g.
#                                 "6.12 s390 arch/s390/kernel/"
#   PAGEWARD_COCCI_DIRS="DIR..."  what Coccinelle reads ("" for nothing)
#   PAGEWARD_PROGRESS_EVERY=S     a progress line every S seconds when
#                                 stderr is not a terminal (default 30)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
# shellcheck disable=SC2034 # read by pw_usage_error (lib.sh)
PW_USAGE="scripts/findings.sh [--help]"
pw_no_args "$@"
REPORTS=$ROOT/build/reports
COCCI_DIR=${PAGEWARD_COCCI_DIR:-$ROOT/cocci}
PLUGIN_X86=$ROOT/gcc-plugin/pageward_plugin.so
PLUGIN_S390=$ROOT/build/s390x/pageward_plugin.so
VERSIONS="6.12 6.1"

# What the plugin compiles: the trees, an architecture, then the
# directories built for it, each with "make DIR/".  The vm_flags rules
# (seed 004) have a protocol only in 6.12 (per-VMA locks): its drivers/ and
# arch/x86/ are where the vm_flags_reset() callers outside mm/ live.
PLUGIN_BUILDS=${PAGEWARD_PLUGIN_BUILDS-"
	6.12,6.1	x86_64	mm/ fs/
	6.12,6.1	s390	mm/ fs/ arch/s390/
	6.12	x86_64	arch/x86/ drivers/
"}
# What the Coccinelle rules read in each tree (one source tree serves both
# architectures: Coccinelle sees every configuration at once).
COCCI_DIRS=${PAGEWARD_COCCI_DIRS-"mm fs net drivers arch/s390 arch/x86"}

# The trees' findings are collected anew on each run.
rm -rf "$REPORTS"
mkdir -p "$REPORTS"

# --- the plugins -----------------------------------------------------------
for tool in jq make; do
	command -v "$tool" >/dev/null ||
		{ say "no $tool: apt-get install $tool (or run: make setup)"; exit 2; }
done
log=$REPORTS/plugin-build.log
make -C "$ROOT" >"$log" 2>&1 ||
	fail "$log" "building $PLUGIN_X86 failed"
make -C "$ROOT" CC=s390x-linux-gnu-gcc-12 PLUGIN_SO="$PLUGIN_S390" >>"$log" 2>&1 ||
	fail "$log" "building $PLUGIN_S390 failed"

# --- the GCC plugin on the kernel subsets ----------------------------------
# elapsed START: seconds since START (a "date +%s").
elapsed() { echo $(($(date +%s) - $1)); }

# timed PART SECONDS: record how long a part took, for the summary.
timed() { echo "$1 $2 s" >>"$REPORTS/times"; }

# plugin_args ARCH: the plugin's arguments besides report=: check-only on
# every architecture.  cc1 stops once pageward's checks have run (no
# optimisation, no code; kbuild's assembler makes empty objects), with the
# same findings as a full compile.  What kbuild reads back during the build
# stays real: the plugin compiles a named .s (asm-offsets, bounds) and a
# vDSO unit (BUILD_VDSO: s390's vdso_prepare links it before every
# directory) in full.  The arguments are part of the key below: findings
# kept from a compile with other arguments are not used.
plugin_args() {
	echo "-fplugin-arg-pageward_plugin-check-only"
}

# build_key ARCH PLUGIN OBJ: what a directory's findings depend on besides
# its sources, which come from a tarball and do not change: the plugin, its
# arguments, the compiler, and the configuration (.pageward-configured
# names the tarball and how the tree was configured).
build_key() {
	case $1 in
	s390) cc=s390x-linux-gnu-gcc-12 ;;
	*) cc=gcc ;;
	esac
	echo "$(sha256sum <"$2" | cut -d' ' -f1)" "$(plugin_args "$1")" \
	     "$(sha256sum <"$($cc -print-prog-name=cc1)" | cut -d' ' -f1)" \
	     "$(sha256sum <"$3/.config" | cut -d' ' -f1)" \
	     "$(cat "$3/.pageward-configured")"
}

# JSON lines -> the one text format.  Paths are absolute in an out-of-tree
# build: make them relative to the source root and prefix the tree
# (linux-6.12/mm/...); a generated file in the object directory, where make
# runs and relative paths start, gets the object directory's name instead.
# The directories as the compiler names them: with build/src or build/obj a
# symbolic link, the path it points to (pwd -P).
# plugin_text VERSION ARCH JSON-FILE.
plugin_text() {
	jq -r --arg src "$(cd "$ROOT/build/src" && pwd -P)/linux-$1/" --arg tree "linux-$1/" \
	      --arg obj "$(cd "$ROOT/build/obj" && pwd -P)/linux-$1-$2/" --arg objtree "linux-$1-$2-obj/" '
		(.file |
		 if startswith($src) then $tree + .[($src | length):]
		 elif startswith($obj) then $objtree + .[($obj | length):]
		 elif startswith("/") then .
		 else $objtree + ltrimstr("./") end) as $f
		| "\($f):\(.line):\(.column): \(.severity // "warning"): \(.message) [pageward:\(.rule)]"
	' "$3"
}

# count_objects DIR: the .o files under DIR (none when it does not exist).
count_objects() {
	[ -d "$1" ] || { echo 0; return; }
	find "$1" -name '*.o' -type f | wc -l
}

# Progress of a compile, on stderr: on a terminal one line rewritten in
# place every 2 s, in a log a plain line every 30 s.  "Done" is the .o
# files that have appeared in the object directory (findings.sh removed
# them all first); the total is the count of the directory's last build,
# exact while the configuration is the same, or before any build the .c
# files under the source directory, an upper bound ("at most"): kbuild
# compiles only those the configuration selects.  The time left assumes
# the objects still to come take as long as those done.
#
# progress_line WHAT DIR TOTAL HOW START: the line, without a newline.
progress_line() {
	done_=$(count_objects "$2")
	t=$(elapsed "$5")
	left=
	if [ "$done_" -gt 0 ] && [ "$done_" -lt "$3" ]; then
		left=", about $((t * ($3 - done_) / done_)) s left"
	fi
	printf 'pageward: %s: %d of %s%d objects, %d s%s' "$1" "$done_" "$4" "$3" "$t" "$left"
}

# progress_watch WHAT DIR TOTAL HOW START: run in the background while make
# runs in the foreground (so that ^C stops make at once); ends with this
# script, and is killed when make is done.
progress_watch() {
	if [ -t 2 ]; then
		while kill -0 $$ 2>/dev/null; do
			sleep 2
			printf '\r%s\033[K' "$(progress_line "$@")" >&2
		done
	else
		while kill -0 $$ 2>/dev/null; do
			sleep "${PAGEWARD_PROGRESS_EVERY:-30}"
			{ progress_line "$@"; echo; } >&2
		done
	fi
}

# plugin_dir VERSION ARCH DIR: compile DIR of that tree with the plugin for
# ARCH, its findings appended to build/reports/linux-VERSION-ARCH.plugin.json
# and printed on stderr as soon as it is done.
#
# A directory's findings are kept in the object directory with the key they
# were made with (.pageward-findings/DIR.json and .key); while the key is the
# same, compiling again would report the same, so they are reused and the
# directory is not compiled (PAGEWARD_REBUILD=1 compiles it all the same).
# DIR.count keeps how many objects it had, the total of the next progress.
plugin_dir() {
	v=$1 a=$2 dir=$3
	case $a in
	s390) plugin=$PLUGIN_S390 ;;
	*) plugin=$PLUGIN_X86 ;;
	esac
	name=linux-$v-$a
	log=$REPORTS/$name.build.log
	obj=$("$ROOT/scripts/kernel-tree.sh" "$v" "$a")
	key=$(build_key "$a" "$plugin" "$obj")
	mkdir -p "$obj/.pageward-findings"
	cache=$obj/.pageward-findings/$(echo "$dir" | tr / _)
	if [ -z "${PAGEWARD_REBUILD:-}" ] &&
	   [ "$(cat "$cache.key" 2>/dev/null)" = "$key $dir" ]; then
		cat "$cache.json" >>"$REPORTS/$name.plugin.json"
		say "$name: $dir: the findings of its last build with this plugin, compiler and configuration"
		timed "plugin $name $dir (kept)" 0
		plugin_text "$v" "$a" "$cache.json" | sort -u >&2
		return
	fi
	rm -f "$cache.key"
	: >"$cache.json"

	total=$(cat "$cache.count" 2>/dev/null || true)
	[ -n "$total" ] || total=$(count_objects "$obj/$dir")
	how=
	if [ "$total" -eq 0 ]; then
		how="at most "
		total=$(find "$ROOT/build/src/linux-$v/$dir" -name '*.c' -type f | wc -l)
	fi

	# kbuild recompiles only what changed, and an up-to-date object
	# adds nothing to the report: remove the directory's objects.
	# Only the objects: arch/s390/ of the object directory also
	# holds what "make prepare" generated (asm-offsets, headers).
	[ ! -d "$obj/$dir" ] || find "$obj/$dir" -name '*.o' -type f -exec rm -f {} +

	say "$name: compiling $dir with the plugin, $how$total objects (log: $log)"
	start=$(date +%s)
	progress_watch "$name $dir" "$obj/$dir" "$total" "$how" "$start" &
	watch=$!
	status=0
	"$ROOT/scripts/kernel-make.sh" "$v" "$a" \
		"KCFLAGS=-fplugin=$plugin $(plugin_args "$a") -fplugin-arg-pageward_plugin-report=$cache.json" \
		"$dir" >>"$log" 2>&1 || status=$?
	kill "$watch" 2>/dev/null || true
	wait "$watch" 2>/dev/null || true
	[ ! -t 2 ] || printf '\r\033[K' >&2
	[ "$status" -eq 0 ] || fail "$log" "$name: compiling $dir with the plugin failed"
	t=$(elapsed "$start")
	timed "plugin $name $dir" "$t"
	n=$(count_objects "$obj/$dir")
	echo "$n" >"$cache.count"
	echo "$key $dir" >"$cache.key"
	cat "$cache.json" >>"$REPORTS/$name.plugin.json"
	say "$name: $dir compiled in $t s, $n objects, $(wc -l <"$cache.json") plugin finding(s)"
	plugin_text "$v" "$a" "$cache.json" | sort -u >&2
}

# plugin_dirs V ARCH: the directories PLUGIN_BUILDS lists for that tree.
plugin_dirs() {
	echo "$PLUGIN_BUILDS" | while read -r vs a dirs; do
		case ",$vs," in
		*",$1,"*) [ "$a" != "$2" ] || echo "$dirs" ;;
		esac
	done | tr '\n' ' '
}

# The order of the work: mm/ and arch/s390/ of every tree first (a minute
# or two each, and where most findings are), so that the first findings
# appear within minutes; then the rest, drivers/ (six minutes) last.
FIRST="mm/ arch/s390/"

plugin_start=$(date +%s)
for v in $VERSIONS; do
	for a in x86_64 s390; do
		: >"$REPORTS/linux-$v-$a.plugin.json"
		: >"$REPORTS/linux-$v-$a.build.log"
	done
done
# plugin_pass DIR: plugin_dir for that directory of every tree that has
# it; plugin_pass rest: for every directory not in FIRST.
plugin_pass() {
	for v in $VERSIONS; do
		for a in x86_64 s390; do
			for dir in $(plugin_dirs "$v" "$a"); do
				case $1 in
				rest) case " $FIRST " in *" $dir "*) continue ;; esac ;;
				*) [ "$dir" = "$1" ] || continue ;;
				esac
				plugin_dir "$v" "$a" "$dir"
			done
		done
	done
}
for d in $FIRST rest; do
	plugin_pass "$d"
done
timed "plugin total" "$(elapsed "$plugin_start")"

for v in $VERSIONS; do
	for a in x86_64 s390; do
		plugin_text "$v" "$a" "$REPORTS/linux-$v-$a.plugin.json" ||
			{ say "cannot read $REPORTS/linux-$v-$a.plugin.json as JSON lines"; exit 1; }
	done
done >"$REPORTS/plugin.txt"

# --- Coccinelle -------------------------------------------------------------
: >"$REPORTS/cocci.txt"
rules=$(find "$COCCI_DIR" -maxdepth 1 -name '*.cocci' 2>/dev/null | sort)
[ -n "$COCCI_DIRS" ] || rules=	# PAGEWARD_COCCI_DIRS="": no Coccinelle
cocci_start=$(date +%s)
if [ -n "$rules" ]; then
	command -v spatch >/dev/null ||
		{ say "no spatch: apt-get install coccinelle (or run: make setup)"; exit 2; }
	step=0
	steps=$(($(echo "$rules" | wc -l) * $(echo "$VERSIONS" | wc -w)))
	for v in $VERSIONS; do
		# the source tree is the same for both architectures
		"$ROOT/scripts/kernel-tree.sh" "$v" s390 >/dev/null
		for rule in $rules; do
			r=$(basename "$rule" .cocci)
			log=$REPORTS/linux-$v.$r.cocci.log
			step=$((step + 1))
			say "linux-$v: spatch $r over $COCCI_DIRS, step $step of $steps (log: $log)"
			start=$(date +%s)
			# shellcheck disable=SC2086 # one word per directory
			"$ROOT/scripts/cocci-run.sh" "$rule" "$ROOT/build/src/linux-$v" $COCCI_DIRS \
				>"$log" 2>&1 ||
				fail "$log" "linux-$v: spatch $rule failed"
			# cocci-run.sh's line: how many files spatch parsed, and why
			grep "^pageward: $r over " "$log" >&2 || true
			timed "cocci linux-$v $r" "$(elapsed "$start")"
			# Findings are the lines in the pageward format; the rest
			# (parse trouble, notes) stays in the log.  Paths are as
			# spatch was given them: relative, maybe absolute.
			grep -E '^[^ :]+:[0-9]+:[0-9]+: [a-z]+: .*\[pageward:[^]]+\]$' "$log" |
				sed -e "s|^$ROOT/build/src/linux-$v/||" -e 's|^\./||' \
				    -e "s|^|linux-$v/|" >"$REPORTS/cocci.step" || true
			# this rule's findings now, on stderr; all at the end
			sort -u "$REPORTS/cocci.step" >&2
			cat "$REPORTS/cocci.step" >>"$REPORTS/cocci.txt"
		done
	done
	rm -f "$REPORTS/cocci.step"
fi
timed "cocci total" "$(elapsed "$cocci_start")"

# --- report ----------------------------------------------------------------
# Sorted by file, line, column and message; a finding in a header seen by many
# compilations once.
sort_findings() { sort -t: -k1,1 -k2,2n -k3,3n -k4 -u; }

sort_findings <"$REPORTS/plugin.txt" >"$REPORTS/plugin.sorted"
sort_findings <"$REPORTS/cocci.txt" >"$REPORTS/cocci.sorted"
n_plugin=$(wc -l <"$REPORTS/plugin.sorted")
n_cocci=$(wc -l <"$REPORTS/cocci.sorted")
if [ -n "$rules" ]; then
	cocci_what="$(echo "$rules" | wc -l) rule(s) over $(echo "$COCCI_DIRS" | sed 's|\([^ ]*\)|\1/|g') of linux 6.12 and 6.1"
	# spatch gives up on a file it cannot parse or that takes too long,
	# says so on an "EXN:" line and goes on: the reader should know.
	skipped=$(cat "$REPORTS"/*.cocci.log | grep -c "^EXN:" || true)
	[ "$skipped" -eq 0 ] ||
		cocci_what="$cocci_what; $skipped file(s) not analysed by spatch, see $REPORTS/*.cocci.log"
elif [ -z "$COCCI_DIRS" ]; then
	cocci_what="no directories: PAGEWARD_COCCI_DIRS is empty"
else
	cocci_what="no rules in $COCCI_DIR"
fi

plugin_what=$(echo "$PLUGIN_BUILDS" | awk 'NF { a = $1; $1 = ""; printf "%s%s%s", sep, a, $0; sep = ", " }')
plugin_what=${plugin_what:-nothing compiled}
echo "== gcc-plugin: $n_plugin finding(s) ($plugin_what of linux 6.12 and 6.1)"
cat "$REPORTS/plugin.sorted"
echo "== coccinelle: $n_cocci finding(s) ($cocci_what)"
cat "$REPORTS/cocci.sorted"
# How long each part took, on stderr: the findings stay alone on stdout.
say "times: $(awk '/total/ { printf "%s%s %s %s", sep, $1, $3, $4; sep = ", " }' "$REPORTS/times")" \
    "(each step: $REPORTS/times)"
echo "pageward: $((n_plugin + n_cocci)) finding(s): gcc-plugin $n_plugin, coccinelle $n_cocci (reports in $REPORTS)"
