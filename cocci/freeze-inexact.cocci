// SPDX-License-Identifier: GPL-2.0
/// page_ref_freeze(page, count) and folio_ref_freeze(folio, count) set the
/// refcount to zero only if it equals count.  That notices the references
/// taken before the freeze, but it does not stop a holder of an existing
/// reference from taking a new one afterwards.  When count is computed from
/// page state that other holders change (mapcount, mapping, private, swap
/// cache: expected_page_refs() in arch/s390/kernel/uv.c), a reference that
/// the count happens to include goes unnoticed, and the frozen page can be
/// looked up and pinned again (LKML, "fs/splice: add missing callback for
/// inaccessible pages", 2020).  Such a freeze is safe only if something stops
/// new references: the page is removed or replaced in its page-cache or
/// swap-cache xarray under the xarray lock held across the freeze
/// (mm/migrate.c), or every mapping was removed first (try_to_unmap(),
/// try_to_migrate(), unmap_folio()).  Freeze against an exact count, or add
/// one of these mechanisms.
///
// Confidence: Moderate
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: page_ref_freeze, folio_ref_freeze, refcount, page cache, xarray
// pageward-api: FREEZE SIZE_HELPER PAGE_STATE UNMAP XA_REMOVE
// Comments: The same rule as the pageward GCC plugin's freeze-inexact, on
//  the source before cpp, and the same message.  A count is reported only
//  when page state is seen in it: a call to a page-state reader, a read of
//  a field of a struct page/folio variable, a call to a function defined in
//  the same file whose body (or a function of the file that it calls) calls
//  a page-state reader, or a call to a function that is not defined in the
//  file and is given a page or folio; directly in the count, or through
//  local variables whose assignment reaches the freeze (also through a
//  ternary, compound assignments, an out-parameter "f(..., &v)", and an
//  "if" without "else" that adjusts the variable under a page-state
//  condition).  Constants, page-size helpers and parameters are exact or
//  the caller's: never reported.  The freeze is then quiet if every path
//  from the function's entry to it unmaps a page or takes the xarray lock
//  (an anonymous folio has no mapping, so no xarray lock: a lock on the
//  file path does not cover it), and the same page or folio (through
//  page_folio(), &folio->page, folio_page() and local copies of these) is
//  unmapped on some path before it, or on some path the xarray lock is
//  taken, not dropped before the freeze, and an entry is removed or
//  replaced after it.
//  Known false negatives, which the plugin finds: a count chosen by page
//  state in both arms of an if/else ("if (PageSwapCache(p)) n = 3; else
//  n = 2;"); a condition that itself only uses a variable set from page
//  state two steps away; fields of expressions whose type Coccinelle cannot see without
//  the headers (--no-includes); counts that go through globals, struct
//  fields, pointers, or arguments of functions that are not followed.
//  Known false positives: a static inline helper from a header that is
//  given the page (folio_test_large(folio)) counts as "not defined in the
//  file", while the plugin reads its body; a same-file helper that reads
//  page state for another purpose than its result.  The message names the
//  first one or two page-state readers in source order, like the plugin.
//  Modes: report prints FILE:LINE:COL: warning: MESSAGE [pageward:freeze-inexact]
//  (COL is 1-based and a tab advances to the next multiple of 8, the
//  column GCC prints); org prints a TODO per
//  finding with links to where page state enters the count and to the
//  xarray lock; context marks the freeze; patch proposes nothing (which
//  mechanism is right is a design decision).  PAGEWARD_DEBUG=1 in the
//  environment prints on stderr why each quiet freeze is quiet.
virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
#include "lib/pageward.py"
import os
import sys

