#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The engines share one rule catalogue by name and one body of API knowledge.
# The plugin's table is gcc-plugin/pw_api.def; each .cocci file carries a copy
# of the lists it needs and names their kinds in a "// pageward-api:" line
# (a PW_API kind, or LOCK:CLASS, ACQUIRE:CLASS, RELEASE:CLASS for PW_LOCK rows,
# FIELD:KIND for PW_FIELD rows).
# Fail when a copy misses a function the table has, or when a rule exists in
# one place and not in another.
set -u
. "$(dirname "$0")/lib.sh"

echo "api-sync: rule names and API tables across engines"

DEF=$PW_ROOT/gcc-plugin/pw_api.def
RULES_DEF=$PW_ROOT/gcc-plugin/pw_rules.def
# The rule names of the table's rows, with C comments removed first, so a
# name in the header comment or a row commented out does not count.
pw_table_rules() {
	awk '{
		line = $0
		out = ""
		while (line != "") {
			if (incomment) {
				if ((i = index(line, "*/")) == 0) { line = ""; break }
				line = substr(line, i + 2); incomment = 0
			} else if ((i = index(line, "/*")) > 0) {
				out = out substr(line, 1, i - 1); line = substr(line, i + 2); incomment = 1
			} else { out = out line; line = "" }
		}
		print out
	}' "$1" | sed -n 's/^PW_RULE("\([a-z-]*\)",.*/\1/p' | sort
}
# pw_lock_rows CLASS WHEN: the functions of the PW_LOCK rows of lock class
# CLASS whose WHEN column matches the sed pattern WHEN.
pw_lock_rows() {
	sed -n "s/^PW_LOCK($1, \([A-Za-z0-9_]*\), -\{0,1\}[0-9]*, $2)\$/\1/p" "$DEF"
}
plugin_rules=$(pw_table_rules "$RULES_DEF")
[ -n "$plugin_rules" ] || pw_fail "read the plugin's rule table" "no PW_RULE rows in gcc-plugin/pw_rules.def"

for cocci in "$PW_ROOT"/cocci/*.cocci; do
	[ -f "$cocci" ] || continue
	rule=$(basename "$cocci" .cocci)
	kinds=$(sed -n 's|^// pageward-api: *||p' "$cocci")
	if [ -z "$kinds" ]; then
		pw_fail "cocci/$rule.cocci names its API kinds" "no '// pageward-api:' line"
		continue
	fi
	# The rule's code without its comments (SmPL "//", Python "#"): a
	# name the header only mentions is not a name the rule matches.
	sed -e 's|^[[:space:]]*//.*||' -e 's|^[[:space:]]*#.*||' -e 's|[[:space:]]//.*||' \
		"$cocci" >"$PW_TMP/api-sync.code"
	missing=""
	for kind in $kinds; do
		# KIND: the PW_API rows of a kind; LOCK:CLASS, ACQUIRE:CLASS and
		# RELEASE:CLASS: the PW_LOCK rows of a lock class, all of them,
		# those that acquire it (ALWAYS, ON_TRUE, ON_ZERO) or release it;
		# FIELD:KIND: the struct and member names of its PW_FIELD rows.
		case $kind in
		FIELD:*)
			# a member is its struct and field names on one line
			# ('file_operations', 'mmap'), 'pipe_buffer.page'
			sed -n "s/^PW_FIELD(${kind#FIELD:}, \([A-Za-z0-9_]*\), \([A-Za-z0-9_]*\))\$/\1 \2/p" "$DEF" >"$PW_TMP/api-sync.fields"
			[ -s "$PW_TMP/api-sync.fields" ] || missing="$missing $kind(unknown kind)"
			while read -r rec fld; do
				grep -qE "\<$rec\>.*\<$fld\>" "$PW_TMP/api-sync.code" || missing="$missing $rec.$fld"
			done <"$PW_TMP/api-sync.fields"
			continue ;;
		LOCK:*) names=$(pw_lock_rows "${kind#LOCK:}" '[A-Z_]*') ;;
		ACQUIRE:*) names=$(pw_lock_rows "${kind#ACQUIRE:}" '\(ALWAYS\|ON_TRUE\|ON_ZERO\)') ;;
		RELEASE:*) names=$(pw_lock_rows "${kind#RELEASE:}" RELEASE) ;;
		*) names=$(sed -n "s/^PW_API($kind, \([A-Za-z0-9_]*\), .*/\1/p" "$DEF") ;;
		esac
		[ -n "$names" ] || missing="$missing $kind(unknown kind)"
		for n in $names; do
			grep -qw "$n" "$PW_TMP/api-sync.code" || missing="$missing $n"
		done
	done
	pw_same "cocci/$rule.cocci has every $kinds function of pw_api.def" "" "$missing"
	echo "$plugin_rules" | grep -qx "$rule" ||
		pw_fail "cocci/$rule.cocci is a rule of the plugin too" "not in gcc-plugin/pw_rules.def"
done

undocumented=""
for rule in $plugin_rules; do
	grep -q "pageward:$rule\]" "$PW_ROOT/README.md" 2>/dev/null &&
		grep -q "^### $rule\b" "$PW_ROOT/README.md" ||
		undocumented="$undocumented $rule"
done
pw_same "README has a '### RULE' section and an example finding for every rule" "" "$undocumented"

# The Kconfig entry's help, which a developer reads in menuconfig, names
# every rule (two were missing from it before this check).
not_in_help=""
for rule in $plugin_rules; do
	sed -n '/^config GCC_PLUGIN_PAGEWARD$/,/^config /p' "$PW_ROOT/gcc-plugin/kbuild/Kconfig" |
		tr -s ' \t\n' '   ' | grep -q "[(, ]$rule[,)]" || not_in_help="$not_in_help $rule"
done
pw_same "the Kconfig help of GCC_PLUGIN_PAGEWARD names every rule" "" "$not_in_help"
