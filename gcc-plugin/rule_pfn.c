// SPDX-License-Identifier: GPL-2.0
/*
 * pfn-after-unlock (seed 003).
 *
 * A pfn or physical address read from a page table is only a statement
 * about the mapping while the page-table lock is held: once it is dropped,
 * unmap_mapping_range() (a driver revoking a BAR, a GPU moving a buffer,
 * /dev/mem revoke_devmem()) can clear the PTE and the memory be freed and
 * reused, and an access through the old pfn then reads or writes whatever
 * is there now.  generic_access_phys() did exactly that until 5.12
 * (96667f8a4382): follow_phys(), ioremap_prot(), memcpy_fromio().  The fix,
 * and the protocol this rule accepts, is to access the memory while the
 * lock that produced the pfn is held, or to walk the page table again and
 * compare the pfn (pte_same(), or the fields one by one) under the new lock
 * before the access.
 *
 * The rule follows, within one function, what a lookup of kind PFN_LOOKUP
 * hands out (its out-parameters and its return value) through loads,
 * arithmetic, casts, members of a struct behind a pointer (ctx->pfn), the
 * PFN_VALUE helpers (pte_pfn(), pte_val()) and the PFN_MAP ones
 * (ioremap*(), kmap_local_pfn(), ...), and reports a PFN_ACCESS or
 * CPU_ACCESS call that is given such a value, or a load or store through
 * the mapping of one, when the PTE lock is not held on every path to it,
 * or is held only by a second walk that nothing compared with the first.
 * A function of the unit that walks, drops the lock and gives a value to
 * its caller (its return value, or a pointer it was given: vfio's
 * follow_fault_pfn()) is learnt when it is checked -- GCC checks callees
 * first -- and its calls are then walks that drop the lock, like
 * follow_pfn(): a helper that passes such a pointer on is one too.
 * A struct page taken from a pte is not followed: a reference taken under
 * the lock keeps it (the page-reference protocol of the other rules), and
 * copying or comparing the pte value itself is no access.
 */
#include "pageward.h"

/* A member of a struct behind a pointer that a value of a walk was
 * stored into, and the lookup it came from. */
struct pw_pfn_field {
	tree base, field;	/* MEM[base].field: a struct reached through a pointer */
	gimple *src;
};

/* What a value of the walk is: a tainted SSA name or local, and the lookup
 * it came from. */
struct pw_pfn_walk {
	function *fun;
	hash_map<tree, gimple *> from;	/* SSA names and local VAR_DECLs */
	auto_vec<pw_pfn_field> fields;	/* ctx->pfn = <value of a walk> */
};

/*
 * Functions of this unit that walk, drop the lock and hand the value to
 * their caller (vfio's follow_fault_pfn(), KVM's hva_to_pfn_remapped()):
 * learnt when GCC checks the helper, which it does before its callers, and
 * used at their calls as a PFN_LOOKUP_DROPS walk.
 */
struct pw_pfn_helper {
	bool ret;		/* the return value is a value of the walk */
	unsigned int out;	/* bit I: the memory argument I points to is */
	int line;		/* the walk in the helper, for the message */
};
static hash_map<tree, pw_pfn_helper> *pw_pfn_helpers;

static const struct pw_pfn_helper *pw_pfn_helper_call(const gimple *s)
{
	tree fn = is_gimple_call(s) ? gimple_call_fndecl(s) : NULL_TREE;

	return fn && pw_pfn_helpers ? pw_pfn_helpers->get(fn) : NULL;
}

static gimple *pw_pfn_from(struct pw_pfn_walk *w, tree t);

/* The pointer and member of P->FIELD, a member of a struct behind a
 * pointer (a driver's own ctx->pfn), or false. */
static bool pw_pfn_field_key(tree t, tree *base, tree *field)
{
	tree mem;

	if (!t || TREE_CODE(t) != COMPONENT_REF)
		return false;
	mem = TREE_OPERAND(t, 0);
	while (TREE_CODE(mem) == COMPONENT_REF || TREE_CODE(mem) == ARRAY_REF)
		mem = TREE_OPERAND(mem, 0);
	if (TREE_CODE(mem) != MEM_REF)
		return false;
	*base = pw_strip(TREE_OPERAND(mem, 0));
	*field = TREE_OPERAND(t, 1);
	return *base && TREE_CODE(*base) == SSA_NAME;
}

