// SPDX-License-Identifier: GPL-2.0
/*
 * pageward: catch the memory-management races argued about on LKML at
 * compile time -- refcount freezes against counts that holders can outgrow
 * (seeds 000 and 002), and the protocols of the rules in pw_rules.c.
 *
 * The plugin adds one GIMPLE pass right after "ssa", before any inlining, and
 * only reads the IL: it never changes the code GCC generates.  Findings are
 * warnings that do not fail a -Werror build unless asked to:
 *
 *	FILE:LINE:COL: warning: MESSAGE [pageward:RULE]
 *
 * Options, as -fplugin-arg-pageward_plugin-KEY[=VALUE]:
 *	rules=R1,R2	check only these rules (default: all)
 *	report=FILE	append each finding to FILE as a JSON line
 *	suppress=FILE	do not report the findings FILE lists (RULE PATH FUNCTION)
 *	stats=FILE	append "INPUT FUNCTIONS PASS_NS CC1_NS" per compilation
 *	werror		findings are errors
 *	check-only	stop cc1 once the checks have run: no optimisation, no code
 *	disable		load, but check nothing
 *
 * Each option at most once; an unknown or repeated option, an empty rule
 * name, or a report/stats/suppressions path that is not a regular file is
 * one error at start-up, and the compilation fails.
 *
 * Build against the compiler that builds the kernel, and use it:
 *	make CC=gcc-12
 *	gcc-12 -fplugin=gcc-plugin/pageward_plugin.so -O2 -c file.c
 *	make -C linux KCFLAGS=-fplugin=$PWD/gcc-plugin/pageward_plugin.so mm/
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "pageward.h"
#include "plugin-version.h"
#include "opts.h"
#include "toplev.h"
#include "pw_version.h"

__visible int plugin_is_GPL_compatible;

struct pw_config pw_config;

static struct plugin_info pageward_plugin_info = {
	.version = PW_VERSION,
	.help = "rules=R1,R2\tcheck only these rules (default: all)\n"
		"report=FILE\tappend each finding to FILE as a JSON line\n"
		"suppress=FILE\tdo not report the findings FILE lists\n"
		"stats=FILE\tappend the CPU time the checks took to FILE\n"
		"werror\tfindings are errors\n"
		"check-only\tstop after the checks: no optimisation, no code "
		"(use with -S -o /dev/null)\n"
		"disable\tload, but check nothing\n",
};

static const pass_data pageward_pass_data = {
	GIMPLE_PASS,		/* type */
	"pageward",		/* name */
	OPTGROUP_NONE,		/* optinfo_flags */
	TV_PLUGIN_RUN,		/* tv_id: -ftime-report shows "plugin execution" */
	PROP_cfg | PROP_ssa,	/* properties_required */
	0,			/* properties_provided */
	0,			/* properties_destroyed */
	0,			/* todo_flags_start */
	0,			/* todo_flags_finish */
};

/* stats=FILE: what the checks cost, measured in the compiler itself. */
static const char *pageward_stats_path;
static uint64_t pageward_pass_ns;
static unsigned long pageward_functions;

