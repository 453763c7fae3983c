// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-read (seed 004): the protocol and the era are described
 * in rule_vmflags_write.c.  In a speculative function -- one that opens a
 * seqcount read section on a VMA or mm, or is listed as SPECULATIVE -- a
 * vm_flags read not under the mmap lock or the VMA's lock is reported when
 * it is outside every section, after the section was validated, in a
 * section no retry validates, or on a path that leaves the function with
 * something other than the section's abort value before any retry, chosen
 * on the value read (Kirill Shutemov's SIGSEGV on a transient 0) or doing
 * the work unvalidated.
 */
#include "pageward.h"

/* ---- vmflags-unsynced-read ---- */

/* The constant T holds, through copies and constant assignments. */
static tree pw_const_value(tree t)
{
	for (int i = 0; t && i < 16; i++) {
		gimple *def;

		t = pw_strip(t);
		if (TREE_CODE(t) == INTEGER_CST)
			return t;
		if (TREE_CODE(t) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(t))
			return NULL_TREE;
		def = SSA_NAME_DEF_STMT(t);
		if (!gimple_assign_single_p(def))
			return NULL_TREE;
		t = gimple_assign_rhs1(def);
	}
	return NULL_TREE;
}

/* The value RET returns when its block is entered by IN, as the SSA name
 * or constant that reaches it; PARENT gives, for the blocks on the way, the
 * edge the search entered them by. */
static tree pw_returned_expr(greturn *ret, edge in, vec<edge> *parent)
{
	tree v = gimple_return_retval(ret);

	for (int i = 0; v && i < 16; i++) {
		gimple *def;
		edge e;

		v = pw_strip(v);
		if (TREE_CODE(v) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(v))
			return v;
		def = SSA_NAME_DEF_STMT(v);
		if (gimple_code(def) != GIMPLE_PHI)
			return v;
		e = gimple_bb(def) == gimple_bb(ret) ? in :
			(parent ? (*parent)[gimple_bb(def)->index] : NULL);
		if (!e || e->dest != gimple_bb(def))
			return NULL_TREE;
		v = PHI_ARG_DEF_FROM_EDGE(def, e);
	}
	return v;
}

static tree pw_returned_value(greturn *ret, edge in, vec<edge> *parent)
{
	tree v = pw_returned_expr(ret, in, parent);

	return v ? pw_const_value(v) : NULL_TREE;
}

/* What the function returns when retry T says a writer ran: the abort
 * value, found down the single path from T's failure edge. */
static tree pw_abort_value(gimple *t)
{
	edge on_true, on_false, e;
	tree lhs = gimple_call_lhs(t);

	if (!lhs || !pw_test_outcome(lhs, &on_true, &on_false))
		return NULL_TREE;
	e = on_true;
	for (int i = 0; e && i < 8; i++) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(e->dest); !gsi_end_p(gsi); gsi_next(&gsi))
			if (greturn *ret = dyn_cast<greturn *>(gsi_stmt(gsi)))
				return pw_returned_value(ret, e, NULL);
		e = single_succ_p(e->dest) ? single_succ_edge(e->dest) : NULL;
	}
	return NULL_TREE;
}

struct pw_section {
	gimple *begin;
	tree owner;		/* the VMA, or the mm */
	bool is_mm;
	auto_vec<gimple *> retries;
	auto_vec<tree> aborts;	/* values returned when a retry fails */
};

static bool pw_is_retry_of(const gimple *t, const struct pw_section *sec)
{
	const struct pw_api *api = pw_api_call(t, PW_SEQ_RETRY);
	tree owner, seq, lhs;
	bool is_mm;

	if (!api)
		return false;
	owner = pw_section_owner(pw_api_arg(t, api), &is_mm);
	if (owner && is_mm == sec->is_mm && pw_same_vma(owner, sec->owner))
		return true;
	lhs = gimple_call_lhs(sec->begin);
	if (!lhs || (unsigned int)api->arg + 1 >= gimple_call_num_args(t))
		return false;
	seq = gimple_call_arg(t, api->arg + 1);
	return pw_strip(seq) == pw_strip(lhs);
}

static bool pw_stops_path(const gimple *s, const struct pw_section *sec)
{
	return pw_is_retry_of(s, sec) || pw_lock_acquires(s, &pw_mmap_lock, NULL);
}

/* Does T depend on the value the read R loaded: through the SSA operations
 * that compute T, or through a load of the memory R's value was stored to
 * (the vmf->vma_flags snapshot)? */
