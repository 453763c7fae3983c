// SPDX-License-Identifier: GPL-2.0
/*
 * lock-context (seed 003, issue 10): the sparse lock annotations checked per
 * lock.
 *
 * Sparse keeps one anonymous counter per function, so "took the page lock,
 * released the mmap lock" balances, and a conditional acquire is understood
 * only when its branch folds to a constant.  Here each lock is named by the
 * expression of its annotation (__acquires(mm) on mmap_read_lock() called as
 * mmap_read_lock(vma->vm_mm) takes "vma->vm_mm"), and a conditional acquire
 * (__cond_lock(), __cond_acquires(), __cond_acquires_err()) holds its lock on
 * the edges of every branch that decides its value, so "if (locked)
 * unlock()" is correlated with the trylock it tests.
 *
 * Where the annotations come from: GCC refuses attributes after the
 * declarator of a definition, which is where the kernel writes __acquires(),
 * so they are read from the declaration's source text; __acquire() and
 * __release() inside bodies become calls of __pageward_ctx(+1/-1, "x") under
 * -D__PAGEWARD_CONTEXT__ (sparse-annotations/pageward-context.h).  A unit
 * that never declares __pageward_ctx is a tree without the annotations, or
 * built without the -D, and is not looked at: only annotated primitives
 * create contexts.  Unannotated functions of the unit get a summary of what
 * they do to the locks their parameters name (spin_unlock() releases its
 * argument because _raw_spin_unlock() says __releases(lock)).
 *
 * Reported, only where the state of the lock is known on the path:
 *   - a release of a lock its function released already, or whose
 *     conditional acquire failed on this path (an unfreeze after a failed
 *     page_ref_freeze());
 *   - a call of a __must_hold() function with the lock known not held;
 *   - a return against the function's own annotation;
 *   - in a function without one, the same value returned with a lock it took
 *     held on one path and not on another (or an errno with the lock held
 *     while 0 is returned without it): the unlock missing on an error path;
 *   - a lock released that the function did not take while it returns
 *     holding the one it took.
 * A lock whose state depends on a value not tested, or a call whose effect
 * cannot be named, makes the state unknown, and nothing is said about it.
 */
#include "pageward.h"

#define CTX_MAX_LOCKS	32
#define CTX_MAX_PARAMS	12
#define CTX_ROUNDS	4

/* The lock of a derived summary that the function returns: named at a call
 * by what the call's value is stored in. */
#define CTX_RETURNED	"return"

/* What an annotation says a function does to the lock X it names. */
enum ctx_op {
	CTX_ACQ,	/* __acquires(x): returns holding x */
	CTX_REL,	/* __releases(x): entered holding x, returns without */
	CTX_REL_NONNULL,	/* derived: releases x unless x is NULL (unlock_cluster()) */
	CTX_MUST,	/* __must_hold(x): entered and returns holding x */
	CTX_COND_TRUE,	/* __cond_acquires(x): holds x iff it returns non-zero */
	CTX_COND_ZERO,	/* __cond_acquires_err(x): holds x iff it returns 0 */
	CTX_HAVOC,	/* does something to x that we cannot name */
};

struct ctx_ann {
	enum ctx_op op;
	char *text;		/* in the function's own parameter names */
	char *key;		/* ctx_key(text): the lock it names */
	bool handed;		/* a _handed macro: for callers, the body cannot show it */
};

struct ctx_decl {
	vec<struct ctx_ann> anns;
	char *params[CTX_MAX_PARAMS];
	int nr_params;
	bool derived;		/* a summary of the body, not written */
	bool prototype;		/* written on a prototype, not on the definition */
};

/* The state of one lock at a point, relative to the function's entry. */
enum ctx_state {
	ST_NONE,	/* not reached yet (the dataflow's bottom) */
	ST_ENTRY,	/* as on entry: the caller's business */
	ST_HELD,	/* taken here (or held on entry by annotation) */
	ST_FREED,	/* released after being held here, or its acquire failed */
	ST_DROPPED,	/* released without being taken here */
	ST_MAYBE,	/* differs between paths, or depends on an untested value */
	ST_COND,	/* held iff the value of its acquire is not 0, not tested yet */
};

enum ctx_kind {
	EV_ACQ, EV_REL, EV_MUST, EV_COND, EV_HAVOC,
	EV_SUPERSEDED,	/* a callee's own condition, its call-site macro's instead */
};

struct ctx_event {
	gimple *stmt;
	enum ctx_kind kind;
	int lock;		/* index in ctx_fn.keys, -1 for EV_HAVOC */
	tree value;		/* EV_COND: the value deciding it */
	bool on_zero;		/* EV_COND: held when VALUE is 0 */
	const char *callee;
	bool if_nonnull;	/* EV_REL: nothing happens when the lock is NULL */
	bool any_name;		/* EV_HAVOC: under whatever name the lock was taken */
};

struct ctx_fn {
	vec<char *> keys;
	vec<tree> key_type;	/* the type of the lock expression, when known */
	vec<int> first_acq_line;
	vec<struct ctx_event> events;
	unsigned char *out;	/* per block, per lock */
	unsigned int nr_bbs;
};

static hash_map<tree, struct ctx_decl *> *ctx_decls;

/* ---- reading the annotations ---------------------------------------- */

static bool ctx_ident_char(char c)
{
	return ISALNUM(c) || c == '_';
}

/* The text of the declaration at LOC from its name to the '{' or ';' that
 * ends it. */
static char *ctx_decl_text(location_t loc)
{
	expanded_location xs = expand_location(loc);
	char *text = NULL;
	size_t len = 0;

	if (!xs.file || xs.column < 1 || from_macro_expansion_at(loc))
		return NULL;
	for (int line = xs.line; line < xs.line + 30; line++) {
		char_span s = pw_source_line(xs.file, line);
		size_t from = line == xs.line ? xs.column - 1 : 0;

		if (!s || s.length() < from)
			break;
		text = XRESIZEVEC(char, text, len + s.length() - from + 2);
		memcpy(text + len, s.get_buffer() + from, s.length() - from);
		len += s.length() - from;
		text[len++] = ' ';
		text[len] = '\0';
		for (const char *p = text; *p; p++)
			if (*p == '{' || *p == ';')
				return text;
	}
	free(text);
	return NULL;
}

/* The balanced text after the '(' at P, up to its ')'; END past it. */
static char *ctx_paren_arg(const char *p, const char **end)
{
	int depth = 1;
	const char *s = p;

	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0) {
			*end = p + 1;
			return xstrndup(s, p - s);
		}
	}
	return NULL;
}

static const struct {
	const char *macro;
	enum ctx_op op;
} ctx_macros[] = {
	{ "__acquires", CTX_ACQ }, { "__acquires_shared", CTX_ACQ },
	{ "__releases", CTX_REL }, { "__releases_shared", CTX_REL },
	{ "__must_hold", CTX_MUST }, { "__must_hold_shared", CTX_MUST },
	{ "__cond_acquires", CTX_COND_TRUE }, { "__cond_acquires_shared", CTX_COND_TRUE },
	{ "__cond_acquires_err", CTX_COND_ZERO },
	/* pageward-context.h: locks sparse does not count (the folio lock) */
	{ "__acquires_handed", CTX_ACQ }, { "__releases_handed", CTX_REL },
	{ "__cond_acquires_handed", CTX_COND_TRUE },
	{ "__cond_acquires_err_handed", CTX_COND_ZERO },
};

/* Parameter names, from "struct mm_struct *mm, unsigned long addr". */
static void ctx_parse_params(struct ctx_decl *d, const char *p, const char *end)
{
	const char *start = p;
	int depth = 0;

	for (; p <= end; p++) {
		if (p < end && (*p == '(' || *p == '['))
			depth++;
		else if (p < end && (*p == ')' || *p == ']'))
			depth--;
		if (p < end && !(*p == ',' && depth == 0))
			continue;
		/* the piece [start, p): its name is the identifier after "(*",
		 * or its last identifier */
		const char *name = NULL, *q = start;
		size_t nlen = 0;

		for (; q < p; q++) {
			if (q[0] == '(' && q[1] == '*') {
				for (q += 2; q < p && *q == ' '; q++)
					;
				name = q;
				for (nlen = 0; q + nlen < p && ctx_ident_char(q[nlen]); nlen++)
					;
				break;
			}
			if (ctx_ident_char(*q) && (q == start || !ctx_ident_char(q[-1]))) {
				name = q;
				for (nlen = 0; q + nlen < p && ctx_ident_char(q[nlen]); nlen++)
					;
			}
		}
		if (d->nr_params < CTX_MAX_PARAMS)
			d->params[d->nr_params++] = name && nlen &&
				!(nlen == 4 && !strncmp(name, "void", 4)) ?
				xstrndup(name, nlen) : NULL;
		start = p + 1;
	}
}

static char *ctx_key(const char *text);

