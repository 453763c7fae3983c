// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-read and vmflags-unsynced-write (seed 004).
 *
 * A speculative page fault reads the VMA without the mmap lock.  Laurent
 * Dufour's series gives each VMA a seqcount, vm_sequence: the fault handler
 * opens a read section (raw_read_seqcount), reads what it needs -- vm_flags
 * into the vmf->vma_flags snapshot -- and validates it with
 * read_seqcount_retry() before acting on it; a failed validation only
 * aborts to the classic, locked path.  Writers bump the count around every
 * change (vm_write_begin/vm_write_end).  Kirill Shutemov's objection in the
 * thread is the race both rules are about: a plain "vma->vm_flags = f" may
 * be compiled into several stores, with 0 in the middle, and a reader that
 * acts on the transient value sends SIGSEGV for a perfectly readable VMA.
 *
 * 6.4+ kernels solve the same problem with per-VMA locks: vm_flags is const,
 * written through vm_flags_*() only, and the VMA is write-locked with
 * vma_start_write() (or asserted to be, vma_assert_write_locked()) before
 * vm_flags_reset*() or __vm_flags_mod() change it under a page fault that
 * holds only the VMA's read lock.
 *
 * The era is read from struct vm_area_struct as compiled (pw_vma.c); a
 * kernel with neither protocol gets no finding.
 *
 * vmflags-unsynced-read: in a speculative function -- one that opens a
 * seqcount read section on a VMA or mm, or is listed as SPECULATIVE -- a
 * vm_flags read that is not under the mmap lock or the VMA's lock, and is
 * outside every section, after the section was validated, in a section no
 * retry validates, or on a path that returns something other than the
 * section's abort value before any retry.
 *
 * vmflags-unsynced-write: a vm_flags store outside a write section on the
 * same VMA (speculative-fault kernels), or vm_flags_reset*()/__vm_flags_mod()
 * or a direct __vm_flags store without vma_start_write()/
 * vma_assert_write_locked() on the same VMA before it (per-VMA-lock
 * kernels).  A VMA not yet linked into the mm is nobody else's business;
 * a parameter of a static function is the callers' business, decided at the
 * end of the translation unit from every call.
 */
#include "pageward.h"

/* ---- shared ---- */

/* Two expressions for the same VMA: one root, or two loads of one pointer
 * (vmf->vma read twice).  pw_same_page() compares any pointers that way. */
static bool pw_same_vma(tree a, tree b)
{
	return pw_same_page(a, b);
}

/* Is S a call of KIND whose VMA (the argument, or the owner of the count
 * the argument points to) is VMA? */
static bool pw_vma_call(const gimple *s, enum pw_api_kind kind, tree vma)
{
	const struct pw_api *api = pw_api_call(s, kind);
	bool is_mm;
	tree owner;

	if (!api)
		return false;
	owner = pw_section_owner(pw_api_arg(s, api), &is_mm);
	return owner && !is_mm && pw_same_vma(owner, vma);
}

static int pw_line(const gimple *s)
{
	location_t loc = gimple_location(s);

	if (from_macro_expansion_at(loc))
		loc = linemap_resolve_location(line_table, loc, LRK_MACRO_EXPANSION_POINT, NULL);
	return LOCATION_LINE(loc);
}

struct pw_vma_stmt_query {
	enum pw_api_kind kind;
	tree vma;
};

static bool pw_vma_call_pred(const gimple *s, void *data)
{
	struct pw_vma_stmt_query *q = (struct pw_vma_stmt_query *)data;

	return pw_vma_call(s, q->kind, q->vma);
}

/* The vma_start_write()/vma_assert_write_locked() on VMA that dominates S. */
static gimple *pw_vma_write_locked(const gimple *s, tree vma)
{
	struct pw_vma_stmt_query q = { PW_VMA_WRITE_LOCK, vma };

	return pw_find_dominating(s, pw_vma_call_pred, &q);
}

