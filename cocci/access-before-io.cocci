// SPDX-License-Identifier: GPL-2.0
/// On s390, a page of a protected guest is inaccessible to the host and to
/// devices until arch_make_page_accessible() exports it.  I/O started on
/// such a page faults or reads garbage.  Every path that starts I/O on a
/// page that may belong to a guest (a page-cache page, a page of a user
/// mapping, a pipe buffer's page) must, after marking the page pending I/O
/// (a reference, or writeback), call arch_make_page_accessible() or
/// arch_make_folio_accessible() and only then start the I/O (LKML,
/// "s390/mm: make page accessible before I/O", 2020; seeds 000 and 002).
///
// Confidence: Moderate
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: arch_make_page_accessible, protected virtualization, s390, DMA, bio
// pageward-api: SOURCE SINK ACCESSIBLE WRITEBACK_START CPU_ACCESS PAGE_ALIAS LOCK:UNSHARED FIELD:SOURCE
// Comments: The same rule as the pageward GCC plugin's access-before-io,
//  on the source before cpp, and the same message.  Reported: a call that
//  starts I/O (the sinks below) on a page whose value comes, in the same
//  function, from a source below, when some path from the function's entry
//  to the call passes no arch_make_page_accessible(),
//  arch_make_folio_accessible() or writeback start on the same page.  A
//  pipe buffer's page is not reported inside the branch where a steal of
//  its buffer (pipe_buf_try_steal()) succeeded, or after a failed steal
//  returned: nobody else holds it (a stored or combined result is not
//  followed, and the I/O is reported).  "The same page" is decided on the
//  text: a variable, its copies, page_folio(), folio_page(), &folio->page,
//  page_address() of it, pages[i] for any i of an array a source filled,
//  and page after a source filled &page; a variable assigned from several
//  different pages is its own page.  A parameter is the caller's page: not a source.
//  Differences from the plugin: the page's identity is textual, so a
//  sanitizer on an expression that is the same page by another route
//  (through a struct field, a helper function) is not seen and the call is
//  reported; pipe_buffer pages are recognised only where Coccinelle knows
//  the type of the buffer expression.
//  Modes: report prints FILE:LINE:COL: warning: MESSAGE [pageward:access-before-io]
//  (COL is 1-based and a tab advances to the next multiple of 8, the column
//  GCC prints); org prints an Org TODO; context marks the I/O call; patch
//  inserts, before the statement that starts the I/O,
//  "if (arch_make_page_accessible(PAGE)) return ERR;" (the folio form for
//  folio sinks, and arch_make_folio_accessible(page_folio(PAGE)) in a tree
//  whose include/linux/mm.h has no arch_make_page_accessible(), 6.12 and
//  later, or with -D no_page_accessible; ERR in the function's own terms:
//  -EIO, ERR_PTR(-EIO) where it returns ERR_PTR(), NULL, false,
//  DMA_MAPPING_ERROR for a dma_addr_t), or
//  "if (arch_make_page_accessible(PAGE)) { ret = -EIO; goto LABEL; }" when
//  the function has an error label (err*, fail*, out_err*) and an int ret,
//  err, error or rc.  No fix is proposed where the call initializes a
//  declaration or the return type has no obvious error value (an unsigned
//  count, where 0 may be success; a __bitwise typedef such as blk_status_t
//  or vm_fault_t: -EIO would be truncated and 0 is success; see
//  cocci/lib/pageward.py).  Check that
//  the error path releases what the function holds.

virtual patch
virtual context
virtual org
virtual report
virtual no_page_accessible

@initialize:python@
@@
#include "lib/pageward.py"
import re

RULE = 'access-before-io'


