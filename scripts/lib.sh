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
