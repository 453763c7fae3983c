// SPDX-License-Identifier: GPL-2.0
/// arch_make_page_accessible() exports a protected guest's page to the
/// host, but the guest can make it secure again at any moment unless the
/// page is marked pending I/O first: the s390 code refuses to make a page
/// secure while it has an extra reference or is under writeback.  So the
/// reference (or writeback) must be taken before the page is made
/// accessible, not after: in between, the page can become inaccessible
/// again and the I/O that follows faults (LKML, "mm/gup: fix races with
/// arch_make_page_accessible()", 2020; seeds 000 and 002).  Take the
/// reference first.
///
// Confidence: Moderate
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: arch_make_page_accessible, get_page, folio_get, s390, protected virtualization
// pageward-api: ACCESSIBLE LOCK:IO_MARK SINK
// Comments: The same rule as the pageward GCC plugin's pin-before-access,
//  on the source before cpp, and the same message.  Reported at an
//  arch_make_page_accessible() or arch_make_folio_accessible() call when
//  a path from it reaches a reference taken on the same page (get_page(),
//  folio_get(), try_get_page(), try_grab_page(), writeback set, ... the
//  REF_GET list below) before the page is made accessible again or the
//  variable is assigned anew, and either (1) some path from the function's
//  entry reaches the call without taking a reference on the page (a
//  REF_GET call, or a lookup that returns the page referenced: the
//  REF_RETURN list), or (2) a path from that late reference reaches an I/O
//  start (the SINK list) on the page: seed 000's own sequence, where the
//  lookup's reference is held but the I/O runs under the one taken late.
//  "The same page" is decided on the text, as in access-before-io: a
//  variable, its copies, page_folio(), folio_page(), &folio->page.
//  Differences from the plugin: a reference dropped (put_page()) before the
//  call is not noticed, so such a call counts as holding one; a reference
//  on the page through another route (a struct field, a helper) is not
//  seen.
//  Modes: report prints FILE:LINE:COL: warning: MESSAGE [pageward:pin-before-access]
//  (COL is 1-based and a tab advances to the next multiple of 8, the column
//  GCC prints); org prints an Org TODO; context marks the call; patch moves
//  the first late reference, when it is a statement of its own, to just
//  before the statement that makes the page accessible.  An error return
//  between the two then needs a put_page(): review the patch.

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
#include "lib/pageward.py"
import re

RULE = 'pin-before-access'


# The pageward API table (gcc-plugin/pw_api.def), the kinds this rule uses:
# ACCESSIBLE arch_make_page_accessible arch_make_folio_accessible,
# REF_GET, REF_PUT, REF_RETURN and SINK are spelled out in the rules below.
# PAGE_ALIAS: the same page, seen as a folio, head page or address.
PAGE_ALIAS = frozenset([
	'page_folio', '_compound_head', 'compound_head', 'folio_page',
	'page_address', 'lowmem_page_address', 'folio_address',
])


class PwFunc(object):
	def __init__(self):
		self.assign = {}	# variable -> [right-hand side text]

	def root(self, t, depth=0):
		"""The page T is, as text: the same for every expression of
		the same page (see the header)."""
		t = pw_norm(t)
		if depth > 8:
			return t
		while t.startswith('(') and t.endswith(')') and pw_balanced(t[1:-1]):
			t = t[1:-1].strip()
		m = CAST.match(t)
		if m and pw_balanced(m.group(4)):
			return self.root(m.group(4), depth + 1)
		m = MEMBER_PAGE.match(t)
		if m:
			return self.root(m.group(1), depth + 1)
		m = CALL.match(t)
		if m and m.group(1) in PAGE_ALIAS and pw_balanced(m.group(2)):
			return self.root(pw_args(m.group(2))[0], depth + 1)
		m = INDEX.match(t)
		if m and pw_balanced(m.group(1)) and pw_balanced(m.group(2)):
			return self.root(m.group(1), depth + 1) + '[]'
		if t.startswith('&') and not t.startswith('&&'):
			return self.root(t[1:], depth + 1)
		if t.startswith('*'):
			return self.root(t[1:], depth + 1)
		if re.match(r'^\w+$', t) and t in self.assign:
			roots = set(self.root(r, depth + 1) for r in self.assign[t])
			if len(roots) == 1:
				return roots.pop()
		return t

	def same(self, a, b):
		return self.root(a) == self.root(b)