/* Add annotation OP on TEXT (which it takes) to ANNS. */
static void ctx_ann_push(vec<struct ctx_ann> *anns, enum ctx_op op, char *text)
{
	struct ctx_ann a = { op, text, ctx_key(text) };

	anns->safe_push(a);
}

static void ctx_anns_free(vec<struct ctx_ann> *anns)
{
	for (unsigned int i = 0; i < anns->length(); i++) {
		free((*anns)[i].text);
		free((*anns)[i].key);
	}
	anns->release();
}

/* The annotations written on FNDECL's declaration. */
static struct ctx_decl *ctx_read_decl_at(tree fndecl, location_t loc)
{
	struct ctx_decl *d = XCNEW(struct ctx_decl);
	char *text = ctx_decl_text(loc);
	const char *name = IDENTIFIER_POINTER(DECL_NAME(fndecl)), *p, *end;

	d->anns = vNULL;
	if (!text)
		return d;
	p = text;
	if (*p == '(')
		p++;
	if (strncmp(p, name, strlen(name)))
		goto out;
	p += strlen(name);
	while (*p == ' ' || *p == ')')
		p++;
	if (*p != '(')
		goto out;
	{
		char *params = ctx_paren_arg(p + 1, &end);

		if (!params)
			goto out;
		ctx_parse_params(d, params, params + strlen(params));
		free(params);
	}
	for (p = end; *p && *p != '{' && *p != ';'; p++) {
		if (*p != '_' || (p > end && ctx_ident_char(p[-1])))
			continue;
		for (unsigned int i = 0; i < ARRAY_SIZE(ctx_macros); i++) {
			size_t n = strlen(ctx_macros[i].macro);
			const char *q = p + n;

			if (strncmp(p, ctx_macros[i].macro, n) || ctx_ident_char(*q))
				continue;
			while (*q == ' ')
				q++;
			if (*q != '(')
				continue;
			char *arg = ctx_paren_arg(q + 1, &q);

			if (!arg)
				continue;
			ctx_ann_push(&d->anns, ctx_macros[i].op, arg);
			d->anns.last().handed = strstr(ctx_macros[i].macro, "_handed") != NULL;
		}
	}
	/* __releases(x) and __acquires(x) together: the lock is dropped and
	 * taken again inside, held on entry and on return, which is what
	 * __must_hold(x) says to a caller and of the exits (6.12
	 * khugepaged_scan_mm_slot() on khugepaged_mm_lock) */
	for (unsigned int i = 0; i < d->anns.length(); i++) {
		if (d->anns[i].op != CTX_REL)
			continue;
		for (unsigned int j = 0; j < d->anns.length(); j++) {
			if (d->anns[j].op != CTX_ACQ || strcmp(d->anns[i].key, d->anns[j].key))
				continue;
			d->anns[i].op = CTX_MUST;
			free(d->anns[j].text);
			free(d->anns[j].key);
			d->anns.ordered_remove(j);
			if (j < i)
				i--;
			break;
		}
	}
out:
	free(text);
	return d;
}

static void ctx_decl_free(struct ctx_decl *d)
{
	ctx_anns_free(&d->anns);
	for (int i = 0; i < d->nr_params; i++)
		free(d->params[i]);
	free(d);
}

/*
 * What FNDECL's declaration says: the definition's text, or when that says
 * nothing, its first prototype's (a header's, which the definition's
 * location replaces in the tree).  Callers go by either; the body is
 * checked only against what its definition says, as sparse does with the
 * kernel's own annotations (folio_unlock() is __releases_handed() in
 * pagemap.h, and its body clears a bit the plugin cannot see).
 */
static struct ctx_decl *ctx_read_decl(tree fndecl)
{
	struct ctx_decl *d = ctx_read_decl_at(fndecl, DECL_SOURCE_LOCATION(fndecl)), *p;
	location_t first = pw_first_decl_location(fndecl);

	if (!d->anns.is_empty() || first == DECL_SOURCE_LOCATION(fndecl))
		return d;
	p = ctx_read_decl_at(fndecl, first);
	if (p->anns.is_empty()) {
		ctx_decl_free(p);
		return d;
	}
	ctx_decl_free(d);
	p->prototype = true;
	return p;
}

static struct ctx_decl *ctx_decl_of(tree fndecl)
{
	struct ctx_decl **slot = ctx_decls->get(fndecl);

	if (slot)
		return *slot;
	struct ctx_decl *d = ctx_read_decl(fndecl);

	ctx_decls->put(fndecl, d);
	return d;
}

/* ---- lock names ------------------------------------------------------ */

/* Remove the spaces and the spellings of the same lock: "(&args)->lock" is
 * "args.lock", "*&ptl" and "(ptl)" are "ptl". */
static char *ctx_normalize(const char *in)
{
	char *s = XNEWVEC(char, strlen(in) + 1), *o = s;
	bool changed = true;

	for (; *in; in++)
		if (*in != ' ' && *in != '\t')
			*o++ = *in;
	*o = '\0';
	while (changed) {
		size_t n = strlen(s);

		changed = false;
		for (size_t i = 0; s[i]; i++) {
			/* "(X)" around a plain name or "&name"/"*name" */
			if (s[i] == '(' && (i == 0 || !ctx_ident_char(s[i - 1]))) {
				size_t j = i + 1;

				if (s[j] == '&' || s[j] == '*')
					j++;
				while (ctx_ident_char(s[j]) || s[j] == '.' ||
				       (s[j] == '-' && s[j + 1] == '>' && ++j))
					j++;
				if (s[j] == ')' && j > i + 1 && (s[i + 1] != '&' || s[j + 1] != '-')) {
					/* "(&X->f)" and "(*p)" with nothing after
					 * them (an argument put in for a parameter:
					 * folio_ref_freeze() passes &folio->page)
					 * lose their parentheses too */
					bool last = !s[j + 1] || s[j + 1] == ',' || s[j + 1] == ')';

					if ((s[i + 1] != '&' && s[i + 1] != '*') || last) {
						memmove(s + j, s + j + 1, n - j);
						memmove(s + i, s + i + 1, n - i);
						changed = true;
						break;
					}
				}
				/* "(&X)->f" is "X.f" */
				if (s[j] == ')' && s[i + 1] == '&' && s[j + 1] == '-' && s[j + 2] == '>') {
					memmove(s + j + 1, s + j + 3, n - j - 2);
					s[j] = '.';
					memmove(s + i, s + i + 2, n - i - 1);
					changed = true;
					break;
				}
			}
			if ((s[i] == '*' && s[i + 1] == '&') || (s[i] == '&' && s[i + 1] == '*')) {
				memmove(s + i, s + i + 2, n - i - 1);
				changed = true;
				break;
			}
			/* "*(&X)" left by a "(&X)" that is not followed by -> */
			if (s[i] == '*' && s[i + 1] == '(' && s[i + 2] == '&') {
				size_t j = i + 3;

				while (ctx_ident_char(s[j]) || s[j] == '.')
					j++;
				if (s[j] == ')') {
					memmove(s + j, s + j + 1, n - j);
					memmove(s + i, s + i + 3, n - i - 2);
					changed = true;
					break;
				}
			}
		}
	}
	return s;
}

/* The lock's key: an address names what it points into, so that
 * "&ptl->rlock" and "ptl", "&mm->mmap_lock" and "mm" are one lock. */
/* Is S, which starts with '(', one parenthesised expression? */
static bool ctx_wrapped(const char *s)
{
	int depth = 0;

	for (size_t i = 0; s[i]; i++) {
		depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
		if (!depth)
			return !s[i + 1];
	}
	return false;
}

/* The length of the pointer cast S starts with, "(unsignedlong*)" without
 * its spaces, followed by what it casts; 0 when it does not. */
static size_t ctx_cast_len(const char *s)
{
	size_t n = 1;

	if (s[0] != '(')
		return 0;
	while (ctx_ident_char(s[n]) || s[n] == '*')
		n++;
	return s[n] == ')' && s[n - 1] == '*' && n > 2 && s[n + 1] ? n + 1 : 0;
}

