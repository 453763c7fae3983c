// SPDX-License-Identifier: GPL-2.0
/*
 * Suppressions: suppress=FILE names findings a maintainer has judged and
 * does not want to see again, one per line,
 *
 *	# comment
 *	RULE	PATH	FUNCTION
 *
 * RULE is a rule name or "*"; PATH matches a finding whose file ends with it
 * at a '/' boundary ("arch/s390/kernel/uv.c" matches "../linux/arch/s390/
 * kernel/uv.c"); FUNCTION is a function name or "*".  Line numbers are
 * deliberately not part of it: they move with every patch.
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
	char buf[1024];
	int line = 0;

	if (!f) {
		error("pageward: cannot read suppressions file %qs: %m", file);
		return false;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char rule[256], path[512], function[256], extra[2];
		int n;

		line++;
		buf[strcspn(buf, "#\n")] = '\0';
		n = sscanf(buf, "%255s %511s %255s %1s", rule, path, function, extra);
		if (n <= 0)
			continue;
		if (n != 3 || (strcmp(rule, "*") && !pw_rule_find(rule))) {
			error("pageward: %s:%d: expected 'RULE PATH FUNCTION' with a "
			      "known rule or '*'", file, line);
			fclose(f);
			return false;
		}
		pw_suppression s = { xstrdup(rule), xstrdup(path), xstrdup(function) };
		pw_suppressions.safe_push(s);
	}
	fclose(f);
	return true;
}

static bool pw_path_matches(const char *file, const char *suffix)
{
	size_t fl = strlen(file), sl = strlen(suffix);

	if (sl > fl || strcmp(file + fl - sl, suffix))
		return false;
	return sl == fl || file[fl - sl - 1] == '/';
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