static bool pw_depends_on_read(tree t, gimple *r, hash_set<tree> *seen, int depth)
{
	tree lhs = gimple_assign_lhs(r);
	gimple *def;

	if (!t || TREE_CODE(t) != SSA_NAME || depth > 12 || seen->add(t))
		return false;
	if (t == lhs)
		return true;
	if (SSA_NAME_IS_DEFAULT_DEF(t))
		return false;
	def = SSA_NAME_DEF_STMT(t);
	if (gimple_assign_load_p(def) && gimple_assign_single_p(def)) {
		imm_use_iterator it;
		use_operand_p use_p;

		if (!lhs || TREE_CODE(lhs) != SSA_NAME)
			return false;

		FOR_EACH_IMM_USE_FAST(use_p, it, lhs) {
			gimple *use = USE_STMT(use_p);

			if (gimple_store_p(use) && gimple_assign_single_p(use) &&
			    operand_equal_p(gimple_assign_lhs(use), gimple_assign_rhs1(def), 0))
				return true;
		}
		return false;
	}
	if (is_gimple_assign(def)) {
		for (unsigned int i = 1; i < gimple_num_ops(def); i++)
			if (pw_depends_on_read(gimple_op(def, i), r, seen, depth + 1))
				return true;
		return false;
	}
	if (gimple_code(def) == GIMPLE_PHI) {
		for (unsigned int i = 0; i < gimple_phi_num_args(def); i++)
			if (pw_depends_on_read(gimple_phi_arg_def(def, i), r, seen, depth + 1))
				return true;
		return false;
	}
	if (is_gimple_call(def)) {
		for (unsigned int i = 0; i < gimple_call_num_args(def); i++)
			if (pw_depends_on_read(gimple_call_arg(def, i), r, seen, depth + 1))
				return true;
	}
	return false;
}

/* Walking back from edge E to R's block, the last branch taken: the one
 * that chose this way out.  NULL when the way from R has no branch. */
static gcond *pw_deciding_branch(edge e, gimple *r, vec<edge> *parent)
{
	for (int i = 0; e && i < 64; i++) {
		if (gcond *c = safe_dyn_cast<gcond *>(last_stmt(e->src)))
			return c;
		if (e->src == gimple_bb(r))
			return NULL;
		e = (*parent)[e->src->index];
	}
	return NULL;
}

/*
 * From the read R, a way out of the function that takes no retry of SEC
 * (nor the mmap lock), returns something other than SEC's abort value, and
 * was chosen on R's value -- or not chosen at all: R's section is left
 * unvalidated for good.  Returns where that value is set (the "return
 * VM_FAULT_SIGSEGV;"), or UNKNOWN_LOCATION when every such way aborts.
 */
static location_t pw_unvalidated_exit(gimple *r, struct pw_section *sec)
{
	auto_vec<edge, 16> work;
	auto_vec<edge> parent;
	auto_sbitmap seen(last_basic_block_for_fn(cfun));
	gimple_stmt_iterator gsi;
	edge e;
	edge_iterator ei;

	if (VOID_TYPE_P(TREE_TYPE(TREE_TYPE(current_function_decl))))
		return UNKNOWN_LOCATION;	/* no value tells abort from action */
	bitmap_clear(seen);
	parent.safe_grow_cleared(last_basic_block_for_fn(cfun));
	gsi = gsi_for_stmt(r);
	for (gsi_next(&gsi); !gsi_end_p(gsi); gsi_next(&gsi)) {
		if (pw_stops_path(gsi_stmt(gsi), sec))
			return UNKNOWN_LOCATION;
		if (is_a<greturn *>(gsi_stmt(gsi)))
			return gimple_location(gsi_stmt(gsi));
	}
	bitmap_set_bit(seen, gimple_bb(r)->index);
	FOR_EACH_EDGE(e, ei, gimple_bb(r)->succs)
		work.safe_push(e);
	while (!work.is_empty()) {
		basic_block bb;
		bool stop = false;

		e = work.pop();
		bb = e->dest;
		if (bb == EXIT_BLOCK_PTR_FOR_FN(cfun))
			continue;
		for (gsi = gsi_start_bb(bb); !gsi_end_p(gsi) && !stop; gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);

			if (pw_stops_path(s, sec)) {
				stop = true;
			} else if (greturn *ret = dyn_cast<greturn *>(s)) {
				tree x = pw_returned_expr(ret, e, &parent);
				tree v = x ? pw_const_value(x) : NULL_TREE;
				bool abort = false;
				gcond *decide;
				hash_set<tree> deps;
				location_t at;

				for (unsigned int i = 0; v && i < sec->aborts.length(); i++)
					abort |= tree_int_cst_equal(v, sec->aborts[i]);
				stop = true;
				if (abort)
					continue;
				/* a constant other than the abort (SIGSEGV, 0) is a
				 * decision: R's only if R's value chose the way; any
				 * other value is work done on the unvalidated section */
				decide = v ? pw_deciding_branch(e, r, &parent) : NULL;
				if (decide && !pw_depends_on_read(gimple_cond_lhs(decide), r, &deps, 0) &&
				    !pw_depends_on_read(gimple_cond_rhs(decide), r, &deps, 0))
					continue;
				at = gimple_location(ret);
				if (x && TREE_CODE(x) == SSA_NAME && !SSA_NAME_IS_DEFAULT_DEF(x) &&
				    gimple_location(SSA_NAME_DEF_STMT(x)) != UNKNOWN_LOCATION)
					at = gimple_location(SSA_NAME_DEF_STMT(x));
				return at;
			}
		}
		if (stop || bitmap_bit_p(seen, bb->index))
			continue;
		bitmap_set_bit(seen, bb->index);
		parent[bb->index] = e;
		FOR_EACH_EDGE(e, ei, bb->succs)
			work.safe_push(e);
	}
	return UNKNOWN_LOCATION;
}

