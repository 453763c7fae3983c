# SPDX-License-Identifier: GPL-2.0
# The anchor tokens of a Coccinelle rule, computed once per rule text and
# cached; sourced, not run (scripts/cocci-run.sh over directories,
# scripts/pageward-check.sh per file).  Needs $ROOT and scripts/lib.sh.
#
#   cocci_tokens_file RULE.cocci [SHA1]	prints the path of RULE's cache file
#
# SHA1 is RULE's "sha1sum", if the caller has it (one sha1sum over all the
# rules is one process, not one a rule).
#
# The cache file's first line says where the tokens come from, the others
# are the tokens, one a line (none: no preselection possible).  A file
# that contains none of them cannot match the rule:
#  1. spatch's own "Grep query" (spatch --parse-cocci), which it computes
#     from the function names a rule spells out; or, when it has none (a rule
#     whose anchor is an identifier set, "identifier F = {a, b};", gets none
#     from spatch 1.1.1),
#  2. the names of the identifier sets of the rule's first matching rule,
#     which every pageward rule makes its anchor: the others depend on it;
#  3. otherwise no tokens: every file must be parsed.
# The cache is keyed by the rule's content (build/cocci-tokens/SHA1), so an
# edited rule gets new tokens, and per-file checks under "make -j" do not
# each pay for "spatch --parse-cocci" (about 0.3 s a rule).

# spatch_query_tokens RULE: the words of spatch's grep query, if it has one.
spatch_query_tokens() {
	spatch --parse-cocci -D report --sp-file "$1" 2>/dev/null |
		sed -n '/^Grep query$/,$p' | sed 1d |
		grep -oE '[A-Za-z_][A-Za-z0-9_]*' | sort -u
}

# anchor_tokens RULE: the names in "identifier X = {a, b, ...};" declarations
# of the first rule that matches code (not initialize, finalize or script),
# up to its "@@".  Comments are dropped first; a set may span lines.
anchor_tokens() {
	sed 's|//.*||' "$1" | awk '
		/^@/ && !inrule && !done {
			if ($0 ~ /^@[[:space:]]*(initialize|finalize|script)[[:space:]]*:/) next
			inrule = 1; next
		}
		inrule && /^@@/ { done = 1; inrule = 0 }
		inrule { decl = decl " " $0 }
		END {
			while (match(decl, /identifier[[:space:]]+[A-Za-z_0-9]+[[:space:]]*=[[:space:]]*\{[^}]*\}/)) {
				set = substr(decl, RSTART, RLENGTH)
				decl = substr(decl, RSTART + RLENGTH)
				sub(/^[^{]*\{/, "", set); sub(/\}$/, "", set)
				gsub(/[,[:space:]]+/, "\n", set)
				print set
			}
		}' | grep -E '^[A-Za-z_][A-Za-z0-9_]*$' | sort -u
}

cocci_tokens_file() {
	ct_key=${2:-$(sha1sum <"$1" | cut -c1-40)}
	# v1: the format of the cache file; bump it when the extraction changes.
	ct_file=$ROOT/build/cocci-tokens/v1-$ct_key
	if [ ! -s "$ct_file" ]; then
		mkdir -p "$ROOT/build/cocci-tokens"
		# Written under a temporary name and renamed: under make -j two
		# checks may compute it at once, and neither may read half a file.
		ct_tmp=$ct_file.$$
		if ct_tokens=$(spatch_query_tokens "$1") && [ -n "$ct_tokens" ]; then
			printf "spatch's grep query\n%s\n" "$ct_tokens" >"$ct_tmp"
		elif ct_tokens=$(anchor_tokens "$1") && [ -n "$ct_tokens" ]; then
			printf "the identifier sets of its first rule\n%s\n" "$ct_tokens" >"$ct_tmp"
		else
			echo "no tokens found" >"$ct_tmp"
		fi
		mv -f "$ct_tmp" "$ct_file"
	fi
	echo "$ct_file"
}
