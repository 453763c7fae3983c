// SPDX-License-Identifier: GPL-2.0
/*
 * freeze-inexact and freeze-unchecked (seeds 000 and 002).
 *
 * page_ref_freeze(page, count) sets the refcount to zero only if it equals
 * count.  That notices references taken *before* the freeze, but does not
 * stop a holder of an existing reference from taking a new one afterwards
 * (seed 000: find_get_page(); ...; get_page() on a page made secure in
 * between).  The freeze excludes everybody only when
 *
 *   - count is exact: built from constants and page-size helpers, so any
 *     reference beyond the ones the caller accounts for makes it fail; or
 *   - something else stops new references (seed 002): the freeze happens
 *     under the page-cache/swap-cache xarray lock and the page is removed or
 *     replaced in that xarray before it is unfrozen, so lookups cannot find
 *     it; or every mapping was removed first (try_to_unmap, unmap_folio,
 *     try_to_migrate), so page-table walkers cannot.
 *
 * freeze-inexact reports a count that depends on page state (mapcount,
 * mapping, private, swap cache) with neither mechanism.  A count that
 * arrives as a parameter is the caller's to get right and is not reported.
 * freeze-unchecked reports a freeze whose result is not looked at.
 */
#include "pageward.h"

enum pw_exactness {
	PW_EXACT,	/* constants and page-size helpers only */
	PW_CALLER,	/* also parameters or values we cannot see: not ours */
	PW_INEXACT,	/* depends on page state */
};

struct pw_count_walk {
	hash_set<tree> seen;
	int budget;
	gimple *origin;		/* where the page state enters the count */
	char *why;		/* what it is, for the message */
};

static enum pw_exactness pw_count_class(tree t, struct pw_count_walk *w);

static enum pw_exactness pw_worse(enum pw_exactness a, enum pw_exactness b)
{
	return a > b ? a : b;
}

static void pw_count_blame(struct pw_count_walk *w, gimple *stmt, char *why)
{
	if (w->origin) {
		free(why);
		return;
	}
	w->origin = stmt;
	w->why = why;
}

/* Does REF read a field of a struct page or struct folio? */
static bool pw_reads_page_field(tree ref)
{
	while (handled_component_p(ref))
		ref = TREE_OPERAND(ref, 0);
	return TREE_CODE(ref) == MEM_REF &&
	       pw_is_page_type(TREE_TYPE(TREE_OPERAND(ref, 0)));
}

/*
 * The page-state readers FNDECL's body calls directly or through one more
 * function with a body: "folio_mapcount() and folio_test_swapcache()".
 */
static void pw_body_readers(tree fndecl, int depth, char *buf, size_t len,
			    unsigned int *found)
{
	function *fn = DECL_STRUCT_FUNCTION(fndecl);
	basic_block bb;

	if (!fn || !fn->cfg || depth > 1)
		return;
	FOR_EACH_BB_FN(bb, fn) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			tree callee;

			if (*found >= 2)
				return;
			if (!is_gimple_call(s) || !(callee = gimple_call_fndecl(s)))
				continue;
			if (pw_api_find(callee, PW_PAGE_STATE)) {
				const char *name = pw_fn_name(callee);

				if (strstr(buf, name))
					continue;
				snprintf(buf + strlen(buf), len - strlen(buf), "%s%s()",
					 *found ? " and " : "", name);
				(*found)++;
			} else if (callee != fndecl && !pw_api_find(callee, PW_SIZE_HELPER)) {
				pw_body_readers(callee, depth + 1, buf, len, found);
			}
		}
	}
}

/*
 * A call that produces (part of) the count, directly or through an
 * out-parameter named OUT.
 */
static enum pw_exactness pw_count_call(gimple *call, const char *out,
				       struct pw_count_walk *w)
{
	tree fndecl = gimple_call_fndecl(call);
	const char *name = pw_fn_name(fndecl);
	char readers[128] = "";
	unsigned int found = 0;

