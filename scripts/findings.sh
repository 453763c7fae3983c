#!/bin/sh
# pageward's main job: check the real kernel subsets and print every finding.
#
#   scripts/findings.sh        ("make findings" installs the packages with
#                              "make setup", builds the plugin, then calls it)
#
# 1. Builds the host and the s390x plugin (make, quiet when up to date).
# 2. Prepares linux 6.12 and 6.1 for x86_64 and s390 (scripts/kernel-tree.sh),
#    compiles mm/ of each x86_64 tree with the host plugin and
#    arch/s390/kernel/uv.o of each s390 tree with the s390x plugin, the
#    findings going as JSON lines to build/reports/linux-V-ARCH.plugin.json.
# 3. Runs every cocci/*.cocci over mm/ and arch/s390/ of both trees.
# 4. Prints the findings grouped by engine, one per line,
#       linux-V/FILE:LINE:COL: warning: MESSAGE [pageward:RULE]
#    FILE relative to the kernel source root, and a summary line.
#
# The build and spatch output goes to logs in build/reports/; a failure names
# its log and exits 1.  Findings do not make the exit status non-zero.
# PAGEWARD_COCCI_DIR=DIR takes the rules from DIR instead of cocci/.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPORTS=$ROOT/build/reports
COCCI_DIR=${PAGEWARD_COCCI_DIR:-$ROOT/cocci}
PLUGIN_X86=$ROOT/gcc-plugin/pageward_plugin.so
PLUGIN_S390=$ROOT/build/s390x/pageward_plugin.so
VERSIONS="6.12 6.1"

. "$ROOT/scripts/lib.sh"

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
# plugin_check VERSION ARCH PLUGIN TARGET: compile TARGET of that tree with
# the plugin, its findings into build/reports/linux-VERSION-ARCH.plugin.json.
plugin_check() {
	v=$1 a=$2 plugin=$3 target=$4
	name=linux-$v-$a
	log=$REPORTS/$name.build.log
	obj=$("$ROOT/scripts/kernel-tree.sh" "$v" "$a")

	# kbuild recompiles only what changed, and an up-to-date object adds
	# nothing to the report: remove the target's objects and .cmd files.
	case $target in
	*/) rm -rf "${obj:?}/$target" ;;
	*) rm -f "$obj/$target" "$obj/$(dirname "$target")/.$(basename "$target").cmd" ;;
	esac
	: >"$REPORTS/$name.plugin.json"

	say "$name: compiling $target with the plugin (log: $log)"
	start=$(date +%s)
	"$ROOT/scripts/kernel-make.sh" "$v" "$a" \
		"KCFLAGS=-fplugin=$plugin -fplugin-arg-pageward_plugin-report=$REPORTS/$name.plugin.json" \
		"$target" >"$log" 2>&1 ||
		fail "$log" "$name: compiling $target with the plugin failed"
	say "$name: $target compiled in $(($(date +%s) - start)) s," \
	    "$(wc -l <"$REPORTS/$name.plugin.json") plugin finding(s)"
}

for v in $VERSIONS; do
	plugin_check "$v" x86_64 "$PLUGIN_X86" mm/
	plugin_check "$v" s390 "$PLUGIN_S390" arch/s390/kernel/uv.o
done

# JSON lines -> the one text format.  Paths are absolute in an out-of-tree
# build: make them relative to the source root and prefix the tree
# (linux-6.12/mm/...); a generated file in the object directory, where make
# runs and relative paths start, gets the object directory's name instead.
plugin_text() {
	v=$1 a=$2
	jq -r --arg src "$ROOT/build/src/linux-$v/" --arg tree "linux-$v/" \
	      --arg obj "$ROOT/build/obj/linux-$v-$a/" --arg objtree "linux-$v-$a-obj/" '
		(.file |
		 if startswith($src) then $tree + .[($src | length):]
		 elif startswith($obj) then $objtree + .[($obj | length):]
		 elif startswith("/") then .
		 else $objtree + ltrimstr("./") end) as $f
		| "\($f):\(.line):\(.column): \(.severity // "warning"): \(.message) [pageward:\(.rule)]"
	' "$REPORTS/linux-$v-$a.plugin.json"
}

