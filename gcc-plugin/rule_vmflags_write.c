// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write (seed 004); vmflags-unsynced-read is in
 * rule_vmflags_read.c, the helpers both use in pw_vma.c.
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

/* ---- callers of static functions: decided at the end of the unit ---- */

struct pw_callsite {
	tree caller, callee;
	int callee_parm;	/* the VMA parameter of CALLEE */
	int caller_parm;	/* the caller's parameter passed there, or -1 */
	bool caller_known;	/* pw_callers_known(caller) */
	bool locked;		/* VMA write-locked / in a write section at the call */
	bool unpublished;	/* VMA not in the mm's tree at the call */
	location_t loc;
};

struct pw_deferred {
	tree fndecl;
	int parm;
	struct pw_finding f;
	/* the message when every call passes an unpublished VMA: a change
	 * that breaks vm_flags_reset()'s contract; NULL: nothing to report */
	char *unpublished_message;
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
				cs.unpublished = pw_vma_unpublished(arg) != NULL;
				cs.loc = gimple_location(s);
				pw_callsites.safe_push(cs);
			}
		}
}

/* Does every call of FNDECL pass PARM write-locked (or, with UNPUBLISHED,
 * locked or not yet in the tree), directly or from a caller's own parameter
 * that its callers pass so? */
static bool pw_parm_locked(tree fndecl, int parm, bool unpublished, int depth)
{
	unsigned int calls = 0;

	if (depth > 8)
		return false;
	for (unsigned int i = 0; i < pw_callsites.length(); i++) {
		struct pw_callsite *cs = &pw_callsites[i];

		if (cs->callee != fndecl || cs->callee_parm != parm)
			continue;
		calls++;
		if (cs->locked || (unpublished && cs->unpublished))
			continue;
		if (cs->caller_parm < 0 || !cs->caller_known ||
		    !pw_parm_locked(cs->caller, cs->caller_parm, unpublished, depth + 1))
			return false;
	}
	return calls > 0;
}

/*
 * The fix for a direct write of vm_flags alone on its line: the 6.3+ API,
 * which write-locks the VMA first.
 *
 *	VMA->vm_flags |= X;      ->  vm_flags_set(VMA, X);
 *	VMA->vm_flags &= ~X;     ->  vm_flags_clear(VMA, X);
 *	VMA->vm_flags = X;       ->  vma_start_write(VMA);
 *	                             vm_flags_reset(VMA, X);
 *
 * VMA->vm_flags may be spelled ACCESS_PRIVATE(VMA, __vm_flags) or with
 * __vm_flags.  Other shapes get no fix.
 */
static bool pw_fix_vmflags_api(rich_location *richloc, location_t loc)
{
	char *stmt, *op, *lhs, *rhs, *vma = NULL, *p, *repl = NULL, *lock = NULL;
	bool ok = false;

	stmt = pw_statement_text(loc);
	if (!stmt)
		return false;
	/* the assignment operator: the first '=' not part of ==, !=, <=, >= */
	for (op = stmt; (op = strchr(op, '=')); op++)
		if (op[1] != '=' && (op == stmt || !strchr("!<>=", op[-1]) ||
				     op[-1] == '|' || op[-1] == '&'))
			break;
	if (!op || op == stmt)
		goto out;
	rhs = pw_trim(op + 1);
	if (op[-1] == '|' || op[-1] == '&')
		op--;
	lhs = xstrndup(stmt, op - stmt);
	p = pw_trim(lhs);
	if (!strncmp(p, "ACCESS_PRIVATE(", 15) && strlen(p) > 15 && p[strlen(p) - 1] == ')') {
		char *comma = strchr(p + 15, ',');

		if (comma && !strcmp(pw_trim(comma + 1), "__vm_flags)")) {
			*comma = '\0';
			vma = xstrdup(pw_trim(p + 15));
		}
	} else {
		size_t pl = strlen(p);

		if (pl > 10 && !strcmp(p + pl - 10, "->vm_flags"))
			vma = xstrndup(p, pl - 10);
		else if (pl > 12 && !strcmp(p + pl - 12, "->__vm_flags"))
			vma = xstrndup(p, pl - 12);
	}
	free(lhs);
	if (!vma || !*vma || !*rhs || strchr(vma, '(') || strchr(rhs, ';'))
		goto out;
	if (*op == '|') {
		repl = concat("vm_flags_set(", vma, ", ", rhs, ");", NULL);
	} else if (*op == '&') {
		if (*rhs != '~')
			goto out;
		repl = concat("vm_flags_clear(", vma, ", ", pw_trim(rhs + 1), ");", NULL);
	} else {
		lock = concat("vma_start_write(", vma, ");", NULL);
		repl = concat("vm_flags_reset(", vma, ", ", rhs, ");", NULL);
	}
	ok = pw_fix_replace_statement(richloc, loc, lock, repl);
out:
	free(vma);
	free(repl);
	free(lock);
	free(stmt);
	return ok;
}

/* A finding about VMA in the current function: reported now, or, when VMA
 * is a parameter only this unit's calls can pass, kept for the end. */
static void pw_write_finding(struct pw_finding *f, tree vma, char *unpublished_message)
{
	int parm = pw_parm_index(vma);

	if (parm >= 0 && pw_callers_known(current_function_decl)) {
		struct pw_deferred d;

		d.fndecl = current_function_decl;
		d.parm = parm;
		d.f = *f;
		d.unpublished_message = unpublished_message;
		pw_deferreds.safe_push(d);
		return;
	}
	free(unpublished_message);
	pw_finding_emit(f);
}

static void pw_finding_drop(struct pw_finding *f)
{
	free(f->message);
	for (unsigned int n = 0; n < f->nr_notes; n++)
		free(f->note[n]);
	delete f->richloc;
}

