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

/*
 * The text of the call at LOC, "name(args)", as the author wrote it on one
 * line: the call's own range, or for a call that a macro produced
 * (dma_map_page() is dma_map_page_attrs()), the macro's invocation.  NULL
 * when it spans lines or the source cannot be read.
 */
static char *pw_call_source(location_t loc, bool *from_macro)
{
	expanded_location xs, xf;
	char_span line(NULL, 0);
	char *text;
	int depth = 0;

	*from_macro = from_macro_expansion_at(loc);
	if (*from_macro) {
		loc = linemap_resolve_location(line_table, loc, LRK_MACRO_EXPANSION_POINT, NULL);
		xs = expand_location(loc);
		if (!xs.file || xs.column < 1)
			return NULL;
		line = pw_source_line(xs.file, xs.line);
		if (!line || line.length() < (size_t)xs.column)
			return NULL;
		text = line.subspan(xs.column - 1, line.length() - xs.column + 1).xstrdup();
		/* up to the parenthesis that closes the invocation */
		for (char *p = text; *p; p++) {
			if (*p == '(') {
				depth++;
			} else if (*p == ')' && --depth == 0) {
				p[1] = '\0';
				return text;
			}
		}
		free(text);
		return NULL;
	}
	xs = expand_location(get_start(loc));
	xf = expand_location(get_finish(loc));
	if (!xs.file || !xf.file || strcmp(xs.file, xf.file) || xs.line != xf.line ||
	    xs.column < 1 || xf.column <= xs.column)
		return NULL;
	line = pw_source_line(xs.file, xs.line);
	if (!line || line.length() < (size_t)xf.column)
		return NULL;
	return line.subspan(xs.column - 1, xf.column - xs.column + 1).xstrdup();
}

/* "dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE)", or "NAME(...)". */
char *pw_call_text(const gimple *call)
{
	bool macro;
	char *text = pw_call_source(gimple_location(call), &macro);

	if (text && strchr(text, '(') && text[strlen(text) - 1] == ')')
		return text;
	free(text);
	return xasprintf("%s(...)", pw_fn_name(gimple_call_fndecl(call)));
}

/* The source text of the call's arguments, "folio, expected", or NULL. */
char *pw_call_args_text(const gimple *call)
{
	bool macro;
	char *text = pw_call_source(gimple_location(call), &macro), *open, *res = NULL;

	if (!text || macro)
		goto out;
	open = strchr(text, '(');
	if (open && text[strlen(text) - 1] == ')') {
		text[strlen(text) - 1] = '\0';
		res = xstrdup(open + 1);
	}
out:
	free(text);
	return res;
}

/* Argument ARGNO of the call as written, "pages[i]", or NULL when the call
 * is not written as the function it is (a macro) or cannot be read. */
char *pw_call_arg_text(const gimple *call, unsigned int argno)
{
	char *args = pw_call_args_text(call), *res = NULL;
	const char *p, *start;
	int depth = 0;
	unsigned int n = 0;

	if (!args)
		return NULL;
	for (p = start = args;; p++) {
		if (*p == '(' || *p == '[')
			depth++;
		else if (*p == ')' || *p == ']')
			depth--;
		if ((*p == ',' && depth == 0) || !*p) {
			if (n++ == argno) {
				while (*start == ' ' || *start == '\t')
					start++;
				res = xstrndup(start, p - start);
				break;
			}
			start = p + 1;
		}
		if (!*p)
			break;
	}
	free(args);
	return res;
}

/* The text of LINE in FILE as a NUL-terminated copy, or NULL. */
static char *pw_line_text(const char *file, int line)
{
	char_span span = pw_source_line(file, line);

	if (!span)
		return NULL;
	return span.xstrdup();
}

/* The file and lines of FNDECL's definition, from its name to its closing
 * brace; false when they cannot be told apart (a macro-made function). */
static bool pw_function_span(tree fndecl, const char **file, int *first, int *last)
{
	function *fn = DECL_STRUCT_FUNCTION(fndecl);
	expanded_location a, b;

	if (!fn)
		return false;
	a = expand_location(DECL_SOURCE_LOCATION(fndecl));
	b = expand_location(fn->function_end_locus);
	if (!a.file || !b.file || strcmp(a.file, b.file) || b.line < a.line ||
	    b.line - a.line > 2000)
		return false;
	*file = a.file;
	*first = a.line;
	*last = b.line;
	return true;
}