/* The walk a value stored in the member T reads came from: the same
 * member of the same pointer, stored anywhere in the function. */
static gimple *pw_pfn_field_from(struct pw_pfn_walk *w, tree t)
{
	tree base, field;

	if (!pw_pfn_field_key(t, &base, &field))
		return NULL;
	for (unsigned int i = 0; i < w->fields.length(); i++)
		if (w->fields[i].field == field && w->fields[i].base == base)
			return w->fields[i].src;
	return NULL;
}

/* The local variable (or SSA name) an operand reads or writes as a whole:
 * v, v.field, v[i]; NULL for memory reached through a pointer. */
static tree pw_pfn_object(tree t)
{
	while (t && (TREE_CODE(t) == COMPONENT_REF || TREE_CODE(t) == ARRAY_REF ||
		     TREE_CODE(t) == REALPART_EXPR || TREE_CODE(t) == IMAGPART_EXPR ||
		     TREE_CODE(t) == BIT_FIELD_REF || TREE_CODE(t) == VIEW_CONVERT_EXPR))
		t = TREE_OPERAND(t, 0);
	if (!t)
		return NULL_TREE;
	if (TREE_CODE(t) == SSA_NAME)
		return t;
	if (VAR_P(t) && !is_global_var(t))
		return t;
	return NULL_TREE;
}

/* Does the value of operand T carry a walk's result?  Reads of a tainted
 * local, of a tainted SSA name, and loads through a tainted pointer (the
 * pte behind ptep) do; the address of a local (&pte) does not. */
static gimple *pw_pfn_operand(struct pw_pfn_walk *w, tree t)
{
	tree obj;

	if (!t)
		return NULL;
	if (TREE_CODE(t) == ADDR_EXPR)
		return NULL;
	if (TREE_CODE(t) == MEM_REF || TREE_CODE(t) == TARGET_MEM_REF)
		return pw_pfn_from(w, TREE_OPERAND(t, 0));
	if (TREE_CODE(t) == COMPONENT_REF || TREE_CODE(t) == ARRAY_REF) {
		tree base = t;
		gimple *src;

		while (TREE_CODE(base) == COMPONENT_REF || TREE_CODE(base) == ARRAY_REF)
			base = TREE_OPERAND(base, 0);
		if (TREE_CODE(base) == MEM_REF) {
			src = pw_pfn_from(w, TREE_OPERAND(base, 0));
			if (!src && TREE_CODE(t) == COMPONENT_REF)
				src = pw_pfn_field_from(w, t);
			return src;
		}
	}
	obj = pw_pfn_object(t);
	return obj ? pw_pfn_from(w, obj) : NULL;
}

static gimple *pw_pfn_from(struct pw_pfn_walk *w, tree t)
{
	gimple **src;

	if (!t || (TREE_CODE(t) != SSA_NAME && !VAR_P(t)))
		return NULL;
	src = w->from.get(t);
	return src ? *src : NULL;
}

/* Is S a page-table walk, of either kind? */
static bool pw_pfn_is_walk(const gimple *s)
{
	return pw_api_call(s, PW_PFN_LOOKUP) || pw_api_call(s, PW_PFN_LOOKUP_DROPS) ||
	       pw_pfn_helper_call(s);
}

/* Does walk S drop the lock before it returns (follow_pfn(), a helper)? */
static bool pw_pfn_drops(const gimple *s)
{
	return pw_api_call(s, PW_PFN_LOOKUP_DROPS) || pw_pfn_helper_call(s);
}

/* The local argument I of walk S fills: every &local a walk is given is an
 * out-parameter.  NULL for any other argument. */
static tree pw_pfn_out_param(const gimple *s, unsigned int i)
{
	tree a = gimple_call_arg(s, i);
	const struct pw_pfn_helper *h = pw_pfn_helper_call(s);

	if (h && (i >= 32 || !(h->out & (1u << i))))
		return NULL_TREE;
	if (TREE_CODE(a) != ADDR_EXPR) {
		const struct pw_api *api = pw_api_call(s, PW_PFN_LOOKUP);

		if (!api)
			api = pw_api_call(s, PW_PFN_LOOKUP_DROPS);
		/* a pointer the function was given (its own caller's
		 * args or pfn), filled by the walk: loads through it are
		 * the walk's values */
		if (TREE_CODE(a) == SSA_NAME && POINTER_TYPE_P(TREE_TYPE(a)) &&
		    (h || (api && api->arg == (int)i)))
			return a;
		return NULL_TREE;
	}
	return pw_pfn_object(TREE_OPERAND(a, 0));
}