# The pageward API table (gcc-plugin/pw_api.def), the kinds this rule uses:
# SOURCE (returned: rule "src"; into a pages array: rules "asrc1" to
# "asrc4", by the argument that receives it), SINK (rules "io" and "sink";
# dma_map_page() and dma_map_single() are macros over the _attrs forms),
# ACCESSIBLE, WRITEBACK_START and CPU_ACCESS (rules "unsafe" and
# "unsafe_pipe") are spelled out in the rules below.
# The sinks given a folio: the fix makes the folio accessible.
FOLIO_SINK = frozenset(['bio_add_folio', 'bio_add_folio_nofail', 'sg_set_folio'])
# PAGE_ALIAS: the same page, seen as a folio, head page or address.
PAGE_ALIAS = frozenset([
	'page_folio', '_compound_head', 'compound_head', 'folio_page',
	'page_address', 'lowmem_page_address', 'folio_address',
])
FOLIO_ALIAS = frozenset(['page_folio', 'folio_address'])

PLUS = re.compile(r'^(.+?)\+([^+]+)$', re.S)
class PwFunc(object):
	def __init__(self):
		self.assign = {}	# variable -> [right-hand side text]
		self.source = {}	# left-hand side text -> (what, line)
		self.accessible = []	# arguments of the sanitizers

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
		m = PLUS.match(t)
		if m and pw_balanced(m.group(1)) and CALL.match(m.group(1)) and \
		   CALL.match(m.group(1)).group(1) in PAGE_ALIAS:
			# page_address(page) + offset: an address inside the page
			return self.root(m.group(1), depth + 1)
		m = INDEX.match(t)
		if m and pw_balanced(m.group(1)) and pw_balanced(m.group(2)):
			return self.root(m.group(1), depth + 1) + '[]'
		if t.startswith('&') and not t.startswith('&&'):
			return self.root(t[1:], depth + 1)
		if t.startswith('*'):
			return self.root(t[1:], depth + 1)
		if re.match(r'^\w+$', t) and t in self.assign:
			if t in self.source:
				return t
			roots = set(self.root(r, depth + 1) for r in self.assign[t])
			if len(roots) == 1:
				return roots.pop()
		return t

	def sources_of(self, t):
		"""[(what, line, call position or None)] of the sources the page T
		is may come from: may be a guest's."""
		r = self.root(t)
		return sorted(what for lhs, what in self.source.items()
			      if self.root(lhs) == r)

	def source_of(self, t):
		found = self.sources_of(t)
		return found[0] if found else None

	def same(self, a, b):
		return self.root(a) == self.root(b)


pw_sinks = {}


pw_unsafe = set()	# sinks some path reaches from a source, unsanitized
pw_stolen = set()	# pipe sinks only a successful steal of the buffer reaches


def pw_same_page(x, p):
	"""Is X the page the sink at P starts I/O on?"""
	return pw_func(p).same(x, pw_sinks[pw_key(p)])


def pw_source_call(ps, p):
	"""Is PS a call that gives the page of the sink at P?"""
	f = pw_func(p)
	return any(at == pw_key(ps) for (_, _, at) in f.sources_of(pw_sinks[pw_key(p)]))


def pw_from_pipe(p):
	"""Is the page of the sink at P a pipe buffer's?"""
	if pw_key(p) not in pw_sinks:
		return False
	f = pw_func(p)
	return any(at is None for (_, _, at) in f.sources_of(pw_sinks[pw_key(p)]))


def pw_filled(a):
	"""What a source given A fills: the array A's elements ("pages[0]",
	the same page as any pages[i]), or, for &page, the single page
	variable itself."""
	a = pw_norm(a)
	if a.startswith('&') and not a.startswith('&&'):
		return a[1:]
	return a + '[0]'


def pw_page_buffer(b, p):
	"""Is B the pipe buffer whose page the sink at P starts I/O on?"""
	return pw_same_page(pw_norm(b) + '->page', p)


def pw_page_variable(v, p):
	"""Is V the variable (or array) that holds the page of the sink at P?
	Assigning it anew ends the path from the source."""
	r = pw_func(p).root(pw_sinks[pw_key(p)])
	return v == r or v + '[]' == r


def pw_call_name(p):
	return re.match(r'\w*', pw_call_text(p)).group(0)