static uint64_t pageward_cpu_ns(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * At the end of the compilation, one line: the input file, the functions
 * checked, the CPU time spent in pageward's pass and in the whole cc1 so
 * far, in nanoseconds.  make bench sums these over a kernel subset.
 */
static void pageward_write_stats(void)
{
	char line[4096];
	int fd, n;

	n = snprintf(line, sizeof(line), "%s %lu %llu %llu\n",
		     main_input_filename ? main_input_filename : "-",
		     pageward_functions, (unsigned long long)pageward_pass_ns,
		     (unsigned long long)pageward_cpu_ns(CLOCK_PROCESS_CPUTIME_ID));
	fd = open(pageward_stats_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || n <= 0 || n >= (int)sizeof(line) || write(fd, line, n) != n)
		error("pageward: cannot write stats file %qs: %m", pageward_stats_path);
	if (fd >= 0)
		close(fd);
}

class pageward_pass : public gimple_opt_pass {
public:
	pageward_pass(gcc::context *ctxt)
		: gimple_opt_pass(pageward_pass_data, ctxt) {}
	unsigned int execute(function *fun) final override
	{
		uint64_t start = pageward_cpu_ns(CLOCK_THREAD_CPUTIME_ID);

		pw_check_function(fun);
		pageward_pass_ns += pageward_cpu_ns(CLOCK_THREAD_CPUTIME_ID) - start;
		pageward_functions++;
		return 0;
	}
};

/* The --target= of a GCC's configure line, for the mismatch message. */
static const char *pageward_target(const char *config, char *buf, size_t len)
{
	const char *t = config ? strstr(config, "--target=") : NULL;
	size_t n;

	if (!t)
		return "native";
	t += strlen("--target=");
	n = strcspn(t, " ");
	snprintf(buf, len, "%.*s", (int)MIN(n, len - 1), t);
	return buf;
}

static bool pageward_version_ok(struct plugin_gcc_version *version)
{
	char built[64], running[64];

	if (plugin_default_version_check(version, &gcc_version))
		return true;
	error("pageward_plugin was built for GCC %s (%s target %s) but is loaded "
	      "into GCC %s (%s target %s); rebuild it with "
	      "'make CC=<this compiler>' in the pageward tree",
	      gcc_version.basever, gcc_version.datestamp,
	      pageward_target(gcc_version.configuration_arguments, built, sizeof(built)),
	      version->basever, version->datestamp,
	      pageward_target(version->configuration_arguments, running, sizeof(running)));
	return false;
}

/*
 * report=, stats= and suppress= name regular files.  Anything else is
 * refused at start-up: a FIFO nobody reads blocks cc1 forever in open(),
 * a directory reads as an empty suppressions list, and /dev/stdout
 * interleaves JSON with make's output.  A file that does not exist yet is
 * fine for the two that are written (WRITE).
 */
static bool pageward_regular_file(const char *key, const char *path, bool write)
{
	struct stat st;
	int fd;

	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		error("pageward: %s file %qs is not a regular file; give a file path "
		      "in -fplugin-arg-pageward_plugin-%s=FILE", key, path, key);
		return false;
	}
	/*
	 * A file that is written may not exist yet.  O_NONBLOCK: never wait,
	 * even if the path became a FIFO since the stat().
	 */
	fd = open(path, (write ? O_WRONLY | O_APPEND | O_CREAT : O_RDONLY) |
		  O_NONBLOCK | O_CLOEXEC, 0644);
	if (fd < 0) {
		error("pageward: cannot %s %s file %qs: %m; give a %s path in "
		      "-fplugin-arg-pageward_plugin-%s=FILE", write ? "write" : "read",
		      key, path, write ? "writable" : "readable", key);
		return false;
	}
	close(fd);
	return true;
}

static const char *pageward_rule_names(void)
{
	static char names[512];

	names[0] = '\0';
	for (unsigned int i = 0; i < pw_nr_rules; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names),
			 "%s%s", i ? ", " : "", pw_rules[i].name);
	return names;
}

/* rules=LIST: enable exactly the named rules; an empty name is an error. */
static bool pageward_select_rules(const char *list)
{
	bool ok = true;

	for (unsigned int i = 0; i < pw_nr_rules; i++)
		pw_rules[i].enabled = false;
	for (const char *p = list;; p++) {
		size_t n = strcspn(p, ",");
		char *name = xstrndup(p, n);
		struct pw_rule *rule = pw_rule_find(name);

		if (!rule) {
			error("pageward: %s rule name %qs in "
			      "-fplugin-arg-pageward_plugin-rules=%s; known rules: %s",
			      n ? "unknown" : "empty", name, list, pageward_rule_names());
			ok = false;
		} else {
			rule->enabled = true;
		}
		free(name);
		p += n;
		if (!*p || !ok)
			break;
	}
	return ok;
}

/*
 * check-only: once every function of the unit has been through pageward's
 * pass (right after "ssa"), and the end-of-unit decisions are made, nothing
 * else cc1 would do can change a finding.  The cheapest clean stop GCC has
 * is the one it takes after an error: the IPA passes gate on !seen_error(),
 * compile_file() skips optimisation, code generation and the assembly
 * output, and toplev still runs PLUGIN_FINISH, prints the
 * -fdiagnostics-generate-patch diff and finishes the diagnostics.  So the
 * unit pass below counts one error that nobody reports, and pageward_finish()
 * takes it back before cc1 computes its exit status: that status is then
 * the diagnostics' own (1 only for real errors, or findings with werror).
 * Through "gcc -c" the assembler still makes an object, with no code;
 * "gcc -S -o /dev/null" writes nothing at all.
 *
 * Only where the assembly is nobody's product: kbuild compiles
 * kernel/bounds.c, asm-offsets.c and devicetable-offsets.c with the same
 * KCFLAGS into named .s files that it reads back for constants, and an empty
 * one would silently break every file that includes the header made from it.
 * So a unit whose assembly goes to a file the user named (-S -o FILE.s,
 * -save-temps) is compiled in full; check-only stops only when the assembly
 * goes to /dev/null, to a pipe (-pipe), or to the driver's own temporary
 * file on its way to the assembler.  And never in a vDSO (its units define
 * BUILD_VDSO on x86 and s390): kbuild links it during the build, checks it
 * for dynamic relocations, and derives vdso64-offsets.h from its symbols.
 *
 * Whether a unit stops is decided once, at start-up, from the command line
 * alone (kbuild passes BUILD_VDSO as -D), so that what is known then can be
 * acted on: a unit that stops produces no object, so it needs no debug
 * information either, and cc1 is told -g0 before it reads a line.  With -g
 * (s390's defconfig), describing every type and function for DWARF is about
 * a quarter of a check-only compile.  GIMPLE then has no debug statements,
 * which the checks skip anyway: the findings are those of the -g compile
 * (tests/suite-plugin.sh and the kernel suite compare them).
 */