/* Does FNDECL's own text say "return WHAT" (WHAT a prefix: "ERR_PTR(")? */
static bool pw_returns_text(tree fndecl, const char *what)
{
	const char *file;
	int first, last;
	bool found = false;

	if (!pw_function_span(fndecl, &file, &first, &last))
		return false;
	for (int line = first; line <= last && !found; line++) {
		char *text = pw_line_text(file, line);
		const char *p = text ? strstr(text, "return ") : NULL;

		if (p) {
			p += 7;
			while (*p == ' ' || *p == '\t' || *p == '(')
				p++;
			found = !strncmp(p, what, strlen(what));
		}
		free(text);
	}
	return found;
}

/*
 * How FNDECL says "failed" as a statement, in its own terms where its text
 * shows them: a bare return; "return false;"; for a pointer, "return
 * ERR_PTR(ERRNO);" when the function returns ERR_PTR() anywhere, else
 * "return NULL;"; "return ERRNO;" for a signed integer (ERRNO is "-EBUSY",
 * "-EIO"...); "return DMA_MAPPING_ERROR;" for a dma_addr_t (0 is a valid
 * DMA address).  NULL for anything else: an unsigned count, where 0 may be
 * success, or a __bitwise code (blk_status_t, vm_fault_t) whose choice is
 * the author's.  The result lives until the next call.
 */
const char *pw_error_return(tree fndecl, const char *errno_text)
{
	static char buf[64];
	tree type = TREE_TYPE(TREE_TYPE(fndecl));
	tree name = TYPE_NAME(type);

	if (VOID_TYPE_P(type))
		return "return;";
	if (TREE_CODE(type) == BOOLEAN_TYPE)
		return "return false;";
	if (POINTER_TYPE_P(type)) {
		if (!pw_returns_text(fndecl, "ERR_PTR("))
			return "return NULL;";
		snprintf(buf, sizeof(buf), "return ERR_PTR(%s);", errno_text);
		return buf;
	}
	if (!INTEGRAL_TYPE_P(type))
		return NULL;
	if (name && TREE_CODE(name) == TYPE_DECL && DECL_NAME(name) &&
	    id_equal(DECL_NAME(name), "dma_addr_t"))
		return "return DMA_MAPPING_ERROR;";
	if (TYPE_UNSIGNED(type))
		return NULL;
	snprintf(buf, sizeof(buf), "return %s;", errno_text);
	return buf;
}

/*
 * The function's error path, when it has the kernel's usual one: a label
 * named err*, fail* or out_err* and a local int named ret, err, error or rc
 * to carry the code there.  The fix then reads "if (call(...)) { VAR = -EIO;
 * goto LABEL; }".  The label is looked for in the source text between the
 * function's name and its closing brace: by the time the pass runs, GCC has
 * turned gotos into CFG edges and dropped the labels nobody needs.
 */
bool pw_error_label(tree fndecl, const char **label, const char **var)
{
	static const char *const vars[] = { "ret", "err", "error", "rc" };
	static char found[64];
	function *fn = DECL_STRUCT_FUNCTION(fndecl);
	const char *file;
	int first, last;
	unsigned int i;
	tree decl;

	*label = *var = NULL;
	if (!pw_function_span(fndecl, &file, &first, &last))
		return false;
	for (int line = first; line <= last && !*label; line++) {
		char *text = pw_line_text(file, line);
		const char *p = text;
		size_t n = 0;

		if (!text)
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		while (ISIDNUM(p[n]))
			n++;
		if (n && n < sizeof(found) && p[n] == ':' && p[n + 1] != ':' &&
		    (!strncmp(p, "err", 3) || !strncmp(p, "fail", 4) ||
		     !strncmp(p, "out_err", 7))) {
			memcpy(found, p, n);
			found[n] = '\0';
			*label = found;
		}
		free(text);
	}
	if (!*label)
		return false;
	FOR_EACH_LOCAL_DECL(fn, i, decl) {
		if (!VAR_P(decl) || !DECL_NAME(decl) ||
		    TREE_CODE(TREE_TYPE(decl)) != INTEGER_TYPE || TYPE_UNSIGNED(TREE_TYPE(decl)))
			continue;
		for (unsigned int v = 0; v < sizeof(vars) / sizeof(vars[0]); v++)
			if (id_equal(DECL_NAME(decl), vars[v]))
				*var = vars[v];
		if (*var)
			return true;
	}
	*label = NULL;
	return false;
}


