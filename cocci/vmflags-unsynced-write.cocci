// SPDX-License-Identifier: GPL-2.0
/// A page fault that does not hold the mmap lock reads vm_flags while
/// writers change it: the speculative page fault of Laurent Dufour's series
/// validates its reads with the VMA's sequence count, so every vm_flags
/// write must be inside vm_write_begin()/vm_write_end() on that VMA; with
/// per-VMA locks (6.4+) a fault holding only the VMA's read lock is
/// excluded by vma_start_write(), so vm_flags_reset*(), __vm_flags_mod()
/// and direct __vm_flags writes need it first.  A plain store may be
/// compiled into several, with 0 in the middle, and the fault then sees a
/// VMA that is not readable (seed 004, Kirill Shutemov).
///
// Confidence: Moderate
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: vm_flags, vma_start_write, vm_write_begin, speculative page fault, per-VMA lock
// pageward-api: VMA_FLAGS_MOD VMA_WRITE_LOCK VMA_FLAGS_LOCKING VMA_NEW VMA_PUBLISH FIELD:MMAP_HANDLER
// Comments: The same rule as the pageward GCC plugin's vmflags-unsynced-write,
//  on the source before cpp, and the same message.  Coccinelle does not see
//  struct vm_area_struct, so the era is told from the code: per-VMA-lock
//  checks apply to the calls and __vm_flags writes that exist only in such
//  kernels; speculative-fault checks apply to files that use the series
//  (vm_write_begin(), ->vm_sequence), or to every file with -D spf (give
//  it yourself, e.g. make coccicheck SPFLAGS="-D spf", on a tree whose
//  struct has vm_sequence, without the preselection: scripts/cocci-run.sh
//  does not pass it, there is no such tree among pageward's).
//  Reported: a change reached from the function's entry on some path
//  without vma_start_write()/vma_assert_write_locked() on the same VMA
//  (written the same way); a vm_flags store reached without
//  vm_write_begin(V) or write_seqcount_begin(&V->vm_sequence), or after
//  the section's end, or after vma_link()/vma_iter_store() published a VMA
//  this function allocated.  Not reported: stores to a VMA just allocated
//  (vm_area_alloc(), vm_area_dup()) and not yet linked, __vm_flags_mod() in
//  one branch of an if whose other branch uses vm_flags_set/clear/mod() on
//  the same VMA (untrack_pfn()), and a change in a static function on its
//  VMA parameter when every call of it in the file passes that argument
//  locked.  The VMA an ->mmap handler of the file is handed (a function
//  stored in a member listed as MMAP_HANDLER in gcc-plugin/pw_api.def by a
//  designated initializer, "T I = { .mmap = fn }" or an array of them) is
//  not in the tree yet: stores to it and __vm_flags_mod() are not
//  reported, vm_flags_reset*() is, with the write-lock contract it asserts
//  as its message; so for a static helper every call passes such a VMA or
//  a locked one.  Handlers stored positionally, through &fn, in a sized
//  array or at run time are not recognised (the plugin reads every static
//  initializer).  Differences from the plugin: the lock state is followed on the
//  text of the VMA expression, not its value; a caller's caller is not
//  asked.
//  Modes: report prints FILE:LINE:COL: warning: MESSAGE [pageward:vmflags-unsynced-write];
//  org an Org TODO; context marks the change; patch inserts
//  vma_start_write(V); before a vm_flags_reset*()/__vm_flags_mod() call,
//  rewrites ACCESS_PRIVATE(V, __vm_flags) |= X / &= ~X / = X into
//  vm_flags_set/vm_flags_clear/vma_start_write + vm_flags_reset, and wraps
//  a speculative-fault-era store in vm_write_begin(V)/vm_write_end(V) when
//  the function has no section on V (a nested section would make the count
//  even again).  No patch for a static helper's parameter.

virtual patch
virtual context
virtual org
virtual report
virtual spf

@initialize:python@
@@
#include "lib/pageward.py"
import re

RULE = 'vmflags-unsynced-write'


def pw_norm_args(text):
	"""The parts of an argument list (pw_args), each pw_norm()ed, the
	empty ones dropped: "f()" has none."""
	return [pw_norm(x) for x in pw_args(text) if x]

# The pageward API table (gcc-plugin/pw_api.def), the kinds this rule uses:
# VMA_FLAGS_MOD vm_flags_reset vm_flags_reset_once __vm_flags_mod,
# VMA_WRITE_LOCK vma_start_write vma_start_write_killable vma_assert_write_locked,
# VMA_FLAGS_LOCKING vm_flags_set vm_flags_clear vm_flags_mod,
# VMA_NEW vm_area_alloc vm_area_dup, VMA_PUBLISH vma_link __vma_link
# __vma_link_rb __insert_vm_struct insert_vm_struct vma_iter_store
# vma_iter_store_gfp: spelled out in the rules below.


