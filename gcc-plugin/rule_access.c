// SPDX-License-Identifier: GPL-2.0
/*
 * access-before-io and pin-before-access (seeds 000 and 002).
 *
 * On s390 a page of a protected guest is inaccessible to the host and to
 * I/O devices until arch_make_page_accessible() exports it.  Seed 002 gives
 * the protocol every path that starts I/O on such a page must follow:
 *
 *   1. mark the page "pending I/O": hold a reference taken before step 2,
 *      or set writeback;
 *   2. arch_make_page_accessible() / arch_make_folio_accessible();
 *   3. start the I/O, and drop the mark only after it has ended.
 *
 * The s390 code refuses to make a page secure while it is marked, so after
 * step 2 the page stays accessible until the I/O is done.
 *
 * access-before-io: step 3 on a page that may be inaccessible (a source:
 * page-cache lookup, GUP with FOLL_GET, page-table lookup, pipe buffer,
 * iov_iter) with no step 2 on every path before it.  Writeback start does
 * steps 1 and 2 itself.  A page of unknown origin (a parameter) is not a
 * source: the caller answers for it.  Nor is a pipe buffer's page after a
 * successful steal of the buffer: it is the pipe's alone.
 *
 * pin-before-access: step 2 before step 1 -- arch_make_page_accessible()
 * while this function holds no reference or writeback mark on the page, and
 * a reference taken afterwards; or, as in seed 000, the reference for the
 * I/O taken after the page was made accessible.  In between, the page can
 * be made secure again.
 */
#include "pageward.h"

/* The source a page value comes from, or NULL: a call of kind SOURCE that
 * returns it, a load of a SOURCE member (pipe_buffer.page), or a load from
 * the pages array a SOURCE call filled. */
static gimple *pw_source_of(tree page, int depth);

/* The object an array expression is indexed from: "pages" in pages[i],
 * *(pages + i), &pages[0], or a local "struct page **pages" variable; and
 * "page" in &page, a single page a source fills through a pointer. */
static tree pw_array_base(tree t)
{
	for (int i = 0; t && i < 16; i++) {
		gimple *def;

		switch (TREE_CODE(t)) {
		case ADDR_EXPR:
		case ARRAY_REF:
		case COMPONENT_REF:
			t = TREE_OPERAND(t, 0);
			continue;
		case MEM_REF:
			t = TREE_OPERAND(t, 0);
			continue;
		case SSA_NAME:
			if (SSA_NAME_IS_DEFAULT_DEF(t))
				return SSA_NAME_VAR(t) ? SSA_NAME_VAR(t) : t;
			def = SSA_NAME_DEF_STMT(t);
			if (!is_gimple_assign(def))
				return t;
			if (gimple_assign_rhs_code(def) == POINTER_PLUS_EXPR ||
			    gimple_assign_single_p(def) ||
			    CONVERT_EXPR_CODE_P(gimple_assign_rhs_code(def))) {
				t = gimple_assign_rhs1(def);
				continue;
			}
			return t;
		default:
			return t;
		}
	}
	return t;
}

struct pw_array_query {
	tree base;
};

static bool pw_fills_array(const gimple *s, void *data)
{
	const struct pw_api *api = pw_api_call(s, PW_SOURCE);
	tree arg;

	if (!api || api->arg < 0 || !(arg = pw_api_arg(s, api)))
		return false;
	return pw_array_base(arg) == ((struct pw_array_query *)data)->base;
}

