/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pageward: declarations shared by the plugin's pieces.
 *
 *   pageward_plugin.c  entry point, options, pass registration
 *   pw_rules.def/.c    the rule table: every rule, by name, and running them
 *   pw_api.c/.def      what pageward knows about kernel functions
 *   pw_flow.c          SSA, dominance, reachability and lock-state helpers
 *   pw_report.c        findings: diagnostics, notes, JSON lines
 *   pw_source.c        the source text: call arguments as written, fix-it hints
 *   pw_suppress.c      findings a maintainer chose not to see again
 *   pw_vma.c           the kernel's era, vm_flags accesses, VMA locks and sections
 *   rule_*.c           one file per protocol
 */
#ifndef PAGEWARD_H
#define PAGEWARD_H

#include "pw_gcc.h"

/* ---- options (pageward_plugin.c) ---- */

struct pw_config {
	bool werror;			/* findings are errors */
	const char *report_path;	/* append JSON lines here, or NULL */
};
extern struct pw_config pw_config;

/* ---- rules (pw_rules.def, pw_rules.c) ---- */

struct pw_rule {
	const char *name;	/* as printed in [pageward:NAME] */
	const char *seeds;	/* the LKML threads the protocol comes from */
	const char *summary;
	void (*check)(function *fun);	/* on every function */
	void (*finish)(void);		/* after the unit's last function */
	bool enabled;
};

extern struct pw_rule pw_rules[];
extern const unsigned int pw_nr_rules;

struct pw_rule *pw_rule_find(const char *name);
bool pw_rule_enabled(const char *name);
void pw_check_function(function *fun);
void pw_finish_unit(void);

/* ---- kernel API knowledge (pw_api.c, pw_api.def) ---- */

enum pw_api_kind {
#define PW_KIND(kind, doc) PW_##kind,
#include "pw_api.def"
	PW_NR_KINDS
};

/* The lock classes of pw_api.def's PW_LOCK_CLASS rows: PW_LOCK_SPIN, ... */
enum pw_lock_id {
#define PW_LOCK_CLASS(cls, doc) PW_LOCK_##cls,
#include "pw_api.def"
	PW_NR_LOCK_CLASSES
};

/* When a PW_LOCK row's call holds its lock afterwards (pw_api.def). */
enum pw_lock_when {
	PW_ALWAYS,		/* unconditionally */
	PW_ON_TRUE,		/* when it returns non-zero (trylock, try_get) */
	PW_ON_ZERO,		/* when it returns 0 (errno style) */
	PW_RELEASE,		/* never: it releases the lock */
};

struct pw_lock_row {
	enum pw_lock_id cls;
	const char *name;
	int arg;		/* the argument naming the instance; -1: none, or the result */
	enum pw_lock_when when;
};

struct pw_api {
	enum pw_api_kind kind;
	const char *name;
	int arg;		/* the page/folio/lock argument, -1 if none */
};

void pw_api_init(void);
const char *pw_fn_name(const_tree fndecl);
const struct pw_api *pw_api_find(const_tree fndecl, enum pw_api_kind kind);
const struct pw_api *pw_api_call(const gimple *stmt, enum pw_api_kind kind);
tree pw_api_arg(const gimple *call, const struct pw_api *api);
bool pw_api_field(const_tree ref, enum pw_api_kind kind);
const char *pw_api_member(const_tree field, enum pw_api_kind kind);
void pw_for_each_call(function *fun, enum pw_api_kind kind, void (*fn)(gimple *));
const struct pw_lock_row *pw_lock_call(const gimple *stmt, enum pw_lock_id cls);
tree pw_lock_instance(const gimple *call, const struct pw_lock_row *row);

/* ---- dataflow helpers (pw_flow.c) ---- */

tree pw_strip(tree t);
tree pw_load_source(gimple *def);
tree pw_page_root(tree t);
tree pw_loaded_from(tree root);
bool pw_same_page(tree a, tree b);
const char *pw_record_tag(const_tree record);
bool pw_is_page_type(const_tree type);
bool pw_is_folio_type(const_tree type);
const char *pw_expr_str(tree t);
bool pw_stmt_dominates(const gimple *a, const gimple *b);
bool pw_test_outcome(tree result, edge *on_true, edge *on_false);
bool pw_cond_decides(gcond *cond, tree var, HOST_WIDE_INT yes, HOST_WIDE_INT no,
		     edge *on_yes, edge *on_no);

typedef bool (*pw_stmt_pred)(const gimple *stmt, void *data);
gimple *pw_find_after(const gimple *from, edge start, pw_stmt_pred pred,
		      void *data, pw_stmt_pred stop);
