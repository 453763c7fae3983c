// SPDX-License-Identifier: GPL-2.0
/// A pfn read from a page table is only the pfn of that address while the
/// PTE lock is held: once it is dropped, unmap_mapping_range() (a GPU
/// driver moving a buffer, /dev/mem revoking a region a driver claimed) can
/// clear the pte and the memory be freed and reused.  Accessing memory
/// through such a pfn (memcpy_fromio() of its ioremap, a kmap and copy,
/// remap_pfn_range() or vmf_insert_pfn() of it) after the lock is gone
/// reads or writes whatever the pfn holds now.  Access under the lock, or
/// walk the page table again under the lock and compare the pfn before the
/// access, as generic_access_phys() does since 5.12 (LKML, "mm: close race
/// in generic_access_phys", 2020; seed 003).
///
// Confidence: Moderate
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: follow_pte, follow_pfn, follow_phys, follow_pfnmap_start, pte_unmap_unlock, ioremap, memcpy_fromio
// pageward-api: PFN_LOOKUP PFN_LOOKUP_DROPS RELEASE:PTE_LOCK PFN_VALUE PFN_MAP PFN_ACCESS
// Comments: The same rule as the pageward GCC plugin's pfn-after-unlock,
//  on the source before cpp, and the same message.  Reported: a call that
//  accesses memory (PFN_ACCESS below: the copies at their pointer
//  argument, readl()/writel()/ioread*()/iowrite*() at their address,
//  remap_pfn_range()/io_remap_pfn_range()/vmf_insert_pfn*() at
//  their pfn) whose argument is, in the same function, a pfn from a page
//  table walk or derived from one, when some path reaches it from the
//  unlock of that walk (pte_unmap_unlock(), follow_pfnmap_end(), or the
//  return of follow_pfn()/follow_phys(), which drop the lock inside) with
//  no page-table walk in between, or with a walk again but no comparison of
//  the old pfn before the access (the message then names that walk).  The
//  pfn of a walk is *ptep or
//  ptep_get(ptep) of the pte pointer follow_pte() filled or
//  get_locked_pte()/pte_offset_map_lock() returned, args.pfn of
//  follow_pfnmap_start(&args), the variable follow_pfn()/follow_phys()
//  filled; a variable assigned an expression of it is derived from it,
//  through arithmetic, casts, PFN_VALUE (pte_pfn(), ptep_get()) and PFN_MAP
//  (ioremap*(), memremap(), kmap_local_pfn()) calls; any other call
//  (pte_page(), pte_write(), ...) ends the chain, so a struct page taken
//  from a pte (which a reference may keep, gmap_make_secure() in 6.12) is
//  not followed, nor is &v (copying the pte value itself is no access).
//  The derivation is on the text and ignores the order of the assignments
//  (a variable assigned a pfn anywhere in the function is a pfn
//  everywhere in it).  A walk again counts as the fix only when, between
//  it and the access, the old pfn or a value derived from it is compared
//  (==, != or pte_same()) on every path; the comparison is not checked
//  against the new walk, nor what the code does when it fails.  One
//  function at a time, where the plugin is not: a static helper that
//  walks and hands the pfn to its caller (vfio's follow_fault_pfn(),
//  KVM's hva_to_pfn_remapped(), x86 PAT's follow_phys()) is not followed
//  into the caller here (the plugin follows it: tests/cases/pfn/
//  helper_flag.c is expect(gcc)), nor a plain load or store through the
//  kmap of the pfn (*kaddr = v).  A member of a struct behind a pointer
//  assigned a pfn (ctx->pfn = ...) is a variable of its own, spelt as
//  written.  A DMA address stored for a device
//  (videobuf-dma-contig) is not an access here.  ioremap*() of a stale pfn
//  is not itself reported: the 5.12 fix maps before it re-walks.
//  Modes: report prints FILE:LINE:COL: warning: MESSAGE [pageward:pfn-after-unlock]
//  (COL is 1-based and a tab advances to the next multiple of 8, the
//  column GCC prints), at the access; org prints an Org TODO; context marks
//  the access.  No patch mode: the fix is either moving the access under
//  the PTE lock (a spinlock, while ioremap() may sleep and change page
//  tables: often impossible) or the retry loop of generic_access_phys()
//  (map, re-walk, compare every value used, retry), neither a mechanical
//  rewrite; with -D patch the rule reports nothing.

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
#include "lib/pageward.py"