/* LOC as the place the reader sees: a macro's use, not its definition. */
static location_t pw_spelled_at(location_t loc)
{
	if (from_macro_expansion_at(loc))
		loc = linemap_resolve_location(line_table, loc, LRK_MACRO_EXPANSION_POINT, NULL);
	return get_pure_location(loc);
}

/* A location at column 1 of LINE in LOC's file, checked to be one. */
static location_t pw_line_start(location_t loc, int line)
{
	expanded_location xl = expand_location(loc);
	const line_map *map = linemap_lookup(line_table, loc);
	location_t at;
	expanded_location al;

	if (!map || !MAP_ORDINARY_P(map) || line < 1)
		return UNKNOWN_LOCATION;
	at = linemap_position_for_line_and_column(line_table, linemap_check_ordinary(map),
						  line, 1);
	al = expand_location(at);
	if (!al.file || !xl.file || strcmp(al.file, xl.file) || al.line != line || al.column != 1)
		return UNKNOWN_LOCATION;
	return at;
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
	next = pw_line_start(get_pure_location(start), xs.line + 1);
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

/* Does the last non-blank line before LINE end a statement ("...;", "{",
 * "}", "label:", a comment's end)?  Then a line inserted at LINE cannot
 * become the braceless body of an if or for. */
static bool pw_line_after_statement(const char *file, int line)
{
	bool ok = false;

	for (int l = line - 1; l > 0; l--) {
		char *prev = pw_line_text(file, l), *e;

		if (!prev)
			return false;
		for (e = prev + strlen(prev); e > prev && ISSPACE(e[-1]); e--)
			;
		*e = '\0';
		if (e == prev) {
			free(prev);
			continue;	/* blank */
		}
		ok = strchr(";{}:", e[-1]) || (e - prev >= 2 && !strcmp(e - 2, "*/"));
		free(prev);
		break;
	}
	return ok;
}

/*
 * Can a new statement go on its own line before the statement whose call
 * starts at XS?  Only when the call begins that statement ("call(...)",
 * "x = call(...)", "return call(...)", "if (call(...))", "if (!call(...))")
 * and the line before ends one ("...;", "{", "}", "label:", a comment end):
 * before the braceless body of an if or for, a new line would change what
 * the condition governs.  *INDENT gets the statement's indentation.
 */
static bool pw_statement_line(expanded_location xs, char **indent)
{
	char *text = pw_line_text(xs.file, xs.line), *p, *q;
	bool ok = false;

	*indent = NULL;
	if (!text || strlen(text) < (size_t)xs.column)
		goto out;
	for (p = text; *p == ' ' || *p == '\t'; p++)
		;
	*indent = xstrndup(text, p - text);
	text[xs.column - 1] = '\0';
	if (*p && strcmp(p, "return ") && strcmp(p, "if (") && strcmp(p, "if (!")) {
		/* "lvalue = " */
		q = p + strlen(p);
		if (q - p < 3 || strcmp(q - 3, " = "))
			goto out;
		for (q -= 3; p < q; p++)
			if (!ISALNUM(*p) && !strchr("_.->[]*", *p))
				goto out;
	}
	ok = pw_line_after_statement(xs.file, xs.line);
out:
	free(text);
	if (!ok) {
		free(*indent);
		*indent = NULL;
	}
	return ok;
}

/* Add LINES ("a\n\tb": "\n" separates lines, indented past the statement's
 * own indentation INDENT) as whole lines inserted at AT. */
static void pw_insert_lines(rich_location *richloc, location_t at, const char *indent,
			    const char *lines)
{
	char *copy = xstrdup(lines);

	for (char *l = strtok(copy, "\n"); l; l = strtok(NULL, "\n")) {
		char *full = concat(indent, l, "\n", NULL);

		richloc->add_fixit_insert_before(at, full);
		free(full);
	}
	free(copy);
}

/* Insert LINE1 (and LINE2) as new lines before the statement containing the
 * call at CALL_LOC.  Returns false, adding nothing, where that is unsafe. */
bool pw_fix_insert_before(rich_location *richloc, location_t call_loc,
			  const char *line1, const char *line2)
{
	location_t at = pw_spelled_at(call_loc);
	expanded_location xs = expand_location(at);
	location_t start;
	char *indent;

	if (!xs.file || !pw_statement_line(xs, &indent))
		return false;
	start = pw_line_start(at, xs.line);
	if (start != UNKNOWN_LOCATION) {
		pw_insert_lines(richloc, start, indent, line1);
		if (line2)
			pw_insert_lines(richloc, start, indent, line2);
	}
	free(indent);
	return start != UNKNOWN_LOCATION && !richloc->seen_impossible_fixit_p();
}

/*
 * TEXT holds one statement: it ends at its first ';', followed by nothing
 * or by a comment.  Returns what follows the ';' and its blanks (the
 * comment or the end of the line), or NULL.
 */
static const char *pw_after_statement(const char *text)
{
	const char *p = strchr(text, ';');

	if (!p)
		return NULL;
	for (p++; *p == ' ' || *p == '\t'; p++)
		;
	if (*p && strncmp(p, "/*", 2) && strncmp(p, "//", 2))
		return NULL;
	return p;
}

/*
 * Swap the statements of two adjacent lines, TO_START's line (LINE) and the
 * next, FROM_START's, whose text is FROM_TEXT: two replacements.  GCC's
 * patch generator gets an insertion next to an emptied line wrong, and a
 * swap needs neither.  The upper line must hold one whole statement.
 */
static bool pw_fix_swap_lines(rich_location *richloc, location_t to_start,
			      location_t from_start, int line, const char *from_text)
{
	expanded_location xt = expand_location(to_start);
	char *to_text = pw_line_text(xt.file, line);
	size_t ti, fi;
	bool ok = false;

	if (!to_text || !*to_text)
		goto out;
	if (!pw_after_statement(to_text))
		goto out;
	ti = strspn(to_text, " \t");
	fi = strspn(from_text, " \t");
	if (!to_text[ti] || !from_text[fi])
		goto out;
	richloc->add_fixit_replace(source_range::from_locations(
		linemap_position_for_loc_and_offset(line_table, to_start, ti),
		linemap_position_for_loc_and_offset(line_table, to_start, strlen(to_text) - 1)),
		from_text + fi);
	richloc->add_fixit_replace(source_range::from_locations(
		linemap_position_for_loc_and_offset(line_table, from_start, fi),
		linemap_position_for_loc_and_offset(line_table, from_start, strlen(from_text) - 1)),
		to_text + ti);
	ok = !richloc->seen_impossible_fixit_p();
out:
	free(to_text);
	return ok;
}

/*
 * Move the statement "CALL;" at FROM, alone on its line, to a new line
 * before the statement at TO.  Returns false, adding nothing, where either
 * end has another shape.
 */
bool pw_fix_move_before(rich_location *richloc, location_t from, location_t to)
{
	location_t f = pw_spelled_at(from), t = pw_spelled_at(to);
	expanded_location xf = expand_location(f), xt = expand_location(t);
	location_t from_start, to_start;
	char *text, *indent = NULL, *stmt, *p;
	const char *after;
	bool ok = false;

	if (!xf.file || !xt.file || strcmp(xf.file, xt.file) || xf.line <= xt.line ||
	    !pw_statement_line(xt, &indent))
		return false;
	text = pw_line_text(xf.file, xf.line);
	if (!text)
		goto out;
	for (p = text; *p == ' ' || *p == '\t'; p++)
		;
	if (p - text != xf.column - 1)
		goto out;	/* something before the call */
	stmt = p;
	/* one statement, perhaps followed by a comment that moves with it */
	after = pw_after_statement(stmt);
	if (!after)
		goto out;
	if (*after == '/' && after[1] == '*' && !strstr(after, "*/"))
		goto out;	/* a comment that goes on */
	from_start = pw_line_start(f, xf.line);
	to_start = pw_line_start(t, xt.line);
	if (from_start == UNKNOWN_LOCATION || to_start == UNKNOWN_LOCATION)
		goto out;
	if (xf.line == xt.line + 1) {
		ok = pw_fix_swap_lines(richloc, to_start, from_start, xt.line, text);
		goto out;
	}
	pw_insert_lines(richloc, to_start, indent, stmt);
	/* GCC's fix-its insert whole lines but cannot delete one: the old line
	 * is emptied and stays (Coccinelle's patch mode moves it cleanly). */
	richloc->add_fixit_remove(source_range::from_locations(from_start,
		linemap_position_for_loc_and_offset(line_table, from_start, strlen(text) - 1)));
	ok = !richloc->seen_impossible_fixit_p();
out:
	free(text);
	free(indent);
	return ok;
}

/*
 * The statement on the line of LOC when that line holds exactly one simple
 * statement ("vma->vm_flags |= VM_LOCKED;", "WRITE_ONCE(vma->vm_flags, f);",
 * perhaps with a comment after it) that a new line before or after cannot
 * detach from a governing if/for: the line before ends a statement.  On
 * success *LINE is the line number, *INDENT its indentation and *STMT the
 * statement text without indentation, up to and including its ';'.
 */
static bool pw_simple_statement(location_t loc, int *line, char **indent, char **stmt)
{
	location_t at = pw_spelled_at(loc);
	expanded_location xs = expand_location(at);
	char *text, *p, *q;
	const char *after;
	bool ok = false;

	*indent = *stmt = NULL;
	if (!xs.file)
		return false;
	text = pw_line_text(xs.file, xs.line);
	if (!text)
		return false;
	for (p = text; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p || !strncmp(p, "if ", 3) || !strncmp(p, "if(", 3) || !strncmp(p, "for ", 4) ||
	    !strncmp(p, "while ", 6) || !strncmp(p, "return", 6) || !strncmp(p, "else", 4) ||
	    !strncmp(p, "} ", 2) || *p == '{')
		goto out;
	after = pw_after_statement(p);
	if (!after)
		goto out;
	q = strchr(p, ';');
	ok = pw_line_after_statement(xs.file, xs.line);
	if (ok) {
		*line = xs.line;
		*indent = xstrndup(text, p - text);
		*stmt = xstrndup(p, q - p + 1);
	}
out:
	free(text);
	return ok;
}

/*
 * Put the statement on LOC's line inside BEFORE ... AFTER, each a statement
 * on a line of its own: "vm_write_begin(vma);" and "vm_write_end(vma);".
 */
bool pw_fix_wrap_statement(rich_location *richloc, location_t loc,
			   const char *before, const char *after)
{
	location_t at = pw_spelled_at(loc), start, next;
	char *indent, *stmt;
	int line;
	bool ok = false;

	if (!pw_simple_statement(loc, &line, &indent, &stmt))
		return false;
	start = pw_line_start(at, line);
	next = pw_line_start(at, line + 1);
	if (start != UNKNOWN_LOCATION && next != UNKNOWN_LOCATION) {
		pw_insert_lines(richloc, start, indent, before);
		pw_insert_lines(richloc, next, indent, after);
		ok = !richloc->seen_impossible_fixit_p();
	}
	free(indent);
	free(stmt);
	return ok;
}

/* Trim blanks at both ends of S, in place. */
char *pw_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	for (e = s + strlen(s); e > s && ISSPACE(e[-1]); e--)
		;
	*e = '\0';
	return s;
}

