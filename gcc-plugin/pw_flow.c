// SPDX-License-Identifier: GPL-2.0
/*
 * Dataflow helpers over the SSA form of the function being checked (cfun).
 *
 * The plugin runs right after the "ssa" pass, before any inlining, so calls
 * to the kernel's static inline helpers are still calls and the values the
 * rules follow are SSA names with their defining statements at hand.
 * Nothing here changes the IL: a checker must never alter code generation.
 */
#include "pageward.h"

/* Give up on def chains and searches longer than this: kernel functions are
 * big, and a finding we cannot explain in a few steps is not worth the time. */
#define PW_CHASE_LIMIT 32

/*
 * DEF loads a local variable that lives in memory because its address was
 * taken ("vma = expand_stack(mm, addr); if (!vma)" with &vma passed to GUP
 * earlier tests a load, not the call's value).  Returns the value the
 * reaching store wrote, when that store is in DEF's block or a chain of
 * single predecessors with nothing between that may write memory; else
 * NULL_TREE.
 */
tree pw_load_source(gimple *def)
{
	basic_block bb = gimple_bb(def);
	gimple_stmt_iterator gsi;
	int steps = 0;
	tree var;

	if (!bb || !gimple_assign_single_p(def))
		return NULL_TREE;
	var = gimple_assign_rhs1(def);
	if (!VAR_P(var) || TREE_THIS_VOLATILE(var) || is_global_var(var))
		return NULL_TREE;
	gsi = gsi_for_stmt(def);
	gsi_prev(&gsi);
	for (;;) {
		for (; !gsi_end_p(gsi); gsi_prev(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			tree lhs, base;

			if (++steps > 4 * PW_CHASE_LIMIT)
				return NULL_TREE;
			if (!gimple_vdef(s))
				continue;
			if (!gimple_assign_single_p(s) || gimple_clobber_p(s))
				return NULL_TREE;
			lhs = gimple_assign_lhs(s);
			if (lhs == var) {
				tree v = gimple_assign_rhs1(s);

				return TREE_CODE(v) == SSA_NAME || CONSTANT_CLASS_P(v) ? v : NULL_TREE;
			}
			/* a store to another variable leaves this one alone;
			 * one through a pointer may be to it */
			base = get_base_address(lhs);
			if (!base || !DECL_P(base) || base == var)
				return NULL_TREE;
		}
		if (!single_pred_p(bb) || single_pred(bb) == ENTRY_BLOCK_PTR_FOR_FN(cfun))
			return NULL_TREE;
		bb = single_pred(bb);
		gsi = gsi_last_bb(bb);
	}
}

/*
 * Follow T back through SSA copies, integer/pointer conversions and calls
 * that return their argument (__builtin_expect, spinlock_check).  An address
 * computed into an SSA name is returned as the ADDR_EXPR itself.
 */
tree pw_strip(tree t)
{
	for (int i = 0; t && i < PW_CHASE_LIMIT; i++) {
		gimple *def;

		if (CONVERT_EXPR_P(t) || TREE_CODE(t) == VIEW_CONVERT_EXPR) {
			t = TREE_OPERAND(t, 0);
			continue;
		}
		if (TREE_CODE(t) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(t))
			return t;
		def = SSA_NAME_DEF_STMT(t);
		if (is_gimple_assign(def)) {
			enum tree_code code = gimple_assign_rhs_code(def);
			tree stored;

			if (code == VAR_DECL && (stored = pw_load_source(def))) {
				t = stored;
				continue;
			}
			if (code == SSA_NAME || code == ADDR_EXPR ||
			    CONVERT_EXPR_CODE_P(code)) {
				t = gimple_assign_rhs1(def);
				if (code == ADDR_EXPR)
					return t;
				continue;
			}
			return t;
		}
		if (is_gimple_call(def) && gimple_call_num_args(def) > 0 &&
		    (pw_api_call(def, PW_VALUE_ALIAS) ||
		     pw_api_call(def, PW_LOCK_ALIAS))) {
			t = gimple_call_arg(def, 0);
			continue;
		}
		return t;
	}
	return t;
}

/*
 * The pointer a page or folio expression is derived from: through
 * page_folio()/compound_head(), and through &folio->page (a member at
 * offset zero), so that a folio and its head page compare equal.
 */
tree pw_page_root(tree t)
{
	for (int i = 0; t && i < PW_CHASE_LIMIT; i++) {
		tree base;
		gimple *def;

		t = pw_strip(t);
		if (TREE_CODE(t) == ADDR_EXPR) {
			base = TREE_OPERAND(t, 0);
			while (TREE_CODE(base) == COMPONENT_REF &&
			       integer_zerop(component_ref_field_offset(base)) &&
			       integer_zerop(DECL_FIELD_BIT_OFFSET(TREE_OPERAND(base, 1))))
				base = TREE_OPERAND(base, 0);
			if (TREE_CODE(base) == MEM_REF &&
			    integer_zerop(TREE_OPERAND(base, 1))) {
				t = TREE_OPERAND(base, 0);
				continue;
			}
			return t;
		}
		if (TREE_CODE(t) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(t))
			return t;
		def = SSA_NAME_DEF_STMT(t);
		if (is_gimple_call(def) && gimple_call_num_args(def) > 0 &&
		    pw_api_call(def, PW_PAGE_ALIAS)) {
			t = gimple_call_arg(def, 0);
			continue;
		}
		/* An address inside the page: page_address(page) + offset.
		 * Not "page + i" on a struct page pointer, another page. */
		if (is_gimple_assign(def) && gimple_assign_rhs_code(def) == POINTER_PLUS_EXPR &&
		    !pw_is_page_type(TREE_TYPE(t))) {
			t = gimple_assign_rhs1(def);
			continue;
		}
		return t;
	}
	return t;
}

/* The memory a root was loaded from (buf->page), or NULL_TREE. */
tree pw_loaded_from(tree root)
{
	gimple *def;

	if (TREE_CODE(root) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(root))
		return NULL_TREE;
	def = SSA_NAME_DEF_STMT(root);
	if (!gimple_assign_single_p(def) || !gimple_assign_load_p(def))
		return NULL_TREE;
	return gimple_assign_rhs1(def);
}

/*
 * Are A and B the same computation?  Equal operands, or SSA names computed
 * by the same operation from the same operands: the two address
 * computations of "pages[i]" read twice.  Loads met on the way are compared
 * like the rest, without looking for a store in between.
 */
static bool pw_same_expr(tree a, tree b, int depth)
{
	if (a == b)
		return true;
	if (!a || !b || depth > 6)
		return false;
	if (operand_equal_p(a, b, 0))
		return true;
	if (TREE_CODE(a) == SSA_NAME && TREE_CODE(b) == SSA_NAME) {
		gimple *da = SSA_NAME_DEF_STMT(a), *db = SSA_NAME_DEF_STMT(b);

		if (!is_gimple_assign(da) || !is_gimple_assign(db) ||
		    gimple_assign_rhs_code(da) != gimple_assign_rhs_code(db) ||
		    gimple_num_ops(da) != gimple_num_ops(db))
			return false;
		for (unsigned int i = 1; i < gimple_num_ops(da); i++)
			if (!pw_same_expr(gimple_op(da, i), gimple_op(db, i), depth + 1))
				return false;
		return true;
	}
	if (TREE_CODE(a) != TREE_CODE(b) || !(EXPR_P(a) || REFERENCE_CLASS_P(a)) ||
	    TREE_OPERAND_LENGTH(a) != TREE_OPERAND_LENGTH(b))
		return false;
	for (int i = 0; i < TREE_OPERAND_LENGTH(a); i++)
		if (!pw_same_expr(TREE_OPERAND(a, i), TREE_OPERAND(b, i), depth + 1))
			return false;
	return true;
}

/*
 * Do A and B denote the same page?  The same root, or two loads of the same
 * memory (get_page(buf->page); ...; skb_fill_page_desc(..., buf->page, ...)):
 * a store to it in between is not looked for.
 */
bool pw_same_page(tree a, tree b)
{
	tree la, lb;

	if (!a || !b)
		return false;
	a = pw_page_root(a);
	b = pw_page_root(b);
	if (a == b || operand_equal_p(a, b, 0))
		return true;
	la = pw_loaded_from(a);
	lb = pw_loaded_from(b);
	return la && lb && pw_same_expr(la, lb, 0);
}

/* The tag of RECORD (a struct or union type), or NULL. */
const char *pw_record_tag(const_tree record)
{
	const_tree name;

	if (!record || !RECORD_OR_UNION_TYPE_P(record))
		return NULL;
	name = TYPE_NAME(record);
	if (name && TREE_CODE(name) == TYPE_DECL)
		name = DECL_NAME(name);
	if (!name || TREE_CODE(name) != IDENTIFIER_NODE)
		return NULL;
	return IDENTIFIER_POINTER(name);
}

/* The tag of the struct TYPE points to, or NULL. */
static const char *pw_pointee_tag(const_tree type)
{
	if (!type || !POINTER_TYPE_P(type) || TREE_CODE(TREE_TYPE(type)) != RECORD_TYPE)
		return NULL;
	return pw_record_tag(TREE_TYPE(type));
}

/* Is TYPE a pointer to struct page or struct folio? */
bool pw_is_page_type(const_tree type)
{
	const char *tag = pw_pointee_tag(type);

	return tag && (!strcmp(tag, "page") || !strcmp(tag, "folio"));
}

bool pw_is_folio_type(const_tree type)
{
	const char *tag = pw_pointee_tag(type);

	return tag && !strcmp(tag, "folio");
}

/*
 * A short C spelling of T for messages: user variables by name, fields as
 * base->field.  Temporaries are followed to what they copy.  The result lives
 * in a static buffer until the next call.
 */
static void pw_expr_print(pretty_printer *pp, tree t, int depth)
{
	if (depth > 8) {
		pp_string(pp, "...");
		return;
	}
	if (TREE_CODE(t) == SSA_NAME) {
		tree var = SSA_NAME_VAR(t);

		if (var && DECL_NAME(var) && !DECL_ARTIFICIAL(var)) {
			pp_string(pp, IDENTIFIER_POINTER(DECL_NAME(var)));
			return;
		}
		if (!SSA_NAME_IS_DEFAULT_DEF(t)) {
			tree s = pw_strip(t);

			if (s != t) {
				pw_expr_print(pp, s, depth + 1);
				return;
			}
			gimple *def = SSA_NAME_DEF_STMT(t);
			if (gimple_assign_single_p(def)) {
				pw_expr_print(pp, gimple_assign_rhs1(def), depth + 1);
				return;
			}
			if (is_gimple_call(def) && gimple_call_fndecl(def)) {
				pp_string(pp, pw_fn_name(gimple_call_fndecl(def)));
				pp_string(pp, "()");
				return;
			}
		}
		pp_string(pp, "<value>");
		return;
	}
	if (TREE_CODE(t) == COMPONENT_REF) {
		tree base = TREE_OPERAND(t, 0);
		tree field = TREE_OPERAND(t, 1);

		if (TREE_CODE(base) == MEM_REF && integer_zerop(TREE_OPERAND(base, 1))) {
			pw_expr_print(pp, TREE_OPERAND(base, 0), depth + 1);
			pp_string(pp, "->");
		} else if (TREE_CODE(base) == COMPONENT_REF &&
			   !DECL_NAME(TREE_OPERAND(base, 1))) {
			/* anonymous struct/union member: print through it */
			tree inner = TREE_OPERAND(base, 0);

			while (TREE_CODE(inner) == COMPONENT_REF &&
			       !DECL_NAME(TREE_OPERAND(inner, 1)))
				inner = TREE_OPERAND(inner, 0);
			if (TREE_CODE(inner) == MEM_REF &&
			    integer_zerop(TREE_OPERAND(inner, 1))) {
				pw_expr_print(pp, TREE_OPERAND(inner, 0), depth + 1);
				pp_string(pp, "->");
			} else {
				pw_expr_print(pp, inner, depth + 1);
				pp_string(pp, ".");
			}
		} else {
			pw_expr_print(pp, base, depth + 1);
			pp_string(pp, ".");
		}
		pp_string(pp, DECL_NAME(field) ? IDENTIFIER_POINTER(DECL_NAME(field)) : "<anon>");
		return;
	}
	if (TREE_CODE(t) == ADDR_EXPR) {
		pp_string(pp, "&");
		pw_expr_print(pp, TREE_OPERAND(t, 0), depth + 1);
		return;
	}
	if (DECL_P(t) && DECL_NAME(t)) {
		pp_string(pp, IDENTIFIER_POINTER(DECL_NAME(t)));
		return;
	}
	dump_generic_node(pp, t, 0, TDF_NONE, false);
}

const char *pw_expr_str(tree t)
{
	static char buf[256];
	pretty_printer pp;

	if (!t)
		return "?";
	pw_expr_print(&pp, t, 0);
	snprintf(buf, sizeof(buf), "%s", pp_formatted_text(&pp));
	return buf;
}

static void pw_need_dominators(void)
{
	if (!dom_info_available_p(CDI_DOMINATORS))
		calculate_dominance_info(CDI_DOMINATORS);
}

/* Does A execute before B on every path to B? */
bool pw_stmt_dominates(const gimple *a, const gimple *b)
{
	basic_block ba = gimple_bb(a), bb = gimple_bb(b);

	if (!ba || !bb)
		return false;
	if (ba != bb) {
		pw_need_dominators();
		return dominated_by_p(CDI_DOMINATORS, bb, ba);
	}
	if (gimple_code(a) == GIMPLE_PHI)
		return true;
	if (gimple_code(b) == GIMPLE_PHI)
		return false;
	for (gimple_stmt_iterator gsi = gsi_start_bb(ba); !gsi_end_p(gsi); gsi_next(&gsi)) {
		if (gsi_stmt(gsi) == a)
			return true;
		if (gsi_stmt(gsi) == b)
			return false;
	}
	return false;
}

/* Evaluate T assuming VAR has value V: small constant folding over the
 * shapes the C front end produces for if (!x), if (x == 0), likely(x)... */
static bool pw_eval(tree t, tree var, HOST_WIDE_INT v, HOST_WIDE_INT *out, int depth)
{
	gimple *def;
	HOST_WIDE_INT a, b;

	if (depth > PW_CHASE_LIMIT)
		return false;
	if (t == var) {
		*out = v;
		return true;
	}
	if (TREE_CODE(t) == INTEGER_CST) {
		if (!tree_fits_shwi_p(t))
			return false;
		*out = tree_to_shwi(t);
		return true;
	}
	if (TREE_CODE(t) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(t))
		return false;
	def = SSA_NAME_DEF_STMT(t);
	if (is_gimple_call(def)) {
		if (pw_api_call(def, PW_VALUE_ALIAS) && gimple_call_num_args(def) > 0)
			return pw_eval(gimple_call_arg(def, 0), var, v, out, depth + 1);
		return false;
	}
	if (!is_gimple_assign(def))
		return false;

	enum tree_code code = gimple_assign_rhs_code(def);
	tree type = TREE_TYPE(gimple_assign_lhs(def));
	tree stored;
	bool boolean = TREE_CODE(type) == BOOLEAN_TYPE || TYPE_PRECISION(type) == 1;

	if (code == VAR_DECL && (stored = pw_load_source(def)))
		return pw_eval(stored, var, v, out, depth + 1);
	if (!pw_eval(gimple_assign_rhs1(def), var, v, &a, depth + 1))
		return false;
	switch (code) {
	case SSA_NAME:
	CASE_CONVERT:
		*out = boolean ? a != 0 : a;
		return true;
	case BIT_NOT_EXPR:
		*out = boolean ? !a : ~a;
		return true;
	case TRUTH_NOT_EXPR:
		*out = !a;
		return true;
	case NEGATE_EXPR:
		*out = -a;
		return true;
	default:
		break;
	}
	if (get_gimple_rhs_class(code) != GIMPLE_BINARY_RHS ||
	    !pw_eval(gimple_assign_rhs2(def), var, v, &b, depth + 1))
		return false;
	switch (code) {
	case EQ_EXPR:		*out = a == b; return true;
	case NE_EXPR:		*out = a != b; return true;
	case LT_EXPR:		*out = a < b; return true;
	case LE_EXPR:		*out = a <= b; return true;
	case GT_EXPR:		*out = a > b; return true;
	case GE_EXPR:		*out = a >= b; return true;
	case BIT_AND_EXPR:	*out = a & b; return true;
	case BIT_IOR_EXPR:	*out = a | b; return true;
	case BIT_XOR_EXPR:	*out = a ^ b; return true;
	case TRUTH_AND_EXPR:	*out = a && b; return true;
	case TRUTH_OR_EXPR:	*out = a || b; return true;
	case PLUS_EXPR:		*out = a + b; return true;
	case MINUS_EXPR:	*out = a - b; return true;
	default:		return false;
	}
}

static bool pw_cond_eval(gcond *cond, tree var, HOST_WIDE_INT v, bool *taken)
{
	HOST_WIDE_INT a, b;

	if (!pw_eval(gimple_cond_lhs(cond), var, v, &a, 0) ||
	    !pw_eval(gimple_cond_rhs(cond), var, v, &b, 0))
		return false;
	switch (gimple_cond_code(cond)) {
	case EQ_EXPR:	*taken = a == b; return true;
	case NE_EXPR:	*taken = a != b; return true;
	case LT_EXPR:	*taken = a < b; return true;
	case LE_EXPR:	*taken = a <= b; return true;
	case GT_EXPR:	*taken = a > b; return true;
	case GE_EXPR:	*taken = a >= b; return true;
	default:	return false;
	}
}

/*
 * Does COND decide between VAR == YES and VAR == NO?  Then the edges each
 * takes.
 */
bool pw_cond_decides(gcond *cond, tree var, HOST_WIDE_INT yes, HOST_WIDE_INT no,
		     edge *on_yes, edge *on_no)
{
	bool ty, tn;
	edge te, fe;

	if (!pw_cond_eval(cond, var, yes, &ty) || !pw_cond_eval(cond, var, no, &tn) || ty == tn)
		return false;
	extract_true_false_edges_from_block(gimple_bb(cond), &te, &fe);
	*on_yes = ty ? te : fe;
	*on_no = ty ? fe : te;
	return true;
}

/* STORE writes NAME to the memory variable VAR: push the loads of VAR
 * later in its block that read what it wrote. */
static void pw_push_loads(gimple *store, tree var, tree name, vec<tree> *work)
{
	gimple_stmt_iterator gsi = gsi_for_stmt(store);

	for (gsi_next(&gsi); !gsi_end_p(gsi); gsi_next(&gsi)) {
		gimple *s = gsi_stmt(gsi);

		if (gimple_assign_single_p(s) && gimple_assign_rhs1(s) == var &&
		    TREE_CODE(gimple_assign_lhs(s)) == SSA_NAME && pw_load_source(s) == name)
			work->safe_push(gimple_assign_lhs(s));
		if (gimple_vdef(s))
			return;
	}
}

/*
 * RESULT is the result of a call.  Find the branch that tests it and the
 * edges taken when it is YES and when it is NO.  Returns false when no
 * branch decides between the two.  With ALL_YES, every branch that decides
 * is found and its YES edge pushed there: a call-site macro of an annotated
 * tree tests the value itself before the caller does
 * (__cond_lock_err(x, follow_pfnmap_start(args)) is "if (!c) __acquire(x)"
 * and then the caller's "if (c) goto out"), and the first test is only
 * the macro's.
 */
static bool pw_test_values(tree result, HOST_WIDE_INT yes, HOST_WIDE_INT no,
			   edge *on_yes, edge *on_no, vec<edge> *all_yes = NULL)
{
	auto_vec<tree, 8> work;
	hash_set<tree> seen;
	bool found = false;

	if (!result || TREE_CODE(result) != SSA_NAME)
		return false;
	work.safe_push(result);
	while (!work.is_empty() && seen.elements() < PW_CHASE_LIMIT) {
		tree name = work.pop();
		imm_use_iterator it;
		use_operand_p use_p;

		if (seen.add(name))
			continue;
		/* the _FAST walk only reads the use list */
		FOR_EACH_IMM_USE_FAST(use_p, it, name) {
			gimple *use = USE_STMT(use_p);

			if (is_gimple_debug(use))
				continue;
			if (gcond *cond = dyn_cast<gcond *>(use)) {
				if (!pw_cond_decides(cond, result, yes, no, on_yes, on_no))
					continue;
				if (!all_yes)
					return true;
				found = true;
				all_yes->safe_push(*on_yes);
				continue;
			}
			if (is_gimple_assign(use) || is_gimple_call(use)) {
				tree lhs = gimple_get_lhs(use);

				if (lhs && TREE_CODE(lhs) == SSA_NAME)
					work.safe_push(lhs);
				else if (lhs && VAR_P(lhs))
					pw_push_loads(use, lhs, name, &work);
			}
		}
	}
	return found;
}

/*
 * RESULT is the boolean result of a call.  Find the branch that tests it and
 * the edges taken when it is true (non-zero) and false.  Returns false when
 * no branch decides on it.
 */
bool pw_test_outcome(tree result, edge *on_true, edge *on_false)
{
	return pw_test_values(result, 1, 0, on_true, on_false);
}

/*
 * Search forward for a statement satisfying PRED: from the statement after
 * FROM, or from the destination of START when START is given.  Paths end at
 * statements satisfying STOP.  Returns the first statement found.
 */
gimple *pw_find_after(const gimple *from, edge start, pw_stmt_pred pred,
		      void *data, pw_stmt_pred stop)
{
	auto_vec<basic_block, 16> work;
	auto_sbitmap seen(last_basic_block_for_fn(cfun));
	gimple_stmt_iterator gsi;
	basic_block bb;
	edge e;
	edge_iterator ei;

	bitmap_clear(seen);
	if (start) {
		work.safe_push(start->dest);
	} else {
		bb = gimple_bb(from);
		gsi = gsi_for_stmt(const_cast<gimple *>(from));
		for (gsi_next(&gsi); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);

			if (pred(s, data))
				return s;
			if (stop && stop(s, data))
				return NULL;
		}
		FOR_EACH_EDGE(e, ei, bb->succs)
			work.safe_push(e->dest);
	}
	while (!work.is_empty()) {
		bool stopped = false;

		bb = work.pop();
		if (bb == EXIT_BLOCK_PTR_FOR_FN(cfun) || bitmap_bit_p(seen, bb->index))
			continue;
		bitmap_set_bit(seen, bb->index);
		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);

			if (pred(s, data))
				return s;
			if (stop && stop(s, data)) {
				stopped = true;
				break;
			}
		}
		if (stopped)
			continue;
		FOR_EACH_EDGE(e, ei, bb->succs)
			work.safe_push(e->dest);
	}
	return NULL;
}