def pw_call_at(p):
	"""The function called at P and its arguments, from the source."""
	(file, line, col) = (p[0].file, int(p[0].line), int(p[0].column))
	text = pw_src_line(file, line, col)
	for n in range(line + 1, line + 20):
		if text.count('(') and text.count('(') <= text.count(')'):
			break
		text += pw_src_line(file, n)
	m = re.match(r'(\w+)\s*\(', text)
	if not m:
		return ('', [])
	depth, out = 0, ''
	for ch in text[m.end() - 1:]:
		depth += {'(': 1, ')': -1}.get(ch, 0)
		out += ch
		if depth == 0:
			break
	return (m.group(1), pw_norm_args(out[1:-1]))


# MMAP_HANDLER (the PW_FIELD rows of gcc-plugin/pw_api.def): members
# holding a handler mmap calls with a VMA not yet in the tree.
MMAP_HANDLER = frozenset([
	('file_operations', 'mmap'), ('proto_ops', 'mmap'), ('kernfs_ops', 'mmap'),
	('bin_attribute', 'mmap'), ('dma_buf_ops', 'mmap'),
	('drm_gem_object_funcs', 'mmap'), ('fb_ops', 'fb_mmap'), ('uio_info', 'mmap'),
	('v4l2_file_operations', 'mmap'),
])

# keyed by (file, function): spatch analyses many files in one process,
# and a handler of one file says nothing of a function of another
pw_handlers = {}	# (file, function) -> "record.member" it is stored in
pw_handler_vma = {}	# (file, handler) -> (index, name) of its first VMA parameter
ASSERTS_WRITE_LOCK = frozenset(['vm_flags_reset', 'vm_flags_reset_once'])
pw_unpublished_passed = set()	# (function, argument index) given the VMA of a handler
pw_cands = {}		# position -> (function, VMA text, kind, name)
pw_exempt = set()	# positions exempt (fresh VMA, deliberate branch)
pw_statics = {}		# static function -> [parameter names]
pw_calls = {}		# (function, argument index) -> number of calls
pw_unlocked = set()	# (function, argument index) passed unlocked somewhere
pw_spf_sections = set()	# (function, VMA) with a write section in it


def pw_param_names(ps):
	names = []
	for part in pw_norm_args(ps):
		m = re.search(r'(\w+)\s*(\[[^\]]*\])?$', part)
		names.append(m.group(1) if m else '')
	return names


def pw_deferred(fn, v):
	"""Is V a parameter of the static function FN, answered for by its
	callers?"""
	return fn in pw_statics and pw_norm(v) in pw_statics[fn]


def pw_handler_of(type_text, member):
	"""The "record.member" of the member MEMBER of an initializer of
	TYPE_TEXT ("static const struct file_operations"), when it holds an
	->mmap handler, or None."""
	words = type_text.replace('*', ' ').split()
	if 'struct' not in words or words.index('struct') + 1 >= len(words):
		return None
	record = words[words.index('struct') + 1]
	return '%s.%s' % (record, member) if (record, member) in MMAP_HANDLER else None


def pw_unpublished(file, fn, v):
	"""Is V the VMA the ->mmap handler FN of FILE is handed, not yet in the
	VMA tree?"""
	h = pw_handler_vma.get((file, fn))
	return h is not None and h[1] == pw_norm(v)


def pw_why_unpublished(p):
	"""Why the VMA of the change at P is not in the VMA tree, or None:
	the function is an ->mmap handler, or every call of the static helper
	passes it locked or not yet in the tree (and one unlocked, or the
	change would not be a candidate)."""
	(fn, v, kind, name) = pw_cands[pw_key(p)]
	if pw_unpublished(p[0].file, fn, v):
		return ("%s() is a %s handler, which mmap calls before it links "
			"'%s' into the VMA tree" % (fn, pw_handlers[(p[0].file, fn)], v))
	if pw_deferred(fn, v):
		i = pw_statics[fn].index(pw_norm(v))
		if (fn, i) in pw_unpublished_passed and (fn, i) not in pw_unlocked:
			return ("every call of %s() passes a VMA that is write-locked "
				"or not yet in the VMA tree" % fn)
	return None