static bool pageward_check_only;
static bool pageward_will_stop;
static bool pageward_stopped;

/* Is DIR the directory the GCC driver makes its temporary files in? */
static bool pageward_temp_dir(const char *dir, size_t len)
{
	static const char *const env[] = { "TMPDIR", "TMP", "TEMP" };
	static const char *const fixed[] = { "/tmp", "/var/tmp", "/usr/tmp" };

	for (unsigned int i = 0; i < ARRAY_SIZE(env); i++) {
		const char *d = getenv(env[i]);
		size_t n = d ? strlen(d) : 0;

		while (n > 1 && d[n - 1] == '/')
			n--;
		if (n && n == len && !strncmp(d, dir, len))
			return true;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(fixed); i++)
		if (strlen(fixed[i]) == len && !strncmp(fixed[i], dir, len))
			return true;
	return false;
}

/* Is option OPT (an OPT_ code) on the command line? */
static bool pageward_cmdline_has(size_t opt)
{
	for (unsigned int i = 0; i < save_decoded_options_count; i++)
		if (save_decoded_options[i].opt_index == opt)
			return true;
	return false;
}

/* Does the command line define MACRO (-DMACRO or -DMACRO=V, not undone by -U)? */
static bool pageward_cmdline_defines(const char *macro)
{
	size_t len = strlen(macro);
	bool defined = false;

	for (unsigned int i = 0; i < save_decoded_options_count; i++) {
		const struct cl_decoded_option *opt = &save_decoded_options[i];
		const char *arg = opt->arg;

		if ((opt->opt_index != OPT_D && opt->opt_index != OPT_U) || !arg ||
		    strncmp(arg, macro, len) || (arg[len] && arg[len] != '='))
			continue;
		defined = opt->opt_index == OPT_D;
	}
	return defined;
}

/*
 * Does this unit's assembly go only to the assembler (or nowhere)?  The
 * driver names its temporary file ccXXXXXX.s (libiberty's make_temp_file).
 */
static bool pageward_asm_discarded(void)
{
	const char *name = asm_file_name, *base;
	size_t dir;

	/* no -o: a cc1 run by hand writes DUMPBASE.s, a named file */
	if (!name)
		return false;
	if (!strcmp(name, "-") || !strcmp(name, "/dev/null"))
		return true;
	base = strrchr(name, '/');
	if (!base)
		return false;
	base++;
	/* TMPDIR=/var/tmp/ gives /var/tmp//ccXXXXXX.s */
	for (dir = base - 1 - name; dir > 1 && name[dir - 1] == '/'; dir--)
		;
	return strlen(base) == 10 && !strncmp(base, "cc", 2) &&
	       !strcmp(base + 8, ".s") && pageward_temp_dir(name, dir);
}

static const pass_data pageward_unit_pass_data = {
	SIMPLE_IPA_PASS,	/* type */
	"pageward_unit",	/* name */
	OPTGROUP_NONE,		/* optinfo_flags */
	TV_PLUGIN_RUN,		/* tv_id */
	0, 0, 0, 0, 0,
};

/*
 * Runs once, after the last function went through pageward's pass: the
 * end-of-unit decisions (a static helper's finding waits for all of its
 * callers) are made here in every mode, so that a full compile and a
 * check-only one report exactly the same, and an earlier error (werror)
 * cannot make GCC skip them as it skips PLUGIN_FINISH_UNIT.
 */
class pageward_unit_pass : public simple_ipa_opt_pass {
public:
	pageward_unit_pass(gcc::context *ctxt)
		: simple_ipa_opt_pass(pageward_unit_pass_data, ctxt) {}
	unsigned int execute(function *) final override
	{
		uint64_t start = pageward_cpu_ns(CLOCK_THREAD_CPUTIME_ID);

		pw_finish_unit();
		pageward_pass_ns += pageward_cpu_ns(CLOCK_THREAD_CPUTIME_ID) - start;
		if (pageward_will_stop && !pageward_stopped) {
			pageward_stopped = true;
			errorcount++;
		}
		return 0;
	}
};

/* PLUGIN_FINISH: undo the check-only stop, then the stats line. */
static void pageward_finish(void *, void *)
{
	if (pageward_stopped) {
		errorcount--;
		pageward_stopped = false;
	}
	if (pageward_stats_path)
		pageward_write_stats();
}