static char *ctx_key(const char *text)
{
	char *s = ctx_normalize(text);
	static const char *const same_memory[] = { "page_folio(", "folio_page(" };

	/* a page and its folio are one lock: lock_page(page) is undone by
	 * folio_unlock(page_folio(page)), folio_lock(folio) by
	 * unlock_page(folio_page(folio, 0)) */
	/* "(page_folio(page))", an argument put in for a parameter, and
	 * "(unsigned long *)b", a pointer cast: the lock is what it points to
	 * (hlist_bl_lock(b) is bit_spin_lock(0, (unsigned long *)b)) */
	for (;;) {
		size_t cast = ctx_cast_len(s);

		if (s[0] == '(' && ctx_wrapped(s)) {
			memmove(s, s + 1, strlen(s));
			s[strlen(s) - 1] = '\0';
		} else if (cast) {
			memmove(s, s + cast, strlen(s + cast) + 1);
		} else {
			break;
		}
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(same_memory); i++) {
		size_t n = strlen(same_memory[i]), len = strlen(s);
		char *arg_end;

		if (strncmp(s, same_memory[i], n) || s[len - 1] != ')')
			continue;
		s[len - 1] = '\0';
		/* folio_page(folio, 0): the folio */
		if ((arg_end = strchr(s + n, ',')))
			*arg_end = '\0';
		memmove(s, s + n, strlen(s + n) + 1);
		{
			char *inner = ctx_key(s);

			free(s);
			return inner;
		}
	}

	if (s[0] == '&' && !strchr(s, '(')) {
		char *cut = NULL;

		for (char *p = s; *p; p++)
			if (*p == '.' || (*p == '-' && p[1] == '>'))
				cut = p;
		/* but a page's count is not its lock: the freeze is named
		 * "&page->_refcount", so that a folio locked and frozen in one
		 * function is two locks (khugepaged's collapse_file()) */
		if (cut && strcmp(cut + (*cut == '.' ? 1 : 2), "_refcount"))
			*cut = '\0';
		memmove(s, s + 1, strlen(s));
	}
	return s;
}

/* The parameter KEY starts with, or -1: the locks a caller can name. */
static int ctx_param_of(const struct ctx_decl *d, const char *key)
{
	size_t n = 0;

	while (ctx_ident_char(key[n]))
		n++;
	for (int i = 0; i < d->nr_params; i++)
		if (d->params[i] && strlen(d->params[i]) == n && !strncmp(key, d->params[i], n))
			return i;
	return -1;
}

/* Argument ARGNO as written; for a call a macro made (raw_spin_unlock() is
 * _raw_spin_unlock()), as the IL spells it with the source's names.  NULL
 * when neither names it. */
/* Is IL, printed from the IL, an expression a lock can be named by? */
static bool ctx_clean_text(const char *il)
{
	return !strstr(il, "<") && !strstr(il, "...") && !strchr(il, ' ') && !strchr(il, '(');
}

static char *ctx_arg_text(const gimple *call, int argno)
{
	char *text;
	const char *il;
	tree arg;

	if ((unsigned int)argno >= gimple_call_num_args(call))
		return NULL;
	text = pw_call_arg_text(call, argno);
	arg = gimple_call_arg(call, argno);
	il = pw_expr_str(arg);
	/* an address as compiled, when both are one: a member macro spelled
	 * out, so that spin_unlock(&dentry->d_lock) and the
	 * spin_lock_nested() macro's &dentry->d_lockref.lock name one lock */
	if (text && text[0] == '&' && il[0] == '&' && ctx_clean_text(il)) {
		free(text);
		return xstrdup(il);
	}
	if (text)
		return text;
	/* write_seqcount_end(s), a macro, passes seqprop_ptr(s) on: named
	 * by s */
	if (TREE_CODE(arg) == SSA_NAME && !SSA_NAME_IS_DEFAULT_DEF(arg)) {
		gimple *def = SSA_NAME_DEF_STMT(arg);
		const struct pw_api *api = NULL;

		if (is_gimple_call(def))
			api = pw_api_call(def, PW_SEQCOUNT_PTR);
		if (api)
			return ctx_arg_text(def, api->arg);
	}
	return ctx_clean_text(il) ? xstrdup(il) : NULL;
}

/* TEXT (in the callee's parameter names) with each parameter replaced by the
 * caller's argument as written.  NULL when an argument cannot be read. */
/* The key of the lock a call returns (CTX_RETURNED): the variable or field
 * its value goes to ("ci = lock_cluster(si, offset)" takes "ci"); NULL when
 * the value is dropped or goes nowhere we can name. */
static char *ctx_lhs_key(const gimple *call)
{
	tree lhs = gimple_call_lhs(call);
	const char *il;

	if (!lhs)
		return NULL;
	if (TREE_CODE(lhs) == SSA_NAME)
		lhs = SSA_NAME_VAR(lhs);
	if (!lhs)
		return NULL;
	il = pw_expr_str(lhs);
	return ctx_clean_text(il) ? ctx_key(il) : NULL;
}

static char *ctx_substitute(const char *text, const struct ctx_decl *d, const gimple *call)
{
	obstack ob;
	char *res = NULL;

	gcc_obstack_init(&ob);
	for (const char *p = text; *p;) {
		if (!ctx_ident_char(*p) || (p > text && ctx_ident_char(p[-1]))) {
			obstack_1grow(&ob, *p++);
			continue;
		}
		size_t n = 0;
		int param = -1;

		while (ctx_ident_char(p[n]))
			n++;
		bool member = p > text && (p[-1] == '.' || (p[-1] == '>' && p > text + 1 && p[-2] == '-'));

		if (!member)
			param = ctx_param_of(d, p);
		if (param < 0) {
			obstack_grow(&ob, p, n);
		} else {
			char *arg = ctx_arg_text(call, param);

			if (!arg)
				goto out;
			obstack_1grow(&ob, '(');
			obstack_grow(&ob, arg, strlen(arg));
			obstack_1grow(&ob, ')');
			free(arg);
		}
		p += n;
	}
	obstack_1grow(&ob, '\0');
	res = ctx_key((const char *)obstack_finish(&ob));
out:
	obstack_free(&ob, NULL);
	return res;
}

/* ---- one function ---------------------------------------------------- */

static int ctx_lock_index(struct ctx_fn *f, char *key, tree type)
{
	for (unsigned int i = 0; i < f->keys.length(); i++)
		if (!strcmp(f->keys[i], key)) {
			free(key);
			if (!f->key_type[i])
				f->key_type[i] = type;
			return i;
		}
	if (f->keys.length() >= CTX_MAX_LOCKS) {
		free(key);
		return -1;
	}
	f->keys.safe_push(key);
	f->key_type.safe_push(type);
	f->first_acq_line.safe_push(0);
	return f->keys.length() - 1;
}

static void ctx_push(struct ctx_fn *f, gimple *stmt, enum ctx_kind kind, char *key,
		     tree type, tree value, bool on_zero, const char *callee)
{
	struct ctx_event e = { stmt, kind, -1, value, on_zero, callee };

	if (key && !*key) {
		/* a callee that changes a lock its caller cannot name */
		free(key);
		e.kind = EV_HAVOC;
	} else if (key) {
		e.lock = ctx_lock_index(f, key, type);
		if (e.lock < 0)
			e.kind = EV_HAVOC;
	} else {
		e.kind = EV_HAVOC;
	}
	if (e.lock >= 0 && (kind == EV_ACQ || kind == EV_COND) && !f->first_acq_line[e.lock])
		f->first_acq_line[e.lock] = pw_line(stmt);
	f->events.safe_push(e);
}

static bool ctx_is_marker(const_tree fndecl)
{
	return fndecl && DECL_NAME(fndecl) &&
	       !strcmp(IDENTIFIER_POINTER(DECL_NAME(fndecl)), "__pageward_ctx");
}

/*
 * A marker __pageward_ctx(+1, "x") alone in the branch of "if (c)" is what
 * __cond_lock(x, c) expands to: x is held iff c, which every later test of c
 * decides.  Returns the value and the sense, or NULL_TREE.
 */
static tree ctx_cond_marker(gimple *call, bool *on_zero)
{
	basic_block bb = gimple_bb(call);
	gcond *cond;
	edge e, yes, no;
	tree v;

	if (!single_pred_p(bb))
		return NULL_TREE;
	e = single_pred_edge(bb);
	cond = safe_dyn_cast<gcond *>(last_stmt(e->src));
	if (!cond)
		return NULL_TREE;
	/* back from the tested operand to the value, through copies and
	 * conversions: the value a function returns when it passes it on */
	for (v = gimple_cond_lhs(cond); TREE_CODE(v) == SSA_NAME && !SSA_NAME_IS_DEFAULT_DEF(v);) {
		gimple *def = SSA_NAME_DEF_STMT(v);
		enum tree_code code;
		tree stored;

		if (!is_gimple_assign(def))
			break;
		code = gimple_assign_rhs_code(def);
		if (code == VAR_DECL && (stored = pw_load_source(def))) {
			v = stored;
			continue;
		}
		if (code != SSA_NAME && !CONVERT_EXPR_CODE_P(code))
			break;
		v = gimple_assign_rhs1(def);
	}
	if (TREE_CODE(v) != SSA_NAME || !pw_cond_decides(cond, v, 1, 0, &yes, &no))
		return NULL_TREE;
	if (e != yes && e != no)
		return NULL_TREE;
	*on_zero = e == no;
	return v;
}

/* Is TYPE a pointer to a lock object (not to what contains one)? */
/* The tag of the struct TYPE points to: not a typedef's name (spinlock_t),
 * but an anonymous struct is named by its typedef (rwlock_t). */
static const char *ctx_pointee_tag(const_tree type)
{
	const char *tag;

	if (!type || !POINTER_TYPE_P(type))
		return NULL;
	tag = pw_record_tag(TYPE_MAIN_VARIANT(TREE_TYPE(type)));
	return tag ? tag : pw_record_tag(TREE_TYPE(type));
}