def pw_flagged(p):
	k = pw_key(p)
	if k not in pw_cands or k in pw_exempt:
		return False
	(fn, v, kind, name) = pw_cands[k]
	# a VMA nobody can find yet: its set-up, except for the write lock
	# that vm_flags_reset() and vm_flags_reset_once() assert
	# (__vm_flags_mod() asserts nothing: it is for such VMAs)
	if pw_why_unpublished(p) is not None:
		return kind == 'call' and name in ASSERTS_WRITE_LOCK
	if pw_deferred(fn, v):
		i = pw_statics[fn].index(pw_norm(v))
		if pw_calls.get((fn, i), 0) > 0 and (fn, i) not in pw_unlocked:
			return False
	return True


def pw_fixable(p):
	if not pw_flagged(p):
		return False
	(fn, v, kind, name) = pw_cands[pw_key(p)]
	if pw_deferred(fn, v) and kind == 'spf':
		return False
	return kind != 'spf' or (fn, pw_norm(v)) not in pw_spf_sections


def pw_message(p):
	(fn, v, kind, name) = pw_cands[pw_key(p)]
	if kind == 'spf':
		return ("%s(): write of '%s->vm_flags' outside a write section on "
			"'%s': a speculative page fault can read it half-written; "
			"no vm_write_begin(%s) before it" % (fn, v, v, v))
	what = "a direct write" if kind == 'store' else "'%s()'" % name
	why = pw_why_unpublished(p)
	if why is not None:
		# as pw_contract_message() in gcc-plugin/rule_vmflags_write.c
		return ("%s(): %s changes '%s->vm_flags' without the write lock on "
			"'%s' that it requires: %s, so no page fault can see the "
			"change, but vma_assert_write_locked(%s) fails on a VMA not "
			"write-locked (a BUG() with CONFIG_DEBUG_VM); take "
			"vma_start_write(%s) first" % (fn, what, v, v, why, v, v))
	return ("%s(): %s changes '%s->vm_flags' with no vma_start_write(%s) "
		"or vma_assert_write_locked(%s) before it: a page fault holding "
		"only the VMA's read lock can see the change half done"
		% (fn, what, v, v, v))

// ---------------------------------------------------------------------------
// A file has nothing to check unless it names one of these: the first rule
// matching code, so scripts/cocci-run.sh preselects the files to parse by
// its identifier sets (vm_flags stores of a speculative-fault kernel, in a
// file that does not use the series' API, need -D spf and every file).

@anchor@
identifier A = {vm_flags_reset, vm_flags_reset_once, __vm_flags_mod,
	vm_write_begin, vm_write_end};
identifier F = {__vm_flags, vm_sequence};
expression E;
@@

(
A(...)
|
E->F
|
ACCESS_PRIVATE(E, F)
)

// ---------------------------------------------------------------------------
// The era of the file, for the speculative-fault checks.

@spfera@
expression E;
@@

(
vm_write_begin(E)
|
E->vm_sequence
)

// ---------------------------------------------------------------------------
// ->mmap handlers: mmap calls them before it links the VMA into the tree
// (mm/mmap.c), so no page fault can find the VMA they are handed.  Those
// of the file, from the initializers that store them, and their VMA.

@handler@
identifier I, fn, M;
type T;
position ph;
@@

T I@ph = { ..., .M = fn, ... };

@script:python@
T << handler.T;
M << handler.M;
fn << handler.fn;
ph << handler.ph;
@@

h = pw_handler_of(T, M)
if h is not None:
	pw_handlers.setdefault((ph[0].file, fn), h)

@handler_array@
identifier I, fn, M;
type T;
position ph;
@@

T I@ph[] = { ..., { ..., .M = fn, ... }, ... };

@script:python@
T << handler_array.T;
M << handler_array.M;
fn << handler_array.fn;
ph << handler_array.ph;
@@

h = pw_handler_of(T, M)
if h is not None:
	pw_handlers.setdefault((ph[0].file, fn), h)

@handler_vma@
identifier fn, v;
type T;
parameter list[n] ps;
position ph;
@@

T fn@ph(ps, struct vm_area_struct *v, ...) { ... }

@script:python@
fn << handler_vma.fn;
v << handler_vma.v;
n << handler_vma.n;
ph << handler_vma.ph;
@@

k = (ph[0].file, fn)
if k in pw_handlers and (k not in pw_handler_vma or pw_handler_vma[k][0] > int(n)):
	pw_handler_vma[k] = (int(n), v)

// ---------------------------------------------------------------------------
// Static functions, and the calls that answer for their VMA parameters.

@st@
identifier fn;
type T;
parameter list ps;
@@