/* Write sections on a VMA's count, as a lock pw_lock_held_at() tracks. */
static bool pw_write_section_opens(const gimple *s, void *vma)
{
	return pw_vma_call(s, PW_VMA_WRITE_BEGIN, (tree)vma);
}

static bool pw_write_section_closes(const gimple *s, void *vma)
{
	return pw_vma_call(s, PW_VMA_WRITE_END, (tree)vma);
}

static const struct pw_lock_class pw_vma_write_section = {
	"the VMA's write section", pw_write_section_opens, pw_write_section_closes,
};

/* The mmap lock, whichever mm: a speculative function that takes it has
 * left the speculative path. */
static bool pw_mmap_locks(const gimple *s, void *)
{
	return pw_api_call(s, PW_MMAP_LOCK);
}

static bool pw_mmap_unlocks(const gimple *s, void *)
{
	return pw_api_call(s, PW_MMAP_UNLOCK);
}

static const struct pw_lock_class pw_mmap_lock = {
	"the mmap lock", pw_mmap_locks, pw_mmap_unlocks,
};

/* Is VMA's write lock (per-VMA-lock kernels) or write section (speculative
 * fault kernels) held at S? */
static gimple *pw_vma_writer_at(const gimple *s, tree vma, enum pw_vma_era era)
{
	gimple *acq = NULL;

	if (era == PW_ERA_VMA_LOCK)
		return pw_vma_write_locked(s, vma);
	if (pw_lock_held_at(s, &pw_vma_write_section, vma, &acq))
		return acq ? acq : const_cast<gimple *>(s);
	return NULL;
}

/* ---- callers of static functions: decided at the end of the unit ---- */

struct pw_callsite {
	tree caller, callee;
	int callee_parm;	/* the VMA parameter of CALLEE */
	int caller_parm;	/* the caller's parameter passed there, or -1 */
	bool caller_known;	/* pw_callers_known(caller) */
	bool locked;		/* VMA write-locked / in a write section at the call */
	location_t loc;
};

struct pw_deferred {
	tree fndecl;
	int parm;
	struct pw_finding f;
};

static vec<pw_callsite> pw_callsites;
static vec<pw_deferred> pw_deferreds;
static hash_set<tree> *pw_checked_fns;

/* The index of the parameter whose incoming value VMA is, or -1. */
static int pw_parm_index(tree vma)
{
	tree root = pw_strip(vma), var;
	int i = 0;

	if (!root || TREE_CODE(root) != SSA_NAME || !SSA_NAME_IS_DEFAULT_DEF(root))
		return -1;
	var = SSA_NAME_VAR(root);
	if (!var || TREE_CODE(var) != PARM_DECL)
		return -1;
	for (tree p = DECL_ARGUMENTS(current_function_decl); p; p = DECL_CHAIN(p), i++)
		if (p == var)
			return i;
	return -1;
}

/* Only the calls in this unit can reach a static function whose address
 * is never taken: they answer for its VMA parameter.  (TREE_ADDRESSABLE
 * will not do: the C front end sets it on every function it calls.)  Asked
 * while the call graph still has the function. */
static bool pw_callers_known(tree fndecl)
{
	cgraph_node *node = cgraph_node::get(fndecl);

	return !TREE_PUBLIC(fndecl) && node && !node->address_taken &&
	       !node->externally_visible;
}

static bool pw_is_deferred(tree fndecl)
{
	for (unsigned int i = 0; i < pw_deferreds.length(); i++)
		if (pw_deferreds[i].fndecl == fndecl)
			return true;
	return false;
}

/* Record each call of a static function that passes a VMA, and whether the
 * VMA is write-locked there.  Only for callees that need it: deferred, or
 * not checked yet (GCC checks callees first, but not always). */