/* The nearest statement satisfying PRED that dominates TO, or NULL. */
gimple *pw_find_dominating(const gimple *to, pw_stmt_pred pred, void *data)
{
	basic_block bb = gimple_bb(to);
	gimple_stmt_iterator gsi;

	if (!bb)
		return NULL;
	pw_need_dominators();
	gsi = gsi_for_stmt(const_cast<gimple *>(to));
	for (gsi_prev(&gsi); !gsi_end_p(gsi); gsi_prev(&gsi))
		if (pred(gsi_stmt(gsi), data))
			return gsi_stmt(gsi);
	for (bb = get_immediate_dominator(CDI_DOMINATORS, bb);
	     bb && bb != ENTRY_BLOCK_PTR_FOR_FN(cfun);
	     bb = get_immediate_dominator(CDI_DOMINATORS, bb)) {
		for (gsi = gsi_last_bb(bb); !gsi_end_p(gsi); gsi_prev(&gsi))
			if (pred(gsi_stmt(gsi), data))
				return gsi_stmt(gsi);
	}
	return NULL;
}

/* ---- locks, driven by the PW_LOCK rows of pw_api.def ---- */

/* The PW_LOCK row that makes STMT an acquire or release of CLS, or NULL. */
const struct pw_lock_row *pw_lock_row_of(const gimple *stmt, const struct pw_lock_class *cls,
					 void *data)
{
	if (!stmt || !is_gimple_call(stmt))
		return NULL;
	for (int c = 0; c < PW_NR_LOCK_CLASSES; c++) {
		const struct pw_lock_row *row;

		if (!(cls->classes & (1u << c)))
			continue;
		row = pw_lock_call(stmt, (enum pw_lock_id)c);
		if (row && (!cls->instance ||
			    cls->instance(stmt, row, pw_lock_instance(stmt, row), data)))
			return row;
	}
	return NULL;
}