static T fn(ps) { ... }

@script:python@
fn << st.fn;
ps << st.ps;
@@

pw_statics[fn] = pw_param_names(str(ps))

@scall@
identifier sf : script:python () { sf in pw_statics };
expression list es;
position pc;
@@

sf@pc(es)

// The arguments are read from the source, not passed as "es": spatch would
// stop on the file at a string literal that is not UTF-8 (see pw_src_bytes).
@script:python@
pc << scall.pc;
@@

(sf, args) = pw_call_at(pc)
if sf in pw_statics:
	for i in range(len(args)):
		pw_calls[(sf, i)] = pw_calls.get((sf, i), 0) + 1

@ucall exists@
identifier fn;
identifier sf : script:python () { sf in pw_statics };
expression V;
position pu, pv;
@@

fn(...) {
... when != vma_start_write(V)
    when != vma_assert_write_locked(V)
    when != vm_write_begin(V)
    when != write_seqcount_begin(&V->vm_sequence)
    when any
sf@pu(..., V@pv, ...)
... when any
}

// V is any argument, maybe a string literal: its text is read from the
// source (pw_src_text), not passed as "V".
@script:python@
fn << ucall.fn;
pu << ucall.pu;
pv << ucall.pv;
@@

(sf, args) = pw_call_at(pu)
args = [pw_norm(a) for a in args]
v = pw_norm(pw_src_text(pv))
if v in args:
	# the VMA a handler is handed is not locked, but nobody can find it yet
	if pw_unpublished(pu[0].file, fn, v):
		pw_unpublished_passed.add((sf, args.index(v)))
	else:
		pw_unlocked.add((sf, args.index(v)))

// ---------------------------------------------------------------------------
// Per-VMA locks: a change reached without the VMA's write lock.

@cand exists@
identifier fn;
identifier MOD = {vm_flags_reset, vm_flags_reset_once, __vm_flags_mod};
expression V;
position p;
@@

fn(...) {
... when != vma_start_write(V)
    when != vma_start_write_killable(V)
    when != vma_assert_write_locked(V)
MOD@p(V, ...)
... when any
}

@script:python@
fn << cand.fn;
V << cand.V;
MOD << cand.MOD;
p << cand.p;
@@

pw_cands[pw_key(p)] = (fn, pw_norm(V), 'call', MOD)

@cand_store exists@
identifier fn;
symbol __vm_flags;
expression V, E;
position p;
@@

fn(...) {
... when != vma_start_write(V)
    when != vma_start_write_killable(V)
    when != vma_assert_write_locked(V)
    when != V = \(vm_area_alloc\|vm_area_dup\)(...)
(
ACCESS_PRIVATE(V, __vm_flags) |=@p E
|
ACCESS_PRIVATE(V, __vm_flags) &=@p E
|
ACCESS_PRIVATE(V, __vm_flags) =@p E
|
V->__vm_flags |=@p E
|
V->__vm_flags &=@p E
|
V->__vm_flags =@p E
)
... when any
}

@script:python@
fn << cand_store.fn;
V << cand_store.V;
p << cand_store.p;
@@

if not fn.startswith('vm_flags_') and fn != '__vm_flags_mod':
	pw_cands[pw_key(p)] = (fn, pw_norm(V), 'store', '')

// __vm_flags_mod() chosen knowingly: the other branch locks.
@deliberate@
expression V, C;
identifier LOCKING = {vm_flags_set, vm_flags_clear, vm_flags_mod};
position p;
@@

(
if (C) LOCKING(V, ...); else __vm_flags_mod@p(V, ...);
|
if (C) __vm_flags_mod@p(V, ...); else LOCKING(V, ...);
|
if (C) { ... LOCKING(V, ...); ... } else { ... __vm_flags_mod@p(V, ...); ... }
|
if (C) { ... __vm_flags_mod@p(V, ...); ... } else { ... LOCKING(V, ...); ... }
)

@script:python@
p << deliberate.p;
@@

pw_exempt.add(pw_key(p))

// ---------------------------------------------------------------------------
// Speculative page faults: a store outside the VMA's write section.

@spf_section depends on spfera || spf@
identifier fn;
expression V;
@@

fn(...) {
<+...
\(vm_write_begin(V)\|write_seqcount_begin(&V->vm_sequence)\)
...+>
}

@script:python@
fn << spf_section.fn;
V << spf_section.V;
@@

pw_spf_sections.add((fn, pw_norm(V)))

// From the entry without a section (paths through an allocation of the
// VMA are its private set-up)
@spf_entry depends on spfera || spf exists@
identifier fn;
expression V, E;
position p;
@@