static void pw_record_callsites(function *fun)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			tree callee = is_gimple_call(s) ? gimple_call_fndecl(s) : NULL_TREE;

			if (!callee || TREE_PUBLIC(callee) || !DECL_STRUCT_FUNCTION(callee) ||
			    (pw_checked_fns->contains(callee) && !pw_is_deferred(callee)))
				continue;
			for (unsigned int i = 0; i < gimple_call_num_args(s); i++) {
				tree arg = gimple_call_arg(s, i);
				struct pw_callsite cs;

				if (!POINTER_TYPE_P(TREE_TYPE(arg)) ||
				    !pw_is_record(TREE_TYPE(TREE_TYPE(arg)), "vm_area_struct") ||
				    pw_vma_era(TREE_TYPE(TREE_TYPE(arg))) == PW_ERA_NONE)
					continue;
				cs.caller = current_function_decl;
				cs.callee = callee;
				cs.callee_parm = i;
				cs.caller_parm = pw_parm_index(arg);
				cs.caller_known = pw_callers_known(current_function_decl);
				cs.locked = pw_vma_writer_at(s, arg,
					pw_vma_era(TREE_TYPE(TREE_TYPE(arg)))) != NULL;
				cs.loc = gimple_location(s);
				pw_callsites.safe_push(cs);
			}
		}
}

/* Does every call of FNDECL pass PARM write-locked, directly or from a
 * caller's own parameter that its callers lock? */
static bool pw_parm_locked(tree fndecl, int parm, int depth)
{
	unsigned int calls = 0;

	if (depth > 8)
		return false;
	for (unsigned int i = 0; i < pw_callsites.length(); i++) {
		struct pw_callsite *cs = &pw_callsites[i];

		if (cs->callee != fndecl || cs->callee_parm != parm)
			continue;
		calls++;
		if (!cs->locked && (cs->caller_parm < 0 || !cs->caller_known ||
				    !pw_parm_locked(cs->caller, cs->caller_parm, depth + 1)))
			return false;
	}
	return calls > 0;
}

/* A finding about VMA in the current function: reported now, or, when VMA
 * is a parameter only this unit's calls can pass, kept for the end. */
static void pw_write_finding(struct pw_finding *f, tree vma)
{
	int parm = pw_parm_index(vma);

	if (parm >= 0 && pw_callers_known(current_function_decl)) {
		struct pw_deferred d;

		d.fndecl = current_function_decl;
		d.parm = parm;
		d.f = *f;
		pw_deferreds.safe_push(d);
		return;
	}
	pw_finding_emit(f);
}

/* End of the unit: report what the callers did not make right. */
void pw_vmflags_finish_unit(void)
{
	tree saved = current_function_decl;

	for (unsigned int i = 0; i < pw_deferreds.length(); i++) {
		struct pw_deferred *d = &pw_deferreds[i];

		current_function_decl = d->fndecl;
		if (pw_parm_locked(d->fndecl, d->parm, 0)) {
			free(d->f.message);
			for (unsigned int n = 0; n < d->f.nr_notes; n++)
				free(d->f.note[n]);
			delete d->f.richloc;
			continue;
		}
		pw_finding_emit(&d->f);
	}
	current_function_decl = saved;
	pw_deferreds.release();
	pw_callsites.release();
}

/* ---- vmflags-unsynced-write ---- */

static bool pw_is_stmt(const gimple *s, void *target)
{
	return s == (const gimple *)target;
}

/*
 * Is VMA one this function allocated and has not linked into the mm before
 * S?  Then no other thread can see it at S.
 */
static bool pw_vma_private_at(function *fun, const gimple *s, tree vma)
{
	tree root = pw_strip(vma);
	basic_block bb;

	if (!root || TREE_CODE(root) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(root) ||
	    !pw_api_call(SSA_NAME_DEF_STMT(root), PW_VMA_NEW))
		return false;
	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *p = gsi_stmt(gsi);

			if (pw_vma_call(p, PW_VMA_PUBLISH, vma) &&
			    (p == s || pw_find_after(p, NULL, pw_is_stmt, const_cast<gimple *>(s), NULL)))
				return false;
		}
	return true;
}