static gimple *pw_source_of(tree page, int depth)
{
	tree root = pw_page_root(page);
	gimple *def;

	if (!root || TREE_CODE(root) != SSA_NAME || SSA_NAME_IS_DEFAULT_DEF(root) ||
	    depth > 4)
		return NULL;
	def = SSA_NAME_DEF_STMT(root);
	if (is_gimple_call(def)) {
		const struct pw_api *api = pw_api_call(def, PW_SOURCE);

		return api && api->arg < 0 ? def : NULL;
	}
	if (gphi *phi = dyn_cast<gphi *>(def)) {
		for (unsigned int i = 0; i < gimple_phi_num_args(phi); i++) {
			gimple *src = pw_source_of(gimple_phi_arg_def(phi, i), depth + 1);

			if (src)
				return src;
		}
		return NULL;
	}
	if (gimple_assign_single_p(def) && gimple_assign_load_p(def)) {
		tree ref = gimple_assign_rhs1(def);
		struct pw_array_query q;

		if (pw_api_field(ref, PW_SOURCE))
			return def;
		/* pages[i], or a single "struct page *page" a source filled
		 * through &page (get_user_pages_fast(addr, 1, flags, &page)):
		 * a local store in between is followed by pw_page_root() */
		if (TREE_CODE(ref) != MEM_REF && TREE_CODE(ref) != ARRAY_REF &&
		    !(VAR_P(ref) && !is_global_var(ref)))
			return NULL;
		q.base = pw_array_base(ref);
		return q.base ? pw_find_dominating(def, pw_fills_array, &q) : NULL;
	}
	return NULL;
}

static bool pw_is_kind_on(const gimple *s, enum pw_api_kind kind, tree page)
{
	const struct pw_api *api = pw_api_call(s, kind);

	return api && pw_same_page(pw_api_arg(s, api), page);
}

/* Step 2 of seed 002: arch_make_*_accessible(), writeback start, or a CPU
 * access to the page's contents, which the s390 fault handler answers by
 * making the page accessible. */
static bool pw_makes_accessible(const gimple *s, void *page)
{
	return pw_is_kind_on(s, PW_ACCESSIBLE, (tree)page) ||
	       pw_is_kind_on(s, PW_WRITEBACK_START, (tree)page) ||
	       pw_is_kind_on(s, PW_CPU_ACCESS, (tree)page);
}

/* Takes a reference or writeback on PAGE: an acquire of the IO_MARK class
 * with the page as its argument (not a lookup that returns one). */
static bool pw_takes_ref(const gimple *s, void *page)
{
	const struct pw_lock_row *row = pw_lock_call(s, PW_LOCK_IO_MARK);

	return row && row->when != PW_RELEASE && row->arg >= 0 &&
	       pw_same_page(pw_lock_instance(s, row), (tree)page);
}

static bool pw_starts_io(const gimple *s, void *page)
{
	return pw_is_kind_on(s, PW_SINK, (tree)page);
}

/* The page's "pending I/O" mark as a lock: the IO_MARK rows of pw_api.def,
 * taken by a reference or writeback on the page, or by the lookup that
 * returned the page referenced (ARG -1: the instance is the result). */
static bool pw_mark_instance(const gimple *, const struct pw_lock_row *row, tree inst,
			     void *page)
{
	if (row->arg < 0)
		return inst && pw_page_root(inst) == pw_page_root((tree)page);
	return pw_same_page(inst, (tree)page);
}

static const struct pw_lock_class pw_io_mark = {
	"reference or writeback", PW_LOCK_BIT(IO_MARK), pw_mark_instance,
};

/* The pipe buffer a page was loaded from (BUF in buf->page), or NULL. */
static tree pw_page_buffer(tree page)
{
	tree root = pw_page_root(page);
	tree ref = root ? pw_loaded_from(root) : NULL_TREE;

	if (!ref || TREE_CODE(ref) != COMPONENT_REF || !pw_api_field(ref, PW_SOURCE))
		return NULL_TREE;
	ref = TREE_OPERAND(ref, 0);
	if (TREE_CODE(ref) != MEM_REF || !integer_zerop(TREE_OPERAND(ref, 1)))
		return NULL_TREE;
	return pw_strip(TREE_OPERAND(ref, 0));
}

/* A successful steal of the buffer the page was loaded from (the UNSHARED
 * rows of pw_api.def): DATA is the buffer. */
static bool pw_steal_instance(const gimple *, const struct pw_lock_row *, tree inst,
			      void *buf)
{
	return inst && pw_strip(inst) == (tree)buf;
}