# The pageward API table (gcc-plugin/pw_api.def), the kinds this rule uses.
# tests/api-sync.sh checks that every name there appears in this file.
FREEZE = frozenset([
	'page_ref_freeze', 'folio_ref_freeze',
])
UNFREEZE = frozenset([
	'page_ref_unfreeze', 'folio_ref_unfreeze',
])
# Counts fixed by the size of the page or folio: exact.
SIZE_HELPER = frozenset([
	'folio_nr_pages', 'compound_nr', 'thp_nr_pages', 'hpage_nr_pages',
	'folio_order', 'compound_order', 'folio_size', 'page_size',
	'folio_shift', 'thp_order', 'thp_size',
])
# Page state that other holders change.
PAGE_STATE = frozenset([
	'folio_mapcount', 'folio_large_mapcount', 'page_mapcount',
	'total_mapcount', 'folio_mapped', 'page_mapped', 'folio_mapping',
	'page_mapping', 'folio_file_mapping', 'folio_test_swapcache',
	'PageSwapCache', 'folio_test_private', 'folio_test_private_2',
	'PagePrivate', 'PagePrivate2', 'folio_has_private', 'page_has_private',
	'folio_get_private', 'page_private', 'folio_test_anon', 'PageAnon',
	'folio_ref_count', 'page_ref_count', 'page_count',
	'folio_expected_ref_count', 'folio_maybe_dma_pinned',
	'page_maybe_dma_pinned',
])
# Removing every page-table mapping of the folio argument.
UNMAP = frozenset([
	'try_to_unmap', 'try_to_migrate', 'unmap_folio', 'unmap_page',
])
# Removing or replacing an entry of a page-cache or swap-cache xarray.
XA_REMOVE = frozenset([
	'xas_store', 'xas_split', 'xa_store', '__xa_store', 'xa_erase',
	'__xa_erase', '__filemap_remove_folio', '__delete_from_page_cache',
	'page_cache_delete', '__delete_from_swap_cache',
	'delete_from_swap_cache', 'replace_page_cache_folio',
	'replace_page_cache_page',
])
# Taking and dropping the xarray lock (the macros, as the source spells
# them; spin_lock*() on a ->xa_lock is matched by its own pattern below).
XA_LOCK = frozenset([
	'xas_lock', 'xas_lock_irq', 'xas_lock_irqsave', 'xas_lock_bh',
	'xa_lock', 'xa_lock_irq', 'xa_lock_irqsave', 'xa_lock_bh',
])
XA_UNLOCK = frozenset([
	'xas_unlock', 'xas_unlock_irq', 'xas_unlock_irqrestore',
	'xas_unlock_bh', 'xa_unlock', 'xa_unlock_irq',
	'xa_unlock_irqrestore', 'xa_unlock_bh',
])
SPIN_LOCK = frozenset([
	'spin_lock', 'spin_lock_irq', 'spin_lock_irqsave', 'spin_lock_bh',
	'spin_lock_nested',
])
SPIN_UNLOCK = frozenset([
	'spin_unlock', 'spin_unlock_irq', 'spin_unlock_irqrestore',
	'spin_unlock_bh',
])
# Relating a page to its folio, and passing a value through.
PAGE_ALIAS = frozenset([
	'page_folio', '_compound_head', 'compound_head', 'folio_page',
])
VALUE_ALIAS = frozenset([
	'__builtin_expect', '__builtin_expect_with_probability',
])
# ... and the macros that expand to them, which the plugin never sees.
VALUE_ALIAS |= frozenset(['likely', 'unlikely', 'READ_ONCE'])
# Given a page but not a source of "page state" in the count.
NOT_A_COUNT = FREEZE | UNFREEZE | SIZE_HELPER | PAGE_STATE | UNMAP | \
	XA_REMOVE | PAGE_ALIAS | VALUE_ALIAS

# Calls whose arguments are not looked into: they decide on their own.
DECIDES = NOT_A_COUNT - FREEZE - VALUE_ALIAS

RULE = 'freeze-inexact'


class PwFile(PwSourceFile):
	"""What the rules below learn about the file being checked."""

	def __init__(self, name):
		PwSourceFile.__init__(self, name)
		self.freezes = {}	# freeze position -> dict
		self.frz_fns = set()	# functions with a freeze
		self.ids = []		# (function, pos, name): identifiers there
		self.wanted = None	# variables a count may depend on
		self.defined = set()	# functions defined in the file
		self.readers = {}	# function -> [(pos, page-state reader)]
		self.callees = {}	# function -> [(pos, same-file callee)]
		self.atoms = []		# (function, pos, kind, data)
		self.neutral = []	# (function, range): size-helper args, &x
		self.pcalls = {}	# call position -> first page/folio argument
		self.defs = {}		# def position -> dict
		self.reach = {}		# use position -> set of def positions
		self.alias = {}		# function -> [(x, y)]
		self.unmaps = {}	# freeze position -> [unmapped expression]
		self.xa_locked = {}	# freezes under the xarray lock -> lock
		self.xa_safe = set()	# ... and the page removed after
		self.unguarded = set()	# freezes some path reaches with neither
		self.findings = {}	# freeze position -> (message, notes)