def pw_message(p, s):
	f = pw_func(p)
	(what, line, at) = f.source_of(s)
	partial = any(f.same(a, s) for a in f.accessible)
	call = pw_call_text(p)
	# the page as the file spells it, not as spatch prints it
	m = CALL.match(call)
	page = ' '.join(s.split())
	for a in pw_args(m.group(2)) if m else []:
		if pw_norm(a) == pw_norm(s):
			page = a
	return "%s(): %s starts I/O on '%s', which may be inaccessible (it " \
	       "comes from %s), with no arch_make_page_accessible() %s before it" % (
		p[0].current_element, call, page, what,
		'on every path' if partial else 'on any path')


def pw_error_label(p):
	"""(label, variable) for the "goto" form of the fix, or None."""
	lines = pw_function_lines(p)
	label = var = None
	for l in lines:
		m = re.match(r'^(err\w*|fail\w*|out_err\w*):', l.strip())
		if m and not label:
			label = m.group(1)
	for l in lines:
		m = re.match(r'^\s*int\s+(.*);', l)
		if m and not var:
			for d in pw_args(m.group(1)):
				name = re.match(r'^\**\s*(\w+)', d)
				if name and name.group(1) in ('ret', 'err', 'error', 'rc'):
					var = name.group(1)
					break
	return (label, var) if label and var else None


def pw_fix_page(sk, s, path):
	"""(function, page text) of the sanitizer to insert in the file PATH:
	a page through its folio where the tree has no
	arch_make_page_accessible() (6.12)."""
	t = ' '.join(s.split())
	m = CALL.match(t)
	if m and m.group(1) in PAGE_ALIAS and pw_balanced(m.group(2)):
		# dma_map_single(dev, page_address(page), ...)
		if m.group(1) in FOLIO_ALIAS:
			return ('arch_make_folio_accessible', pw_args(m.group(2))[0])
		t = pw_args(m.group(2))[0]
	elif sk in FOLIO_SINK:
		return ('arch_make_folio_accessible', t)
	if pw_has_page_accessible(path):
		return ('arch_make_page_accessible', t)
	return ('arch_make_folio_accessible', 'page_folio(%s)' % t)


pw_rettype = {}

// ---------------------------------------------------------------------------
// A file with no I/O start has nothing to report: every rule below depends
// on this one (and scripts/cocci-run.sh gives spatch only the files that
// name one of these).

@io@
identifier SK = {dma_map_page, dma_map_page_attrs, dma_map_single,
	dma_map_single_attrs, sg_set_page, sg_set_folio, bio_add_page,
	__bio_add_page, bio_add_folio, bio_add_folio_nofail,
	bio_add_zone_append_page, bio_add_pc_page, skb_fill_page_desc,
	__skb_fill_page_desc, skb_fill_page_desc_noacc, skb_add_rx_frag};
@@

SK(...)

// -D no_page_accessible: the fixes use only the folio form (after "io",
// whose identifiers scripts/cocci-tokens.sh reads as the first rule's).
@script:python depends on no_page_accessible@
@@

pw_force_folio_accessible[0] = True

// ---------------------------------------------------------------------------
// What the functions of the file hold: sources, copies and aliases of
// pages, sanitizer calls.

@src depends on io@
expression V;
identifier SRC = {find_get_page, find_lock_page, find_or_create_page,
	pagecache_get_page, grab_cache_page, filemap_get_folio,
	filemap_lock_folio, __filemap_get_folio, read_mapping_page,
	read_mapping_folio, read_cache_page, read_cache_folio, follow_page,
	vm_normal_page, vm_normal_folio};
position p;
@@

V = SRC@p(...)

@script:python@
V << src.V;
SRC << src.SRC;
p << src.p;
@@

pw_func(p).source[pw_norm(V)] = (SRC + '()', int(p[0].line), pw_key(p))

@asrc1 depends on io@
identifier SRC = {iov_iter_get_pages2, iov_iter_get_pages_alloc2};
expression E0, A;
position p;
@@

SRC@p(E0, A, ...)

@script:python@
A << asrc1.A;
SRC << asrc1.SRC;
p << asrc1.p;
@@

pw_func(p).source[pw_filled(A)] = (SRC + '()', int(p[0].line), pw_key(p))

@asrc2 depends on io@
identifier SRC = {get_user_pages_unlocked};
expression E0, E1, A;
position p;
@@

SRC@p(E0, E1, A, ...)