RULE = 'pfn-after-unlock'

# ---- pfn-after-unlock: the API table (gcc-plugin/pw_api.def) ----
# PFN_LOOKUP: walks that return with the PTE lock held.  follow_pte()
# fills the pte pointer (argument 2, rule "r_out"), follow_pfnmap_start()
# its args (rule "r_args"), the others return the pte pointer ("r_ret").
LOOKUP_HELD = frozenset(['follow_pte', 'follow_pfnmap_start', 'get_locked_pte',
	'__get_locked_pte', 'pte_offset_map_lock', '__pte_offset_map_lock'])
# PFN_LOOKUP_DROPS: walks that drop the lock before they return; the
# argument that receives the pfn or physical address.
LOOKUP_DROPS = {'follow_pfn': 2, 'follow_phys': 4}
# PFN_UNLOCK: pte_unmap_unlock (a macro), follow_pfnmap_end.
# PFN_VALUE and PFN_MAP: calls through which a pfn stays a pfn (with the
# address macros a pfn goes through in the kernel).
PFN_VALUE = frozenset(['ptep_get', 'pte_pfn', 'pte_pgprot', 'pte_val'])
PFN_MAP = frozenset(['ioremap', 'ioremap_prot', 'ioremap_cache', 'ioremap_wc',
	'ioremap_uc', 'memremap', 'kmap_local_pfn', 'kmap_atomic_pfn',
	'phys_to_virt'])
PFN_MACRO = frozenset(['PFN_PHYS', 'PHYS_PFN', '__pfn_to_phys', '__phys_to_pfn',
	'pfn_to_kaddr', '__va', 'pgprot_val', '__pgprot'])
PROPAGATE = PFN_VALUE | PFN_MAP | PFN_MACRO
# PFN_ACCESS: the argument that is the memory of the pfn, or the pfn (-1: any).
PFN_ACCESS = {
	'memcpy_fromio': 1, 'memcpy_toio': 0, 'memset_io': 0,
	'zpci_memcpy_fromio': 1, 'zpci_memcpy_toio': 0,
	'memcpy': -1, 'copy_to_user': 1, 'copy_from_user': 0,
	'remap_pfn_range': 2, 'io_remap_pfn_range': 2,
	'vmf_insert_pfn': 2, 'vmf_insert_pfn_prot': 2,
}
# The MMIO reads and writes of one value: the address is argument 0 of a
# read, 1 of a write.
PFN_ACCESS.update((n, 0) for n in [
	'readb', 'readw', 'readl', 'readq', '__readb', '__readw', '__readl',
	'__readq', '__raw_readb', '__raw_readw', '__raw_readl', '__raw_readq',
	'ioread8', 'ioread16', 'ioread32', 'ioread64', 'ioread16be',
	'ioread32be', 'ioread64be'])
PFN_ACCESS.update((n, 1) for n in [
	'writeb', 'writew', 'writel', 'writeq', '__writeb', '__writew',
	'__writel', '__writeq', '__raw_writeb', '__raw_writew',
	'__raw_writel', '__raw_writeq', 'iowrite8', 'iowrite16', 'iowrite32',
	'iowrite64', 'iowrite16be', 'iowrite32be', 'iowrite64be'])

WORD = re.compile(r'\w+')