fn(...) {
... when != vm_write_begin(V)
    when != write_seqcount_begin(&V->vm_sequence)
    when != V = \(vm_area_alloc\|vm_area_dup\)(...)
(
V->vm_flags =@p E
|
V->vm_flags |=@p E
|
V->vm_flags &=@p E
|
WRITE_ONCE@p(V->vm_flags, E)
)
... when any
}

@script:python@
fn << spf_entry.fn;
V << spf_entry.V;
p << spf_entry.p;
@@

pw_cands[pw_key(p)] = (fn, pw_norm(V), 'spf', '')

// After the section ended
@spf_after depends on spfera || spf exists@
identifier fn;
expression V, E;
position p;
@@

fn(...) {
... when any
\(vm_write_end(V)\|write_seqcount_end(&V->vm_sequence)\)
... when != vm_write_begin(V)
    when != write_seqcount_begin(&V->vm_sequence)
(
V->vm_flags =@p E
|
V->vm_flags |=@p E
|
V->vm_flags &=@p E
|
WRITE_ONCE@p(V->vm_flags, E)
)
... when any
}

@script:python@
fn << spf_after.fn;
V << spf_after.V;
p << spf_after.p;
@@

pw_cands[pw_key(p)] = (fn, pw_norm(V), 'spf', '')

// After the VMA was published
@spf_published depends on spfera || spf exists@
identifier fn;
identifier PUB = {vma_link, __vma_link, __vma_link_rb, __insert_vm_struct,
	insert_vm_struct, vma_iter_store, vma_iter_store_gfp};
expression V, E;
position p;
@@

fn(...) {
... when any
PUB(..., V, ...);
... when != vm_write_begin(V)
    when != write_seqcount_begin(&V->vm_sequence)
(
V->vm_flags =@p E
|
V->vm_flags |=@p E
|
V->vm_flags &=@p E
|
WRITE_ONCE@p(V->vm_flags, E)
)
... when any
}

@script:python@
fn << spf_published.fn;
V << spf_published.V;
p << spf_published.p;
@@

pw_cands[pw_key(p)] = (fn, pw_norm(V), 'spf', '')

// ---------------------------------------------------------------------------
// The findings.

@flag@
position pf : script:python () { pw_flagged(pf) };
identifier MOD;
expression V, E;
@@

(
MOD@pf(V, ...)
|
V =@pf E
|
V |=@pf E
|
V &=@pf E
|
WRITE_ONCE@pf(V, E)
)

@depends on context@
position flag.pf;
identifier MOD;
expression V, E;
@@

(
* MOD@pf(V, ...)
|
* V =@pf E
|
* V |=@pf E
|
* V &=@pf E
|
* WRITE_ONCE@pf(V, E)
)

@script:python depends on org@
pf << flag.pf;
@@

pw_emit_org(pf, pw_message(pf), RULE)

@script:python depends on report@
pf << flag.pf;
@@

pw_emit_report(pf, pw_message(pf), RULE)

// ---------------------------------------------------------------------------
// The fixes.

@depends on patch@
position pf : script:python () { pw_fixable(pf) };
symbol __vm_flags;
identifier MOD = {vm_flags_reset, vm_flags_reset_once, __vm_flags_mod};
expression V, E;
@@

(
+ vma_start_write(V);
  MOD@pf(V, ...);
|
- ACCESS_PRIVATE(V, __vm_flags) |=@pf E;
+ vm_flags_set(V, E);
|
- ACCESS_PRIVATE(V, __vm_flags) &=@pf ~E;
+ vm_flags_clear(V, E);
|
- ACCESS_PRIVATE(V, __vm_flags) =@pf E;
+ vma_start_write(V);
+ vm_flags_reset(V, E);
|
- V->__vm_flags |=@pf E;
+ vm_flags_set(V, E);
|
- V->__vm_flags &=@pf ~E;
+ vm_flags_clear(V, E);
|
- V->__vm_flags =@pf E;
+ vma_start_write(V);
+ vm_flags_reset(V, E);
|
+ vm_write_begin(V);
  V->vm_flags =@pf E;
+ vm_write_end(V);
|
+ vm_write_begin(V);
  V->vm_flags |=@pf E;
+ vm_write_end(V);
|
+ vm_write_begin(V);
  V->vm_flags &=@pf E;
+ vm_write_end(V);
|
+ vm_write_begin(V);
  WRITE_ONCE@pf(V->vm_flags, E);
+ vm_write_end(V);
)
