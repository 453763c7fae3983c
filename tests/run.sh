#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# pageward's test runner: "make check" calls it.
#
#	tests/run.sh [SUITE...]		run the named suites (default: all)
#	PW_QUICK=1 tests/run.sh		skip the suites that build real kernels
#					(kernel, kbuild, install, recall, fixes,
#					series)
#
# Suites are tests/suite-*.sh; each records one PASS/FAIL/SKIP line per check
# in $PW_RESULTS.  The last line printed is "N passed, N failed, N skipped",
# and the exit status is 1 if anything failed.
set -u
PW_ROOT=$(cd "$(dirname "$0")/.." && pwd)
PW_TMP=$PW_ROOT/build/tests
PW_RESULTS=$PW_TMP/results
export PW_ROOT PW_TMP PW_RESULTS
mkdir -p "$PW_TMP"
: >"$PW_RESULTS"
. "$PW_ROOT/tests/lib.sh"

suites=${*:-plugin cases api-sync cocci gcc input annotate kbuild install kernel recall fixes series}

# The cross build the s390 checks load into s390x-linux-gnu-gcc-12.
if ! make -C "$PW_ROOT" --no-print-directory -s CC=s390x-linux-gnu-gcc-12 \
	PLUGIN_SO="$PW_PLUGIN_S390" plugin >"$PW_TMP/s390-plugin.log" 2>&1; then
	pw_fail "build the plugin for s390x-linux-gnu-gcc-12" "$(cat "$PW_TMP/s390-plugin.log")"
fi

for s in $suites; do
	case $s in
	kernel | kbuild | install | recall | fixes | series)
		if [ -n "${PW_QUICK:-}" ]; then
			pw_skip "suite $s: real kernels" "PW_QUICK is set"
			continue
		fi
		;;
	esac
	start=$(date +%s)
	sh "$PW_ROOT/tests/suite-$s.sh" || pw_fail "suite $s stopped with status $?"
	echo "  ($s: $(($(date +%s) - start))s)"
done

passed=$(grep -c '^PASS' "$PW_RESULTS")
failed=$(grep -c '^FAIL' "$PW_RESULTS")
skipped=$(grep -c '^SKIP' "$PW_RESULTS")
if [ "$failed" -gt 0 ]; then
	echo "failed:"
	sed -n 's/^FAIL /  /p' "$PW_RESULTS"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
