// SPDX-License-Identifier: GPL-2.0
/*
 * Suppressions: the kernel tree's .pageward-suppress (every engine and mode
 * reads the same file: this plugin through suppress=FILE, "pageward check"
 * and "pageward series" through scripts/pageward.jq) names findings a
 * maintainer has judged and does not want to see again, one per line,
 *
 *	# comment
 *	RULE	PATH	FUNCTION	REASON...
 *
 * RULE is a rule name or "*"; PATH matches a finding whose file ends with it
 * at a '/' boundary ("arch/s390/kernel/uv.c" matches "../linux/arch/s390/
 * kernel/uv.c"); FUNCTION is a function name or "*"; REASON, the rest of the
 * line, is mandatory: the next reader must learn why the finding is not a
 * bug without redoing the judgement.  Line numbers are deliberately not part
 * of it: they move with every patch.  A line whose first non-blank
 * character is '#' is a comment (a reason may contain '#').
 */
#include "pageward.h"

struct pw_suppression {
	char *rule, *path, *function;
};

static vec<pw_suppression> pw_suppressions;

/* Read FILE; on a problem, one error naming the file and line. */
bool pw_suppress_load(const char *file)
{
	FILE *f = fopen(file, "r");
	char buf[4096];
	int line = 0;

	if (!f) {
		error("pageward: cannot read suppressions file %qs: %m", file);
		return false;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char rule[256], path[512], function[256];
		int n, reason = 0;

		line++;
		/* a line longer than the buffer: an error, not two lines */
		if (!strchr(buf, '\n') && !feof(f)) {
			error("pageward: %s:%d: line longer than %d characters",
			      file, line, (int)sizeof(buf) - 2);
			fclose(f);
			return false;
		}
		buf[strcspn(buf, "\n")] = '\0';
		n = sscanf(buf, " %255s %511s %255s %n", rule, path, function, &reason);
		if (n <= 0 || rule[0] == '#')
			continue;
		if (n != 3 || !reason || !buf[reason] ||
		    (strcmp(rule, "*") && !pw_rule_find(rule))) {
			error("pageward: %s:%d: expected 'RULE PATH FUNCTION REASON' "
			      "with a known rule or '*' and a reason", file, line);
			fclose(f);
			return false;
		}
		pw_suppression s = { xstrdup(rule), xstrdup(path), xstrdup(function) };
		pw_suppressions.safe_push(s);
	}
	fclose(f);
	return true;
}

/* Does FILE end with SUFFIX at a '/' boundary (or SUFFIX start with '/')?
 * The same test as scripts/pageward.jq's path_matches and
 * cocci/lib/pageward.py's pw_suppressed. */
static bool pw_path_matches(const char *file, const char *suffix)
{
	size_t fl = strlen(file), sl = strlen(suffix);

	if (sl > fl || strcmp(file + fl - sl, suffix))
		return false;
	return sl == fl || suffix[0] == '/' || file[fl - sl - 1] == '/';
}

bool pw_suppressed(const char *rule, const char *file, const char *function)
{
	for (unsigned int i = 0; i < pw_suppressions.length(); i++) {
		const pw_suppression &s = pw_suppressions[i];

		if ((!strcmp(s.rule, "*") || !strcmp(s.rule, rule)) &&
		    file && pw_path_matches(file, s.path) &&
		    (!strcmp(s.function, "*") ||
		     (function && !strcmp(s.function, function))))
			return true;
	}
	return false;
}