def pw_fn(p):
	return p[0].current_element


def pw_in_frz_fn(p):
	"""Script constraint: is p in a function that freezes?"""
	return pw_cur is not None and pw_cur.name == p[0].file and \
		p[0].current_element in pw_cur.frz_fns


def pw_wanted(f):
	"""The local variables, by name, that a count may depend on: those
	used in a count, and in turn those used to define them."""
	if f.wanted is not None:
		return f.wanted
	todo = [(F['fn'], F['count']) for F in f.freezes.values()]
	seen = set()
	f.wanted = set()
	while todo:
		(fn, rng) = todo.pop()
		for (ifn, pos, name) in f.ids:
			if ifn != fn or not pw_inside(pos, rng) or \
			   (fn, name) in seen or pw_is_neutral(f, fn, pos):
				continue
			seen.add((fn, name))
			f.wanted.add((fn, name))
			for D in f.defs.values():
				if D['fn'] != fn or D.get('var') != name:
					continue
				if D.get('rhs'):
					todo.append((fn, D['rhs']))
				for c in D.get('conds', []):
					todo.append((fn, c))
	return f.wanted


def pw_is_wanted(v):
	"""Script constraint: might a variable named v matter for a count?"""
	return pw_cur is not None and \
		any(name == v for (fn, name) in pw_wanted(pw_cur))


def pw_is_wanted_at(p):
	"""Script constraint: is p in a function where its variable matters?"""
	return pw_in_frz_fn(p) and \
		(pw_fn(p), pw_cur.text(*pw_range(p))) in pw_wanted(pw_cur)


def pw_inside(pos, rng):
	return rng[0] <= pos < rng[1]


def pw_is_neutral(f, fn, pos):
	for (nfn, rng) in f.neutral:
		if nfn == fn and pw_inside(pos, rng):
			return True
	return False


def pw_body_readers(f, g, depth=0, found=None):
	"""The page-state readers g's body calls, directly or through one
	more function defined in the file, in source order."""
	if found is None:
		found = []
	if depth > 1 or g not in f.defined:
		return found
	events = [(pos, 'r', name) for (pos, name) in f.readers.get(g, [])]
	events += [(pos, 'c', name) for (pos, name) in f.callees.get(g, [])]
	for (pos, kind, name) in sorted(events):
		if len(found) >= 2:
			break
		if kind == 'r':
			if name not in found:
				found.append(name)
		elif name != g and name not in SIZE_HELPER and name not in PAGE_STATE:
			pw_body_readers(f, name, depth + 1, found)
	return found[:2]


def pw_counts(readers):
	return ' and '.join('%s()' % r for r in readers)


def pw_call_reason(f, name, pos, out=None):
	"""Why a call makes the count inexact, or None (plugin: pw_count_call)."""
	if out is None and (name in SIZE_HELPER or name in VALUE_ALIAS):
		return None
	if name in PAGE_STATE:
		return '%s()' % name
	readers = pw_body_readers(f, name)
	if readers:
		if out is not None:
			return "'%s' is set by %s(), which counts %s" % \
				(out, name, pw_counts(readers))
		return '%s() counts %s' % (name, pw_counts(readers))
	if name in f.defined or name in NOT_A_COUNT:
		return None	# a body without page state, or not a count
	if pos in f.pcalls:	# no body here: computed elsewhere from a page
		return '%s(%s), which is not a page-size helper' % \
			(name, f.pcalls[pos][1])
	return None


def pw_atoms_in(f, fn, rng):
	"""The page state read directly in the source range, in order."""
	res = []
	for (afn, pos, kind, data) in f.atoms:
		if afn != fn or not pw_inside(pos, rng) or \
		   pw_is_neutral(f, fn, pos):
			continue
		if kind == 'call':
			why = pw_call_reason(f, data, pos)
		else:
			why = data
		if why:
			res.append((pos, why))
	return sorted(res)


