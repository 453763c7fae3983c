// SPDX-License-Identifier: GPL-2.0
/*
 * Findings: one diagnostic per finding in the format every pageward engine
 * prints,
 *
 *	FILE:LINE:COL: warning: MESSAGE [pageward:RULE]
 *
 * followed by notes at the related lines, and, with report=FILE, one JSON
 * line per finding appended to FILE.
 *
 * Defconfig kernels build with CONFIG_WERROR=y, and a checker must not break
 * somebody's build by default: unless the werror option is given, a finding
 * is emitted with -Werror switched off for just that diagnostic.  With
 * werror it is an error.
 */
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include "pageward.h"

/*
 * Where a finding points when its statement comes from a macro (xas_lock_irq()
 * expanding to spin_lock_irq()): the place the macro was used, in the code the
 * reader wrote, not the macro's definition in a header.
 */
location_t pw_user_location(location_t loc)
{
	if (!from_macro_expansion_at(loc))
		return loc;
	return linemap_resolve_location(line_table, loc, LRK_MACRO_EXPANSION_POINT, NULL);
}

static char *pw_vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return xstrdup(fmt);
	return s;
}

void pw_finding_start(struct pw_finding *f, const char *rule, location_t loc,
		      const char *fmt, ...)
{
	va_list ap;

	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->loc = pw_user_location(loc);
	va_start(ap, fmt);
	f->message = pw_vformat(fmt, ap);
	va_end(ap);
	f->richloc = new rich_location(line_table, f->loc);
}

void pw_finding_note(struct pw_finding *f, location_t loc, const char *fmt, ...)
{
	va_list ap;

	if (f->nr_notes == PW_MAX_NOTES || loc == UNKNOWN_LOCATION)
		return;
	va_start(ap, fmt);
	f->note[f->nr_notes] = pw_vformat(fmt, ap);
	va_end(ap);
	f->note_loc[f->nr_notes++] = pw_user_location(loc);
}

/*
 * The length of the well-formed UTF-8 sequence at S (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if S does not start
 * one.
 */