def pw_drop_calls(t):
	"""T with every call of a function that does not keep a pfn a pfn
	(and every sizeof) removed, and &v of a plain variable."""
	out, i = '', 0
	while i < len(t):
		m = WORD.match(t, i)
		if not m:
			out += t[i]
			i += 1
			continue
		name, j = m.group(0), m.end()
		k = j
		while k < len(t) and t[k] == ' ':
			k += 1
		if k < len(t) and t[k] == '(' and name not in PROPAGATE and \
		   not (i > 0 and t[i - 1] in '.>'):
			depth = 0
			while k < len(t):
				depth += {'(': 1, ')': -1}.get(t[k], 0)
				k += 1
				if depth == 0:
					break
			out += ' 0 '
			i = k
			continue
		out += name
		i = j
	# &v: the storage of the variable itself, not the memory of the pfn in it
	return re.sub(r'&\s*\w+\b(?!\s*(\.|->|\[))', ' 0 ', out)


class PwFunc(object):
	def __init__(self):
		self.ptrs = set()	# pte pointers a walk filled or returned
		self.vals = {}		# pfn expressions a walk gave -> its text
		self.assign = []	# (variable, right-hand side text)
		self.taint = None	# variable -> the pfn it comes from

	def root_in(self, t):
		"""The pfn of a walk T contains (directly), or None."""
		for p in sorted(self.ptrs):
			if re.search(r'(^|[^\w&])\*\s*%s\b(?!\s*(\.|->|\[))' % re.escape(p), t) or \
			   re.search(r'\bptep_get\s*\(\s*%s\s*\)' % re.escape(p), t):
				return '*' + p
		for v in sorted(self.vals):
			if re.search(r'(?<![\w.>])%s(?![\w])' % self.vals[v], t):
				return v
		return None

	def origin(self, t):
		"""The pfn the expression T is derived from, or None."""
		t = pw_drop_calls(pw_norm(t))
		r = self.root_in(t)
		if r:
			return r
		for v in sorted(self.tainted()):
			if re.search(r'(?<![\w.>])%s\b(?!\s*(\.|->))' % re.escape(v), t):
				return self.taint[v]
		return None

	def tainted(self):
		if self.taint is None:
			self.taint = {}
			changed = True
			while changed:
				changed = False
				for (v, rhs) in self.assign:
					if v in self.taint:
						continue
					t = pw_drop_calls(pw_norm(rhs))
					r = self.root_in(t)
					if r is None:
						for w in sorted(self.taint):
							if re.search(r'(?<![\w.>])%s\b(?!\s*(\.|->))' % re.escape(w), t):
								r = self.taint[w]
								break
					elif r.startswith('*'):
						# the first variable that holds it names the pfn
						r = v
					if r is not None:
						self.taint[v] = r
						changed = True
		return self.taint


pw_funcs = {}
pw_cur_file = [None]


def pw_func(p):
	"""The state of the function P is in (one file at a time).  Not the
	shared pw_func(): a new file also forgets this rule's accesses and
	findings."""
	if pw_cur_file[0] != p[0].file:
		pw_cur_file[0] = p[0].file
		pw_funcs.clear()
		pw_access.clear()
		pw_found.clear()
	return pw_funcs.setdefault(p[0].current_element, PwFunc())


def pw_value_root(t):
	"""The pattern that finds the pfn expression T (a variable or a field
	of the args) in an expression."""
	return r'\s*'.join(re.escape(x) for x in re.findall(r'\w+|->|\.', t))


pw_access = {}		# access position -> (call, pfn name)
pw_found = {}		# access position -> (lookup, its line, unlock, its line)


def pw_check_access(p):
	"""Is the call at P an access through a pfn of a walk?  Recorded."""
	f = pw_func(p)
	if not f.ptrs and not f.vals:
		return False
	call = pw_call_text(p)
	m = re.match(r'^(\w+)\s*\((.*)\)$', call, re.S)
	if not m or m.group(1) not in PFN_ACCESS:
		return False
	args = pw_args(m.group(2))
	n = PFN_ACCESS[m.group(1)]
	for i in ([n] if n >= 0 else range(len(args))):
		if i < len(args):
			o = f.origin(args[i])
			if o is not None:
				pw_access[pw_key(p)] = (m.group(1), o.lstrip('*'))
				return True
	return False


