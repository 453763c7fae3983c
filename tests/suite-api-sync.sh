#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The engines share one rule catalogue by name and one body of API knowledge.
# The plugin's table is gcc-plugin/pw_api.def; each .cocci file carries a copy
# of the lists it needs and names their kinds in a "// pageward-api:" line.
# Fail when a copy misses a function the table has, or when a rule exists in
# one place and not in another.
set -u
. "$(dirname "$0")/lib.sh"

echo "api-sync: rule names and API tables across engines"

DEF=$PW_ROOT/gcc-plugin/pw_api.def
plugin_rules=$(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", "[0-9, ]*",$/\1/p' "$PW_ROOT/gcc-plugin/pw_rules.c" | sort)
[ -n "$plugin_rules" ] || pw_fail "read the plugin's rule table" "no rules found in pw_rules.c"

for cocci in "$PW_ROOT"/cocci/*.cocci; do
	[ -f "$cocci" ] || continue
	rule=$(basename "$cocci" .cocci)
	kinds=$(sed -n 's|^// pageward-api: *||p' "$cocci")
	if [ -z "$kinds" ]; then
		pw_fail "cocci/$rule.cocci names its API kinds" "no '// pageward-api:' line"
		continue
	fi
	missing=""
	for kind in $kinds; do
		names=$(sed -n "s/^PW_API($kind, \([A-Za-z0-9_]*\), .*/\1/p" "$DEF")
		[ -n "$names" ] || missing="$missing $kind(unknown kind)"
		for n in $names; do
			grep -qw "$n" "$cocci" || missing="$missing $n"
		done
	done
	pw_same "cocci/$rule.cocci has every $kinds function of pw_api.def" "" "$missing"
	echo "$plugin_rules" | grep -qx "$rule" ||
		pw_fail "cocci/$rule.cocci is a rule of the plugin too" "not in gcc-plugin/pw_rules.c"
done

undocumented=""
for rule in $plugin_rules; do
	grep -q "pageward:$rule\]" "$PW_ROOT/README.md" 2>/dev/null &&
		grep -q "^### $rule\b" "$PW_ROOT/README.md" ||
		undocumented="$undocumented $rule"
done
pw_same "README has a '### RULE' section and an example finding for every rule" "" "$undocumented"