/*
 * The statement alone on LOC's line (see pw_simple_statement), without its
 * indentation and its ';', for a rule that rewrites it; NULL when the line is
 * not one such statement.  The caller frees it.
 */
char *pw_statement_text(location_t loc)
{
	char *indent, *stmt;
	int line;

	if (!pw_simple_statement(loc, &line, &indent, &stmt))
		return NULL;
	free(indent);
	stmt[strlen(stmt) - 1] = '\0';
	return stmt;
}

/*
 * Replace the statement alone on LOC's line by REPLACEMENT (one statement,
 * with its ';'), after inserting LINE_BEFORE (NULL for none) as a line of its
 * own before it, at the same indentation.
 */
bool pw_fix_replace_statement(rich_location *richloc, location_t loc,
			      const char *line_before, const char *replacement)
{
	location_t start;
	char *indent, *stmt;
	int line;
	bool ok = false;

	if (!pw_simple_statement(loc, &line, &indent, &stmt))
		return false;
	start = pw_line_start(pw_spelled_at(loc), line);
	if (start != UNKNOWN_LOCATION) {
		size_t from = strlen(indent), len = strlen(stmt);

		if (line_before)
			pw_insert_lines(richloc, start, indent, line_before);
		richloc->add_fixit_replace(source_range::from_locations(
			linemap_position_for_loc_and_offset(line_table, start, from),
			linemap_position_for_loc_and_offset(line_table, start, from + len - 1)),
			replacement);
		ok = !richloc->seen_impossible_fixit_p();
	}
	free(indent);
	free(stmt);
	return ok;
}