def pw_record(pa, lk, pl, un, pu, rewalk=None):
	"""A path from the walk LK at PL, through the lock drop UN at PU (and
	the walk again REWALK, (name, line), that compares nothing) to the
	access at PA."""
	k = pw_key(pa)
	old = pw_found.get(k)
	# a path with no walk again first; then the unlock nearest before
	# the access names the lock drop
	new = (lk, int(pl[0].line), un, int(pu[0].line), rewalk)
	if old is None or (old[4] is not None and rewalk is None) or \
	   ((old[4] is None) == (rewalk is None) and new[3] > old[3]):
		pw_found[k] = new


def pw_rewalk_fills(pa, pr):
	"""Does the walk again at PR fill the very value the access at PA uses
	(follow_pfnmap_start(&args) again, for args.pfn)?  Then that access
	uses the new walk's pfn, under its lock: a walk per loop iteration."""
	acc = pw_access.get(pw_key(pa))
	m = re.match(r'^\w+\s*\((.*)\)$', pw_call_text(pr), re.S)
	if acc is None or not m:
		return False
	root = re.match(r'\w+', acc[1])
	if root is None or \
	   ('&' + root.group(0)) not in [pw_norm(a) for a in pw_args(m.group(1))]:
		return False
	# ... and the access reads it itself, not a value computed from it
	# before the walk again (maddr of generic_access_phys())
	return re.search(r'\b%s\b' % re.escape(root.group(0)), pw_call_text(pa)) is not None


def pw_is_pfn(x, p):
	"""Is the expression X, in the function of P, a pfn of a walk?"""
	return pw_func(p).origin(x) is not None


def pw_message(p):
	(call, pfn) = pw_access[pw_key(p)]
	(lk, ll, un, ul, rewalk) = pw_found[pw_key(p)]
	if rewalk is not None:
		drop = "which drops the PTE lock before it returns" if lk == un else \
		       "dropped by %s() at line %d" % (un, ul)
		return "%s(): pfn '%s' from %s() at line %d, %s, is used by %s() " \
		       "after %s() at line %d walked the page table again with no " \
		       "comparison of the pfn; compare it with the new walk before " \
		       "the access" % (p[0].current_element, pfn, lk, ll, drop, call,
				       rewalk[0], rewalk[1])
	if lk == un:
		return "%s(): pfn '%s' from %s() at line %d, which drops the PTE " \
		       "lock before it returns, is used by %s() with no lock held; " \
		       "walk the page table under the lock (follow_pte()) and " \
		       "access or re-walk and compare the pfn before the access" % (
			p[0].current_element, pfn, lk, ll, call)
	return "%s(): pfn '%s' from %s() at line %d is used by %s() after " \
	       "%s() at line %d dropped the PTE lock; re-walk the page table " \
	       "and compare the pfn before the access" % (
		p[0].current_element, pfn, lk, ll, call, un, ul)

// ---------------------------------------------------------------------------
// A file with no page-table walk has nothing to report: every rule below
// depends on this one (and scripts/cocci-run.sh gives spatch only the
// files that name one of these).

@lk@
identifier LK = {follow_pte, follow_pfnmap_start, get_locked_pte,
	__get_locked_pte, pte_offset_map_lock, __pte_offset_map_lock,
	follow_pfn, follow_phys};
@@

LK(...)

// ---------------------------------------------------------------------------
// The pfns the walks give, and what the function derives from them.

@r_out depends on lk@
expression E0, E1, L;
identifier P;
position p;
@@

follow_pte@p(E0, E1, &P, L)

@script:python@
P << r_out.P;
p << r_out.p;
@@