/* A "struct vm_fault" in scope with the series' vma_flags snapshot:
 * "vmf->vma_flags" or "vmf.vma_flags", or NULL. */
static char *pw_snapshot_text(function *fun)
{
	tree var;
	unsigned int i;

	for (tree p = DECL_ARGUMENTS(current_function_decl); p; p = DECL_CHAIN(p)) {
		tree rec = POINTER_TYPE_P(TREE_TYPE(p)) ? TREE_TYPE(TREE_TYPE(p)) : NULL_TREE;

		if (DECL_NAME(p) && rec && pw_is_record(rec, "vm_fault"))
			for (tree f = TYPE_FIELDS(rec); f; f = DECL_CHAIN(f))
				if (DECL_NAME(f) && id_equal(DECL_NAME(f), "vma_flags"))
					return concat(IDENTIFIER_POINTER(DECL_NAME(p)), "->vma_flags", NULL);
	}
	FOR_EACH_LOCAL_DECL(fun, i, var) {
		tree rec = TREE_TYPE(var);

		if (DECL_NAME(var) && !DECL_ARTIFICIAL(var) && pw_is_record(rec, "vm_fault"))
			for (tree f = TYPE_FIELDS(rec); f; f = DECL_CHAIN(f))
				if (DECL_NAME(f) && id_equal(DECL_NAME(f), "vma_flags"))
					return concat(IDENTIFIER_POINTER(DECL_NAME(var)), ".vma_flags", NULL);
	}
	return NULL;
}

/* Is the read R of VMA done under a lock that excludes vm_flags writers:
 * the mmap lock, or the VMA's own write lock or read lock? */
static bool pw_read_locked(gimple *r, tree vma)
{
	basic_block bb;

	if (pw_lock_held_at(r, &pw_mmap_lock, NULL, NULL) || pw_vma_write_locked(r, vma))
		return true;
	/* vma_start_read(vma) succeeded on every path here */
	FOR_EACH_BB_FN(bb, cfun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			edge on_true, on_false;

			if (pw_vma_call(s, PW_VMA_READ_LOCK, vma) && gimple_call_lhs(s) &&
			    pw_test_outcome(gimple_call_lhs(s), &on_true, &on_false) &&
			    single_pred_p(on_true->dest) &&
			    dominated_by_p(CDI_DOMINATORS, gimple_bb(r), on_true->dest))
				return true;
		}
	return false;
}

/* Collect the read sections this function opens on a VMA or an mm. */
static void pw_collect_sections(function *fun, vec<pw_section *> *out)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			const struct pw_api *api = pw_api_call(s, PW_SEQ_BEGIN);
			struct pw_section *sec;
			bool is_mm;
			tree owner;

			if (!api)
				api = pw_api_call(s, PW_SEQ_BEGIN_MM);
			if (!api || !(owner = pw_section_owner(pw_api_arg(s, api), &is_mm)))
				continue;
			sec = new pw_section;
			sec->begin = s;
			sec->owner = owner;
			sec->is_mm = is_mm;
			out->safe_push(sec);
		}
	for (unsigned int i = 0; i < out->length(); i++) {
		struct pw_section *sec = (*out)[i];

		FOR_EACH_BB_FN(bb, fun)
			for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi))
				if (pw_is_retry_of(gsi_stmt(gsi), sec)) {
					tree abort = pw_abort_value(gsi_stmt(gsi));

					sec->retries.safe_push(gsi_stmt(gsi));
					if (abort)
						sec->aborts.safe_push(abort);
				}
	}
}