/* Is TYPE a pointer to an object whose lock is part of it (a folio's or a
 * page's lock bit, a VMA's read lock), not to a lock itself? */
static bool ctx_is_object_type(const_tree type)
{
	static const char *const objects[] = { "folio", "page", "vm_area_struct" };
	const char *tag = ctx_pointee_tag(type);

	for (unsigned int i = 0; tag && i < ARRAY_SIZE(objects); i++)
		if (!strcmp(tag, objects[i]))
			return true;
	return false;
}

/* Is TYPE a pointer to a lock, or to an object with one? */
static bool ctx_is_lock_type(const_tree type)
{
	static const char *const locks[] = {
		"spinlock", "raw_spinlock", "rw_semaphore", "mutex",
		"spinlock_t", "raw_spinlock_t", "rwlock_t",
	};
	const char *tag = ctx_pointee_tag(type);

	if (ctx_is_object_type(type))
		return true;
	for (unsigned int i = 0; tag && i < ARRAY_SIZE(locks); i++)
		if (!strcmp(tag, locks[i]))
			return true;
	return false;
}

/* Call S, which nothing says anything of, may release each lock it is
 * given: its state after the call is unknown. */
static void ctx_havoc_args(struct ctx_fn *f, gimple *s, const char *callee)
{
	for (unsigned int i = 0; i < gimple_call_num_args(s); i++) {
		tree arg = gimple_call_arg(s, i);
		char *text;

		if (!ctx_is_lock_type(TREE_TYPE(arg)) || !(text = ctx_arg_text(s, i)))
			continue;
		ctx_push(f, s, EV_HAVOC, ctx_key(text), TREE_TYPE(arg), NULL_TREE, false, callee);
		free(text);
	}
}

/* The type of member NAME of the struct TYPE points to, if it has one. */
static tree ctx_member_type(tree type, const char *name)
{
	if (!type || !POINTER_TYPE_P(type) || !RECORD_OR_UNION_TYPE_P(TREE_TYPE(type)))
		return NULL_TREE;
	for (tree fld = TYPE_FIELDS(TREE_TYPE(type)); fld; fld = DECL_CHAIN(fld))
		if (TREE_CODE(fld) == FIELD_DECL && DECL_NAME(fld) &&
		    !strcmp(IDENTIFIER_POINTER(DECL_NAME(fld)), name))
			return TREE_TYPE(fld);
	return NULL_TREE;
}

/* Call S handles a fault on the VMA of its argument ARGNO (FAULT_HANDLER):
 * the VMA's read lock and its mm's mmap lock, under whatever names the
 * caller took them, are unknown after it. */
static void ctx_fault_handler(struct ctx_fn *f, gimple *s, unsigned int argno,
			      const char *callee)
{
	char *vma = argno < gimple_call_num_args(s) ? ctx_arg_text(s, argno) : NULL, *mm;
	tree type;

	if (!vma)
		return;
	type = TREE_TYPE(gimple_call_arg(s, argno));
	mm = concat("(", vma, ")->vm_mm", NULL);
	ctx_push(f, s, EV_HAVOC, ctx_key(vma), type, NULL_TREE, false, callee);
	f->events.last().any_name = true;
	ctx_push(f, s, EV_HAVOC, ctx_key(mm), ctx_member_type(type, "vm_mm"), NULL_TREE, false,
		 callee);
	f->events.last().any_name = true;
	free(mm);
	free(vma);
}

/* Every event of the current function, in the order of its statements. */
static void ctx_collect(function *fun, struct ctx_fn *f)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun) {
		for (gimple_stmt_iterator gsi = gsi_start_bb(bb); !gsi_end_p(gsi); gsi_next(&gsi)) {
			gimple *s = gsi_stmt(gsi);
			tree fndecl;

			if (!is_gimple_call(s))
				continue;
			fndecl = gimple_call_fndecl(s);
			if (!fndecl) {
				/* ->read_folio(file, folio) unlocks the folio */
				ctx_havoc_args(f, s, NULL);
				continue;
			}
			if (ctx_is_marker(fndecl)) {
				tree d = gimple_call_num_args(s) == 2 ? gimple_call_arg(s, 0) : NULL_TREE;
				tree str = gimple_call_num_args(s) == 2 ? gimple_call_arg(s, 1) : NULL_TREE;
				char *key = NULL;
				bool on_zero = false;
				tree v;

				if (str && TREE_CODE(str) == ADDR_EXPR) {
					str = TREE_OPERAND(str, 0);
					if (TREE_CODE(str) == ARRAY_REF)
						str = TREE_OPERAND(str, 0);
					if (TREE_CODE(str) == STRING_CST)
						key = ctx_key(TREE_STRING_POINTER(str));
				}
				if (!d || !tree_fits_shwi_p(d)) {
					ctx_push(f, s, EV_HAVOC, NULL, NULL_TREE, NULL_TREE, false, NULL);
					free(key);
				} else if (tree_to_shwi(d) == 0) {
					/* __hand_off(x): the caller's business from here */
					ctx_push(f, s, EV_HAVOC, key, NULL_TREE, NULL_TREE, false, NULL);
				} else if (tree_to_shwi(d) < 0) {
					ctx_push(f, s, EV_REL, key, NULL_TREE, NULL_TREE, false, NULL);
				} else if ((v = ctx_cond_marker(s, &on_zero))) {
					ctx_push(f, s, EV_COND, key, NULL_TREE, v, on_zero, NULL);
				} else {
					ctx_push(f, s, EV_ACQ, key, NULL_TREE, NULL_TREE, false, NULL);
				}
				continue;
			}
			struct ctx_decl *d = ctx_decl_of(fndecl);
			const char *callee = IDENTIFIER_POINTER(DECL_NAME(fndecl));

			for (unsigned int i = 0; i < d->anns.length(); i++) {
				struct ctx_ann *a = &d->anns[i];
				bool returned = !strcmp(a->text, CTX_RETURNED);
				tree lhs = gimple_call_lhs(s);
				char *key = returned ? ctx_lhs_key(s) : ctx_substitute(a->text, d, s);
				int p = ctx_param_of(d, a->text);
				/* the lock's type, when it is a whole argument */
				tree type = p >= 0 && !a->text[strlen(d->params[p])] &&
					    (unsigned int)p < gimple_call_num_args(s) ?
					    TREE_TYPE(gimple_call_arg(s, p)) : NULL_TREE;

				if (returned && lhs)
					type = TREE_TYPE(lhs);

				switch (a->op) {
				case CTX_ACQ:
					ctx_push(f, s, EV_ACQ, key, type, NULL_TREE, false, callee);
					break;
				case CTX_REL:
					ctx_push(f, s, EV_REL, key, type, NULL_TREE, false, callee);
					break;
				case CTX_REL_NONNULL:
					ctx_push(f, s, EV_REL, key, type, NULL_TREE, false, callee);
					f->events.last().if_nonnull = true;
					break;
				case CTX_MUST:
					ctx_push(f, s, EV_MUST, key, type, NULL_TREE, false, callee);
					break;
				case CTX_COND_TRUE:
				case CTX_COND_ZERO:
					if (lhs && TREE_CODE(lhs) != SSA_NAME)
						lhs = NULL_TREE;
					ctx_push(f, s, EV_COND, key, type, lhs, a->op == CTX_COND_ZERO, callee);
					break;
				case CTX_HAVOC:
					ctx_push(f, s, EV_HAVOC, key, type, NULL_TREE, false, callee);
					break;
				}
			}
			/* a function of another file with no annotation, given a
			 * lock itself: it may release it (6.1's
			 * migration_entry_wait_on_locked(entry, ptep, ptl) does,
			 * and says so only from 6.3), unless the API table says it
			 * leaves a folio's lock alone (FOLIO_LOCK_KEPT) */
			if (d->anns.is_empty() && !gimple_has_body_p(fndecl) &&
			    !fndecl_built_in_p(fndecl) &&
			    !pw_api_call(s, PW_FOLIO_LOCK_KEPT))
				ctx_havoc_args(f, s, callee);
			/* a hand-off the API table knows: kept iff the result is true */
			if (const struct pw_api *api = pw_api_call(s, PW_LOCK_KEPT_IF_TRUE)) {
				char *arg = ctx_arg_text(s, api->arg);
				tree lhs = gimple_call_lhs(s);

				if (lhs && TREE_CODE(lhs) != SSA_NAME)
					lhs = NULL_TREE;
				ctx_push(f, s, EV_COND, arg ? ctx_key(arg) : NULL,
					 TREE_TYPE(gimple_call_arg(s, api->arg)), lhs, false, callee);
				free(arg);
			}
			if (const struct pw_api *api = pw_api_call(s, PW_FAULT_HANDLER))
				ctx_fault_handler(f, s, api->arg, callee);
		}
	}
	/* A call wrapped in its own __cond_lock() at the call site
	 * (follow_pfnmap_start(), vma_start_read()) has two events for one
	 * lock; the call site's macro is the one that says when. */
	for (unsigned int i = 0; i < f->events.length(); i++) {
		struct ctx_event *e = &f->events[i];

		if (e->kind != EV_COND || !e->callee || !e->value)
			continue;
		for (unsigned int j = 0; j < f->events.length(); j++)
			if (j != i && f->events[j].kind == EV_COND && !f->events[j].callee &&
			    f->events[j].lock == e->lock && f->events[j].value == e->value)
				e->kind = EV_SUPERSEDED, e->lock = -1;
	}
}

