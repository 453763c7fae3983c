// SPDX-License-Identifier: GPL-2.0
/*
 * What the plugin reads from the source text rather than the IL: a call's
 * arguments as the author spelled them, for messages, and fix-it hints that
 * keep the author's spelling and indentation.  A hint is only offered when
 * the statement has a shape we can edit safely (a call alone on its line,
 * not from a macro); otherwise the finding goes out without one, never with
 * a patch that does not apply.
 */
#include "pageward.h"

/* The source text of the call's arguments, "folio, expected", or NULL. */
char *pw_call_args_text(const gimple *call)
{
	location_t loc = gimple_location(call);
	expanded_location xs = expand_location(get_start(loc));
	expanded_location xf = expand_location(get_finish(loc));
	char_span line(NULL, 0);
	char *text, *open, *res = NULL;

	if (!xs.file || !xf.file || strcmp(xs.file, xf.file) || xs.line != xf.line ||
	    xs.column < 1 || xf.column <= xs.column || from_macro_expansion_at(loc))
		return NULL;
	line = location_get_source_line(xs.file, xs.line);
	if (!line || line.length() < (size_t)xf.column)
		return NULL;
	text = line.subspan(xs.column - 1, xf.column - xs.column + 1).xstrdup();
	open = strchr(text, '(');
	if (open && text[strlen(text) - 1] == ')') {
		text[strlen(text) - 1] = '\0';
		res = xstrdup(open + 1);
	}
	free(text);
	return res;
}

/* What a function returns to say "busy, try later", as a statement. */
const char *pw_error_value(tree fndecl)
{
	tree type = TREE_TYPE(TREE_TYPE(fndecl));

	if (VOID_TYPE_P(type))
		return "return;";
	if (TREE_CODE(type) == BOOLEAN_TYPE)
		return "return false;";
	if (POINTER_TYPE_P(type))
		return "return NULL;";
	if (INTEGRAL_TYPE_P(type))
		return TYPE_UNSIGNED(type) ? "return 0;" : "return -EBUSY;";
	return NULL;
}

/* The text of LINE in FILE as a NUL-terminated copy, or NULL. */
static char *pw_line_text(const char *file, int line)
{
	char_span span = location_get_source_line(file, line);

	if (!span)
		return NULL;
	return span.xstrdup();
}

/* A location at column 1 of the line after LOC's, checked to be one. */
static location_t pw_next_line_start(location_t loc)
{
	expanded_location xl = expand_location(loc);
	const line_map *map = linemap_lookup(line_table, get_pure_location(loc));
	location_t next;
	expanded_location nl;

	if (!map || !MAP_ORDINARY_P(map))
		return UNKNOWN_LOCATION;
	next = linemap_position_for_line_and_column(line_table,
						    linemap_check_ordinary(map),
						    xl.line + 1, 1);
	nl = expand_location(next);
	if (!nl.file || strcmp(nl.file, xl.file) || nl.line != xl.line + 1 ||
	    nl.column != 1)
		return UNKNOWN_LOCATION;
	return next;
}

/*
 * Turn the statement "CALL;" alone on its line into
 *
 *	if (NEGATE_WITH CALL)
 *		BODY
 *
 * keeping any comment that followed it on the if line
 *
 * NEGATE_WITH is "!" to act when the call returns false.  Returns false, and
 * adds nothing, unless the statement has exactly that shape.
 */
bool pw_fix_guard_call(rich_location *richloc, location_t call_loc,
		       const char *negate_with, const char *body)
{
	location_t start = get_start(call_loc), finish = get_finish(call_loc);
	expanded_location xs = expand_location(start), xf = expand_location(finish);
	location_t next, semicolon;
	char *text, *p, *indent, *guard, *line;
	bool ok = false;

	if (!body || from_macro_expansion_at(call_loc) || !xs.file || !xf.file ||
	    strcmp(xs.file, xf.file) || xs.line != xf.line || xs.column < 1 ||
	    xf.column <= xs.column)
		return false;
	text = pw_line_text(xs.file, xs.line);
	if (!text || strlen(text) < (size_t)xf.column)
		goto out;
	/* only indentation before the call ... */
	for (p = text; p < text + xs.column - 1; p++)
		if (*p != ' ' && *p != '\t')
			goto out;
	/* ... and only ";" and perhaps a comment after it */
	if (text[xf.column - 1] != ')')
		goto out;
	for (p = text + xf.column; *p == ' ' || *p == '\t'; p++)
		;
	if (*p != ';')
		goto out;
	semicolon = linemap_position_for_loc_and_offset(line_table, get_pure_location(start),
							 (p - text) - (xs.column - 1));
	if (expand_location(semicolon).column != (p - text) + 1)
		goto out;
	for (p++; *p == ' ' || *p == '\t'; p++)
		;
	if (*p && strncmp(p, "/*", 2) && strncmp(p, "//", 2))
		goto out;
	next = pw_next_line_start(start);
	if (next == UNKNOWN_LOCATION)
		goto out;

	indent = xstrndup(text, xs.column - 1);
	guard = concat("if (", negate_with, NULL);
	line = concat(indent, "\t", body, "\n", NULL);
	richloc->add_fixit_insert_before(start, guard);
	richloc->add_fixit_insert_after(finish, ")");
	richloc->add_fixit_remove(semicolon);
	richloc->add_fixit_insert_before(next, line);
	ok = !richloc->seen_impossible_fixit_p();
	free(indent);
	free(guard);
	free(line);
out:
	free(text);
	return ok;
}