/* The section call nearest to S on VMA, to point at: "the section ends here". */
static gimple *pw_section_call_near(function *fun, const gimple *s, tree vma)
{
	basic_block bb;
	gimple *best = NULL;
	int best_dist = INT_MAX;

	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *p = gsi_stmt(gsi);
			int d;

			if (!pw_vma_call(p, PW_VMA_WRITE_BEGIN, vma) &&
			    !pw_vma_call(p, PW_VMA_WRITE_END, vma) &&
			    !pw_vma_call(p, PW_VMA_WRITE_LOCK, vma))
				continue;
			d = abs(pw_line(p) - pw_line(s));
			if (d < best_dist) {
				best = p;
				best_dist = d;
			}
		}
	return best;
}

/* Does this function change VMA's flags through a locking helper on a path
 * that excludes S?  __vm_flags_mod() in the other branch of a test that
 * picks vm_flags_clear() when the mmap lock is write-held is a choice made
 * knowingly (untrack_pfn() in arch/x86/mm/pat/memtype.c). */
static bool pw_locking_variant_elsewhere(function *fun, const gimple *s, tree vma)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *p = gsi_stmt(gsi);

			if (pw_vma_call(p, PW_VMA_FLAGS_LOCKING, vma) &&
			    !pw_find_after(p, NULL, pw_is_stmt, const_cast<gimple *>(s), NULL) &&
			    !pw_find_after(s, NULL, pw_is_stmt, p, NULL))
				return true;
		}
	return false;
}

/* Wrap the store in the series' write section on VMA. */
static void pw_write_fix_spf(struct pw_finding *f, const gimple *s, tree vma)
{
	const char *v = pw_expr_str(vma);
	char *begin = concat("vm_write_begin(", v, ");", NULL);
	char *end = concat("vm_write_end(", v, ");", NULL);

	pw_fix_wrap_statement(f->richloc, gimple_location(s), begin, end);
	free(begin);
	free(end);
}

/* A vm_flags store S on VMA, in a speculative-page-fault kernel. */
static void pw_check_store_spf(function *fun, gimple *s, tree vma)
{
	struct pw_finding f;
	gimple *near;
	char *v;

	if (pw_vma_writer_at(s, vma, PW_ERA_SPF) || pw_vma_private_at(fun, s, vma))
		return;
	v = xstrdup(pw_expr_str(vma));
	pw_finding_start(&f, "vmflags-unsynced-write", gimple_location(s),
			 "write of '%s->vm_flags' outside a write section on '%s': "
			 "a speculative page fault can read it half-written; "
			 "no vm_write_begin(%s) before it", v, v, v);
	near = pw_section_call_near(fun, s, vma);
	if (near)
		pw_finding_note(&f, gimple_location(near),
				"the write section on '%s' the write is not inside", v);
	else if (pw_parm_index(vma) < 0 || !pw_callers_known(current_function_decl))
		/* a section inside one already open (here, or in a caller of
		 * a static helper) would make the count even again: readers
		 * would miss the writer; vma_start_write() nests, this not */
		pw_write_fix_spf(&f, s, vma);
	free(v);
	pw_write_finding(&f, vma);
}

static bool pw_any_write_lock(const gimple *s, void *)
{
	return pw_api_call(s, PW_VMA_WRITE_LOCK) && gimple_call_num_args(s) > 0;
}

/* A vm_flags change S on VMA in a per-VMA-lock kernel: a direct store
 * (STORE) or a call of vm_flags_reset*()/__vm_flags_mod(). */