/*
 * Replace the expression at LOC by TEXT when it is written on one line
 * outside any macro, is a chain of names, '.' and '->' only, and ends with
 * MEMBER ("vma->vm_flags" for MEMBER "vm_flags").
 */
bool pw_fix_replace_member(rich_location *richloc, location_t loc, const char *member,
			   const char *text)
{
	location_t s = get_start(loc), f = get_finish(loc);
	expanded_location xs = expand_location(s), xf = expand_location(f);
	size_t mlen = strlen(member);
	char *line;
	bool ok = false;

	if (from_macro_expansion_at(loc) || !xs.file || !xf.file || strcmp(xs.file, xf.file) ||
	    xs.line != xf.line || xs.column < 1 || xf.column - xs.column + 1 <= (int)mlen)
		return false;
	line = pw_line_text(xs.file, xs.line);
	if (!line || strlen(line) < (size_t)xf.column)
		goto out;
	line[xf.column] = '\0';
	if (strcmp(line + xf.column - mlen, member))
		goto out;
	for (char *p = line + xs.column - 1; *p; p++)
		if (!ISALNUM(*p) && !strchr("_.->", *p))
			goto out;
	richloc->add_fixit_replace(source_range::from_locations(s, f), text);
	ok = !richloc->seen_impossible_fixit_p();
out:
	free(line);
	return ok;
}