static enum ctx_state ctx_join(enum ctx_state a, enum ctx_state b)
{
	if (a == ST_NONE)
		return b;
	if (b == ST_NONE || a == b)
		return a;
	return ST_MAYBE;
}

/* Are locks A and B known to be of different types (a page, an mm)? */
static bool ctx_types_differ(struct ctx_fn *f, int a, int b)
{
	tree ta = f->key_type[a], tb = f->key_type[b];

	return ta && tb && TYPE_MAIN_VARIANT(ta) != TYPE_MAIN_VARIANT(tb);
}

typedef void (*ctx_report_fn)(struct ctx_fn *f, struct ctx_event *e, enum ctx_state st);

/* Apply the events of BB to STATE; REPORT, when given, sees each event with
 * the state of its lock before it. */
/* Lock L is changed under a name it may not have been taken by: the held
 * locks of its type become unknown. */
static void ctx_other_names(struct ctx_fn *f, unsigned char *state, int lock)
{
	for (unsigned int l = 0; l < f->keys.length(); l++)
		if (l != (unsigned int)lock &&
		    (state[l] == ST_HELD || state[l] == ST_MAYBE || state[l] == ST_COND) &&
		    !ctx_types_differ(f, l, lock))
			state[l] = ST_MAYBE;
}

static void ctx_transfer(struct ctx_fn *f, basic_block bb, unsigned char *state,
			 ctx_report_fn report)
{
	for (unsigned int i = 0; i < f->events.length(); i++) {
		struct ctx_event *e = &f->events[i];

		if (gimple_bb(e->stmt) != bb || e->kind == EV_SUPERSEDED)
			continue;
		if (report)
			report(f, e, e->lock >= 0 ? (enum ctx_state)state[e->lock] : ST_MAYBE);
		switch (e->kind) {
		case EV_ACQ:
			state[e->lock] = ST_HELD;
			break;
		case EV_REL:
			/* NULL on the path where its acquire failed; held
			 * iff not NULL (lock_cluster() then unlock_cluster()) */
			if (e->if_nonnull && state[e->lock] == ST_FREED)
				break;
			if (e->if_nonnull && state[e->lock] == ST_COND) {
				state[e->lock] = ST_FREED;
				break;
			}
			/* releasing what it did not take: perhaps a lock it did
			 * take, by another name (mm and current->mm) */
			if (state[e->lock] == ST_ENTRY)
				ctx_other_names(f, state, e->lock);
			state[e->lock] = state[e->lock] == ST_HELD ? ST_FREED :
					 state[e->lock] == ST_ENTRY ? ST_DROPPED : ST_MAYBE;
			break;
		case EV_COND:
			/* a marker sits on the branch where it holds */
			state[e->lock] = !e->callee ? ST_HELD : e->on_zero ? ST_MAYBE : ST_COND;
			break;
		case EV_MUST:
		case EV_SUPERSEDED:
			break;
		case EV_HAVOC:
			if (e->any_name && e->lock >= 0)
				ctx_other_names(f, state, e->lock);
			if (e->lock >= 0)
				state[e->lock] = ST_MAYBE;
			else
				for (unsigned int l = 0; l < f->keys.length(); l++)
					state[l] = ST_MAYBE;
			break;
		}
	}
}

/* The state on edge E: the end of its source, then what a branch on the
 * value of a conditional acquire decides. */
static void ctx_edge_state(struct ctx_fn *f, edge e, unsigned char *state)
{
	gcond *cond = safe_dyn_cast<gcond *>(last_stmt(e->src));

	memcpy(state, f->out + e->src->index * CTX_MAX_LOCKS, CTX_MAX_LOCKS);
	if (!cond)
		return;
	for (unsigned int i = 0; i < f->events.length(); i++) {
		struct ctx_event *ev = &f->events[i];
		edge yes, no;

		if (ev->kind != EV_COND || !ev->value || ev->lock < 0)
			continue;
		if (!pw_cond_decides(cond, ev->value, ev->on_zero ? 0 : 1, ev->on_zero ? -1 : 0,
				     &yes, &no))
			continue;
		if (e == yes)
			state[ev->lock] = ST_HELD;
		else if (e == no)
			state[ev->lock] = state[ev->lock] == ST_DROPPED ? ST_DROPPED : ST_FREED;
	}
}

/* The state entering BB, joined over its predecessors. */
static void ctx_in_state(struct ctx_fn *f, basic_block bb, unsigned char *in)
{
	unsigned char es[CTX_MAX_LOCKS];
	edge e;
	edge_iterator ei;

	memset(in, ST_NONE, CTX_MAX_LOCKS);
	FOR_EACH_EDGE(e, ei, bb->preds) {
		ctx_edge_state(f, e, es);
		for (unsigned int l = 0; l < f->keys.length(); l++)
			in[l] = ctx_join((enum ctx_state)in[l], (enum ctx_state)es[l]);
	}
}

/* Forward dataflow to the fixed point; ENTRY is the state on entry. */
static void ctx_solve(function *fun, struct ctx_fn *f, const unsigned char *entry)
{
	unsigned char in[CTX_MAX_LOCKS];
	bool changed = true;
	int *order = XNEWVEC(int, n_basic_blocks_for_fn(fun));
	int n = pre_and_rev_post_order_compute_fn(fun, NULL, order, false);

	f->nr_bbs = last_basic_block_for_fn(fun);
	f->out = XCNEWVEC(unsigned char, f->nr_bbs * CTX_MAX_LOCKS);
	memcpy(f->out + ENTRY_BLOCK_PTR_FOR_FN(fun)->index * CTX_MAX_LOCKS, entry, CTX_MAX_LOCKS);
	for (int round = 0; changed && round < 50; round++) {
		changed = false;
		for (int i = 0; i < n; i++) {
			basic_block bb = BASIC_BLOCK_FOR_FN(fun, order[i]);

			ctx_in_state(f, bb, in);
			ctx_transfer(f, bb, in, NULL);
			if (memcmp(in, f->out + bb->index * CTX_MAX_LOCKS, CTX_MAX_LOCKS)) {
				memcpy(f->out + bb->index * CTX_MAX_LOCKS, in, CTX_MAX_LOCKS);
				changed = true;
			}
		}
	}
	free(order);
}

/* ---- returns ---------------------------------------------------------- */

enum ctx_value { VAL_VOID, VAL_ZERO, VAL_NONZERO, VAL_NEG, VAL_UNKNOWN };

/* One way out of the function: the state and the value returned on it. */
struct ctx_exit {
	unsigned char state[CTX_MAX_LOCKS];
	enum ctx_value value;
	HOST_WIDE_INT cst;
	tree ssa;		/* the value when it is an SSA name */
	tree null_ssa;		/* a pointer the exit's last edge found NULL */
	location_t loc;
};

static enum ctx_value ctx_classify(tree v, HOST_WIDE_INT *cst)
{
	if (!v)
		return VAL_VOID;
	if (TREE_CODE(v) == INTEGER_CST && tree_fits_shwi_p(v)) {
		*cst = tree_to_shwi(v);
		return !*cst ? VAL_ZERO : *cst < 0 ? VAL_NEG : VAL_NONZERO;
	}
	if (TREE_CODE(v) == SSA_NAME && !SSA_NAME_IS_DEFAULT_DEF(v) &&
	    gimple_assign_single_p(SSA_NAME_DEF_STMT(v)) &&
	    TREE_CODE(gimple_assign_rhs1(SSA_NAME_DEF_STMT(v))) == INTEGER_CST)
		return ctx_classify(gimple_assign_rhs1(SSA_NAME_DEF_STMT(v)), cst);
	if (integer_zerop(v)) {
		*cst = 0;
		return VAL_ZERO;
	}
	return VAL_UNKNOWN;
}

/*
 * V, a value of E's destination, as it is on E: through the copies and
 * casts made there to the argument on E of a PHI there ("_13 = ci_4;
 * return _13" with ci_4 = PHI <ci_9, ci_11>).  LOC: where a constant
 * argument was written.
 */
