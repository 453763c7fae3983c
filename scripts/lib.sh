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
