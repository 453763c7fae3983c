# SPDX-License-Identifier: GPL-2.0
# pageward's findings as JSON, the one copy of what "pageward check" and
# "pageward series" do to them: read an engine's text line, match the
# suppressions file, key a finding for comparison across a patch series,
# print it in the SPEC's text format, and write SARIF 2.1.0.
# Used as: jq -L "$PAGEWARD_ROOT/scripts" 'include "pageward"; ...'
#
# A finding is the plugin's report= object: rule, file, line, column,
# function, message, engine, severity, fix (a unified diff or null) and
# notes ([{file, line, message}]).

# A finding line as the Coccinelle rules (and the plugin on stderr) print it,
#	FILE:LINE:COL: warning: MESSAGE [pageward:RULE]
# as a finding of ENGINE; null for any other line.  FILE may hold ':' and
# blanks: the match anchors on ":LINE:COL: warning: ".  The function is the
# message's "NAME()" prefix, which every rule writes.
def finding_of_line($engine):
	(capture("^(?<file>.+):(?<line>[0-9]+):(?<column>[0-9]+): (?<severity>warning|error): (?<message>.*) \\[pageward:(?<rule>[a-z-]+)\\]$") // null)
	| if . == null then null else
		.line |= tonumber | .column |= tonumber
		| .function = ((.message | capture("^(?<f>[A-Za-z_][A-Za-z0-9_]*)\\(\\)") | .f) // null)
		| .engine = $engine | .fix = null | .notes = []
	  end;

# A sparse lock-context warning ("context imbalance in 'FN' - ...",
# "context problem in 'FN': ...") as a finding of rule lock-context, engine
# sparse; null for any other line.
def finding_of_sparse:
	(capture("^(?<file>.+):(?<line>[0-9]+):(?<column>[0-9]+): warning: (?<message>context (imbalance|problem) in '(?<function>[^']+)'.*)$") // null)
	| if . == null then null else
		{rule: "lock-context", file, line: (.line | tonumber), column: (.column | tonumber),
		 function, message: "\(.function)(): sparse: \(.message)", engine: "sparse",
		 severity: "warning", fix: null, notes: []}
	  end;

# The suppressions file (slurped raw, named $name) as an array of
# {rule, path, function, reason, line}; a malformed line is an error
# "NAME:LINE: ...", the format of gcc-plugin/pw_suppress.c.
def suppressions($name; $rules):
	split("\n") | to_entries | map(
		(.key + 1) as $n
		| .value | sub("^\\s+"; "") | sub("\\s+$"; "")
		| select(. != "" and (startswith("#") | not))
		| (capture("^(?<rule>\\S+)\\s+(?<path>\\S+)\\s+(?<function>\\S+)\\s+(?<reason>\\S.*)$") // null)
		| if . == null or (.rule != "*" and (.rule | IN($rules[]) | not)) then
			error("\($name):\($n): expected 'RULE PATH FUNCTION REASON' with a known rule or '*' and a reason")
		  else . + {line: $n} end);

# Does the file name end with PATH at a '/' boundary?
def path_matches($path):
	length as $fl | ($path | length) as $pl
	| $pl <= $fl and endswith($path)
	  and ($pl == $fl or .[$fl - $pl - 1:$fl - $pl] == "/" or ($path | startswith("/")));

# The first suppression of $sup that names this finding, or null.
def suppressed_by($sup):
	. as $f
	| first($sup[] | . as $s | select(($s.rule == "*" or $s.rule == $f.rule)
		and ($s.function == "*" or $s.function == $f.function)
		and ($f.file | path_matches($s.path)))) // null;

# What identifies a finding across a patch: engine, rule, file, function and
# the message with every number (line references, counts) made "N".  A
# patch that moves code or shifts lines changes none of them.
def series_key:
	[.engine, .rule, .file, (.function // ""), (.message | gsub("\\b[0-9]+\\b"; "N"))] | join("\u001f");

# The SPEC's text format, the finding then its notes; $mark before each
# line (">> " for what a series adds, as the 0-day robot marks them).
def text($mark):
	"\($mark)\(.file):\(.line):\(.column): \(.severity // "warning"): \(.message) [pageward:\(.rule)]",
	((.notes // [])[] | "\($mark)\(.file):\(.line): note: \(.message)");

# A file name as a relative URI reference: each segment percent-encoded.
def uri_path: split("/") | map(@uri) | join("/");

# A unified diff as its hunks, [{file, start, count, newcount, text}]:
# FILE from the "+++ b/FILE" line, START and COUNT the old side's lines
# (context included), TEXT the hunk's lines after its "@@" line.
def diff_hunks:
	reduce (split("\n")[]) as $l ({file: null, out: []};
		if ($l | startswith("+++ ")) then .file = ($l[4:] | sub("^b/"; ""))
		elif ($l | startswith("--- ")) or ($l | startswith("diff ")) then .
		elif ($l | startswith("@@ ")) then
			($l | capture("^@@ -(?<s>[0-9]+)(,(?<n>[0-9]+))? \\+[0-9]+(,(?<m>[0-9]+))? @@")) as $h
			| .out += [{file: .file, start: ($h.s | tonumber), count: (($h.n // "1") | tonumber),
				newcount: (($h.m // "1") | tonumber), text: []}]
		elif (.out | length) > 0 and ($l | test("^[-+ ]")) then .out[-1].text += [$l]
		else . end)
	| .out;

# A unified diff as SARIF artifactChanges: one replacement per hunk, the
# hunk's old lines (context included) replaced by its new ones.
def sarif_changes:
	diff_hunks | group_by(.file) | map({
		artifactLocation: {uri: (.[0].file | uri_path), uriBaseId: "SRCROOT"},
		replacements: [.[] | {
			deletedRegion: (if .count > 0
				then {startLine: .start, endLine: (.start + .count - 1)}
				else {startLine: (.start + 1), startColumn: 1, endLine: (.start + 1), endColumn: 1} end),
			insertedContent: {text: (.count as $c | ([.text[] | select(startswith("-") | not) | .[1:]] | join("\n"))
				+ (if $c > 0 then "" else "\n" end))}}]});

# A location: the file and line.  No column: pageward's columns are GCC's
# display columns (a tab to the next multiple of 8), which are neither of
# SARIF's column kinds (UTF-16 code units, code points).
def sarif_location($file; $line):
	{physicalLocation: {artifactLocation: {uri: ($file | uri_path), uriBaseId: "SRCROOT"},
		region: {startLine: $line}}};

# The findings (an array) as one SARIF 2.1.0 log.  $rules: pw_rules.def as
# [{name, seeds, summary}]; $version: pageward's; $readme: the README's URL.
def sarif($rules; $version; $readme):
	($rules | map(.name)) as $ids
	| {
	"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
	version: "2.1.0",
	runs: [{
		tool: {driver: {
			name: "pageward",
			version: $version,
			informationUri: $readme,
			rules: [$rules[] | {
				id: .name,
				name: (.name | split("-") | map((.[:1] | ascii_upcase) + .[1:]) | join("")),
				shortDescription: {text: .summary},
				fullDescription: {text: "\(.summary) (LKML seed \(.seeds))"},
				help: {text: "\(.summary). The protocol, the fix and how to suppress a finding: \($readme)#\(.name)",
					markdown: "\(.summary). The protocol, the fix and how to suppress a finding: [README, \(.name)](\($readme)#\(.name))"},
				helpUri: "\($readme)#\(.name)",
				defaultConfiguration: {level: "warning"},
				properties: {tags: ["linux-kernel", "memory-management", "concurrency"]}}]}},
		originalUriBaseIds: {SRCROOT: {description: {text: "the top of the kernel tree"}}},
		results: [.[] | . as $f | {
			ruleId: .rule,
			ruleIndex: ($ids | index($f.rule)),
			level: (if .severity == "error" then "error" else "warning" end),
			message: {text: .message},
			locations: [sarif_location(.file; .line)
				+ (if .function then {logicalLocations: [{name: .function, kind: "function"}]} else {} end)],
			relatedLocations: [(.notes // []) | to_entries[] | {id: (.key + 1), message: {text: .value.message}}
				+ sarif_location(.value.file; .value.line)],
			partialFingerprints: {"pagewardFinding/v1": series_key},
			properties: {engine: .engine},
			fixes: (if .fix then [{description: {text: "pageward's fix for \(.rule) in \(.function // .file)"},
				artifactChanges: (.fix | sarif_changes)}] else [] end)
		}]
	}]};

# Hunks (diff_hunks' objects, of one or more files) as one unified diff
# that git apply takes: per file in name order, hunks in line order, each
# new-side start moved by what the hunks before it added.
def hunks_diff:
	group_by(.file) | map(
		.[0].file as $f
		| "diff --git a/\($f) b/\($f)\n--- a/\($f)\n+++ b/\($f)\n"
		+ (sort_by(.start) | reduce .[] as $h ({delta: 0, text: ""};
			.text += "@@ -\($h.start),\($h.count) +\($h.start + .delta),\($h.newcount) @@\n"
				+ ($h.text | map(. + "\n") | join(""))
			| .delta += $h.newcount - $h.count) | .text))
	| join("");

# Do two hunks of the same file touch a common line?
def overlaps($a; $b):
	$a.file == $b.file and $a.start <= $b.start + $b.count - 1 and $b.start <= $a.start + $a.count - 1;

# The fixes of findings (an array, in order) combined: each finding's fix is
# its own (the plugin's) or the hunks of $cocci (Coccinelle's patch mode of
# its rule and file, hunks tagged with .rule) whose lines hold the finding's
# line; a fix that overlaps one taken before is left out.  Gives
# {findings (each with its fix), hunks (those taken), left_out (a line each)}.
def combine_fixes($cocci):
	reduce .[] as $f ({findings: [], hunks: [], left_out: []};
		($f | if .fix then (.fix | diff_hunks)
		      else [$cocci[] | select(.rule == $f.rule and .file == $f.file
				and .start <= $f.line and $f.line <= .start + .count - 1) | del(.rule)] end) as $h
		| "\($f.file):\($f.line) [pageward:\($f.rule)] (\($f.engine))" as $name
		| if ($h | length) == 0 then .findings += [$f]
		  else .findings += [$f + {fix: ($h | hunks_diff)}]
		  | (first(.hunks[] as $a | $h[] | select(overlaps(.; $a)) | $a.of) // null) as $clash
		  | if $clash then .left_out += ["the fix of \($name) is left out: it overlaps the fix of \($clash)"]
		    else .hunks += [$h[] | . + {of: $name}] end
		  end);