	if (!fndecl)
		return PW_CALLER;
	if (!out && pw_api_find(fndecl, PW_SIZE_HELPER))
		return PW_EXACT;
	if (!out && pw_api_find(fndecl, PW_VALUE_ALIAS))
		return pw_count_class(gimple_call_arg(call, 0), w);
	if (pw_api_find(fndecl, PW_PAGE_STATE)) {
		pw_count_blame(w, call, xasprintf("%s()", name));
		return PW_INEXACT;
	}
	pw_body_readers(fndecl, 0, readers, sizeof(readers), &found);
	if (found) {
		pw_count_blame(w, call, out ?
			xasprintf("'%s' is set by %s(), which counts %s", out, name, readers) :
			xasprintf("%s() counts %s", name, readers));
		return PW_INEXACT;
	}
	if (DECL_STRUCT_FUNCTION(fndecl) && DECL_STRUCT_FUNCTION(fndecl)->cfg)
		return PW_CALLER;	/* a body without page state */
	/* no body: a count computed elsewhere from one of our pages */
	for (unsigned int i = 0; i < gimple_call_num_args(call); i++) {
		tree arg = gimple_call_arg(call, i);

		if (pw_is_page_type(TREE_TYPE(arg))) {
			pw_count_blame(w, call, xasprintf(
				"%s(%s), which is not a page-size helper",
				name, pw_expr_str(arg)));
			return PW_INEXACT;
		}
	}
	return PW_CALLER;
}

/* A local variable read from memory: every store to it and every call that
 * is given its address. */
static enum pw_exactness pw_count_local(tree var, struct pw_count_walk *w)
{
	enum pw_exactness res = PW_EXACT;
	const char *vname = DECL_NAME(var) ? IDENTIFIER_POINTER(DECL_NAME(var)) : "?";
	basic_block bb;

	if (w->seen.add(var))
		return PW_EXACT;
	FOR_EACH_BB_FN(bb, cfun) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);

			if (is_gimple_debug(s) || gimple_clobber_p(s))
				continue;
			if (gimple_get_lhs(s) == var) {
				if (is_gimple_call(s))
					res = pw_worse(res, pw_count_call(s, NULL, w));
				else if (gimple_assign_single_p(s))
					res = pw_worse(res, pw_count_class(gimple_assign_rhs1(s), w));
				else
					res = pw_worse(res, PW_CALLER);
				continue;
			}
			if (!is_gimple_call(s))
				continue;
			for (unsigned int i = 0; i < gimple_call_num_args(s); i++) {
				tree arg = gimple_call_arg(s, i);

				if (TREE_CODE(arg) == ADDR_EXPR && TREE_OPERAND(arg, 0) == var)
					res = pw_worse(res, pw_count_call(s, vname, w));
			}
		}
	}
	return res;
}

/*
 * The branches that choose which PHI argument arrives: walk the dominator
 * tree up from each predecessor to the PHI block's immediate dominator.
 */
static enum pw_exactness pw_count_phi_control(gimple *phi, struct pw_count_walk *w)
{
	basic_block join = gimple_bb(phi), top, bb;
	enum pw_exactness res = PW_EXACT;
	edge e;
	edge_iterator ei;

	if (!dom_info_available_p(CDI_DOMINATORS))
		calculate_dominance_info(CDI_DOMINATORS);
	top = get_immediate_dominator(CDI_DOMINATORS, join);
	FOR_EACH_EDGE(e, ei, join->preds) {
		for (bb = e->src; bb && bb != ENTRY_BLOCK_PTR_FOR_FN(cfun);
		     bb = get_immediate_dominator(CDI_DOMINATORS, bb)) {
			gimple *last = last_stmt(bb);

			if (bb == join)
				break;
			if (last && gimple_code(last) == GIMPLE_COND) {
				res = pw_worse(res, pw_count_class(gimple_cond_lhs(last), w));
				res = pw_worse(res, pw_count_class(gimple_cond_rhs(last), w));
			}
			if (bb == top || w->budget <= 0)
				break;
		}
	}
	return res;
}

static enum pw_exactness pw_count_assign(gimple *def, struct pw_count_walk *w)
{
	enum pw_exactness res = PW_EXACT;
	tree rhs = gimple_assign_rhs1(def);

	if (gimple_assign_single_p(def) && !is_gimple_val(rhs) &&
	    TREE_CODE(rhs) != CONSTRUCTOR) {
		if (VAR_P(rhs) && auto_var_in_fn_p(rhs, current_function_decl))
			return pw_count_local(rhs, w);
		if (pw_reads_page_field(rhs)) {
			pw_count_blame(w, def, xasprintf("%s", pw_expr_str(rhs)));
			return PW_INEXACT;
		}
		return PW_CALLER;	/* other memory: not a page's state */
	}
	for (unsigned int i = 1; i < gimple_num_ops(def); i++) {
		tree op = gimple_op(def, i);

		if (op && COMPARISON_CLASS_P(op)) {
			res = pw_worse(res, pw_count_class(TREE_OPERAND(op, 0), w));
			res = pw_worse(res, pw_count_class(TREE_OPERAND(op, 1), w));
		} else if (op) {
			res = pw_worse(res, pw_count_class(op, w));
		}
	}
	return res;
}

static enum pw_exactness pw_count_class(tree t, struct pw_count_walk *w)
{
	gimple *def;