pw_func(p).ptrs.add(P)

@r_ret depends on lk@
identifier P;
identifier LK = {get_locked_pte, __get_locked_pte, pte_offset_map_lock,
	__pte_offset_map_lock};
position p;
@@

P = LK@p(...)

@script:python@
P << r_ret.P;
p << r_ret.p;
@@

pw_func(p).ptrs.add(P)

@r_args depends on lk@
expression A;
position p;
@@

follow_pfnmap_start@p(A)

@script:python@
A << r_args.A;
p << r_args.p;
@@

a = pw_norm(A)
if a.startswith('&'):
	v = a[1:].strip() + '.pfn'
else:
	v = a + '->pfn'
pw_func(p).vals[v] = pw_value_root(v)

@r_drop depends on lk@
expression E0, E1, E2, E3;
identifier V;
position p;
@@

(
 follow_pfn@p(E0, E1, &V)
|
 follow_phys@p(E0, E1, E2, E3, &V)
)

@script:python@
V << r_drop.V;
p << r_drop.p;
@@

pw_func(p).vals[V] = pw_value_root(V)

@asg depends on lk@
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

pw_func(p).assign.append((v, pw_src_text(pe)))

// A member of a struct behind a pointer holds it too (a driver's own
// ctx->pfn): the member, spelt as written, is a variable of its own.

@fld depends on lk@
expression P;
identifier f;
expression E;
position pe;
@@

P->f = E@pe

@script:python@
P << fld.P;
f << fld.f;
pe << fld.pe;
@@

pw_func(pe).assign.append((pw_norm(P) + '->' + f, pw_src_text(pe)))

@dcl depends on lk@
type T;
identifier v;
expression E;
position p, pe;
@@

T v@p = E@pe;

@script:python@
v << dcl.v;
pe << dcl.pe;
p << dcl.p;
@@

pw_func(p).assign.append((v, pw_src_text(pe)))

// ---------------------------------------------------------------------------
// The accesses through such a pfn ...

@acc depends on lk@
identifier ACC = {memcpy_fromio, memcpy_toio, memset_io, zpci_memcpy_fromio,
	zpci_memcpy_toio, memcpy, copy_to_user, copy_from_user,
	remap_pfn_range, io_remap_pfn_range, vmf_insert_pfn,
	vmf_insert_pfn_prot, readb, readw, readl, readq, __readb, __readw,
	__readl, __readq, __raw_readb, __raw_readw, __raw_readl, __raw_readq,
	ioread8, ioread16, ioread32, ioread64, ioread16be, ioread32be,
	ioread64be, writeb, writew, writel, writeq, __writeb, __writew,
	__writel, __writeq, __raw_writeb, __raw_writew, __raw_writel,
	__raw_writeq, iowrite8, iowrite16, iowrite32, iowrite64, iowrite16be,
	iowrite32be, iowrite64be};
position pa;
@@

ACC@pa(...)

@script:python@
pa << acc.pa;
@@

if not pw_check_access(pa):
	cocci.include_match(False)

// ... reached from a lock drop by a path with no walk again.

@held exists@
identifier LK = {follow_pte, follow_pfnmap_start, get_locked_pte,
	__get_locked_pte, pte_offset_map_lock, __pte_offset_map_lock};
identifier UN = {pte_unmap_unlock, follow_pfnmap_end};
identifier LK2 = {follow_pte, follow_pfnmap_start, get_locked_pte,
	__get_locked_pte, pte_offset_map_lock, __pte_offset_map_lock,
	follow_pfn, follow_phys};
identifier ACC;
position pl, pu, pb, acc.pa;
@@

LK@pl(...)
...
UN@pu(...)
... when != LK2(...)
ACC@pa@pb(...)

@script:python@
LK << held.LK;
UN << held.UN;
pl << held.pl;
pu << held.pu;
pb << held.pb;
@@

pw_record(pb, LK, pl, UN, pu)