gimple *pw_find_dominating(const gimple *to, pw_stmt_pred pred, void *data);

/*
 * A lock as a rule sees it: the PW_LOCK rows of the table classes in
 * CLASSES (PW_LOCK_BIT(SPIN) | ...), of which INSTANCE, when given, keeps the
 * rows and instances that are this lock (the spinlock that is an xa_lock, the
 * VMA the rule asks about, passed as DATA).  INST is the row's ARG argument,
 * or the call's result for ARG -1.
 */
#define PW_LOCK_BIT(cls) (1u << PW_LOCK_##cls)
struct pw_lock_class {
	const char *what;
	unsigned int classes;
	bool (*instance)(const gimple *stmt, const struct pw_lock_row *row, tree inst,
			 void *data);
};
const struct pw_lock_row *pw_lock_row_of(const gimple *stmt, const struct pw_lock_class *cls,
					 void *data);
bool pw_lock_acquires(const gimple *stmt, const struct pw_lock_class *cls, void *data);
bool pw_lock_releases(const gimple *stmt, const struct pw_lock_class *cls, void *data);
bool pw_lock_held_at(const gimple *stmt, const struct pw_lock_class *cls,
		     void *data, gimple **acquire);

/* ---- VMAs and vm_flags (pw_vma.c) ---- */

enum pw_vma_era {
	PW_ERA_NONE,		/* only the mmap lock guards vm_flags */
	PW_ERA_SPF,		/* speculative page faults: vma->vm_sequence */
	PW_ERA_VMA_LOCK,	/* 6.3+: __vm_flags, vm_flags_*(), per-VMA locks */
};

bool pw_is_record(const_tree type, const char *tag);
enum pw_vma_era pw_vma_era(const_tree record);
tree pw_vmflags_ref(tree ref, enum pw_vma_era *era);
tree pw_section_owner(tree arg, bool *is_mm);
bool pw_same_vma(tree a, tree b);
bool pw_vma_call(const gimple *s, enum pw_api_kind kind, tree vma);
int pw_line(const gimple *s);
gimple *pw_vma_write_locked(const gimple *s, tree vma);
gimple *pw_vma_writer_at(const gimple *s, tree vma, enum pw_vma_era era);
void pw_vma_note_decl(tree decl);
const char *pw_vma_unpublished(tree vma);
extern const struct pw_lock_class pw_mmap_lock;
extern const struct pw_lock_class pw_vma_write_section;

/* ---- findings (pw_report.c) ---- */

#define PW_MAX_NOTES 4

struct pw_finding {
	const char *rule;
	location_t loc;
	char *message;
	rich_location *richloc;		/* carries the fix-it hints */
	unsigned int nr_notes;
	location_t note_loc[PW_MAX_NOTES];
	char *note[PW_MAX_NOTES];
};

location_t pw_user_location(location_t loc);
void pw_finding_start(struct pw_finding *f, const char *rule, location_t loc,
		      const char *fmt, ...) ATTRIBUTE_PRINTF_4;
void pw_finding_note(struct pw_finding *f, location_t loc,
		     const char *fmt, ...) ATTRIBUTE_PRINTF_3;
void pw_finding_emit(struct pw_finding *f);

/* ---- suppressions (pw_suppress.c) ---- */

bool pw_suppress_load(const char *file);
bool pw_suppressed(const char *rule, const char *file, const char *function);

/* ---- the source text (pw_source.c) ---- */

void pw_note_decl(void *gcc_data, void *user_data);
location_t pw_first_decl_location(tree fndecl);
bool pw_unit_declares(const char *name);
char *pw_call_text(const gimple *call);
char *pw_call_args_text(const gimple *call);
char *pw_call_arg_text(const gimple *call, unsigned int argno);
const char *pw_error_return(tree fndecl, const char *errno_text);
bool pw_error_label(tree fndecl, const char **label, const char **var);
bool pw_fix_guard_call(rich_location *richloc, location_t call_loc,
		       const char *negate_with, const char *body);
bool pw_fix_insert_before(rich_location *richloc, location_t call_loc,
			  const char *line1, const char *line2);
bool pw_fix_move_before(rich_location *richloc, location_t from, location_t to);
bool pw_fix_wrap_statement(rich_location *richloc, location_t loc,
			   const char *before, const char *after);
char *pw_trim(char *s);
char *pw_statement_text(location_t loc);
bool pw_fix_replace_statement(rich_location *richloc, location_t loc,
			      const char *line_before, const char *replacement);
bool pw_fix_replace_member(rich_location *richloc, location_t loc, const char *member,
			   const char *text);

#endif /* PAGEWARD_H */