/* The walk the first operand of assignment S that carries a walk's value
 * comes from, or NULL. */
static gimple *pw_pfn_rhs_from(struct pw_pfn_walk *w, const gimple *s)
{
	gimple *src = NULL;

	for (unsigned int i = 1; i < gimple_num_ops(s) && !src; i++)
		src = pw_pfn_operand(w, gimple_op(s, i));
	return src;
}

/* Mark the object STORE writes (an SSA name or a whole local) as carrying
 * the result of lookup SRC; true if that is new. */
static bool pw_pfn_mark(struct pw_pfn_walk *w, tree store, gimple *src)
{
	tree obj = pw_pfn_object(store), base, field;

	if (!obj && pw_pfn_field_key(store, &base, &field)) {
		struct pw_pfn_field f = { base, field, src };

		if (pw_pfn_field_from(w, store))
			return false;
		w->fields.safe_push(f);
		return true;
	}
	if (!obj || w->from.get(obj))
		return false;
	w->from.put(obj, src);
	return true;
}

/* One statement's transfer; true if it tainted something new. */
static bool pw_pfn_step(struct pw_pfn_walk *w, gimple *s)
{
	gimple *src = NULL;
	bool changed = false;

	if (is_gimple_call(s)) {
		const struct pw_api *api;
		tree lhs = gimple_call_lhs(s);

		if (pw_pfn_is_walk(s)) {
			for (unsigned int i = 0; i < gimple_call_num_args(s); i++) {
				tree out = pw_pfn_out_param(s, i);

				if (out)
					changed |= pw_pfn_mark(w, out, s);
			}
			if (lhs && (pw_pfn_helper_call(s) ? pw_pfn_helper_call(s)->ret :
				    POINTER_TYPE_P(TREE_TYPE(lhs))))
				changed |= pw_pfn_mark(w, lhs, s);
			return changed;
		}
		api = pw_api_call(s, PW_PFN_VALUE);
		if (!api)
			api = pw_api_call(s, PW_PFN_MAP);
		if (api && lhs)
			src = pw_pfn_operand(w, pw_api_arg(s, api));
		if (!src && lhs && gimple_call_num_args(s) > 0 && pw_api_call(s, PW_VALUE_ALIAS))
			src = pw_pfn_operand(w, gimple_call_arg(s, 0));
		return src && pw_pfn_mark(w, lhs, src);
	}
	if (gimple_code(s) == GIMPLE_PHI) {
		for (unsigned int i = 0; i < gimple_phi_num_args(s) && !src; i++)
			src = pw_pfn_operand(w, gimple_phi_arg_def(s, i));
		return src && pw_pfn_mark(w, gimple_phi_result(s), src);
	}
	if (!is_gimple_assign(s))
		return false;
	src = pw_pfn_rhs_from(w, s);
	return src && pw_pfn_mark(w, gimple_assign_lhs(s), src);
}

/* Taint to a fixed point: loops and stores to locals read before them. */
static void pw_pfn_propagate(struct pw_pfn_walk *w)
{
	bool changed = true;
	basic_block bb;

	for (int iter = 0; changed && iter < 8; iter++) {
		changed = false;
		FOR_EACH_BB_FN(bb, w->fun) {
			for (gphi_iterator pi = gsi_start_phis(bb); !gsi_end_p(pi); gsi_next(&pi))
				changed |= pw_pfn_step(w, pi.phi());
			for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi);
			     gsi_next(&gsi))
				changed |= pw_pfn_step(w, gsi_stmt(gsi));
		}
	}
}

/* ---- the PTE lock, as pw_lock_held_at() tracks it ---- */

/* The PTE_LOCK rows of pw_api.def: a walk that returns with the lock held
 * (held on the edge where its result says it succeeded), its unlock
 * (follow_pfnmap_end(), pte_unmap_unlock() when it is a function), and a
 * SPIN release of the ptl a walk gave out: pte_unmap_unlock() is
 * spin_unlock() of it in the kernel. */
