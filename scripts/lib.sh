# SPDX-License-Identifier: GPL-2.0
# Helpers shared by pageward's scripts; sourced, not run.

say() { echo "pageward: $*" >&2; }

# fail LOG MESSAGE: say MESSAGE, show the error lines of LOG (the last lines
# when it has none: with make -j they are often another job's), say where
# LOG is, and exit 1.
fail() {
	say "$2"
	pat="internal compiler error|error:|Error [0-9]|No rule to make|No such file"
	if grep -qE "$pat" "$1"; then
		grep -E "$pat" "$1" | head -n 15 >&2
	else
		tail -n 15 "$1" >&2
	fi
	say "full log: $1"
	exit 1
}

# Every script answers --help and refuses an unknown argument before doing
# any work.  Its documentation is its header comment: pw_help prints that.
# PW_USAGE (set by the script before calling these) is its synopsis.

# pw_help: the calling script's header comment, without the "#" and the
# licence line, on stdout.
pw_help() {
	sed -n '2,/^[^#]/{ /^# SPDX/d; /^#/!d; s/^# \{0,1\}//; p; }' "$0"
}

# pw_usage_error MESSAGE: MESSAGE and the synopsis on one line, exit 2.
pw_usage_error() {
	say "$1; usage: ${PW_USAGE:-$0} (--help explains)"
	exit 2
}

# pw_no_args "$@": for a script that takes no argument: --help or -h
# prints the help and exits 0, anything else is a usage error.
pw_no_args() {
	case ${1-} in
	'') [ $# -eq 0 ] || pw_usage_error "unknown argument ''" ;;
	-h | --help) pw_help; exit 0 ;;
	*) pw_usage_error "unknown argument '$1'" ;;
	esac
}

# pw_jq ARGS...: jq with pageward's module, scripts/pageward.jq (the
# program begins 'include "pageward"; ...').
pw_jq() {
	jq -L "${PAGEWARD_ROOT:-$ROOT}/scripts" "$@"
}

# pw_rule_names: the rule names of gcc-plugin/pw_rules.def, the one table,
# as a JSON array.
pw_rule_names() {
	pw_rules_json | jq -c 'map(.name)'
}

# pw_suppressions FILE [NAME]: FILE, a suppressions file (gcc-plugin/
# pw_suppress.c says the format), as a JSON array on stdout; a malformed
# line is one line "NAME:LINE: ..." on stderr (NAME: FILE's name unless
# given) and status 1.
pw_suppressions() {
	pw_sup_err=$(mktemp)
	if ! pw_jq -R -s -c --arg name "${2:-$1}" --argjson rules "$(pw_rule_names)" \
		'include "pageward"; suppressions($name; $rules)' <"$1" 2>"$pw_sup_err"; then
		sed "s/^jq: error (at [^)]*): /pageward: /" "$pw_sup_err" >&2
		rm -f "$pw_sup_err"
		return 1
	fi
	rm -f "$pw_sup_err"
}

# pw_kbuild_compile CMDFILE: kbuild's compile command of an object, from its
# .cmd file (savedcmd_ since 6.3, cmd_ before): without the dependency file
# (-Wp,-MMD) and without the steps after it (objtool, after " ; ", which
# changes the object).  Shell words, as make ran them.
pw_kbuild_compile() {
	sed -n 's/^\(saved\)\{0,1\}cmd_[^ ]* := //p' "$1" | sed 's/-Wp,-MMD,[^ ]*//; s/ ; .*//'
}

# pw_git_tree SRC DIR PATH...: a new git repository in DIR holding the PATHs
# (files or directories) of the kernel source tree SRC, committed once: the
# base of a test or benchmark series made of real kernel files.
pw_git_tree() {
	gt_src=$1 gt_dir=$2
	shift 2
	rm -rf "$gt_dir"
	mkdir -p "$gt_dir"
	for p in "$@"; do
		mkdir -p "$gt_dir/$(dirname "$p")"
		cp -r "$gt_src/$p" "$gt_dir/$p"
	done
	git -C "$gt_dir" init -q &&
		git -C "$gt_dir" add -A &&
		git -C "$gt_dir" -c user.name=pageward -c user.email=pageward@localhost \
			commit -qm "linux (part of $(basename "$gt_src"))"
}

# pw_arch_vars ARCH: the make variables of a kernel build for ARCH (x86_64,
# s390: cross-compiled, the Debian package installs only the versioned
# compiler name), one line of words; status 1 for another ARCH.  The one
# table: kbuild reconfigures when CC changes, so every make in an object
# directory must get the same.
pw_arch_vars() {
	case $1 in
	x86_64) echo "ARCH=x86_64" ;;
	s390) echo "ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- CC=s390x-linux-gnu-gcc-12" ;;
	*) return 1 ;;
	esac
}