def pw_taint_range(f, fn, rng, seen):
	"""(where, what) page state enters the value of the source range,
	or None: its own page-state reads first, then the definitions of
	the local variables it uses that reach it."""
	atoms = pw_atoms_in(f, fn, rng)
	if atoms:
		return atoms[0]
	for u in sorted(f.reach):
		if not pw_inside(u, rng) or pw_is_neutral(f, fn, u):
			continue
		for d in sorted(f.reach[u]):
			origin = pw_taint_def(f, fn, d, seen)
			if origin:
				return origin
	return None


def pw_taint_def(f, fn, d, seen):
	if d in seen or d not in f.defs:
		return None
	seen.add(d)
	D = f.defs[d]
	if D['fn'] != fn:
		return None
	if D.get('rhs'):
		origin = pw_taint_range(f, fn, D['rhs'], seen)
		if origin:
			return origin
	if D.get('out'):
		(name, pos) = D['out']
		why = pw_call_reason(f, name, pos, D['var'])
		if why:
			return (pos, why)
	for c in D.get('conds', []):
		origin = pw_taint_range(f, fn, c, seen)
		if origin:
			return origin
	return None


def pw_strip_page(s):
	"""A page/folio expression's text without the conversions that keep
	it the same page: page_folio(x), &x->page, (struct page *)x ..."""
	s = ''.join(s.split())
	for _ in range(8):
		t = s
		while t.startswith('(') and t.endswith(')'):
			depth = 0
			for i, ch in enumerate(t):
				depth += ch == '('
				depth -= ch == ')'
				if depth == 0 and i < len(t) - 1:
					break
			else:
				t = t[1:-1]
				continue
			break
		for a in PAGE_ALIAS:
			if t.startswith(a + '(') and t.endswith(')'):
				t = t[len(a) + 1:-1]
				if a == 'folio_page':
					t = t.split(',')[0]
		if t.startswith('&') and t.endswith('->page'):
			t = t[1:-len('->page')]
		for ty in ('(structpage*)', '(structfolio*)'):
			if t.startswith(ty):
				t = t[len(ty):]
		if t == s:
			break
		s = t
	return s


def pw_root(f, fn, s):
	s = pw_strip_page(s)
	seen = set()
	while s not in seen:
		seen.add(s)
		for (x, y) in f.alias.get(fn, []):
			if x == s:
				s = pw_strip_page(y)
				break
		else:
			break
	return s


def pw_same_page(f, fn, a, b):
	ra, rb = pw_root(f, fn, a), pw_root(f, fn, b)
	if ra == rb:
		return True
	# both aliases of one root, in either direction
	for (x, y) in f.alias.get(fn, []):
		if pw_root(f, fn, x) in (ra, rb) and pw_root(f, fn, y) in (ra, rb):
			return True
	return False


def pw_verdict(f, p):
	"""(message, notes) for a finding at p, or (None, why it is quiet);
	notes are [(pos, text)] for the places the finding relates to."""
	F = f.freezes.get(pw_start(p))
	if F is None:
		return (None, 'not a freeze')
	fn = F['fn']
	origin = pw_taint_range(f, fn, F['count'], set())
	if not origin:	# exact, a parameter, or nothing we can see
		return (None, 'no page state seen in the count')
	(where, why) = origin
	notes = [(where, 'the count depends on page state here: %s' % why)]
	# a mechanism counts only when every path to the freeze has one: an
	# anonymous folio has no mapping, so no xarray lock (the plugin's
	# must-analysis)
	if F['pos'] in f.unguarded:
		tail = 'the page is neither removed from its xarray under the ' \
		       'lock nor unmapped before the freeze'
		return ("%s(): %s(%s, %s) freezes '%s' against a count that depends "
			"on page state (%s), and nothing stops new references: %s" %
			(fn, F['freeze'], F['page'], F['count_text'], F['page'], why,
			 tail), notes)
	for a in f.unmaps.get(F['pos'], []):
		if pw_same_page(f, fn, a, F['page']):
			return (None, '%s: unmapped first (%s)' % (why, a))
	if F['pos'] in f.xa_safe:
		return (None, '%s: removed from the xarray under its lock' % why)
	if F['pos'] in f.xa_locked:
		tail = 'the xarray lock is held, but the page is not removed ' \
		       'or replaced in the xarray before it is unfrozen'
		notes.append((f.xa_locked[F['pos']], 'the xarray lock taken '
			      'here is still held at the freeze'))
	else:
		tail = 'the page is neither removed from its xarray under the ' \
		       'lock nor unmapped before the freeze'
	return ("%s(): %s(%s, %s) freezes '%s' against a count that depends "
		"on page state (%s), and nothing stops new references: %s" %
		(fn, F['freeze'], F['page'], F['count_text'], F['page'], why,
		 tail), notes)