@script:python@
A << asrc2.A;
SRC << asrc2.SRC;
p << asrc2.p;
@@

pw_func(p).source[pw_filled(A)] = (SRC + '()', int(p[0].line), pw_key(p))

@asrc3 depends on io@
identifier SRC = {get_user_pages, get_user_pages_fast};
expression E0, E1, E2, A;
position p;
@@

SRC@p(E0, E1, E2, A, ...)

@script:python@
A << asrc3.A;
SRC << asrc3.SRC;
p << asrc3.p;
@@

pw_func(p).source[pw_filled(A)] = (SRC + '()', int(p[0].line), pw_key(p))

@asrc4 depends on io@
identifier SRC = {get_user_pages_remote};
expression E0, E1, E2, E3, A;
position p;
@@

SRC@p(E0, E1, E2, E3, A, ...)

@script:python@
A << asrc4.A;
SRC << asrc4.SRC;
p << asrc4.p;
@@

pw_func(p).source[pw_filled(A)] = (SRC + '()', int(p[0].line), pw_key(p))

// A pipe buffer's page: the fs/splice.c case of seed 002.
@pipe depends on io@
struct pipe_buffer *B;
position p;
@@

B@p->page

@script:python@
B << pipe.B;
p << pipe.p;
@@

f = pw_func(p)
k = pw_norm(B) + '->page'
if k not in f.source or f.source[k][1] > int(p[0].line):
	f.source[k] = ('pipe_buffer.page', int(p[0].line), None)

@asg depends on io@
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

@acc depends on io@
identifier ACC = {arch_make_page_accessible, arch_make_folio_accessible,
	folio_start_writeback, __folio_start_writeback,
	folio_start_writeback_keepwrite, set_page_writeback,
	__test_set_page_writeback};
expression P;
position p;
@@

ACC@p(P, ...)

@script:python@
P << acc.P;
p << acc.p;
@@

pw_func(p).accessible.append(P)

@rettype depends on io && patch@
type T;
identifier fn;
position q;
@@

T fn@q(...) { ... }

@script:python@
T << rettype.T;
q << rettype.q;
@@

pw_rettype[(q[0].file, q[0].current_element)] = T

// ---------------------------------------------------------------------------
// The I/O starts on a source page ...

@sink depends on io@
identifier SK1 = {dma_map_page, dma_map_page_attrs, dma_map_single,
	dma_map_single_attrs, sg_set_page, sg_set_folio, bio_add_page,
	__bio_add_page, bio_add_folio, bio_add_folio_nofail,
	bio_add_zone_append_page};
identifier SK2 = {bio_add_pc_page, skb_fill_page_desc,
	__skb_fill_page_desc, skb_fill_page_desc_noacc, skb_add_rx_frag};
expression E0, E1, S;
position pk;
@@

(
 SK1@pk(E0, S, ...)
|
 SK2@pk(E0, E1, S, ...)
)

@script:python@
S << sink.S;
pk << sink.pk;
@@

if pw_func(pk).source_of(S) is None:
	cocci.include_match(False)
else:
	pw_sinks[pw_key(pk)] = S

// ... and some path from the function's entry to it makes no page that is
// the same page accessible.

@unsafe exists@
position sink.pk, pu;
position ps : script:python (pk) { pw_source_call(ps, pk) };
expression X : script:python (pk) { pw_same_page(X, pk) };
expression D : script:python (pk) { pw_same_page(D, pk) };
identifier V : script:python (pk) { pw_page_variable(V, pk) };
identifier ACC = {arch_make_page_accessible, arch_make_folio_accessible,
	folio_start_writeback, __folio_start_writeback,
	folio_start_writeback_keepwrite, set_page_writeback,
	__test_set_page_writeback};
identifier CPU = {memcpy, memset, memmove, __builtin_memcpy,
	__builtin_memset, __builtin_memmove};
identifier SRC, SK;
expression E;
@@

SRC@ps(...)
... when != ACC(X, ...)
    when != CPU(D, ...)
    when != V = E
SK@pk@pu(...)

@script:python@
pu << unsafe.pu;
@@