static bool pw_pte_lock_instance(const gimple *, const struct pw_lock_row *row, tree lock,
				 void *data)
{
	if (row->cls == PW_LOCK_PTE_LOCK)
		return true;
	return row->when == PW_RELEASE && lock &&
	       pw_pfn_operand((struct pw_pfn_walk *)data, lock);
}

static const struct pw_lock_class pw_pte_lock = {
	"the PTE lock", PW_LOCK_BIT(PTE_LOCK) | PW_LOCK_BIT(SPIN), pw_pte_lock_instance,
};

static bool pw_pte_lock_drops(const gimple *s, void *data)
{
	return pw_lock_releases(s, &pw_pte_lock, data);
}

/* ---- re-walk and compare ---- */

/* Does S give local OBJ a value of a walk: a walk given &OBJ, or a store
 * of such a value into OBJ? */
static bool pw_pfn_defines(struct pw_pfn_walk *w, const gimple *s, tree obj)
{
	if (is_gimple_call(s) && pw_pfn_is_walk(s)) {
		for (unsigned int i = 0; i < gimple_call_num_args(s); i++)
			if (pw_pfn_out_param(s, i) == obj)
				return true;
		return false;
	}
	return is_gimple_assign(s) && pw_pfn_object(gimple_assign_lhs(s)) == obj &&
	       pw_pfn_rhs_from(w, s);
}

/* Is T, a tainted operand used after the re-walk AGAIN, a value of an
 * earlier walk: defined, or for a local last stored, where AGAIN does not
 * dominate? */
static bool pw_pfn_stale(struct pw_pfn_walk *w, tree t, const gimple *again, int depth)
{
	tree obj;
	gimple *def;

	if (!t || depth > 12 || !pw_pfn_operand(w, t))
		return false;
	if (TREE_CODE(t) == MEM_REF)
		return pw_pfn_stale(w, TREE_OPERAND(t, 0), again, depth + 1);
	obj = pw_pfn_object(t);
	if (!obj)
		return false;
	if (TREE_CODE(obj) == VAR_DECL) {
		/* a local: stale when a walk filled it, or a value of a walk
		 * was stored into it, somewhere AGAIN does not dominate.
		 * Stores of anything else (the address a follow_pfnmap_args
		 * is given) do not make it a value of an earlier walk. */
		basic_block bb;

		FOR_EACH_BB_FN(bb, w->fun)
			for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi);
			     gsi_next(&gsi)) {
				gimple *s = gsi_stmt(gsi);

				if (s != again && !pw_stmt_dominates(again, s) &&
				    pw_pfn_defines(w, s, obj))
					return true;
			}
		return false;
	}
	def = SSA_NAME_DEF_STMT(obj);
	if (!def || gimple_nop_p(def))
		return false;
	if (def != again && !pw_stmt_dominates(again, def))
		return true;
	/* computed after the re-walk: from what? */
	if (is_gimple_assign(def)) {
		for (unsigned int i = 1; i < gimple_num_ops(def); i++)
			if (pw_pfn_stale(w, gimple_op(def, i), again, depth + 1))
				return true;
	} else if (is_gimple_call(def)) {
		for (unsigned int i = 0; i < gimple_call_num_args(def); i++)
			if (pw_pfn_stale(w, gimple_call_arg(def, i), again, depth + 1))
				return true;
	} else if (gimple_code(def) == GIMPLE_PHI) {
		for (unsigned int i = 0; i < gimple_phi_num_args(def); i++)
			if (pw_pfn_stale(w, gimple_phi_arg_def(def, i), again, depth + 1))
				return true;
	}
	return false;
}

struct pw_compare_query {
	struct pw_pfn_walk *w;
	const gimple *again;
};

/* A test, after the re-walk, of a value of the earlier walk: pte_same(),
 * or a comparison (phys_addr != args.pfn << PAGE_SHIFT). */