static int pw_utf8_len(const unsigned char *s)
{
	int len;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	for (int i = 1; i < len; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

/*
 * Append S to OUT as a JSON string literal.  JSON is UTF-8, but a file name
 * or a line of kernel source may hold bytes that are not (a Latin-1 string
 * initializer): each such byte is written as U+FFFD, the replacement
 * character, so that the line stays valid JSON for jq and every other reader.
 */
static void pw_json_string(pretty_printer *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	pp_character(out, '"');
	while (s && *s) {
		unsigned char c = *s;
		int len = pw_utf8_len(s);

		if (len == 0) {
			pp_string(out, "\\ufffd");
			s++;
			continue;
		}
		if (len > 1) {
			for (int i = 0; i < len; i++)
				pp_character(out, s[i]);
			s += len;
			continue;
		}
		switch (c) {
		case '"':  pp_string(out, "\\\""); break;
		case '\\': pp_string(out, "\\\\"); break;
		case '\n': pp_string(out, "\\n"); break;
		case '\t': pp_string(out, "\\t"); break;
		case '\r': pp_string(out, "\\r"); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char esc[8];

				snprintf(esc, sizeof(esc), "\\u%04x", c);
				pp_string(out, esc);
			} else {
				pp_character(out, c);
			}
		}
		s++;
	}
	pp_character(out, '"');
}

static void pw_json_field(pretty_printer *out, const char *key, const char *val,
			  bool first)
{
	if (!first)
		pp_string(out, ", ");
	pw_json_string(out, key);
	pp_string(out, ": ");
	if (val)
		pw_json_string(out, val);
	else
		pp_string(out, "null");
}

/*
 * One write() of one whole line, under an exclusive flock(): many cc1
 * processes of a make -j build append to the same file at once.
 */
static void pw_report_append(const char *line, size_t len)
{
	int fd = open(pw_config.report_path,
		      O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0644);
	ssize_t done = 0;

	if (fd < 0) {
		error("pageward: cannot open report file %qs: %m; "
		      "give a writable path in -fplugin-arg-pageward_plugin-report=FILE",
		      pw_config.report_path);
		return;
	}
	if (flock(fd, LOCK_EX) == 0) {
		while ((size_t)done < len) {
			ssize_t n = write(fd, line + done, len - done);

			if (n <= 0)
				break;
			done += n;
		}
		flock(fd, LOCK_UN);
	}
	if ((size_t)done != len)
		error("pageward: cannot write report file %qs: %m", pw_config.report_path);
	close(fd);
}

static void pw_report_json(const struct pw_finding *f)
{
	expanded_location xl = expand_location(f->loc);
	pretty_printer out;
	char num[32];
	char *diff = NULL;
	const char *fn = current_function_decl ?
		pw_fn_name(current_function_decl) : NULL;

	if (f->richloc->get_num_fixit_hints()) {
		edit_context ec;

		ec.add_fixits(f->richloc);
		diff = ec.generate_diff(true);
		if (diff && !*diff) {
			free(diff);
			diff = NULL;
		}
	}

	pp_character(&out, '{');
	pw_json_field(&out, "rule", f->rule, true);
	pw_json_field(&out, "file", xl.file, false);
	snprintf(num, sizeof(num), "%d", xl.line);
	pp_string(&out, ", \"line\": ");
	pp_string(&out, num);
	/* the column GCC prints: -fdiagnostics-column-unit and -origin apply */
	snprintf(num, sizeof(num), "%d", diagnostic_converted_column(global_dc, xl));
	pp_string(&out, ", \"column\": ");
	pp_string(&out, num);
	pw_json_field(&out, "function", fn, false);
	pw_json_field(&out, "message", f->message, false);
	pw_json_field(&out, "engine", "gcc-plugin", false);
	pw_json_field(&out, "severity", pw_config.werror ? "error" : "warning", false);
	pw_json_field(&out, "fix", diff, false);
	pp_string(&out, ", \"notes\": [");
	for (unsigned int i = 0; i < f->nr_notes; i++) {
		expanded_location nl = expand_location(f->note_loc[i]);

		pp_string(&out, i ? ", {" : "{");
		pw_json_field(&out, "file", nl.file, true);
		snprintf(num, sizeof(num), "%d", nl.line);
		pp_string(&out, ", \"line\": ");
		pp_string(&out, num);
		pw_json_field(&out, "message", f->note[i], false);
		pp_character(&out, '}');
	}
	pp_string(&out, "]}\n");
	free(diff);

	const char *text = pp_formatted_text(&out);
	pw_report_append(text, strlen(text));
}

static void pw_finding_free(struct pw_finding *f)
{
	for (unsigned int i = 0; i < f->nr_notes; i++)
		free(f->note[i]);
	free(f->message);
	delete f->richloc;
	f->richloc = NULL;
}

void pw_finding_emit(struct pw_finding *f)
{
	bool shown;

	if (pw_suppressed(f->rule, LOCATION_FILE(f->loc),
			  current_function_decl ? pw_fn_name(current_function_decl) : NULL)) {
		pw_finding_free(f);
		return;
	}
	if (pw_config.werror) {
		shown = true;
		error_at(f->richloc, "%s [pageward:%s]", f->message, f->rule);
	} else {
		bool saved = global_dc->warning_as_error_requested;

		global_dc->warning_as_error_requested = false;
		shown = warning_at(f->richloc, 0, "%s [pageward:%s]", f->message, f->rule);
		global_dc->warning_as_error_requested = saved;
	}
	for (unsigned int i = 0; shown && i < f->nr_notes; i++)
		inform(f->note_loc[i], "%s", f->note[i]);
	if (pw_config.report_path)
		pw_report_json(f);
	pw_finding_free(f);
}