/* Each option once: a second rules= or report= is a mistake, not an update. */
static bool pageward_once(const char *key, const char **seen, unsigned int *nr)
{
	for (unsigned int i = 0; i < *nr; i++)
		if (!strcmp(seen[i], key)) {
			error("pageward: option '-fplugin-arg-pageward_plugin-%s' given "
			      "twice; give each option once", key);
			return false;
		}
	seen[(*nr)++] = key;
	return true;
}

__visible int plugin_init(struct plugin_name_args *plugin_info,
			  struct plugin_gcc_version *version)
{
	const char *plugin_name = plugin_info->base_name;
	struct register_pass_info pass_info;
	const char *suppress = NULL, **seen;
	unsigned int nr_seen = 0;
	bool disable = false, ok = true;

	if (!pageward_version_ok(version))
		return 0;	/* the error fails the compilation; one line is enough */

	seen = XALLOCAVEC(const char *, plugin_info->argc + 1);
	for (int i = 0; i < plugin_info->argc && ok; i++) {
		const char *key = plugin_info->argv[i].key;
		const char *value = plugin_info->argv[i].value;

		if (!strcmp(key, "disable") && !value) {
			disable = true;
		} else if (!strcmp(key, "werror") && !value) {
			pw_config.werror = true;
		} else if (!strcmp(key, "check-only") && !value) {
			pageward_check_only = true;
		} else if (!strcmp(key, "rules") && value) {
			ok = pageward_select_rules(value);
		} else if (!strcmp(key, "report") && value && *value) {
			pw_config.report_path = value;
			ok = pageward_regular_file(key, value, true);
		} else if (!strcmp(key, "suppress") && value && *value) {
			suppress = value;
			ok = pageward_regular_file(key, value, false);
		} else if (!strcmp(key, "stats") && value && *value) {
			pageward_stats_path = value;
			ok = pageward_regular_file(key, value, true);
		} else {
			error("pageward: unknown or malformed option "
			      "'-fplugin-arg-%s-%s%s%s' (options: rules=LIST, "
			      "report=FILE, suppress=FILE, stats=FILE, werror, "
			      "check-only, disable)", plugin_name, key,
			      value ? "=" : "", value ? value : "");
			ok = false;
		}
		ok = ok && pageward_once(key, seen, &nr_seen);
	}

	register_callback(plugin_name, PLUGIN_INFO, NULL, &pageward_plugin_info);
	if (disable || !ok || (suppress && !pw_suppress_load(suppress)))
		return 0;

	/*
	 * Not in a preprocessor-only run (-E, -M, -MM: nothing to stop, and
	 * -g changes its output's line markers).  The var-tracking flags and
	 * debug markers, which GCC 12 works out before plugins load, go
	 * with the debug information: GIMPLE gets no debug statements, and
	 * no "variable tracking requested, but useless" warning (an error
	 * under -Werror) for an explicit -fvar-tracking.
	 */
	if (pageward_check_only && pageward_asm_discarded() &&
	    !pageward_cmdline_defines("BUILD_VDSO") && !pageward_cmdline_has(OPT_E) &&
	    !pageward_cmdline_has(OPT_M) && !pageward_cmdline_has(OPT_MM)) {
		/* the same as -g0 at the end of the command line: see above */
		pageward_will_stop = true;
		write_symbols = NO_DEBUG;
		debug_info_level = DINFO_LEVEL_NONE;
		pw_no_ctf();
		flag_var_tracking = 0;
		flag_var_tracking_uninit = 0;
		flag_var_tracking_assignments = 0;
		debug_nonbind_markers_p = 0;
	}

	pw_api_init();
	pass_info.pass = new pageward_pass(g);
	pass_info.reference_pass_name = "ssa";
	pass_info.ref_pass_instance_number = 1;
	pass_info.pos_op = PASS_POS_INSERT_AFTER;
	register_callback(plugin_name, PLUGIN_PASS_MANAGER_SETUP, NULL, &pass_info);

	/* "ssa" runs inside the build_ssa_passes IPA pass, once per function */
	pass_info.pass = new pageward_unit_pass(g);
	pass_info.reference_pass_name = "build_ssa_passes";
	pass_info.ref_pass_instance_number = 1;
	pass_info.pos_op = PASS_POS_INSERT_AFTER;
	register_callback(plugin_name, PLUGIN_PASS_MANAGER_SETUP, NULL, &pass_info);
	/* where each function was first declared (pw_source.c), and the
	 * functions the unit defines without a prototype first (6.1's static
	 * inline arch_make_page_accessible() on x86: pw_unit_declares()) */
	register_callback(plugin_name, PLUGIN_FINISH_DECL, pw_note_decl, NULL);
	register_callback(plugin_name, PLUGIN_PRE_GENERICIZE, pw_note_decl, NULL);
	register_callback(plugin_name, PLUGIN_FINISH, pageward_finish, NULL);
	return 0;
}