static const struct pw_lock_class pw_unshared = {
	"a successful steal", PW_LOCK_BIT(UNSHARED), pw_steal_instance,
};

struct pw_reach_query {
	tree page;
	const gimple *target;
};

static bool pw_is_target(const gimple *s, void *data)
{
	return s == ((struct pw_reach_query *)data)->target;
}

/* Any sanitizer on PAGE from which SINK can be reached: the one that
 * exists, but not on every path. */
static gimple *pw_partial_sanitizer(gimple *sink, tree page)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, cfun) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			struct pw_reach_query q = { page, sink };

			if (pw_makes_accessible(s, page) &&
			    pw_find_after(s, NULL, pw_is_target, &q, NULL))
				return s;
		}
	}
	return NULL;
}

static const char *pw_source_what(gimple *src)
{
	static char buf[128];

	tree ref, field, record;

	if (is_gimple_call(src)) {
		snprintf(buf, sizeof(buf), "%s()", pw_fn_name(gimple_call_fndecl(src)));
		return buf;
	}
	/* a SOURCE member: "pipe_buffer.page" */
	ref = gimple_assign_rhs1(src);
	field = TREE_OPERAND(ref, 1);
	record = TYPE_NAME(DECL_CONTEXT(field));
	if (record && TREE_CODE(record) == TYPE_DECL)
		record = DECL_NAME(record);
	snprintf(buf, sizeof(buf), "%s.%s",
		 record ? IDENTIFIER_POINTER(record) : "?", IDENTIFIER_POINTER(DECL_NAME(field)));
	return buf;
}

/* The fix: make the page accessible before the sink, returning or jumping
 * to the function's error label when that fails.  A page is made accessible
 * through its folio where the unit has no arch_make_page_accessible()
 * (6.12: only arch_make_folio_accessible(), which s390 exports the whole
 * folio with). */
static void pw_access_fix(struct pw_finding *f, gimple *sink, tree page, unsigned int argno)
{
	char *text = pw_call_arg_text(sink, argno);
	tree root = pw_page_root(page);
	bool folio = pw_is_folio_type(TREE_TYPE(root));
	bool via_folio = !folio && !pw_unit_declares("arch_make_page_accessible");
	const char *fn = folio || via_folio ? "arch_make_folio_accessible" :
			 "arch_make_page_accessible";
	char *lines[2] = { NULL, NULL };
	const char *label, *var;

	/* Spell the page as the sink does, or by its variable's name. */
	if (!text || !pw_is_page_type(TREE_TYPE(page)) ||
	    pw_is_folio_type(TREE_TYPE(page)) != folio) {
		free(text);
		text = NULL;
		if (TREE_CODE(root) == SSA_NAME && SSA_NAME_VAR(root) &&
		    DECL_NAME(SSA_NAME_VAR(root)) && !DECL_ARTIFICIAL(SSA_NAME_VAR(root)))
			text = xstrdup(IDENTIFIER_POINTER(DECL_NAME(SSA_NAME_VAR(root))));
	}
	if (!text)
		return;
	if (via_folio) {
		char *t = concat("page_folio(", text, ")", NULL);

		free(text);
		text = t;
	}
	if (pw_error_label(current_function_decl, &label, &var)) {
		/* One statement, so that both engines can offer it. */
		lines[0] = xasprintf("if (%s(%s)) {\n\t%s = -EIO;\n\tgoto %s;\n}",
				     fn, text, var, label);
	} else {
		const char *ret = pw_error_return(current_function_decl, "-EIO");

		if (ret)
			lines[0] = xasprintf("if (%s(%s))\n\t%s", fn, text, ret);
	}
	if (lines[0])
		pw_fix_insert_before(f->richloc, gimple_location(sink), lines[0], lines[1]);
	free(lines[0]);
	free(lines[1]);
	free(text);
}