pw_accs = {}	# position of an accessible call -> its page argument
pw_late = {}	# position of an accessible call -> lines of late references
pw_notheld = set()	# accessible calls some path reaches with no reference
pw_io_refs = set()	# late references an I/O start follows
pw_fix_refs = set()	# the late reference each patch moves
pw_acc_of = {}		# late reference -> the accessible call it follows


def pw_same_page(x, p):
	"""Is X the page the accessible call at P is given?"""
	return pw_func(p).same(x, pw_accs[pw_key(p)])


def pw_same_page_as_ref(x, p):
	"""Is X the page of the accessible call the reference at P follows?"""
	return pw_func(p).same(x, pw_accs[pw_acc_of[pw_key(p)]])


def pw_flagged(p):
	"""Is the accessible call at P a finding?"""
	k = pw_key(p)
	if k not in pw_late:
		return False
	return k in pw_notheld or any(r in pw_io_refs for r in pw_late[k])


def pw_message(p):
	k = pw_key(p)
	first = min(pw_late[k], key=lambda r: (int(r[1]), int(r[2])))
	page = pw_norm(pw_accs[k])
	if k in pw_notheld:
		fmt = "%s(): %s runs while this function holds no reference or " \
		      "writeback mark on the page, which it takes only at line %s: " \
		      "take the reference first, or '%s' can be made inaccessible " \
		      "again before it is marked"
	else:
		fmt = "%s(): %s runs before the reference taken for the I/O at " \
		      "line %s: take the reference first, or '%s' can be made " \
		      "inaccessible again before the I/O starts"
	return fmt % (p[0].current_element, pw_call_text(p), first[1], page)

// ---------------------------------------------------------------------------
// The calls that make a page accessible (a file without one has nothing to
// report: scripts/cocci-run.sh gives spatch only the files that name one),
// copies and aliases of pages.

@acc@
identifier ACC = {arch_make_page_accessible, arch_make_folio_accessible};
expression P;
position pa;
@@

ACC@pa(P)

@script:python@
P << acc.P;
pa << acc.pa;
@@

pw_accs[pw_key(pa)] = P

@asg depends on acc@
identifier v;
expression E;
position p, pe;
@@

v@p = E@pe

@script:python@
v << asg.v;
pe << asg.pe;
p << asg.p;
@@

pw_func(p).assign.setdefault(v, []).append(pw_src_text(pe))

// ---------------------------------------------------------------------------
// A reference on the same page taken after the call, before the page is
// made accessible again or the variable given another page.

@late exists@
identifier ACC = {arch_make_page_accessible, arch_make_folio_accessible};
identifier REF = {get_page, folio_get, try_get_page, folio_try_get,
	folio_try_get_rcu, get_page_unless_zero, try_grab_page, try_grab_folio,
	page_ref_inc, folio_ref_inc, folio_ref_add, folio_test_set_writeback,
	TestSetPageWriteback, folio_start_writeback, __folio_start_writeback,
	set_page_writeback};
identifier v;
expression E;
position acc.pa, pr;
expression X : script:python (pa) { pw_same_page(X, pa) };
expression Y : script:python (pa) { pw_same_page(Y, pa) };
@@

ACC@pa(...)
... when != ACC(X)
    when != v = E
REF@pr(Y, ...)

@script:python@
pa << acc.pa;
pr << late.pr;
@@

pw_late.setdefault(pw_key(pa), set()).add(pw_key(pr))
pw_acc_of[pw_key(pr)] = pw_key(pa)

// ---------------------------------------------------------------------------
// Is a reference held at the call on every path?  Not when some path from
// the function's entry, or from a put of the page, reaches it without a
// reference taken or returned on the page.

@nohold exists@
identifier REF = {get_page, folio_get, try_get_page, folio_try_get,
	folio_try_get_rcu, get_page_unless_zero, try_grab_page, try_grab_folio,
	page_ref_inc, folio_ref_inc, folio_ref_add, folio_test_set_writeback,
	TestSetPageWriteback, folio_start_writeback, __folio_start_writeback,
	set_page_writeback};
identifier RET = {find_get_page, find_lock_page, find_or_create_page,
	pagecache_get_page, grab_cache_page, filemap_get_folio,
	filemap_lock_folio, __filemap_get_folio, read_mapping_page,
	read_mapping_folio, read_cache_page, read_cache_folio, follow_page};