@drops exists@
identifier LK = {follow_pfn, follow_phys};
identifier LK2 = {follow_pte, follow_pfnmap_start, get_locked_pte,
	__get_locked_pte, pte_offset_map_lock, __pte_offset_map_lock,
	follow_pfn, follow_phys};
identifier ACC;
position pl, pb, acc.pa;
@@

LK@pl(...)
... when != LK2(...)
ACC@pa@pb(...)

@script:python@
LK << drops.LK;
pl << drops.pl;
pb << drops.pb;
@@

pw_record(pb, LK, pl, LK, pl)

// A walk again that compares nothing: the access runs under the new lock,
// but on the pfn of the old walk.  A pfn assigned after the walk again is
// taken to come from it (two walks in a row, each access under its own
// lock: copy_two_pages() in tests/cases/pfn/rewalk_flag.c).  A comparison (==, != or pte_same()) with
// the old pfn, or anything derived from it, between the walk and the access
// is the check of the 5.12 fix.

@held_nocmp exists@
identifier LK = {follow_pte, follow_pfnmap_start, get_locked_pte,
	__get_locked_pte, pte_offset_map_lock, __pte_offset_map_lock};
identifier UN = {pte_unmap_unlock, follow_pfnmap_end};
identifier LK2 = {follow_pte, follow_pfnmap_start, get_locked_pte,
	__get_locked_pte, pte_offset_map_lock, __pte_offset_map_lock};
identifier ACC;
position pl, pu, pr, pb, acc.pa;
expression X : script:python (pa) { pw_is_pfn(X, pa) };
expression Y;
@@

LK@pl(...)
...
UN@pu(...)
...
LK2@pr(...)
... when != X == Y
    when != Y == X
    when != X != Y
    when != Y != X
    when != pte_same(X, Y)
    when != pte_same(Y, X)
    when != X = Y
ACC@pa@pb(...)

@script:python@
LK << held_nocmp.LK;
UN << held_nocmp.UN;
LK2 << held_nocmp.LK2;
pl << held_nocmp.pl;
pu << held_nocmp.pu;
pr << held_nocmp.pr;
pb << held_nocmp.pb;
@@

if not pw_rewalk_fills(pb, pr):
	pw_record(pb, LK, pl, UN, pu, (LK2, int(pr[0].line)))

@drops_nocmp exists@
identifier LK = {follow_pfn, follow_phys};
identifier LK2 = {follow_pte, follow_pfnmap_start, get_locked_pte,
	__get_locked_pte, pte_offset_map_lock, __pte_offset_map_lock};
identifier ACC;
position pl, pr, pb, acc.pa;
expression X : script:python (pa) { pw_is_pfn(X, pa) };
expression Y;
@@

LK@pl(...)
...
LK2@pr(...)
... when != X == Y
    when != Y == X
    when != X != Y
    when != Y != X
    when != pte_same(X, Y)
    when != pte_same(Y, X)
    when != X = Y
ACC@pa@pb(...)

@script:python@
LK << drops_nocmp.LK;
LK2 << drops_nocmp.LK2;
pl << drops_nocmp.pl;
pr << drops_nocmp.pr;
pb << drops_nocmp.pb;
@@

if not pw_rewalk_fills(pb, pr):
	pw_record(pb, LK, pl, LK, pl, (LK2, int(pr[0].line)))

// Each finding once.
@flagged depends on lk && !patch@
identifier ACC;
position pa : script:python () { pw_key(pa) in pw_found };
@@

ACC@pa(...)

// ---------------------------------------------------------------------------
// Findings.

@depends on context@
identifier ACC;
position flagged.pa;
@@

* ACC@pa(...)

@script:python depends on org@
pa << flagged.pa;
@@

pw_emit_org(pa, pw_message(pa), RULE)

@script:python depends on report@
pa << flagged.pa;
@@

pw_emit_report(pa, pw_message(pa), RULE)