static bool pw_pfn_compares(const gimple *s, void *data)
{
	struct pw_compare_query *q = (struct pw_compare_query *)data;

	if (!pw_stmt_dominates(q->again, s) || s == q->again)
		return false;
	if (pw_api_call(s, PW_PFN_COMPARE)) {
		for (unsigned int i = 0; i < gimple_call_num_args(s); i++)
			if (pw_pfn_stale(q->w, gimple_call_arg(s, i), q->again, 0))
				return true;
		return false;
	}
	if (gimple_code(s) == GIMPLE_COND)
		return pw_pfn_stale(q->w, gimple_cond_lhs(s), q->again, 0) ||
		       pw_pfn_stale(q->w, gimple_cond_rhs(s), q->again, 0);
	if (is_gimple_assign(s) && TREE_CODE_CLASS(gimple_assign_rhs_code(s)) == tcc_comparison)
		return pw_pfn_stale(q->w, gimple_assign_rhs1(s), q->again, 0) ||
		       pw_pfn_stale(q->w, gimple_assign_rhs2(s), q->again, 0);
	return false;
}

/* ---- the accesses ---- */

/* Is pointer T the kernel address of a walk's value: the result of a
 * PFN_MAP call (ioremap(), memremap(), kmap_local_pfn()) of one, or a
 * pointer computed from it?  The walk, or NULL.  Not the pte pointer a
 * walk gives: reading the pte is no access of the memory it maps. */
static gimple *pw_pfn_mapped(struct pw_pfn_walk *w, tree t, int depth)
{
	gimple *def;

	if (!t || depth > 12 || TREE_CODE(t) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(t))
		return NULL;
	def = SSA_NAME_DEF_STMT(t);
	if (is_gimple_call(def)) {
		const struct pw_api *api = pw_api_call(def, PW_PFN_MAP);

		return api ? pw_pfn_operand(w, pw_api_arg(def, api)) : NULL;
	}
	if (gimple_code(def) == GIMPLE_PHI) {
		for (unsigned int i = 0; i < gimple_phi_num_args(def); i++) {
			gimple *src = pw_pfn_mapped(w, gimple_phi_arg_def(def, i), depth + 1);

			if (src)
				return src;
		}
		return NULL;
	}
	if (!is_gimple_assign(def))
		return NULL;
	switch (gimple_assign_rhs_code(def)) {
	case SSA_NAME:
	case POINTER_PLUS_EXPR:
	CASE_CONVERT:
		return pw_pfn_mapped(w, gimple_assign_rhs1(def), depth + 1);
	default:
		return NULL;
	}
}

/* The pointer of a load or store S makes through a mapped walk's value
 * (*(u32 *)(kaddr + off) = v, x = maddr[i]), or NULL. */
static tree pw_pfn_deref(struct pw_pfn_walk *w, const gimple *s, gimple **src)
{
	tree ops[2];

	if (!is_gimple_assign(s) || !gimple_assign_single_p(s))
		return NULL_TREE;
	ops[0] = gimple_assign_lhs(s);
	ops[1] = gimple_assign_rhs1(s);
	for (int i = 0; i < 2; i++) {
		tree base = ops[i];

		while (handled_component_p(base))
			base = TREE_OPERAND(base, 0);
		if (TREE_CODE(base) != MEM_REF && TREE_CODE(base) != TARGET_MEM_REF)
			continue;
		*src = pw_pfn_mapped(w, TREE_OPERAND(base, 0), 0);
		if (*src)
			return TREE_OPERAND(base, 0);
	}
	return NULL_TREE;
}

/* The argument of access S that carries a walk's value, or NULL. */
static tree pw_pfn_accessed(struct pw_pfn_walk *w, const gimple *s, gimple **src)
{
	const struct pw_api *api = pw_api_call(s, PW_PFN_ACCESS);

	*src = NULL;
	if (!is_gimple_call(s))
		return NULL_TREE;
	if (api && api->arg >= 0) {
		tree a = pw_api_arg(s, api);

		*src = pw_pfn_operand(w, a);
		return *src ? a : NULL_TREE;
	}
	if (api || pw_api_call(s, PW_CPU_ACCESS)) {
		/* the memory copies: any pointer argument */
		for (unsigned int i = 0; i < gimple_call_num_args(s); i++) {
			tree a = gimple_call_arg(s, i);

			if (POINTER_TYPE_P(TREE_TYPE(a)) && (*src = pw_pfn_operand(w, a)))
				return a;
		}
	}
	return NULL_TREE;
}

