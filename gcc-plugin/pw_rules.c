// SPDX-License-Identifier: GPL-2.0
/*
 * Running the rules of pw_rules.def: the table itself, enabling by name, and
 * the two hooks the pass calls (per function, and at the end of the unit).
 */
#include "pageward.h"

/* Rules without an end-of-unit step name this one. */
void pw_finish_nothing(void)
{
}

/* Each rule's two entry points, declared from the table. */
#define PW_RULE(name, seeds, summary, check, finish) \
	void check(function *fun); \
	void finish(void);
#include "pw_rules.def"
#undef PW_RULE

struct pw_rule pw_rules[] = {
#define PW_RULE(name, seeds, summary, check, finish) \
	{ name, seeds, summary, check, finish, true },
#include "pw_rules.def"
#undef PW_RULE
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
		if (pw_rules[i].enabled)
			pw_rules[i].check(fun);
	/* leave the function as we found it */
	if (!had_dom && dom_info_available_p(CDI_DOMINATORS))
		free_dominance_info(CDI_DOMINATORS);
}

/* After the last function: findings that waited for every caller. */
void pw_finish_unit(void)
{
	for (unsigned int i = 0; i < pw_nr_rules; i++)
		if (pw_rules[i].enabled)
			pw_rules[i].finish();
}