for v in $VERSIONS; do
	for a in x86_64 s390; do
		plugin_text "$v" "$a" ||
			{ say "cannot read $REPORTS/linux-$v-$a.plugin.json as JSON lines"; exit 1; }
	done
done >"$REPORTS/plugin.txt"

# --- Coccinelle -------------------------------------------------------------
# run_spatch RULE DIR: one rule over DIR (relative to the source root, the
# current directory), its output on stdout.  Like "make coccicheck", it adds
# the options the rule asks for on its "// Options:" line (the pageward rules
# ask for --no-includes --include-headers: match the source as written, and
# the headers in DIR too).
run_spatch() {
	opts=$(sed -n 's|^// *Options: *||p' "$1")
	# shellcheck disable=SC2086 # the rule's options are words
	spatch --very-quiet -D report $opts --sp-file "$1" --dir "$2" --jobs 2
}

: >"$REPORTS/cocci.txt"
rules=$(find "$COCCI_DIR" -maxdepth 1 -name '*.cocci' 2>/dev/null | sort)
if [ -n "$rules" ]; then
	command -v spatch >/dev/null ||
		{ say "no spatch: apt-get install coccinelle (or run: make setup)"; exit 2; }
	for v in $VERSIONS; do
		# the source tree is the same for both architectures
		"$ROOT/scripts/kernel-tree.sh" "$v" s390 >/dev/null
		for rule in $rules; do
			r=$(basename "$rule" .cocci)
			log=$REPORTS/linux-$v.$r.cocci.log
			for dir in mm arch/s390; do
				say "linux-$v: spatch $r over $dir/ (log: $log)"
				(cd "$ROOT/build/src/linux-$v" && run_spatch "$rule" "$dir") \
					>>"$log" 2>&1 ||
					fail "$log" "linux-$v: spatch $rule over $dir/ failed"
			done
			# Findings are the lines in the pageward format; the rest
			# (parse trouble, notes) stays in the log.  Paths are as
			# spatch was given them: relative, maybe absolute.
			grep -E '^[^ :]+:[0-9]+:[0-9]+: [a-z]+: .*\[pageward:[^]]+\]$' "$log" |
				sed -e "s|^$ROOT/build/src/linux-$v/||" -e 's|^\./||' \
				    -e "s|^|linux-$v/|" >>"$REPORTS/cocci.txt" || true
		done
	done
fi

# --- report ----------------------------------------------------------------
# Sorted by file, line, column and message; a finding in a header seen by many
# compilations once.
sort_findings() { sort -t: -k1,1 -k2,2n -k3,3n -k4 -u; }

sort_findings <"$REPORTS/plugin.txt" >"$REPORTS/plugin.sorted"
sort_findings <"$REPORTS/cocci.txt" >"$REPORTS/cocci.sorted"
n_plugin=$(wc -l <"$REPORTS/plugin.sorted")
n_cocci=$(wc -l <"$REPORTS/cocci.sorted")
if [ -n "$rules" ]; then
	cocci_what="$(echo "$rules" | wc -l) rule(s) over mm/ and arch/s390/ of linux 6.12 and 6.1"
	# spatch gives up on a file it cannot parse or that takes too long,
	# says so on an "EXN:" line and goes on: the reader should know.
	skipped=$(cat "$REPORTS"/*.cocci.log | grep -c "^EXN:" || true)
	[ "$skipped" -eq 0 ] ||
		cocci_what="$cocci_what; $skipped file(s) not analysed by spatch, see $REPORTS/*.cocci.log"
else
	cocci_what="no rules in $COCCI_DIR"
fi

echo "== gcc-plugin: $n_plugin finding(s) (x86_64 mm/ and s390 arch/s390/kernel/uv.o of linux 6.12 and 6.1)"
cat "$REPORTS/plugin.sorted"
echo "== coccinelle: $n_cocci finding(s) ($cocci_what)"
cat "$REPORTS/cocci.sorted"
echo "pageward: $((n_plugin + n_cocci)) finding(s): gcc-plugin $n_plugin, coccinelle $n_cocci (reports in $REPORTS)"