static void pw_check_change_vma_lock(function *fun, gimple *s, tree vma, bool store)
{
	struct pw_finding f;
	const char *what;
	gimple *other;
	char *v, *lock;

	if (pw_vma_write_locked(s, vma))
		return;
	if (store && pw_vma_private_at(fun, s, vma))
		return;
	if (!store && pw_locking_variant_elsewhere(fun, s, vma))
		return;
	v = xstrdup(pw_expr_str(vma));
	what = store ? "a direct write" : pw_fn_name(gimple_call_fndecl(s));
	pw_finding_start(&f, "vmflags-unsynced-write", gimple_location(s),
			 "%s%s%s changes '%s->vm_flags' with no vma_start_write(%s) "
			 "or vma_assert_write_locked(%s) before it: a page fault "
			 "holding only the VMA's read lock can see the change half done",
			 store ? "" : "'", what, store ? "" : "()'", v, v, v);
	other = pw_find_dominating(s, pw_any_write_lock, NULL);
	if (other)
		pw_finding_note(&f, gimple_location(other),
				"the write lock taken here is on '%s', not '%s'",
				pw_expr_str(gimple_call_arg(other, 0)), v);
	if (store) {
		pw_fix_vmflags_api(f.richloc, gimple_location(s));
	} else {
		lock = concat("vma_start_write(", v, ");", NULL);
		pw_fix_insert_before(f.richloc, gimple_location(s), lock, NULL);
		free(lock);
	}
	free(v);
	pw_write_finding(&f, vma);
}

void pw_check_vmflags_unsynced_write(function *fun)
{
	enum pw_vma_era era = PW_ERA_NONE;
	basic_block bb;

	if (!pw_checked_fns)
		pw_checked_fns = new hash_set<tree>;
	pw_record_callsites(fun);
	pw_checked_fns->add(current_function_decl);
	/* the helpers' own bodies are the primitives */
	if (pw_api_find(current_function_decl, PW_VMA_FLAGS_HELPER))
		return;
	FOR_EACH_BB_FN(bb, fun)
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			const struct pw_api *api;
			tree vma;

			if (gimple_store_p(s) && gimple_assign_single_p(s) &&
			    (vma = pw_vmflags_ref(gimple_assign_lhs(s), &era))) {
				if (era == PW_ERA_SPF)
					pw_check_store_spf(fun, s, vma);
				else if (era == PW_ERA_VMA_LOCK)
					pw_check_change_vma_lock(fun, s, vma, true);
			} else if ((api = pw_api_call(s, PW_VMA_FLAGS_MOD)) &&
				   (vma = pw_api_arg(s, api)) && POINTER_TYPE_P(TREE_TYPE(vma)) &&
				   pw_is_record(TREE_TYPE(TREE_TYPE(vma)), "vm_area_struct") &&
				   pw_vma_era(TREE_TYPE(TREE_TYPE(vma))) == PW_ERA_VMA_LOCK) {
				pw_check_change_vma_lock(fun, s, vma, false);
			}
		}
}

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
	return pw_is_retry_of(s, sec) || pw_api_call(s, PW_MMAP_LOCK);
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
				 "read of '%s->vm_flags' in speculative function '%s' "
				 "outside a seqcount section: nothing tells it from a "
				 "write in progress", v, fn);
		if (later)
			pw_finding_note(&f, gimple_location(later->begin),
					"the section on '%s' opens here", pw_expr_str(later->owner));
	} else if (closed) {
		pw_finding_start(&f, "vmflags-unsynced-read", gimple_location(r),
				 "read of '%s->vm_flags' after the section was validated "
				 "at line %d: this read is not; use the value read inside "
				 "the section", v, pw_line(closed));
		pw_finding_note(&f, gimple_location(closed), "the section is validated here");
		snap = pw_snapshot_text(fun);
		if (snap)
			pw_fix_replace_vmflags_read(f.richloc, gimple_location(r), snap);
		free(snap);
	} else if (acted == UNKNOWN_LOCATION) {
		pw_finding_start(&f, "vmflags-unsynced-read", gimple_location(r),
				 "read of '%s->vm_flags' in a seqcount section that no "
				 "retry validates: nothing tells it from a write in "
				 "progress", v);
		pw_finding_note(&f, gimple_location(best->begin), "the section opens here");
	} else {
		pw_finding_start(&f, "vmflags-unsynced-read", gimple_location(r),
				 "read of '%s->vm_flags' acted on before the section is "
				 "validated: the way out at line %d takes no retry of the "
				 "section opened at line %d, and is not its abort",
				 v, LOCATION_LINE(acted), pw_line(best->begin));
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