/* Does STMT acquire CLS, whether or not on a condition? */
bool pw_lock_acquires(const gimple *stmt, const struct pw_lock_class *cls, void *data)
{
	const struct pw_lock_row *row = pw_lock_row_of(stmt, cls, data);

	return row && row->when != PW_RELEASE;
}

bool pw_lock_releases(const gimple *stmt, const struct pw_lock_class *cls, void *data)
{
	const struct pw_lock_row *row = pw_lock_row_of(stmt, cls, data);

	return row && row->when == PW_RELEASE;
}

/* Add to GEN the edges on which the conditional acquire CALL of ROW is
 * known to have succeeded: out of every branch that tests its result
 * (ON_TRUE: non-zero; ON_ZERO: zero rather than a negative errno).  None
 * when nothing tests the result. */
static void pw_lock_success_edges(const gimple *call, const struct pw_lock_row *row,
				  hash_set<edge> *gen)
{
	tree result = gimple_call_lhs(call);
	edge yes = NULL, no = NULL;
	auto_vec<edge, 4> all;

	if (row->when == PW_ON_TRUE)
		pw_test_values(result, 1, 0, &yes, &no, &all);
	else if (row->when == PW_ON_ZERO)
		pw_test_values(result, 0, -1, &yes, &no, &all);
	for (edge e : all)
		gen->add(e);
}

