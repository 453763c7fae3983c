// SPDX-License-Identifier: GPL-2.0
/*
 * Lookup in the kernel API table of pw_api.def.
 *
 * The tables (PW_API rows, PW_LOCK rows) are sorted by name once, at plugin
 * start, and searched with bsearch(); a name that appears under several kinds
 * or lock classes occupies adjacent slots.
 */
#include "pageward.h"

static struct pw_api pw_api_table[] = {
#define PW_API(kind, name, arg) { PW_##kind, #name, arg },
#include "pw_api.def"
};

struct pw_field {
	enum pw_api_kind kind;
	const char *record, *field;
};

static const struct pw_field pw_field_table[] = {
#define PW_FIELD(kind, record, field) { PW_##kind, #record, #field },
#include "pw_api.def"
};

static struct pw_lock_row pw_lock_table[] = {
#define PW_LOCK(cls, name, arg, when) { PW_LOCK_##cls, #name, arg, PW_##when },
#include "pw_api.def"
};

#define PW_LOCK_COUNT (sizeof(pw_lock_table) / sizeof(pw_lock_table[0]))

#define PW_API_COUNT (sizeof(pw_api_table) / sizeof(pw_api_table[0]))

static int pw_api_cmp(const void *a, const void *b)
{
	const struct pw_api *x = (const struct pw_api *)a;
	const struct pw_api *y = (const struct pw_api *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (int)x->kind - (int)y->kind;
}

static int pw_lock_cmp(const void *a, const void *b)
{
	const struct pw_lock_row *x = (const struct pw_lock_row *)a;
	const struct pw_lock_row *y = (const struct pw_lock_row *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (int)x->cls - (int)y->cls;
}

void pw_api_init(void)
{
	qsort(pw_api_table, PW_API_COUNT, sizeof(pw_api_table[0]), pw_api_cmp);
	qsort(pw_lock_table, PW_LOCK_COUNT, sizeof(pw_lock_table[0]), pw_lock_cmp);
}

/* The source-level name of a function declaration, or NULL. */
const char *pw_fn_name(const_tree fndecl)
{
	if (!fndecl || TREE_CODE(fndecl) != FUNCTION_DECL || !DECL_NAME(fndecl))
		return NULL;
	return IDENTIFIER_POINTER(DECL_NAME(fndecl));
}

const struct pw_api *pw_api_find(const_tree fndecl, enum pw_api_kind kind)
{
	struct pw_api key;
	const struct pw_api *hit;

	key.name = pw_fn_name(fndecl);
	if (!key.name)
		return NULL;
	key.kind = kind;
	key.arg = 0;
	hit = (const struct pw_api *)bsearch(&key, pw_api_table, PW_API_COUNT,
					     sizeof(pw_api_table[0]), pw_api_cmp);
	return hit;
}

/* The table entry of KIND for the function STMT calls directly, or NULL. */
const struct pw_api *pw_api_call(const gimple *stmt, enum pw_api_kind kind)
{
	if (!stmt || !is_gimple_call(stmt))
		return NULL;
	return pw_api_find(gimple_call_fndecl(stmt), kind);
}

/* The argument of CALL that API's entry is about, or NULL_TREE. */
tree pw_api_arg(const gimple *call, const struct pw_api *api)
{
	if (!api || api->arg < 0 || (unsigned int)api->arg >= gimple_call_num_args(call))
		return NULL_TREE;
	return gimple_call_arg(call, api->arg);
}

/* Is FIELD (a FIELD_DECL) a struct member listed as KIND?  Its
 * "record.field" name then, or NULL. */
const char *pw_api_member(const_tree field, enum pw_api_kind kind)
{
	static char buf[128];
	const_tree record;

	if (!field || TREE_CODE(field) != FIELD_DECL || !DECL_NAME(field))
		return NULL;
	record = DECL_CONTEXT(field);
	if (!record || !TYPE_NAME(record))
		return NULL;
	record = TYPE_NAME(record);
	if (TREE_CODE(record) == TYPE_DECL)
		record = DECL_NAME(record);
	if (!record || TREE_CODE(record) != IDENTIFIER_NODE)
		return NULL;
	for (size_t i = 0; i < sizeof(pw_field_table) / sizeof(pw_field_table[0]); i++)
		if (pw_field_table[i].kind == kind &&
		    id_equal(DECL_NAME(field), pw_field_table[i].field) &&
		    id_equal(record, pw_field_table[i].record)) {
			snprintf(buf, sizeof(buf), "%s.%s", pw_field_table[i].record,
				 pw_field_table[i].field);
			return buf;
		}
	return NULL;
}

/* Is REF a read of a struct member listed as KIND (pipe_buffer.page)? */
bool pw_api_field(const_tree ref, enum pw_api_kind kind)
{
	return ref && TREE_CODE(ref) == COMPONENT_REF &&
	       pw_api_member(TREE_OPERAND(ref, 1), kind);
}

/* Call FN on every call in FUN to a function of KIND. */
void pw_for_each_call(function *fun, enum pw_api_kind kind, void (*fn)(gimple *))
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
			if (pw_api_call(gsi_stmt(gsi), kind))
				fn(gsi_stmt(gsi));
}

/* The PW_LOCK row of class CLS for the function STMT calls directly, or NULL. */
const struct pw_lock_row *pw_lock_call(const gimple *stmt, enum pw_lock_id cls)
{
	struct pw_lock_row key;

	if (!stmt || !is_gimple_call(stmt))
		return NULL;
	key.name = pw_fn_name(gimple_call_fndecl(stmt));
	if (!key.name)
		return NULL;
	key.cls = cls;
	return (const struct pw_lock_row *)bsearch(&key, pw_lock_table, PW_LOCK_COUNT,
						   sizeof(pw_lock_table[0]), pw_lock_cmp);
}

/* The lock instance ROW's call names: its argument ARG, or for ARG -1 the
 * value it returns (NULL_TREE if it has none). */
tree pw_lock_instance(const gimple *call, const struct pw_lock_row *row)
{
	if (row->arg < 0)
		return gimple_call_lhs(call);
	if ((unsigned int)row->arg >= gimple_call_num_args(call))
		return NULL_TREE;
	return gimple_call_arg(call, row->arg);
}