class PwPos(object):
	"""A position for coccilib.org, from a (line, column) pair."""

	def __init__(self, f, pos):
		self.file = f.name
		self.line = pos[0]
		self.column = pos[1]
		self.column_end = pos[1] + 1


# PAGEWARD_DEBUG=1 in the environment: say on stderr why a freeze is quiet.
PW_DEBUG = bool(os.environ.get('PAGEWARD_DEBUG'))

// ---------------------------------------------------------------------------
// The freezes.

@frz depends on context || org || report@
identifier FRZ = {page_ref_freeze, folio_ref_freeze};
expression P, E;
position p, pp, pe;
@@

FRZ@p(P@pp, E@pe)

@script:python depends on frz@
p << frz.p;
pp << frz.pp;
pe << frz.pe;
@@

f = pw_file(p)
pos = pw_start(p)
f.frz_fns.add(pw_fn(p))
f.freezes[pos] = {
	'pos': pos,
	'fn': pw_fn(p),
	'freeze': f.text(*pw_range(p)),
	'page': f.text(*pw_range(pp)),
	'count': pw_range(pe),
	'count_text': f.text(*pw_range(pe)),
}

// ---------------------------------------------------------------------------
// Page state, where it is read: readers, fields, functions of the file.

@fdef depends on frz@
identifier g;
position q;
@@

g@q(...) { ... }

@script:python@
q << fdef.q;
@@

pw_file(q).defined.add(pw_fn(q))

@psread depends on frz@
identifier PS : script:python () { PS in PAGE_STATE };
position q;
@@

PS@q(...)

@script:python@
q << psread.q;
@@

f = pw_file(q)
name = f.text(*pw_range(q))
f.readers.setdefault(pw_fn(q), []).append((pw_start(q), name))
f.atoms.append((pw_fn(q), pw_start(q), 'state', name + '()'))

@pgfield depends on frz@
{struct page *, struct folio *} X;
identifier fld;
position q, qf;
@@

X@q->fld@qf

@script:python@
q << pgfield.q;
qf << pgfield.qf;
@@

f = pw_file(q)
f.atoms.append((pw_fn(q), pw_start(q), 'field',
		f.text(pw_start(q), pw_range(qf)[1])))

@fcall depends on frz@
identifier g : script:python () { pw_cur is not None and g in pw_cur.defined };
position q;
@@

g@q(...)

@script:python@
q << fcall.q;
@@

f = pw_file(q)
name = f.text(*pw_range(q))
f.callees.setdefault(pw_fn(q), []).append((pw_start(q), name))
f.atoms.append((pw_fn(q), pw_start(q), 'call', name))

@pgcall depends on frz@
identifier h;
{struct page *, struct folio *} A;
position q, qa;
@@

h@q(..., A@qa, ...)

@script:python@
q << pgcall.q;
qa << pgcall.qa;
@@

f = pw_file(q)
pos = pw_start(q)
if pos not in f.pcalls:
	name = f.text(*pw_range(q))
	if name not in f.defined:
		f.atoms.append((pw_fn(q), pos, 'call', name))
# the message names the first page/folio argument
if pos not in f.pcalls or pw_start(qa) < f.pcalls[pos][0]:
	f.pcalls[pos] = (pw_start(qa), f.text(*pw_range(qa)))

// What is given to a call that decides on its own (a page-size helper, a
// page-state reader, a function of this file, a function given a page) is
// not looked into; neither are addresses and sizeof.
@neutral depends on frz@
identifier h;
expression list es;
position q, qa : script:python () { pw_in_frz_fn(qa) };
@@