static bool pw_section_covers(const struct pw_section *sec, tree vma)
{
	return sec->is_mm || pw_same_vma(sec->owner, vma);
}

/* The read R of VMA in a speculative function. */
static void pw_check_read(function *fun, gimple *r, tree vma, vec<pw_section *> *secs)
{
	struct pw_section *best = NULL;
	struct pw_finding f;
	gimple *closed = NULL;
	location_t acted = UNKNOWN_LOCATION;
	char *v, *snap;
	const char *fn = pw_fn_name(current_function_decl);

	if (pw_read_locked(r, vma))
		return;
	/* the innermost section opened on every path to R */
	for (unsigned int i = 0; i < secs->length(); i++) {
		struct pw_section *sec = (*secs)[i];

		if (pw_section_covers(sec, vma) && pw_stmt_dominates(sec->begin, r) &&
		    (!best || pw_stmt_dominates(best->begin, sec->begin)))
			best = sec;
	}
	if (best) {
		for (unsigned int i = 0; i < best->retries.length() && !closed; i++)
			if (pw_stmt_dominates(best->retries[i], r))
				closed = best->retries[i];
		if (!closed && !best->retries.is_empty()) {
			acted = pw_unvalidated_exit(r, best);
			if (acted == UNKNOWN_LOCATION)
				return;
		}
	}
	v = xstrdup(pw_expr_str(vma));
	if (!best) {
		struct pw_section *later = NULL;

		for (unsigned int i = 0; i < secs->length() && !later; i++)
			if (pw_section_covers((*secs)[i], vma))
				later = (*secs)[i];
		pw_finding_start(&f, "vmflags-unsynced-read", gimple_location(r),
				 "%s(): read of '%s->vm_flags' outside a seqcount "
				 "section of this speculative function: nothing tells it "
				 "from a write in progress", fn, v);
		if (later)
			pw_finding_note(&f, gimple_location(later->begin),
					"the section on '%s' opens here", pw_expr_str(later->owner));
	} else if (closed) {
		pw_finding_start(&f, "vmflags-unsynced-read", gimple_location(r),
				 "%s(): read of '%s->vm_flags' after the section was "
				 "validated at line %d: this read is not; use the value "
				 "read inside the section", fn, v, pw_line(closed));
		pw_finding_note(&f, gimple_location(closed), "the section is validated here");
		snap = pw_snapshot_text(fun);
		if (snap)
			pw_fix_replace_member(f.richloc, gimple_location(r), "vm_flags", snap);
		free(snap);
	} else if (acted == UNKNOWN_LOCATION) {
		pw_finding_start(&f, "vmflags-unsynced-read", gimple_location(r),
				 "%s(): read of '%s->vm_flags' in a seqcount section that "
				 "no retry validates: nothing tells it from a write in "
				 "progress", fn, v);
		pw_finding_note(&f, gimple_location(best->begin), "the section opens here");
	} else {
		pw_finding_start(&f, "vmflags-unsynced-read", gimple_location(r),
				 "%s(): read of '%s->vm_flags' acted on before the section "
				 "is validated: the way out at line %d takes no retry of "
				 "the section opened at line %d, and is not its abort",
				 fn, v, LOCATION_LINE(acted), pw_line(best->begin));
		pw_finding_note(&f, gimple_location(best->begin), "the section opens here");
		pw_finding_note(&f, acted, "leaves here, unvalidated");
	}
	free(v);
	pw_finding_emit(&f);
}

/* Is the current function speculative: listed, or opening a section? */
static bool pw_speculative(const vec<pw_section *> *secs)
{
	return !secs->is_empty() || pw_api_find(current_function_decl, PW_SPECULATIVE);
}

void pw_check_vmflags_unsynced_read(function *fun)
{
	auto_vec<pw_section *> secs;
	enum pw_vma_era era = PW_ERA_NONE;
	basic_block bb;

	if (pw_api_find(current_function_decl, PW_VMA_FLAGS_HELPER))
		return;
	pw_collect_sections(fun, &secs);
	if (pw_speculative(&secs)) {
		calculate_dominance_info(CDI_DOMINATORS);
		FOR_EACH_BB_FN(bb, fun)
			for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi);
			     gsi_next(&gsi)) {
				gimple *s = gsi_stmt(gsi);
				tree vma;

				if (gimple_assign_load_p(s) && gimple_assign_single_p(s) &&
				    (vma = pw_vmflags_ref(gimple_assign_rhs1(s), &era)) &&
				    era != PW_ERA_NONE)
					pw_check_read(fun, s, vma, &secs);
			}
	}
	for (unsigned int i = 0; i < secs.length(); i++)
		delete secs[i];
}