	if (!t || --w->budget < 0)
		return PW_CALLER;
	if (CONSTANT_CLASS_P(t))
		return PW_EXACT;
	if (TREE_CODE(t) != SSA_NAME)
		return PW_CALLER;
	if (w->seen.add(t))
		return PW_EXACT;	/* a loop: the other arguments decide */
	if (SSA_NAME_IS_DEFAULT_DEF(t))
		return PW_CALLER;	/* a parameter */
	def = SSA_NAME_DEF_STMT(t);
	if (is_gimple_assign(def))
		return pw_count_assign(def, w);
	if (is_gimple_call(def))
		return pw_count_call(def, NULL, w);
	if (gphi *phi = dyn_cast<gphi *>(def)) {
		enum pw_exactness res = PW_EXACT;

		for (unsigned int i = 0; i < gimple_phi_num_args(phi); i++)
			res = pw_worse(res, pw_count_class(gimple_phi_arg_def(phi, i), w));
		if (res != PW_INEXACT)
			res = pw_worse(res, pw_count_phi_control(phi, w));
		return res;
	}
	return PW_CALLER;
}

static bool pw_is_freeze(const gimple *s, void *)
{
	return pw_api_call(s, PW_FREEZE) != NULL;
}

static bool pw_unmaps_page(const gimple *s, void *page)
{
	const struct pw_api *api = pw_api_call(s, PW_UNMAP);

	return api && pw_same_page(pw_api_arg(s, api), (tree)page);
}

static bool pw_unfreezes_page(const gimple *s, void *page)
{
	const struct pw_api *api = pw_api_call(s, PW_UNFREEZE);

	return api && pw_same_page(pw_api_arg(s, api), (tree)page);
}

static bool pw_removes_entry(const gimple *s, void *)
{
	return pw_api_call(s, PW_XA_REMOVE) != NULL;
}

/* Is ARG the address of an xarray's xa_lock (or a part of it)? */
static bool pw_is_xa_lock(tree arg)
{
	tree ref = pw_strip(arg);

	if (TREE_CODE(ref) != ADDR_EXPR)
		return false;
	for (ref = TREE_OPERAND(ref, 0); handled_component_p(ref); ref = TREE_OPERAND(ref, 0)) {
		tree field = TREE_CODE(ref) == COMPONENT_REF ? TREE_OPERAND(ref, 1) : NULL_TREE;

		if (field && DECL_NAME(field) && id_equal(DECL_NAME(field), "xa_lock"))
			return true;
	}
	return false;
}

/* The xarray lock: the SPIN rows of pw_api.def (spin_lock*(), spin_trylock(),
 * their _raw_ forms) on an xa_lock. */
static bool pw_xa_instance(const gimple *, const struct pw_lock_row *, tree lock, void *)
{
	return lock && pw_is_xa_lock(lock);
}

static const struct pw_lock_class pw_xa_lock_class = {
	"xarray lock", PW_LOCK_BIT(SPIN), pw_xa_instance,
};

static void pw_freeze_inexact_one(gimple *call)
{
	const struct pw_api *api = pw_api_call(call, PW_FREEZE);
	tree page = pw_api_arg(call, api);
	tree count;
	const char *fn = pw_fn_name(current_function_decl);
	const char *freeze = pw_fn_name(gimple_call_fndecl(call));
	struct pw_count_walk w;
	struct pw_finding f;
	gimple *lock = NULL, *removal = NULL;
	edge on_true = NULL, on_false = NULL;
	char page_text[64], *args;

	if (!page || gimple_call_num_args(call) <= (unsigned int)api->arg + 1)
		return;
	count = gimple_call_arg(call, api->arg + 1);
	w.budget = 64;
	w.origin = NULL;
	w.why = NULL;
	if (pw_count_class(count, &w) != PW_INEXACT || !w.origin) {
		free(w.why);
		return;
	}
	if (pw_find_dominating(call, pw_unmaps_page, page))
		goto quiet;
	if (pw_lock_held_at(call, &pw_xa_lock_class, NULL, &lock)) {
		tree result = gimple_call_lhs(call);

		if (result && pw_test_outcome(result, &on_true, &on_false))
			removal = pw_find_after(call, on_true, pw_removes_entry, NULL, NULL);
		else
			removal = pw_find_after(call, NULL, pw_removes_entry, NULL, NULL);
		if (removal)
			goto quiet;
	}

	snprintf(page_text, sizeof(page_text), "%s", pw_expr_str(page));
	args = pw_call_args_text(call);
	pw_finding_start(&f, "freeze-inexact", gimple_location(call),
		"%s(): %s(%s) freezes '%s' against a count that depends on page "
		"state (%s), and nothing stops new references: %s",
		fn, freeze, args ? args : "...", page_text, w.why,
		lock ? "the xarray lock is held, but the page is not removed or "
		       "replaced in the xarray before it is unfrozen" :
		       "the page is neither removed from its xarray under the lock "
		       "nor unmapped before the freeze");
	pw_finding_note(&f, gimple_location(w.origin),
			"the count depends on page state here: %s", w.why);
	if (lock)
		pw_finding_note(&f, gimple_location(lock),
				"the xarray lock taken here is still held at the freeze");
	pw_finding_emit(&f);
	free(args);
quiet:
	free(w.why);
}