/*
 * Where each function of the unit was first declared.  A definition after
 * a prototype moves DECL_SOURCE_LOCATION to itself, and what was written
 * on the prototype of a header would be lost: the annotations lock-context
 * reads as text (pagemap.h's __folio_lock(), defined in mm/filemap.c).
 */
static hash_map<tree, location_t> *pw_first_decls;

/* PLUGIN_FINISH_DECL: GCC_DATA is the declaration just parsed. */
void pw_note_decl(void *gcc_data, void *user_data ATTRIBUTE_UNUSED)
{
	tree decl = (tree)gcc_data;

	if (decl && VAR_P(decl))
		pw_vma_note_decl(decl);
	if (!decl || TREE_CODE(decl) != FUNCTION_DECL)
		return;
	if (!pw_first_decls)
		pw_first_decls = new hash_map<tree, location_t>;
	if (!pw_first_decls->get(decl))
		pw_first_decls->put(decl, DECL_SOURCE_LOCATION(decl));
}

location_t pw_first_decl_location(tree fndecl)
{
	location_t *loc = pw_first_decls ? pw_first_decls->get(fndecl) : NULL;

	return loc ? *loc : DECL_SOURCE_LOCATION(fndecl);
}

/* Does the unit declare a function NAME?  A fix may call only what the
 * tree it is made for has: 6.12 has no arch_make_page_accessible(). */
bool pw_unit_declares(const char *name)
{
	if (!pw_first_decls)
		return false;
	for (hash_map<tree, location_t>::iterator it = pw_first_decls->begin();
	     it != pw_first_decls->end(); ++it) {
		tree decl = (*it).first;

		if (DECL_NAME(decl) && id_equal(DECL_NAME(decl), name))
			return true;
	}
	return false;
}