identifier fn, ACC;
position acc.pa, pn;
expression Y : script:python (pa) { pw_same_page(Y, pa) };
expression Z : script:python (pa) { pw_same_page(Z, pa) };
@@

fn(...) {
... when != REF(Y, ...)
    when != Z = RET(...)
ACC@pa@pn(...)
... when any
}

@script:python@
pn << nohold.pn;
@@

pw_notheld.add(pw_key(pn))

@dropped exists@
identifier REF = {get_page, folio_get, try_get_page, folio_try_get,
	folio_try_get_rcu, get_page_unless_zero, try_grab_page, try_grab_folio,
	page_ref_inc, folio_ref_inc, folio_ref_add, folio_test_set_writeback,
	TestSetPageWriteback, folio_start_writeback, __folio_start_writeback,
	set_page_writeback};
identifier PUT = {put_page, folio_put, folio_put_refs, unpin_user_page,
	gup_put_folio, folio_end_writeback, end_page_writeback};
identifier RET = {find_get_page, find_lock_page, find_or_create_page,
	pagecache_get_page, grab_cache_page, filemap_get_folio,
	filemap_lock_folio, __filemap_get_folio, read_mapping_page,
	read_mapping_folio, read_cache_page, read_cache_folio, follow_page};
identifier ACC;
position acc.pa, pn;
expression W : script:python (pa) { pw_same_page(W, pa) };
expression Y : script:python (pa) { pw_same_page(Y, pa) };
expression Z : script:python (pa) { pw_same_page(Z, pa) };
@@

PUT(W, ...)
... when != REF(Y, ...)
    when != Z = RET(...)
ACC@pa@pn(...)

@script:python@
pn << dropped.pn;
@@

pw_notheld.add(pw_key(pn))

// ---------------------------------------------------------------------------
// Does an I/O start on the page follow the late reference?

@io exists@
identifier ACC = {arch_make_page_accessible, arch_make_folio_accessible};
identifier SK = {dma_map_page, dma_map_page_attrs, dma_map_single,
	dma_map_single_attrs, sg_set_page, sg_set_folio, bio_add_page,
	__bio_add_page, bio_add_folio, bio_add_folio_nofail,
	bio_add_zone_append_page, bio_add_pc_page, skb_fill_page_desc,
	__skb_fill_page_desc, skb_fill_page_desc_noacc, skb_add_rx_frag};
identifier REF;
position late.pr, pi;
expression X : script:python (pr) { pw_same_page_as_ref(X, pr) };
expression S : script:python (pr) { pw_same_page_as_ref(S, pr) };
@@

REF@pr@pi(...)
... when != ACC(X)
SK(..., S, ...)

@script:python@
pi << io.pi;
@@

pw_io_refs.add(pw_key(pi))

// ---------------------------------------------------------------------------
// Findings: each flagged call once.

@flag depends on late@
identifier ACC = {arch_make_page_accessible, arch_make_folio_accessible};
position pf : script:python () { pw_flagged(pf) };
@@

ACC@pf(...)

@depends on context@
identifier ACC;
position flag.pf;
@@

* ACC@pf(...)

@script:python depends on org@
pf << flag.pf;
@@

pw_emit_org(pf, pw_message(pf), RULE)

@script:python depends on report@
pf << flag.pf;
@@

pw_emit_report(pf, pw_message(pf), RULE)

// ---------------------------------------------------------------------------
// The fix: the first late reference, a statement of its own, moves to just
// before the statement that makes the page accessible.

@script:python depends on patch@
pf << flag.pf;
@@

k = pw_key(pf)
pw_fix_refs.add(min(pw_late[k], key=lambda r: (int(r[1]), int(r[2]))))

@depends on patch@
identifier ACC, REF;
expression Y, E;
statement S1, S2;
position flag.pf;
position pm : script:python () { pw_key(pm) in pw_fix_refs };
@@

(
+ REF(Y);
  if (<+... ACC@pf(...) ...+>) S1 else S2
|
+ REF(Y);
  if (<+... ACC@pf(...) ...+>) S1
|
+ REF(Y);
  E = ACC@pf(...);
|
+ REF(Y);
  ACC@pf(...);
)
  ...
- REF@pm(Y);