static tree ctx_value_on_edge(tree v, edge e, location_t *loc)
{
	basic_block bb = e->dest;

	while (v && TREE_CODE(v) == SSA_NAME && !SSA_NAME_IS_DEFAULT_DEF(v)) {
		gimple *def = SSA_NAME_DEF_STMT(v);

		if (gimple_bb(def) != bb)
			break;
		if (gimple_code(def) == GIMPLE_PHI) {
			gphi *phi = as_a<gphi *>(def);

			v = PHI_ARG_DEF_FROM_EDGE(phi, e);
			/* "return -EINVAL;", not where a variable was set */
			if (TREE_CODE(v) != SSA_NAME &&
			    gimple_phi_arg_location_from_edge(phi, e) != UNKNOWN_LOCATION)
				*loc = gimple_phi_arg_location_from_edge(phi, e);
			return v;
		}
		if (!is_gimple_assign(def) || TREE_CODE(gimple_assign_rhs1(def)) != SSA_NAME ||
		    !(gimple_assign_ssa_name_copy_p(def) || gimple_assign_cast_p(def)))
			break;
		v = gimple_assign_rhs1(def);
	}
	return v;
}

/* Does anything happen to a lock in BB? */
static bool ctx_bb_has_events(const struct ctx_fn *f, basic_block bb)
{
	for (unsigned int i = 0; i < f->events.length(); i++)
		if (gimple_bb(f->events[i].stmt) == bb && f->events[i].kind != EV_SUPERSEDED)
			return true;
	return false;
}

/* The pointer that condition C finds NULL on its edge E, if any. */
static tree ctx_null_on_edge(gcond *c, edge e)
{
	tree lhs = gimple_cond_lhs(c);
	bool null_if_true = gimple_cond_code(c) == EQ_EXPR;

	if (TREE_CODE(lhs) != SSA_NAME || !POINTER_TYPE_P(TREE_TYPE(lhs)) ||
	    !integer_zerop(gimple_cond_rhs(c)) ||
	    (gimple_cond_code(c) != EQ_EXPR && gimple_cond_code(c) != NE_EXPR))
		return NULL_TREE;
	return !!(e->flags & EDGE_TRUE_VALUE) == null_if_true ? lhs : NULL_TREE;
}

/* how far back from a return, and to how many ways out, joins are split */
#define CTX_EXIT_DEPTH	4
#define CTX_MAX_EXITS	64

/*
 * The exits of RET reached over edge E with the value V.  A block where
 * paths join before the return and nothing happens to a lock ("out:
 * folio_put(folio); return ret;") is looked through to the edges into it,
 * so that each way out keeps its own state and value instead of their
 * join: the error path that forgot the unlock is then one exit, not a
 * "maybe" shared with the paths that did not.
 */
static void ctx_exits_over(function *fun, struct ctx_fn *f, greturn *ret, edge e, tree v,
			   int depth, vec<struct ctx_exit> *exits)
{
	basic_block src = e->src;
	struct ctx_exit x;
	edge p;
	edge_iterator ei;

	memset(&x, 0, sizeof(x));
	x.loc = gimple_location(ret);
	v = ctx_value_on_edge(v, e, &x.loc);
	if (depth < CTX_EXIT_DEPTH && exits->length() < CTX_MAX_EXITS &&
	    single_succ_p(src) && EDGE_COUNT(src->preds) > 1 &&
	    src != ENTRY_BLOCK_PTR_FOR_FN(fun) && !ctx_bb_has_events(f, src)) {
		FOR_EACH_EDGE(p, ei, src->preds)
			ctx_exits_over(fun, f, ret, p, v, depth + 1, exits);
		return;
	}
	ctx_edge_state(f, e, x.state);
	if (gcond *c = safe_dyn_cast<gcond *>(last_stmt(src)))
		x.null_ssa = ctx_null_on_edge(c, e);
	/* the blocks looked through have no events: only the return's */
	ctx_transfer(f, gimple_bb(ret), x.state, NULL);
	if (x.loc == gimple_location(ret) && LOCATION_LOCUS(e->goto_locus) != UNKNOWN_LOCATION)
		x.loc = e->goto_locus;
	/* falling off the end: the closing brace */
	if (LOCATION_LOCUS(x.loc) == UNKNOWN_LOCATION)
		x.loc = fun->function_end_locus;
	x.value = ctx_classify(v, &x.cst);
	x.ssa = v && TREE_CODE(v) == SSA_NAME ? v : NULL_TREE;
	if (!v && gimple_return_retval(ret))
		x.value = VAL_UNKNOWN;
	exits->safe_push(x);
}

/* Every way out of the function, with its state and value. */
static void ctx_exits(function *fun, struct ctx_fn *f, vec<struct ctx_exit> *exits)
{
	basic_block bb;

	FOR_EACH_BB_FN(bb, fun) {
		greturn *ret = safe_dyn_cast<greturn *>(last_stmt(bb));
		edge e;
		edge_iterator ei;

		if (!ret)
			continue;
		FOR_EACH_EDGE(e, ei, bb->preds)
			ctx_exits_over(fun, f, ret, e, gimple_return_retval(ret), 0, exits);
	}
}

/* ---- summaries of the unit's functions -------------------------------- */

/* Is EV the conditional acquire whose value X returns (return trylock())? */
static const struct ctx_event *ctx_passed_cond(struct ctx_fn *f, int lock, const struct ctx_exit *x)
{
	for (unsigned int i = 0; i < f->events.length(); i++) {
		struct ctx_event *e = &f->events[i];

		if (e->kind == EV_COND && e->lock == lock && e->value && x->ssa &&
		    pw_strip(x->ssa) == pw_strip(e->value))
			return e;
	}
	return NULL;
}

/* What the function does, seen from its exits, to each lock its parameters
 * name; a lock it changes in a way no annotation says is CTX_HAVOC. */
/* Is KEY a bare name that is no variable of the function nor of the unit:
 * the name of a context, as in bit_spin_lock()'s __acquire(bitlock)? */
static bool ctx_is_token(const char *key)
{
	varpool_node *vnode;
	tree var;
	unsigned int ix;

	for (const char *p = key; *p; p++)
		if (!ctx_ident_char(*p))
			return false;
	FOR_EACH_LOCAL_DECL(cfun, ix, var)
		if (DECL_NAME(var) && !strcmp(IDENTIFIER_POINTER(DECL_NAME(var)), key))
			return false;
	FOR_EACH_VARIABLE(vnode)
		if (DECL_NAME(vnode->decl) &&
		    !strcmp(IDENTIFIER_POINTER(DECL_NAME(vnode->decl)), key))
			return false;
	return true;
}

/* Is lock L of F only given to calls that may do anything to it, never
 * taken or released by one that says what it does? */
static bool ctx_only_passed(const struct ctx_fn *f, int l)
{
	for (unsigned int i = 0; i < f->events.length(); i++)
		if (f->events[i].lock == l && f->events[i].kind != EV_HAVOC)
			return false;
	return true;
}

/* Is SSA a value of the variable that lock L of F is named by? */
static bool ctx_names_lock(const struct ctx_fn *f, int l, tree ssa)
{
	tree var = ssa ? SSA_NAME_VAR(ssa) : NULL_TREE;

	return var && DECL_P(var) && DECL_NAME(var) &&
	       !strcmp(IDENTIFIER_POINTER(DECL_NAME(var)), f->keys[l]);
}

/*
 * Is lock L, which F found itself, handed to the caller as the value F
 * returns?  Every exit holding it returns it, and every other exit returns
 * NULL, or the same variable without having taken the lock (6.12
 * lock_cluster() returns its cluster locked, or NULL when there is none) or
 * after the acquire its value decides failed (lock_cluster_or_swap_info()).
 * OP: CTX_ACQ when every exit holds it, CTX_COND_TRUE when it is held iff
 * the value is not NULL.
 */
static bool ctx_returned_lock(struct ctx_fn *f, int l, const vec<struct ctx_exit> *exits,
			      enum ctx_op *op)
{
	bool all_held = true, any_held = false;

	for (unsigned int i = 0; i < exits->length(); i++) {
		const struct ctx_exit *x = &(*exits)[i];
		enum ctx_state st = (enum ctx_state)x->state[l];
		bool named = ctx_names_lock(f, l, x->ssa);

		/* held, or held iff the value returned is not NULL */
		if (named && (st == ST_HELD || st == ST_COND)) {
			any_held = true;
			all_held &= st == ST_HELD;
			continue;
		}
		all_held = false;
		/* not taken on this path, or the acquire that decides it failed */
		if (named && (st == ST_ENTRY || (st == ST_FREED && ctx_passed_cond(f, l, x))))
			continue;
		if ((st == ST_ENTRY || st == ST_FREED || st == ST_NONE) && x->value == VAL_ZERO)
			continue;
		return false;
	}
	*op = all_held ? CTX_ACQ : CTX_COND_TRUE;
	return any_held;
}

/* Is lock L of F, a parameter, released on every exit but those where the
 * last test found it NULL ("if (ci) spin_unlock(&ci->lock)")? */
