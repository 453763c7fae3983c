// SPDX-License-Identifier: GPL-2.0
/*
 * The rule table: every rule the plugin checks, by the name all pageward
 * engines share (cocci/NAME.cocci is the same rule for Coccinelle).  A new
 * rule is a rule_*.c file with its check function plus one line here.
 */
#include "pageward.h"

void pw_check_freeze_inexact(function *fun);
void pw_check_freeze_unchecked(function *fun);
void pw_check_access_before_io(function *fun);
void pw_check_pin_before_access(function *fun);
void pw_check_vmflags_unsynced_read(function *fun);
void pw_check_vmflags_unsynced_write(function *fun);
void pw_vmflags_finish_unit(void);

struct pw_rule pw_rules[] = {
	{ "freeze-inexact", "000, 002",
	  "refcount frozen against a count that depends on page state, "
	  "with nothing stopping new references",
	  pw_check_freeze_inexact, true },
	{ "freeze-unchecked", "000, 002",
	  "result of page_ref_freeze()/folio_ref_freeze() ignored",
	  pw_check_freeze_unchecked, true },
	{ "access-before-io", "000, 002",
	  "I/O started on a page that may be inaccessible, with no "
	  "arch_make_page_accessible() on every path before it",
	  pw_check_access_before_io, true },
	{ "pin-before-access", "000, 002",
	  "arch_make_page_accessible() before the reference or writeback mark "
	  "that keeps the page accessible",
	  pw_check_pin_before_access, true },
	{ "vmflags-unsynced-read", "004",
	  "vm_flags read in a speculative function outside a validated "
	  "seqcount section",
	  pw_check_vmflags_unsynced_read, true },
	{ "vmflags-unsynced-write", "004",
	  "vm_flags written outside the VMA's write section, or without "
	  "vma_start_write() on a per-VMA-lock kernel",
	  pw_check_vmflags_unsynced_write, true },
};

const unsigned int pw_nr_rules = sizeof(pw_rules) / sizeof(pw_rules[0]);

struct pw_rule *pw_rule_find(const char *name)
{
	for (unsigned int i = 0; i < pw_nr_rules; i++)
		if (!strcmp(pw_rules[i].name, name))
			return &pw_rules[i];
	return NULL;
}

bool pw_rule_enabled(const char *name)
{
	struct pw_rule *rule = pw_rule_find(name);

	return rule && rule->enabled;
}

/* Run every enabled rule over FUN; called once per function by the pass. */
void pw_check_function(function *fun)
{
	bool had_dom = dom_info_available_p(CDI_DOMINATORS);

	if (!fun || !fun->cfg)
		return;
	for (unsigned int i = 0; i < pw_nr_rules; i++)
		if (pw_rules[i].enabled && pw_rules[i].check)
			pw_rules[i].check(fun);
	/* leave the function as we found it */
	if (!had_dom && dom_info_available_p(CDI_DOMINATORS))
		free_dominance_info(CDI_DOMINATORS);
}

/* After the last function: findings that waited for every caller. */
void pw_finish_unit(void)
{
	if (pw_rule_enabled("vmflags-unsynced-write"))
		pw_vmflags_finish_unit();
}