/* The state after BB's statements up to UPTO (all of them if NULL): an
 * unconditional acquire sets it, a release clears it, and a conditional
 * acquire leaves it alone: it holds on its success edge only. */
static bool pw_lock_transfer(basic_block bb, bool held, const gimple *upto,
			     const struct pw_lock_class *cls, void *data)
{
	for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
		gimple *s = gsi_stmt(gsi);
		const struct pw_lock_row *row;

		if (s == upto)
			break;
		row = pw_lock_row_of(s, cls, data);
		if (!row)
			continue;
		if (row->when == PW_ALWAYS)
			held = true;
		else if (row->when == PW_RELEASE)
			held = false;
	}
	return held;
}

struct pw_lock_query {
	const struct pw_lock_class *cls;
	void *data;
};

static bool pw_acquires_pred(const gimple *s, void *query)
{
	struct pw_lock_query *q = (struct pw_lock_query *)query;

	return pw_lock_acquires(s, q->cls, q->data);
}

/* Is the lock held on edge E, given the state at the end of each block? */
static bool pw_lock_on_edge(edge e, const vec<char> &out, hash_set<edge> *gen)
{
	if (e->src == ENTRY_BLOCK_PTR_FOR_FN(cfun))
		return false;
	return out[e->src->index] || gen->contains(e);
}