/*
 * Is the freeze's result looked at?  A result stored in a user variable
 * that the source reads counts, even where the read vanished from the IL
 * (VM_BUG_ON(!ret) compiles to sizeof without CONFIG_DEBUG_VM).
 */
static bool pw_result_used(gimple *call)
{
	tree lhs = gimple_call_lhs(call);
	tree var;

	if (!lhs)
		return false;
	if (TREE_CODE(lhs) != SSA_NAME)
		return true;
	if (!has_zero_uses(lhs)) {
		imm_use_iterator it;
		use_operand_p use;

		FOR_EACH_IMM_USE_FAST(use, it, lhs)
			if (!is_gimple_debug(USE_STMT(use)))
				return true;
	}
	var = SSA_NAME_VAR(lhs);
	return var && VAR_P(var) && DECL_READ_P(var);
}

/* The locks a fix must not return under: any spinlock, the mmap lock, the
 * PTE lock of a walk. */
static const struct pw_lock_class pw_any_lock = {
	"a lock", PW_LOCK_BIT(SPIN) | PW_LOCK_BIT(MMAP_LOCK) | PW_LOCK_BIT(PTE_LOCK), NULL,
};

static bool pw_is_stmt(const gimple *stmt, void *data)
{
	return stmt == data;
}

static bool pw_releases_a_lock(const gimple *stmt, void *)
{
	return pw_lock_releases(stmt, &pw_any_lock, NULL);
}

/*
 * A lock taken in this function that may still be held at CALL: one whose
 * acquire reaches CALL on some path with no release of a lock in between.
 * The freeze-unchecked fix is a plain "return": under such a lock (6.12
 * migrate_huge_page_move_mapping() freezes under xas_lock_irq()) it would
 * return with the lock held and interrupts off, so none is offered.
 */
static gimple *pw_lock_maybe_held(gimple *call)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, cfun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);

			if (s != call && pw_lock_acquires(s, &pw_any_lock, NULL) &&
			    pw_find_after(s, NULL, pw_is_stmt, call, pw_releases_a_lock))
				return s;
		}
	return NULL;
}

static void pw_freeze_unchecked_one(gimple *call)

{
	const struct pw_api *api = pw_api_call(call, PW_FREEZE);
	tree page = pw_api_arg(call, api);
	const char *freeze = pw_fn_name(gimple_call_fndecl(call));
	const char *ret = pw_error_return(current_function_decl, "-EBUSY");
	struct pw_finding f;
	gimple *unfreeze, *lock;
	char *args;

	if (!page || pw_result_used(call))
		return;
	args = pw_call_args_text(call);
	pw_finding_start(&f, "freeze-unchecked", gimple_location(call),
		"%s() ignores the result of %s(%s): the freeze fails when another "
		"holder has a reference, and the code after it then runs with "
		"'%s' not frozen", pw_fn_name(current_function_decl), freeze,
		args ? args : "...", pw_expr_str(page));
	lock = pw_lock_maybe_held(call);
	if (lock)
		pw_finding_note(&f, gimple_location(lock),
				"no fix is offered: the lock taken here may be held at "
				"the freeze, and a plain return would leave it held");
	else if (!gimple_call_lhs(call))
		pw_fix_guard_call(f.richloc, gimple_location(call), "!", ret);
	unfreeze = pw_find_after(call, NULL, pw_unfreezes_page, page, pw_is_freeze);
	if (unfreeze)
		pw_finding_note(&f, gimple_location(unfreeze),
				"'%s' is unfrozen here as if the freeze had succeeded",
				pw_expr_str(page));
	pw_finding_emit(&f);
	free(args);
}

void pw_check_freeze_inexact(function *fun)
{
	pw_for_each_call(fun, PW_FREEZE, pw_freeze_inexact_one);
}

void pw_check_freeze_unchecked(function *fun)
{
	pw_for_each_call(fun, PW_FREEZE, pw_freeze_unchecked_one);
}