static void pw_access_one(gimple *sink)
{
	const struct pw_api *api = pw_api_call(sink, PW_SINK);
	tree page = pw_api_arg(sink, api);
	gimple *src, *ref, *partial;
	struct pw_finding f;
	char *args, page_text[64];

	if (!page || !(src = pw_source_of(page, 0)))
		return;
	if (pw_find_dominating(sink, pw_makes_accessible, page))
		return;
	/* A pipe buffer's page after pipe_buf_try_steal() succeeded is the
	 * pipe's alone: no guest can have it mapped (virtio_console's
	 * pipe_to_sg()). */
	if (!is_gimple_call(src)) {
		tree buf = pw_page_buffer(page);

		if (buf && pw_lock_held_at(sink, &pw_unshared, buf, NULL))
			return;
	}

	args = pw_call_arg_text(sink, api->arg);
	snprintf(page_text, sizeof(page_text), "%s",
		 args ? args : pw_expr_str(pw_page_root(page)));
	free(args);
	args = pw_call_text(sink);
	partial = pw_partial_sanitizer(sink, page);
	pw_finding_start(&f, "access-before-io", gimple_location(sink),
		"%s(): %s starts I/O on '%s', which may be inaccessible (it comes "
		"from %s), with no arch_make_page_accessible() %s before it",
		pw_fn_name(current_function_decl), args, page_text, pw_source_what(src),
		partial ? "on every path" : "on any path");
	pw_finding_note(&f, gimple_location(src),
			"'%s' comes from %s here, and may belong to a protected guest",
			page_text, pw_source_what(src));
	ref = pw_find_dominating(sink, pw_takes_ref, page);
	if (ref && ref != src)
		pw_finding_note(&f, gimple_location(ref),
				"the reference for the I/O is taken here; make the page "
				"accessible after it");
	if (partial)
		pw_finding_note(&f, gimple_location(partial),
				"the page is made accessible here, but not on every path "
				"to the I/O");
	pw_access_fix(&f, sink, page, api->arg);
	pw_finding_emit(&f);
	free(args);
}

static void pw_pin_one(gimple *acc)
{
	const struct pw_api *api = pw_api_call(acc, PW_ACCESSIBLE);
	tree page = pw_api_arg(acc, api);
	gimple *ref, *sink;
	struct pw_finding f;
	bool held;
	char *args, page_text[64], line[32];

	if (!page)
		return;
	ref = pw_find_after(acc, NULL, pw_takes_ref, page, pw_makes_accessible);
	if (!ref)
		return;
	held = pw_lock_held_at(acc, &pw_io_mark, page, NULL);
	sink = pw_find_after(ref, NULL, pw_starts_io, page, pw_makes_accessible);
	if (held && !sink)
		return;

	snprintf(page_text, sizeof(page_text), "%s", pw_expr_str(pw_page_root(page)));
	snprintf(line, sizeof(line), "%d", expand_location(gimple_location(ref)).line);
	args = pw_call_text(acc);
	pw_finding_start(&f, "pin-before-access", gimple_location(acc),
		held ? "%s(): %s runs before the reference taken for the I/O at "
		       "line %s: take the reference first, or '%s' can be made "
		       "inaccessible again before the I/O starts" :
		       "%s(): %s runs while this function holds no reference or "
		       "writeback mark on the page, which it takes only at line %s: "
		       "take the reference first, or '%s' can be made inaccessible "
		       "again before it is marked",
		pw_fn_name(current_function_decl), args, line, page_text);
	pw_finding_note(&f, gimple_location(ref), "the reference is taken here, after");
	if (sink)
		pw_finding_note(&f, gimple_location(sink),
				"the I/O it is taken for starts here");
	pw_fix_move_before(f.richloc, gimple_location(ref), gimple_location(acc));
	pw_finding_emit(&f);
	free(args);
}

void pw_check_access_before_io(function *fun)
{
	pw_for_each_call(fun, PW_SINK, pw_access_one);
}

void pw_check_pin_before_access(function *fun)
{
	pw_for_each_call(fun, PW_ACCESSIBLE, pw_pin_one);
}