h@q(es@qa)

@script:python@
q << neutral.q;
qa << neutral.qa;
@@

f = pw_file(q)
name = f.text(*pw_range(q))
if name in FREEZE or name in VALUE_ALIAS:
	pass
elif name in DECIDES or name in f.defined or pw_start(q) in f.pcalls:
	f.neutral.append((pw_fn(q), pw_range(qa)))

@neutral2 depends on frz@
expression A;
position qa : script:python () { pw_in_frz_fn(qa) };
@@

(
 &A@qa
|
 sizeof(A@qa)
)

@script:python@
qa << neutral2.qa;
@@

pw_file(qa).neutral.append((pw_fn(qa), pw_range(qa)))

// ---------------------------------------------------------------------------
// Local variables: their definitions, and which uses each one reaches.

@ids depends on frz@
identifier w;
position u : script:python () { pw_in_frz_fn(u) };
@@

w@u

@script:python@
u << ids.u;
w << ids.w;
@@

pw_file(u).ids.append((pw_fn(u), pw_start(u), w))

@asg depends on frz@
identifier v;
expression R;
assignment operator aop;
position d : script:python () { pw_in_frz_fn(d) };
position r;
@@

v@d aop R@r

@script:python@
d << asg.d;
r << asg.r;
@@

f = pw_file(d)
D = f.defs.setdefault(pw_start(d), {'fn': pw_fn(d), 'conds': []})
D['var'] = f.text(*pw_range(d))
D['rhs'] = pw_range(r)

// A count adjusted under a page-state condition: if (folio->private) n++;
// With an else arm (if/else choosing between constants) Coccinelle would
// have to relate the two arms: left to the plugin.
@cdef depends on frz disable drop_else@
identifier v : script:python () { pw_is_wanted(v) };
expression C, R;
assignment operator aop;
position d;
position c : script:python () { pw_in_frz_fn(c) };
@@

(
 if (C@c) { <+... \(v@d aop R\|v@d++\|++v@d\|v@d--\|--v@d\) ...+> }
|
 if (C@c) \(v@d aop R;\|v@d++;\|++v@d;\|v@d--;\|--v@d;\)
)

@script:python@
d << cdef.d;
c << cdef.c;
@@

f = pw_file(d)
D = f.defs.setdefault(pw_start(d), {'fn': pw_fn(d), 'conds': []})
D['var'] = f.text(*pw_range(d))
D['conds'].append(pw_range(c))
f.wanted = None		# the condition's variables may matter too

// An out-parameter: can_split_folio(folio, 1, &extra_pins).
@outp depends on frz@
identifier S, v;
position d : script:python () { pw_in_frz_fn(d) };
position s;
@@

S@s(..., &v@d, ...)

@script:python@
d << outp.d;
s << outp.s;
@@

f = pw_file(d)
D = f.defs.setdefault(pw_start(d), {'fn': pw_fn(d), 'conds': []})
D['var'] = f.text(*pw_range(d))
D['out'] = (f.text(*pw_range(s)), pw_start(s))

@reach depends on frz exists@
identifier v : script:python () { pw_is_wanted(v) };
expression R, R2;
assignment operator aop;
position d : script:python () { pw_is_wanted_at(d) };
position u;
@@

(
 v@d aop R
|
 v@d++
|
 ++v@d
|
 v@d--
|
 --v@d
|
 &v@d
)
 ... when != v = R2
     when any
 v@u

@script:python@
d << reach.d;
u << reach.u;
@@

f = pw_file(d)
if pw_start(u) != pw_start(d):
	f.reach.setdefault(pw_start(u), set()).add(pw_start(d))

// ---------------------------------------------------------------------------
// What stops new references.

@alias depends on frz@
identifier x, y;
identifier AL : script:python () { AL in PAGE_ALIAS };
type T;
position d, r;
@@

(
 x@d = AL(y@r, ...)
|
 x@d = &y@r->page
|
 x@d = (T)y@r
)

@script:python@
d << alias.d;
r << alias.r;
@@

f = pw_file(d)
f.alias.setdefault(pw_fn(d), []).append(
	(f.text(*pw_range(d)), f.text(*pw_range(r))))