/* A name for the walk's value ARG carries: ARG itself when it is a named
 * variable, else the named value it was computed from (maddr in
 * "maddr + offset"). */
static const char *pw_pfn_name(struct pw_pfn_walk *w, tree arg)
{
	for (int i = 0; arg && i < 12; i++) {
		gimple *def;
		tree next = NULL_TREE;

		if (DECL_P(arg) && DECL_ARTIFICIAL(arg))
			return "the value";
		if (TREE_CODE(arg) != SSA_NAME || SSA_NAME_VAR(arg))
			return pw_expr_str(arg);
		def = SSA_NAME_DEF_STMT(arg);
		if (is_gimple_assign(def)) {
			for (unsigned int j = 1; j < gimple_num_ops(def) && !next; j++)
				if (pw_pfn_operand(w, gimple_op(def, j)))
					next = gimple_op(def, j);
		} else if (is_gimple_call(def)) {
			for (unsigned int j = 0; j < gimple_call_num_args(def) && !next; j++)
				if (pw_pfn_operand(w, gimple_call_arg(def, j)))
					next = gimple_call_arg(def, j);
		}
		if (next && TREE_CODE(next) == MEM_REF)
			next = TREE_OPERAND(next, 0);
		arg = next;
	}
	return arg ? pw_expr_str(arg) : "the value";
}

static void pw_pfn_report(struct pw_pfn_walk *w, gimple *access, tree arg, gimple *src,
			  gimple *again)
{
	char fn[96];
	const char *lookup = pw_fn_name(gimple_call_fndecl(src));
	bool inside = pw_pfn_drops(src);
	gimple *drop = NULL;
	struct pw_finding f;
	char where[128];

	if (is_gimple_call(access))
		snprintf(fn, sizeof(fn), "%s()", pw_fn_name(gimple_call_fndecl(access)));
	else
		snprintf(fn, sizeof(fn), "a %s through it",
			 gimple_store_p(access) ? "store" : "load");
	/* the unlock before the access, or before the second walk */
	if (!inside)
		drop = pw_find_dominating(again ? again : access, pw_pte_lock_drops, w);
	if (again)
		snprintf(where, sizeof(where), "under the lock of a second walk at line %d "
			 "that is not compared with the first", pw_line(again));
	else if (drop)
		snprintf(where, sizeof(where), "after the PTE lock was dropped at line %d",
			 pw_line(drop));
	else
		snprintf(where, sizeof(where), "without the PTE lock%s", inside ?
			 ", which the lookup dropped before it returned" : " on some path to it");
	pw_finding_start(&f, "pfn-after-unlock", gimple_location(access),
			 "%s(): '%s' from %s() at line %d reaches %s %s: %s",
			 pw_fn_name(current_function_decl), pw_pfn_name(w, arg), lookup,
			 pw_line(src), fn, where, again ?
			 "the mapping may have changed in between; compare the pfn "
			 "(pte_same()) before the access" :
			 "the mapping can be torn down and the memory reused "
			 "meanwhile; access it under the lock, or walk the page "
			 "table again and compare the pfn first");
	if (pw_pfn_helper_call(src))
		pw_finding_note(&f, gimple_location(src), "%s() walks the page table (line %d) "
				"and drops the PTE lock before it returns the value", lookup,
				pw_pfn_helper_call(src)->line);
	else
		pw_finding_note(&f, gimple_location(src), inside ?
				"%s() reads the page table under the PTE lock and drops it "
				"before it returns" : "%s() returns with the PTE lock held", lookup);
	if (drop)
		pw_finding_note(&f, gimple_location(drop), "the PTE lock is dropped here");
	pw_finding_emit(&f);
}

/* ---- helpers that hand the value to their caller ---- */

/* The index of the parameter whose incoming value T is, or -1. */
static int pw_pfn_parm(tree t)
{
	tree var;
	int i = 0;

	t = pw_strip(t);
	if (!t || TREE_CODE(t) != SSA_NAME || !SSA_NAME_IS_DEFAULT_DEF(t))
		return -1;
	var = SSA_NAME_VAR(t);
	if (!var || TREE_CODE(var) != PARM_DECL)
		return -1;
	for (tree p = DECL_ARGUMENTS(current_function_decl); p; p = DECL_CHAIN(p), i++)
		if (p == var)
			return i < 32 ? i : -1;
	return -1;
}