static bool ctx_released_unless_null(const struct ctx_fn *f, int l,
				     const vec<struct ctx_exit> *exits)
{
	bool dropped = false;

	for (unsigned int i = 0; i < exits->length(); i++) {
		const struct ctx_exit *x = &(*exits)[i];

		if (x->state[l] == ST_DROPPED)
			dropped = true;
		else if (x->state[l] != ST_ENTRY || !ctx_names_lock(f, l, x->null_ssa))
			return false;
	}
	return dropped;
}

static bool ctx_summarise(struct ctx_decl *d, struct ctx_fn *f, vec<struct ctx_exit> *exits)
{
	vec<struct ctx_ann> anns = vNULL;
	bool changed;

	for (unsigned int l = 0; l < f->keys.length(); l++) {
		bool all_held = true, all_freed = true, cond_t = true, cond_z = true, touched = false;
		enum ctx_op op;

		bool param = ctx_param_of(d, f->keys[l]) >= 0;

		for (unsigned int i = 0; i < exits->length(); i++) {
			struct ctx_exit *x = &(*exits)[i];
			enum ctx_state st = (enum ctx_state)x->state[l];
			const struct ctx_event *pc = ctx_passed_cond(f, l, x);
			bool held = st == ST_HELD, freed = st == ST_DROPPED || st == ST_FREED;

			if (st == ST_HELD || st == ST_DROPPED || st == ST_MAYBE || st == ST_COND)
				touched = true;
			all_held &= held;
			all_freed &= st == ST_DROPPED;
			if (pc) {
				cond_t &= !pc->on_zero;
				cond_z &= pc->on_zero;
				continue;
			}
			cond_t &= (held && (x->value == VAL_NONZERO || x->value == VAL_NEG)) ||
				  (freed && x->value == VAL_ZERO);
			cond_z &= (held && x->value == VAL_ZERO) ||
				  (freed && (x->value == VAL_NEG || x->value == VAL_NONZERO));
		}
		if (!touched || !exits->length())
			continue;
		if (!param && ctx_is_token(f->keys[l]))
			/* a context name, no object (bit_spin_lock()'s
			 * __acquire(bitlock)): nothing a caller holds */
			continue;
		if (!param && ctx_is_object_type(f->key_type[l]) && ctx_only_passed(f, l))
			/* a page or VMA the function found itself and only
			 * gave to others (6.12 get_user_page_vma_remote()
			 * put_page()s the page GUP returned): nothing the
			 * caller can hold */
			continue;
		if (!param && ctx_returned_lock(f, l, exits, &op)) {
			ctx_ann_push(&anns, op, xstrdup(CTX_RETURNED));
			continue;
		}
		if (!param) {
			/* a lock the caller cannot name: its locks are unknown after the call */
			ctx_ann_push(&anns, CTX_HAVOC, xstrdup(""));
			continue;
		}
		op = all_held ? CTX_ACQ : all_freed ? CTX_REL : cond_t ? CTX_COND_TRUE :
		     cond_z ? CTX_COND_ZERO :
		     ctx_released_unless_null(f, l, exits) ? CTX_REL_NONNULL : CTX_HAVOC;
		ctx_ann_push(&anns, op, xstrdup(f->keys[l]));
	}
	changed = anns.length() != d->anns.length();
	for (unsigned int i = 0; !changed && i < anns.length(); i++)
		changed = anns[i].op != d->anns[i].op || strcmp(anns[i].text, d->anns[i].text);
	if (!changed) {
		ctx_anns_free(&anns);
		return false;
	}
	ctx_anns_free(&d->anns);
	d->anns = anns;
	return true;
}

/* ---- findings ---------------------------------------------------------- */

static hash_set<gimple *> *ctx_reported;

static const char *ctx_what(const struct ctx_event *e)
{
	return e->callee ? e->callee : "__release";
}

static void ctx_report_event(struct ctx_fn *f, struct ctx_event *e, enum ctx_state st)
{
	struct pw_finding fd;
	const char *fn = pw_fn_name(current_function_decl);

	if (e->lock < 0 || ctx_reported->contains(e->stmt))
		return;
	if (e->kind == EV_REL && (st == ST_FREED || st == ST_DROPPED) &&
	    !(e->if_nonnull && st == ST_FREED)) {
		bool unfreeze = e->callee && strstr(e->callee, "unfreeze");

		ctx_reported->add(e->stmt);
		pw_finding_start(&fd, "lock-context", gimple_location(e->stmt),
				 unfreeze ?
				 "%s(): %s() unfreezes '%s' on a path where it is not frozen: the freeze at line %d did not succeed on this path, or it was unfrozen before" :
				 "%s(): %s() releases '%s' on a path where it is not held: it was released before, or the acquire at line %d did not succeed on this path",
				 fn, ctx_what(e), f->keys[e->lock], f->first_acq_line[e->lock]);
		pw_finding_emit(&fd);
	} else if (e->kind == EV_MUST && (st == ST_FREED || st == ST_DROPPED)) {
		ctx_reported->add(e->stmt);
		pw_finding_start(&fd, "lock-context", gimple_location(e->stmt),
				 "%s(): calls %s(), which must be called with '%s' held (__must_hold), on a path where it is not held",
				 fn, ctx_what(e), f->keys[e->lock]);
		pw_finding_emit(&fd);
	}
}

static const char *ctx_value_text(const struct ctx_exit *x, char *buf)
{
	if (x->value == VAL_VOID)
		return "";
	if (x->value == VAL_UNKNOWN && x->ssa) {
		snprintf(buf, 32, " %s", pw_expr_str(x->ssa));
		return buf;
	}
	sprintf(buf, " " HOST_WIDE_INT_PRINT_DEC, x->cst);
	return buf;
}

/*
 * Is SSA, returned with a lock on one path and without it on another, a
 * value that nothing tests (6.12 __try_to_reclaim_swap()'s ret = -nr_pages)?
 * A value that is tested, an errno or a trylock's result, may be what says
 * which of the two the caller gets.
 */
static bool ctx_untested_value(tree ssa, int depth)
{
	imm_use_iterator it;
	use_operand_p use;

	if (TREE_CODE(ssa) != SSA_NAME || depth > 4)
		return false;
	FOR_EACH_IMM_USE_FAST(use, it, ssa) {
		gimple *u = USE_STMT(use);

		if (is_gimple_debug(u))
			continue;
		if (gimple_code(u) == GIMPLE_COND || gimple_code(u) == GIMPLE_SWITCH)
			return false;
		if (is_gimple_assign(u) && TREE_CODE_CLASS(gimple_assign_rhs_code(u)) == tcc_comparison)
			return false;
		if (gimple_code(u) == GIMPLE_PHI &&
		    !ctx_untested_value(gimple_phi_result(u), depth + 1))
			return false;
		if (gimple_assign_ssa_name_copy_p(u) &&
		    !ctx_untested_value(gimple_assign_lhs(u), depth + 1))
			return false;
	}
	return true;
}

/* The function's own annotations against what it does at each exit. */
static void ctx_check_own(struct ctx_decl *own, struct ctx_fn *f, vec<struct ctx_exit> *exits)
{
	const char *fn = pw_fn_name(current_function_decl);

	for (unsigned int a = 0; a < own->anns.length(); a++) {
		int l = -1;

		/* a bit the body flips (folio_trylock()), not a lock it shows */
		if (own->anns[a].handed)
			continue;
		for (unsigned int i = 0; i < f->keys.length(); i++)
			if (!strcmp(f->keys[i], own->anns[a].key))
				l = i;
		if (l < 0)
			continue;
		for (unsigned int i = 0; i < exits->length(); i++) {
			struct ctx_exit *x = &(*exits)[i];
			enum ctx_state st = (enum ctx_state)x->state[l];
			bool not_held = st == ST_FREED || st == ST_DROPPED;
			const char *why = NULL;
			struct pw_finding fd;

			switch (own->anns[a].op) {
			case CTX_ACQ:
				if (not_held)
					why = "returns without '%s', although it is declared __acquires(%s)";
				break;
			case CTX_REL:
				if (st == ST_HELD)
					why = "returns holding '%s', although it is declared __releases(%s)";
				break;
			case CTX_MUST:
				if (not_held)
					why = "returns without '%s', although it is declared __must_hold(%s)";
				break;
			case CTX_COND_TRUE:
				if ((not_held && (x->value == VAL_NONZERO || x->value == VAL_NEG)) ||
				    (st == ST_HELD && x->value == VAL_ZERO))
					why = "returns %s '%s' with the value that says the opposite (__cond_acquires(%s): held iff non-zero)";
				break;
			case CTX_COND_ZERO:
				if ((not_held && x->value == VAL_ZERO) ||
				    (st == ST_HELD && (x->value == VAL_NEG || x->value == VAL_NONZERO)))
					why = "returns %s '%s' with the value that says the opposite (__cond_acquires_err(%s): held iff 0)";
				break;
			case CTX_REL_NONNULL:	/* derived only */
			case CTX_HAVOC:
				break;
			}
			if (!why)
				continue;
			char *msg = own->anns[a].op == CTX_COND_TRUE || own->anns[a].op == CTX_COND_ZERO ?
				xasprintf(why, st == ST_HELD ? "holding" : "without", f->keys[l],
					  own->anns[a].text) :
				xasprintf(why, f->keys[l], own->anns[a].text);

			pw_finding_start(&fd, "lock-context", x->loc, "%s(): %s", fn, msg);
			free(msg);
			pw_finding_emit(&fd);
			break;
		}
	}
}