/*
 * The message for vm_flags_reset*()/__vm_flags_mod() on a VMA not yet in
 * the mm's tree, WHY it is not.  No page fault can find the VMA, so there
 * is no race to claim; but the helper's contract is the write lock, which
 * vm_flags_reset() asserts (vma_assert_write_locked(): VM_BUG_ON_VMA, a
 * BUG() with CONFIG_DEBUG_VM), and vm_area_alloc() leaves the VMA unlocked
 * (vm_lock_seq = UINT_MAX in 6.12's kernel/fork.c).
 */
static char *pw_contract_message(const char *fn, const char *what, const char *v,
				 const char *why)
{
	return xasprintf("%s(): '%s()' changes '%s->vm_flags' without the write lock "
			 "on '%s' that it requires: %s, so no page fault can see the change, "
			 "but vma_assert_write_locked(%s) fails on a VMA not write-locked "
			 "(a BUG() with CONFIG_DEBUG_VM); take vma_start_write(%s) first",
			 fn, what, v, v, why, v, v);
}

/* End of the unit: report what the callers did not make right. */
void pw_vmflags_finish_unit(void)
{
	tree saved = current_function_decl;

	for (unsigned int i = 0; i < pw_deferreds.length(); i++) {
		struct pw_deferred *d = &pw_deferreds[i];

		current_function_decl = d->fndecl;
		if (pw_parm_locked(d->fndecl, d->parm, false, 0)) {
			pw_finding_drop(&d->f);
			free(d->unpublished_message);
			continue;
		}
		/* every call passes a VMA no fault can find yet */
		if (pw_parm_locked(d->fndecl, d->parm, true, 0)) {
			if (!d->unpublished_message) {
				pw_finding_drop(&d->f);
				continue;
			}
			free(d->f.message);
			d->f.message = d->unpublished_message;
			d->unpublished_message = NULL;
		}
		free(d->unpublished_message);
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

			if (!pw_lock_row_of(p, &pw_vma_write_section, vma) &&
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

	/* an ->mmap handler's VMA: no speculative fault can find it yet */
	if (pw_vma_writer_at(s, vma, PW_ERA_SPF) || pw_vma_private_at(fun, s, vma) ||
	    pw_vma_unpublished(vma))
		return;
	v = xstrdup(pw_expr_str(vma));
	pw_finding_start(&f, "vmflags-unsynced-write", gimple_location(s),
			 "%s(): write of '%s->vm_flags' outside a write section on "
			 "'%s': a speculative page fault can read it half-written; "
			 "no vm_write_begin(%s) before it",
			 pw_fn_name(current_function_decl), v, v, v);
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
	pw_write_finding(&f, vma, NULL);
}

static bool pw_any_write_lock(const gimple *s, void *)
{
	return pw_api_call(s, PW_VMA_WRITE_LOCK) && gimple_call_num_args(s) > 0;
}

/* A vm_flags change S on VMA in a per-VMA-lock kernel: a direct store
 * (STORE) or a call of vm_flags_reset*()/__vm_flags_mod(). */
/* Does the change S assert the VMA's write lock?  vm_flags_reset() and
 * vm_flags_reset_once() do (vma_assert_write_locked()); __vm_flags_mod()
 * does not: it is documented for VMAs not yet in the tree. */
static bool pw_asserts_write_lock(const gimple *s)
{
	const char *name = is_gimple_call(s) ? pw_fn_name(gimple_call_fndecl(s)) : "";

	return !strcmp(name, "vm_flags_reset") || !strcmp(name, "vm_flags_reset_once");
}

static void pw_check_change_vma_lock(function *fun, gimple *s, tree vma, bool store)
{
	struct pw_finding f;
	const char *what, *handler = pw_vma_unpublished(vma);
	const char *fn = pw_fn_name(current_function_decl);
	gimple *other;
	char *v, *lock, *why, *unpublished = NULL;

	if (pw_vma_write_locked(s, vma))
		return;
	/* a direct store to a VMA nobody can find yet is its set-up */
	if (store && (handler || pw_vma_private_at(fun, s, vma)))
		return;
	if (handler && !pw_asserts_write_lock(s))
		return;
	if (!store && pw_locking_variant_elsewhere(fun, s, vma))
		return;
	v = xstrdup(pw_expr_str(vma));
	what = store ? "a direct write" : pw_fn_name(gimple_call_fndecl(s));
	if (handler) {
		/* hfi1_file_mmap(): mmap calls it before it links the VMA */
		why = xasprintf("%s() is a %s handler, which mmap calls before it "
				"links '%s' into the VMA tree", fn, handler, v);
		unpublished = pw_contract_message(fn, what, v, why);
		pw_finding_start(&f, "vmflags-unsynced-write", gimple_location(s), "%s",
				 unpublished);
		free(why);
		free(unpublished);
		unpublished = NULL;
	} else {
		pw_finding_start(&f, "vmflags-unsynced-write", gimple_location(s),
				 "%s(): %s%s%s changes '%s->vm_flags' with no "
				 "vma_start_write(%s) or vma_assert_write_locked(%s) before "
				 "it: a page fault holding only the VMA's read lock can see "
				 "the change half done", fn,
				 store ? "" : "'", what, store ? "" : "()'", v, v, v);
		if (!store && pw_parm_index(vma) >= 0 && pw_asserts_write_lock(s)) {
			why = xasprintf("every call of %s() passes a VMA that is "
					"write-locked or not yet in the VMA tree", fn);
			unpublished = pw_contract_message(fn, what, v, why);
			free(why);
		}
	}
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
	pw_write_finding(&f, vma, unpublished);
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