/*
 * Is a lock of class CLS held at STMT on every path that reaches it?  A
 * forward must-analysis: an acquire sets the state, a release clears it, a
 * conditional acquire (ON_TRUE, ON_ZERO) sets it on the edge where the test
 * of its result says it succeeded, and paths meet with AND.  DATA goes to
 * the class's instance filter (the page whose reference is the "lock", say).
 * On success *ACQUIRE is the nearest dominating acquire, for the note.
 */
bool pw_lock_held_at(const gimple *stmt, const struct pw_lock_class *cls,
		     void *data, gimple **acquire)
{
	struct pw_lock_query q = { cls, data };
	int n = last_basic_block_for_fn(cfun);
	auto_vec<char> out;
	hash_set<edge> gen;
	int *rpo = XNEWVEC(int, n_basic_blocks_for_fn(cfun));
	int nr = pre_and_rev_post_order_compute(NULL, rpo, false);
	basic_block bb = gimple_bb(stmt);
	bool changed = true, held;

	out.safe_grow_cleared(n);
	for (int i = 0; i < nr; i++) {
		basic_block b = BASIC_BLOCK_FOR_FN(cfun, rpo[i]);

		out[rpo[i]] = 1;	/* top, for a must-analysis */
		for (gimple_stmt_iterator gsi = gsi_start_bb(b); !gsi_end_p(gsi); gsi_next(&gsi)) {
			const struct pw_lock_row *row = pw_lock_row_of(gsi_stmt(gsi), cls, data);

			if (row)
				pw_lock_success_edges(gsi_stmt(gsi), row, &gen);
		}
	}
	for (int iter = 0; changed && iter < 2 * nr + 2; iter++) {
		changed = false;
		for (int i = 0; i < nr; i++) {
			basic_block b = BASIC_BLOCK_FOR_FN(cfun, rpo[i]);
			bool in = true;
			edge e;
			edge_iterator ei;

			FOR_EACH_EDGE(e, ei, b->preds)
				if (!pw_lock_on_edge(e, out, &gen))
					in = false;
			char o = pw_lock_transfer(b, in, NULL, cls, data);
			if (o != out[b->index]) {
				out[b->index] = o;
				changed = true;
			}
		}
	}
	held = true;
	{
		edge e;
		edge_iterator ei;

		FOR_EACH_EDGE(e, ei, bb->preds)
			if (!pw_lock_on_edge(e, out, &gen))
				held = false;
	}
	XDELETEVEC(rpo);
	held = pw_lock_transfer(bb, held, stmt, cls, data);
	if (held && acquire)
		*acquire = pw_find_dominating(stmt, pw_acquires_pred, &q);
	return held;
}