/* Is lock L named by the function's own annotations? */
static bool ctx_annotated(struct ctx_decl *own, const char *key)
{
	if (!own)
		return false;
	for (unsigned int a = 0; a < own->anns.length(); a++)
		if (!strcmp(own->anns[a].key, key))
			return true;
	return false;
}

/*
 * A function without an annotation for a lock it takes: the same value
 * returned with the lock on one path and without it on another, or an errno
 * with it while 0 goes out without it.  Then a release that is not the lock
 * taken: it drops a lock it did not take and returns holding its own.
 */
static void ctx_check_balance(struct ctx_decl *own, struct ctx_fn *f, vec<struct ctx_exit> *exits)
{
	const char *fn = pw_fn_name(current_function_decl);
	char b1[32], b2[32];
	/* one finding per exit: a seqlock is its spinlock and its seqcount */
	auto_vec<location_t, 4> said;

	for (unsigned int l = 0; l < f->keys.length(); l++) {
		if (ctx_annotated(own, f->keys[l]))
			continue;
		for (unsigned int i = 0; i < exits->length(); i++) {
			struct ctx_exit *h = &(*exits)[i];
			struct ctx_exit *n = NULL;
			struct pw_finding fd;
			bool same_ssa;

			if (h->state[l] != ST_HELD)
				continue;
			/* one value that nothing tests, returned held and not */
			same_ssa = h->ssa && ctx_untested_value(h->ssa, 0);
			if (h->value == VAL_UNKNOWN && !same_ssa)
				continue;
			for (unsigned int j = 0; j < exits->length() && !n; j++) {
				struct ctx_exit *o = &(*exits)[j];

				if (o->state[l] != ST_FREED)
					continue;
				if (same_ssa && o->ssa == h->ssa) {
					n = o;
					break;
				}
				if (h->value == VAL_UNKNOWN || o->value == VAL_UNKNOWN)
					continue;
				if (h->value == VAL_VOID ||
				    (h->value == o->value && h->cst == o->cst) ||
				    (h->value == VAL_NEG && o->value == VAL_ZERO))
					n = o;
			}
			if (!n || said.contains(h->loc))
				continue;
			said.safe_push(h->loc);
			pw_finding_start(&fd, "lock-context", h->loc,
					 "%s(): returns%s holding '%s' (taken at line %d), and returns%s without it on another path: an unlock is missing on this path",
					 fn, ctx_value_text(h, b1), f->keys[l], f->first_acq_line[l],
					 ctx_value_text(n, b2));
			pw_finding_emit(&fd);
			break;
		}
	}
	for (unsigned int i = 0; i < exits->length(); i++) {
		struct ctx_exit *x = &(*exits)[i];

		for (unsigned int d = 0; d < f->keys.length(); d++) {
			if (x->state[d] != ST_DROPPED || ctx_annotated(own, f->keys[d]))
				continue;
			for (unsigned int l = 0; l < f->keys.length(); l++) {
				struct pw_finding fd;

				/* of another type: the same lock under two names
				 * is a hand-off (6.1 __lock_parent() drops
				 * dentry->d_lock and returns holding the parent's,
				 * which is the same dentry when it is the root) */
				if (x->state[l] != ST_HELD || ctx_annotated(own, f->keys[l]) ||
				    !ctx_types_differ(f, l, d))
					continue;
				pw_finding_start(&fd, "lock-context", x->loc,
						 "%s(): releases '%s', which it did not take, and returns holding '%s' (taken at line %d): is the wrong lock released?",
						 fn, f->keys[d], f->keys[l], f->first_acq_line[l]);
				pw_finding_emit(&fd);
				return;
			}
		}
	}
}

/* ---- the unit ---------------------------------------------------------- */

static void ctx_fn_free(struct ctx_fn *f)
{
	for (unsigned int i = 0; i < f->keys.length(); i++)
		free(f->keys[i]);
	f->keys.release();
	f->key_type.release();
	f->first_acq_line.release();
	f->events.release();
	free(f->out);
}

/* Analyse the current function; with REPORT its findings, otherwise its
 * summary.  Returns whether the summary changed. */
static bool ctx_analyse(function *fun, bool report)
{
	struct ctx_fn f = { vNULL, vNULL, vNULL, vNULL, NULL, 0 };
	struct ctx_decl *own = ctx_decl_of(current_function_decl);
	unsigned char entry[CTX_MAX_LOCKS];
	auto_vec<struct ctx_exit, 8> exits;
	bool changed = false;
	/* what its definition says (a prototype's annotations are the callers') */
	bool declared = !own->derived && !own->prototype;

	ctx_collect(fun, &f);
	if (declared) {
		/* the function's own annotations name its locks too */
		for (unsigned int a = 0; a < own->anns.length(); a++)
			if (!own->anns[a].handed)
				ctx_lock_index(&f, xstrdup(own->anns[a].key), NULL_TREE);
	}
	if (!f.keys.length()) {
		/* only calls that change locks nobody can name */
		if (!report && f.events.length() && (own->derived || !own->anns.length())) {
			own->derived = true;
			if (!own->anns.length()) {
				ctx_ann_push(&own->anns, CTX_HAVOC, xstrdup(""));
				changed = true;
			}
		}
		ctx_fn_free(&f);
		return changed;
	}
	memset(entry, ST_ENTRY, sizeof(entry));
	if (declared)
		for (unsigned int a = 0; a < own->anns.length(); a++)
			if (!own->anns[a].handed &&
			    (own->anns[a].op == CTX_REL || own->anns[a].op == CTX_MUST))
				for (unsigned int l = 0; l < f.keys.length(); l++)
					if (!strcmp(f.keys[l], own->anns[a].key))
						entry[l] = ST_HELD;
	ctx_solve(fun, &f, entry);
	ctx_exits(fun, &f, &exits);
	if (report) {
		basic_block bb;
		unsigned char in[CTX_MAX_LOCKS];

		FOR_EACH_BB_FN(bb, fun) {
			ctx_in_state(&f, bb, in);
			ctx_transfer(&f, bb, in, ctx_report_event);
		}
		if (declared)
			ctx_check_own(own, &f, &exits);
		ctx_check_balance(own->derived ? NULL : own, &f, &exits);
	} else if (own->derived || !own->anns.length()) {
		own->derived = true;
		changed = ctx_summarise(own, &f, &exits);
	}
	ctx_fn_free(&f);
	return changed;
}

/* Only a unit that saw the plugin's marker has contexts to check. */
static bool ctx_unit_annotated(void)
{
	tree id = maybe_get_identifier("__pageward_ctx");

	return id != NULL_TREE;
}

static bool ctx_in_main_file(tree fndecl)
{
	expanded_location xs = expand_location(DECL_SOURCE_LOCATION(fndecl));

	return xs.file && main_input_filename && !strcmp(xs.file, main_input_filename);
}

static void ctx_for_each_function(bool report, bool *changed)
{
	cgraph_node *node;
	tree saved = current_function_decl;

	FOR_EACH_FUNCTION_WITH_GIMPLE_BODY(node) {
		function *fun = DECL_STRUCT_FUNCTION(node->decl);

		if (!fun || !fun->cfg || !gimple_in_ssa_p(fun) || ctx_is_marker(node->decl))
			continue;
		if (report && !ctx_in_main_file(node->decl))
			continue;
		push_cfun(fun);
		current_function_decl = node->decl;
		if (ctx_analyse(fun, report))
			*changed = true;
		pop_cfun();
	}
	current_function_decl = saved;
}

/* Nothing per function: the summaries need every body of the unit in SSA
 * form, so everything runs in pw_lock_context_finish_unit(). */
void pw_check_lock_context(function *fun)
{
}

void pw_lock_context_finish_unit(void)
{
	bool changed = true;

	if (!ctx_unit_annotated())
		return;
	ctx_decls = new hash_map<tree, struct ctx_decl *>;
	ctx_reported = new hash_set<gimple *>;
	for (int round = 0; changed && round < CTX_ROUNDS; round++) {
		changed = false;
		ctx_for_each_function(false, &changed);
	}
	ctx_for_each_function(true, &changed);
	delete ctx_reported;
	ctx_reported = NULL;
	for (hash_map<tree, struct ctx_decl *>::iterator it = ctx_decls->begin();
	     it != ctx_decls->end(); ++it) {
		ctx_decl_free((*it).second);
	}
	delete ctx_decls;
	ctx_decls = NULL;
}