@unmapped depends on frz exists@
identifier U : script:python () { U in UNMAP };
identifier FRZ;
expression A;
position frz.p, q, qa;
@@

U(A@qa, ...)
... when any
FRZ@p@q(...)

@script:python@
p << unmapped.q;
qa << unmapped.qa;
@@

f = pw_file(p)
f.unmaps.setdefault(pw_start(p), []).append(f.text(*pw_range(qa)))

@xalocked depends on frz exists@
identifier LK : script:python () { LK in XA_LOCK };
identifier UL : script:python () { UL in XA_UNLOCK };
identifier SL : script:python () { SL in SPIN_LOCK };
identifier SU : script:python () { SU in SPIN_UNLOCK };
identifier FRZ;
expression L, L2;
position frz.p, q, pl;
@@

(
 LK@pl(...)
|
 SL@pl(&L->xa_lock, ...)
|
 SL@pl(&L.xa_lock, ...)
)
 ... when != UL(...)
     when != SU(&L2->xa_lock, ...)
     when != SU(&L2.xa_lock, ...)
 FRZ@p@q(...)

@script:python@
p << xalocked.q;
pl << xalocked.pl;
@@

pw_file(p).xa_locked.setdefault(pw_start(p), pw_start(pl))

@xasafe depends on xalocked exists@
identifier LK : script:python () { LK in XA_LOCK };
identifier UL : script:python () { UL in XA_UNLOCK };
identifier SL : script:python () { SL in SPIN_LOCK };
identifier SU : script:python () { SU in SPIN_UNLOCK };
identifier RM : script:python () { RM in XA_REMOVE };
identifier FRZ;
expression L, L2;
position frz.p, q;
@@

(
 LK(...)
|
 SL(&L->xa_lock, ...)
|
 SL(&L.xa_lock, ...)
)
 ... when != UL(...)
     when != SU(&L2->xa_lock, ...)
     when != SU(&L2.xa_lock, ...)
 FRZ@p@q(...)
 ... when any
 RM(...)

@script:python@
p << xasafe.q;
@@

pw_file(p).xa_safe.add(pw_start(p))

// A path from the function's entry to the freeze with no unmap and no
// xarray lock taken: the mechanism of another path does not cover it.
@unguarded depends on frz exists@
identifier fn, FRZ;
identifier U : script:python () { U in UNMAP };
identifier LK : script:python () { LK in XA_LOCK };
identifier SL : script:python () { SL in SPIN_LOCK };
expression L;
position frz.p, q;
@@

fn(...) {
 ... when != U(...)
     when != LK(...)
     when != SL(&L->xa_lock, ...)
     when != SL(&L.xa_lock, ...)
 FRZ@p@q(...)
 ... when any
}

@script:python@
p << unguarded.q;
@@

pw_file(p).unguarded.add(pw_start(p))

// ---------------------------------------------------------------------------
// The findings: every freeze that is not one is dropped here.

@script:python pick depends on frz@
p << frz.p;
@@

f = pw_file(p)
(msg, notes) = pw_verdict(f, p)
if msg:
	f.findings[pw_start(p)] = (msg, notes)
else:
	if PW_DEBUG:
		sys.stderr.write('%s:%s:%d: pageward: %s: quiet: %s\n' % (
			p[0].file, p[0].line, pw_column(p), RULE, notes))
	cocci.include_match(False)

@depends on context@
identifier FRZ;
position frz.p;
@@

* FRZ@p(...)

@script:python depends on org@
p << frz.p;
@@

f = pw_file(p)
(msg, notes) = f.findings[pw_start(p)]
pw_emit_org(p, msg, RULE)
for (pos, text) in notes:
	cocci.print_secs(text, [PwPos(f, pos)])

@script:python depends on report@
p << frz.p;
@@

f = pw_file(p)
pw_emit_report(p, f.findings[pw_start(p)][0], RULE)

// No fix: whether to freeze against an exact count, take the xarray lock and
// remove the page, or unmap it first is a design decision.  This rule never
// matches; it only lets "make coccicheck MODE=patch" run without an error.
@depends on patch@
identifier FRZ = {page_ref_freeze, folio_ref_freeze};
position p : script:python () { False };
@@

- FRZ@p(...);