pw_unsafe.add(pw_key(pu))

// A steal succeeds only on a page nobody else maps or holds (the UNSHARED
// rows of pw_api.def): I/O on the branch where it succeeded is on the
// pipe's own page.  The sinks only that branch reaches, as the code spells
// them; a stored or combined result is not followed (the I/O is reported).
@stolen depends on io@
position sink.pk : script:python () { pw_from_pipe(pk) };
expression B : script:python (pk) { pw_page_buffer(B, pk) };
identifier STEAL = {pipe_buf_try_steal, generic_pipe_buf_try_steal};
position q;
identifier SK, L;
expression P, E;
statement S1, S2;
@@

(
if (STEAL(P, B)) { <+... SK@pk@q(...) ...+> } else S2
|
if (STEAL(P, B)) { <+... SK@pk@q(...) ...+> }
|
if (!STEAL(P, B)) S1 else { <+... SK@pk@q(...) ...+> }
|
if (!STEAL(P, B)) \( return ...; \| goto L; \)
... when != B = E
SK@pk@q(...)
)

@script:python@
q << stolen.q;
@@

pw_stolen.add(pw_key(q))

// A pipe buffer's page is there from the function's entry.
@unsafe_pipe exists@
position sink.pk : script:python () { pw_from_pipe(pk) and pw_key(pk) not in pw_stolen };
position pu;
expression X : script:python (pk) { pw_same_page(X, pk) };
expression D : script:python (pk) { pw_same_page(D, pk) };
identifier ACC = {arch_make_page_accessible, arch_make_folio_accessible,
	folio_start_writeback, __folio_start_writeback,
	folio_start_writeback_keepwrite, set_page_writeback,
	__test_set_page_writeback};
identifier CPU = {memcpy, memset, memmove, __builtin_memcpy,
	__builtin_memset, __builtin_memmove};
identifier fn, SK;
@@

fn(...) {
... when != ACC(X, ...)
    when != CPU(D, ...)
SK@pk@pu(...)
... when any
}

@script:python@
pu << unsafe_pipe.pu;
@@

pw_unsafe.add(pw_key(pu))

// Each unsafe sink once.
@flagged depends on io@
identifier SK;
position pu : script:python () { pw_key(pu) in pw_unsafe };
@@

SK@pu(...)

// ---------------------------------------------------------------------------
// Findings.

@depends on context@
identifier SK;
position flagged.pu;
@@

* SK@pu(...)

@script:python depends on org@
pu << flagged.pu;
@@

pw_emit_org(pu, pw_message(pu, pw_sinks[pw_key(pu)]), RULE)

@script:python depends on report@
pu << flagged.pu;
@@

pw_emit_report(pu, pw_message(pu, pw_sinks[pw_key(pu)]), RULE)

// ---------------------------------------------------------------------------
// The fix: make the page accessible before the statement that starts the
// I/O, and back out when that fails.

@script:python fix depends on patch@
pu << flagged.pu;
CHK;
@@

(fn, page) = pw_fix_page(pw_call_name(pu), pw_sinks[pw_key(pu)], pu[0].file)
lv = pw_error_label(pu)
ret = pw_error_return(pw_rettype.get((pu[0].file, pu[0].current_element), ''), '-EIO',
		      pw_function_lines(pu))
if lv is not None:
	coccinelle.CHK = cocci.make_stmt('if (%s(%s)) {\n\t%s = -EIO;\n\tgoto %s;\n}' %
					 (fn, page, lv[1], lv[0]))
elif ret is not None:
	coccinelle.CHK = cocci.make_stmt('if (%s(%s)) %s' % (fn, page, ret))
else:
	cocci.include_match(False)

@depends on patch@
identifier SK;
expression E;
position flagged.pu;
statement fix.CHK, S1, S2;
@@

(
+ CHK
  SK@pu(...);
|
+ CHK
  return <+... SK@pu(...) ...+>;
|
+ CHK
  E = <+... SK@pu(...) ...+>;
|
+ CHK
  if (<+... SK@pu(...) ...+>) S1 else S2
|
+ CHK
  if (<+... SK@pu(...) ...+>) S1
)