# pw_kernel_paths < PATHS: the paths (relative to a kernel tree's top,
# "./" or not) that are kernel code: not tools/ (their own build system:
# user-space programs, and test harnesses such as tools/testing/vma/, which
# builds mm/vma.c against stubs), scripts/ and usr/ (host programs) or
# Documentation/.  No rule may report a file that is none of the kernel's.
pw_kernel_paths() {
	sed -E '\#^(\./)?(tools|scripts|usr|Documentation)/#d'
}

# pw_kbuild_c FILE: FILE (a path in a kernel tree) is a .c file that
# kbuild compiles for the kernel, if any configuration does.
pw_kbuild_c() {
	case $1 in
	*.c) [ -n "$(printf '%s\n' "$1" | pw_kernel_paths)" ] ;;
	*) return 1 ;;
	esac
}

# pw_git_extract REPO COMMIT DIR < PATHS: the files of COMMIT at PATHS
# (NUL-terminated) into DIR.  GIT_LITERAL_PATHSPECS: a name is a name,
# never a glob.  A long list is several git archive runs (xargs), each its
# own archive and its own tar (tar stops at the end of the first archive
# of a stream).  tar -m: each file gets the time it is written, so make
# sees it newer than the objects built from an older version (git archive
# would give it the commit's date).  Status 0 when every run succeeded.
pw_git_extract() {
	GIT_LITERAL_PATHSPECS=1 xargs -0 -r sh -c '
		r=$1 c=$2 d=$3
		shift 3
		git -C "$r" archive --format=tar -o "$d.tar" "$c" -- "$@" 2>/dev/null &&
			tar -xmf "$d.tar" -C "$d" && rm -f "$d.tar"' sh "$1" "$2" "$3"
}

# pw_cache_dir: where pageward keeps what it prepares once for the user
# (the default build of pageward series): $PAGEWARD_CACHE, else
# $XDG_CACHE_HOME/pageward, else ~/.cache/pageward.
pw_cache_dir() {
	echo "${PAGEWARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pageward}"
}

# pw_engine_missing ENGINE [CC]: empty if ENGINE (cocci, sparse, gcc-plugin
# for the compiler CC) can run here, else one line: what to install.
pw_engine_missing() {
	pem_cc=${2:-gcc}
	case $1 in
	cocci) command -v spatch >/dev/null || echo "no spatch: apt-get install coccinelle (or run: make -C ${PAGEWARD_ROOT:-$ROOT} setup)" ;;
	sparse) command -v sparse >/dev/null || echo "no sparse: apt-get install sparse (or run: make -C ${PAGEWARD_ROOT:-$ROOT} setup)" ;;
	gcc-plugin)
		if ! target=$($pem_cc -dumpmachine 2>/dev/null); then
			echo "cannot run the compiler '$pem_cc': install it (apt-get install gcc-12, or gcc-12-s390x-linux-gnu for s390) or set PAGEWARD_CC"
		elif $pem_cc --version 2>/dev/null | head -n 1 | grep -qi clang; then
			echo "'$pem_cc' is clang: the GCC plugin needs GCC (apt-get install gcc-12-plugin-dev; set PAGEWARD_CC=gcc-12)"
		elif major=$($pem_cc -dumpversion 2>/dev/null | cut -d. -f1) &&
		     dir=$($pem_cc -print-file-name=plugin 2>/dev/null) &&
		     [ ! -f "$dir/include/gcc-plugin.h" ]; then
			host=$(g++ -dumpmachine 2>/dev/null || echo none)
			pkg=gcc-$major-plugin-dev
			[ "$host" = "$target" ] || pkg=$pkg-$target
			echo "no GCC plugin headers for '$pem_cc': apt-get install $pkg (the GCC plugin needs GCC and its plugin headers)"
		fi
		;;
	esac
}

# pw_rules_json: the rows of gcc-plugin/pw_rules.def as a JSON array of
# {name, seeds, summary}, read without a compiler: the string literals of
# each PW_RULE(...) row in order, the name, the seeds, then the summary in
# pieces (C's adjacent literals).
pw_rules_json() {
	awk '
	/^PW_RULE\(/ { row = ""; inrow = 1 }
	inrow { row = row $0 " " }
	inrow && /\)[ \t]*$/ {
		inrow = 0; n = 0; sum = ""
		while (match(row, /"([^"\\]|\\.)*"/)) {
			lit = substr(row, RSTART + 1, RLENGTH - 2)
			row = substr(row, RSTART + RLENGTH)
			n++
			if (n == 1) name = lit
			else if (n == 2) seeds = lit
			else sum = sum lit
		}
		printf "%s\t%s\t%s\n", name, seeds, sum
	}' "${PAGEWARD_ROOT:-$ROOT}/gcc-plugin/pw_rules.def" |
		jq -R -s -c 'split("\n") | map(select(. != "") | split("\t") |
			{name: .[0], seeds: .[1], summary: .[2]})'
}