/* The parameter a store S writes through (*pfn = v, args->pfn = v), or -1. */
static int pw_pfn_store_parm(const gimple *s)
{
	tree base = gimple_assign_lhs(s);

	while (handled_component_p(base))
		base = TREE_OPERAND(base, 0);
	if (TREE_CODE(base) != MEM_REF)
		return -1;
	return pw_pfn_parm(TREE_OPERAND(base, 0));
}

static bool pw_pfn_is_return(const gimple *s, void *)
{
	return gimple_code(s) == GIMPLE_RETURN;
}

/* Can a walk of this function that returns with the PTE lock held reach
 * a return with the lock still held?  Then the function is a walk that
 * hands its lock to the caller, not one that drops it. */
static bool pw_pfn_returns_locked(struct pw_pfn_walk *w)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, w->fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			const struct pw_lock_row *row = pw_lock_row_of(s, &pw_pte_lock, w);
			edge yes = NULL, no = NULL, start = NULL;

			if (!row || row->when == PW_RELEASE)
				continue;
			if (gimple_call_lhs(s) && pw_test_outcome(gimple_call_lhs(s), &yes, &no))
				start = row->when == PW_ON_ZERO ? no : yes;
			if (pw_find_after(s, start, pw_pfn_is_return, w, pw_pte_lock_drops))
				return true;
		}
	return false;
}

/*
 * After checking a function: does it walk, drop the lock, and give a value
 * of the walk to its caller, as its return value or through a pointer it
 * was given?  Then its calls are walks that drop the lock (follow_pfn()).
 */
static void pw_pfn_learn(struct pw_pfn_walk *w)
{
	struct pw_pfn_helper h = { false, 0, 0 };
	bool drops = false;
	basic_block bb;

	FOR_EACH_BB_FN(bb, w->fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi), *src = NULL;
			int parm;

			if (pw_pte_lock_drops(s, w) || (is_gimple_call(s) && pw_pfn_drops(s)))
				drops = true;
			if (gimple_code(s) == GIMPLE_RETURN) {
				src = pw_pfn_operand(w, gimple_return_retval(as_a<greturn *>(s)));
				h.ret |= src != NULL;
			} else if (is_gimple_assign(s) && (parm = pw_pfn_store_parm(s)) >= 0 &&
				   (src = pw_pfn_rhs_from(w, s))) {
				h.out |= 1u << parm;
			} else if (is_gimple_call(s) && pw_pfn_is_walk(s)) {
				for (unsigned int i = 0; i < gimple_call_num_args(s); i++) {
					tree out = pw_pfn_out_param(s, i);

					if (out && TREE_CODE(out) == SSA_NAME &&
					    (parm = pw_pfn_parm(out)) >= 0) {
						h.out |= 1u << parm;
						src = s;
					}
				}
			}
			if (src && !h.line)
				h.line = pw_line(src);
		}
	if (!drops || (!h.ret && !h.out) || pw_pfn_returns_locked(w))
		return;
	if (!pw_pfn_helpers)
		pw_pfn_helpers = new hash_map<tree, pw_pfn_helper>;
	pw_pfn_helpers->put(current_function_decl, h);
}

void pw_check_pfn_after_unlock(function *fun)
{
	struct pw_pfn_walk w;
	basic_block bb;
	bool any = false;

	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi) && !any;
		     gsi_next(&gsi))
			any = pw_pfn_is_walk(gsi_stmt(gsi));
	if (!any)
		return;
	w.fun = fun;
	pw_pfn_propagate(&w);
	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi), *src, *again = NULL;
			tree arg = pw_pfn_accessed(&w, s, &src);

			if (!arg)
				arg = pw_pfn_deref(&w, s, &src);
			if (!arg)
				continue;
			if (pw_lock_held_at(s, &pw_pte_lock, &w, &again)) {
				struct pw_compare_query q = { &w, again };

				/* under the walk that produced it, or under a
				 * later one and compared with it */
				if (!again || !pw_pfn_stale(&w, arg, again, 0) ||
				    pw_find_dominating(s, pw_pfn_compares, &q))
					continue;
			} else {
				again = NULL;
			}
			pw_pfn_report(&w, s, arg, src, again);
		}
	pw_pfn_learn(&w);
}
