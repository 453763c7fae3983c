// SPDX-License-Identifier: GPL-2.0
/// A speculative page fault reads the VMA without the mmap lock and must
/// validate what it read with the VMA's sequence count before acting on
/// it: a writer may be half-way through a vm_flags update, and the value
/// read may be a transient 0 (seed 004, Kirill Shutemov's objection to
/// Laurent Dufour's series).  Read vm_flags once, inside the section, into
/// the vmf->vma_flags snapshot; decide only to abort before
/// read_seqcount_retry() validates it; use the snapshot afterwards.
///
// Confidence: Moderate
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: vm_flags, vm_sequence, read_seqcount_retry, speculative page fault
// pageward-api: SEQ_BEGIN SEQ_BEGIN_MM SEQ_RETRY ACQUIRE:MMAP_LOCK SPECULATIVE
// Comments: The same rule as the pageward GCC plugin's vmflags-unsynced-read,
//  on the source before cpp, and the same message.  A speculative function
//  opens a read section on a VMA's or mm's count (SEQ_BEGIN on
//  &X->vm_sequence or &X->mm_lock_seq, mmap_lock_speculate_try_begin()) or
//  is listed (SPECULATIVE).  Reported, for a X->vm_flags read in it that no
//  mmap lock (MMAP_LOCK) covers: a read reached from the entry before any
//  section opens; a read after a retry (SEQ_RETRY) with no new section in
//  between; a read in a function with a section and no retry at all; a
//  read in an if condition whose branch returns a value other than the
//  function's abort (what "if (retry(...)) return ABORT;" returns) before
//  any retry; a read followed, before any retry, by "return CALL(...)":
//  the fault handled on unvalidated state.  Differences from the plugin:
//  decisions that leave through a goto are not followed (the plugin
//  follows every path to its return), and the VMA is not compared: any
//  section of the function counts.  Reads of a local copy (copy.vm_flags)
//  are not speculative for either engine.
//  Modes: report prints FILE:LINE:COL: warning: MESSAGE [pageward:vmflags-unsynced-read];
//  org an Org TODO; context marks the read; patch replaces a read after
//  the section was validated by the snapshot, vmf->vma_flags, when the
//  function has a struct vm_fault *vmf parameter.

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
#include "lib/pageward.py"
import re

RULE = 'vmflags-unsynced-read'

# The pageward API table (gcc-plugin/pw_api.def), the kinds this rule uses:
# SEQ_BEGIN raw_read_seqcount read_seqcount_begin raw_read_seqcount_begin
# __read_seqcount_begin raw_seqcount_begin read_seqbegin __seqprop_sequence,
# SEQ_BEGIN_MM mmap_lock_speculate_try_begin, SEQ_RETRY read_seqcount_retry
# __read_seqcount_retry do_read_seqcount_retry do___read_seqcount_retry
# read_seqretry mmap_lock_speculate_retry, MMAP_LOCK mmap_read_lock
# mmap_write_lock down_read down_write, SPECULATIVE handle_speculative_fault
# __handle_speculative_fault: spelled out in the rules below.


pw_found = {}		# position -> message, the first reason found
pw_snap = set()		# positions a snapshot can replace
pw_retry_fns = set()	# functions with a retry
pw_aborts = {}		# function -> texts it returns when a retry fails


def pw_report(p, msg):
	"""Keep the first reason found for the read at P, with its function."""
	pw_found.setdefault(pw_key(p), '%s(): %s' % (p[0].current_element, msg))


def pw_func_of(p):
	return p[0].current_element

// ---------------------------------------------------------------------------
// A file has nothing to check unless it names one of these: the first rule
// matching code, so scripts/cocci-run.sh preselects the files to parse by
// its identifier set.

@anchor@
identifier A = {raw_read_seqcount, read_seqcount_begin,
	raw_read_seqcount_begin, __read_seqcount_begin, raw_seqcount_begin,
	read_seqbegin, __seqprop_sequence, mmap_lock_speculate_try_begin,
	handle_speculative_fault, __handle_speculative_fault};
@@

A(...)

// ---------------------------------------------------------------------------
// Speculative functions: a section on a VMA's or mm's count, or listed.

@spec@
identifier fn;
identifier BEGIN = {raw_read_seqcount, read_seqcount_begin,
	raw_read_seqcount_begin, __read_seqcount_begin, raw_seqcount_begin,
	read_seqbegin, __seqprop_sequence};
expression E;
@@

fn(...) {
<+...
(
BEGIN(&E->vm_sequence)
|
BEGIN(&E->mm_lock_seq)
|
mmap_lock_speculate_try_begin(...)
)
...+>
}

@listed@
identifier fn = {handle_speculative_fault, __handle_speculative_fault};
@@

fn(...) { ... }

@retries@
identifier fn;
identifier RETRY = {read_seqcount_retry, __read_seqcount_retry,
	do_read_seqcount_retry, do___read_seqcount_retry, read_seqretry,
	mmap_lock_speculate_retry};
expression A;
position p;
@@

fn(...) {
<+...
(
if (RETRY@p(...)) return A;
|
if (RETRY@p(...)) { ... return A; }
|
RETRY@p(...)
)
...+>
}

@script:python@
fn << retries.fn;
@@

pw_retry_fns.add(fn)

@script:python@
fn << retries.fn;
A << retries.A;
@@

pw_aborts.setdefault(fn, set()).add(pw_norm(A))

// ---------------------------------------------------------------------------
// Before the section opens (or in a listed function with none).

@before exists@
identifier fn = {spec.fn, listed.fn};
identifier BEGIN = {raw_read_seqcount, read_seqcount_begin,
	raw_read_seqcount_begin, __read_seqcount_begin, raw_seqcount_begin,
	read_seqbegin, __seqprop_sequence};
identifier LOCK = {mmap_read_lock, mmap_write_lock, down_read, down_write};
expression X;
position p;
@@

fn(...) {
... when != BEGIN(...)
    when != mmap_lock_speculate_try_begin(...)
    when != LOCK(...)
X->vm_flags@p
... when any
}

@script:python@
X << before.X;
p << before.p;
@@

pw_report(p, "read of '%s->vm_flags' outside a seqcount section of this "
	  "speculative function: nothing tells it from a write in progress"
	  % pw_norm(X))

// ---------------------------------------------------------------------------
// After the section was validated.

@after exists@
identifier spec.fn;
identifier BEGIN = {raw_read_seqcount, read_seqcount_begin,
	raw_read_seqcount_begin, __read_seqcount_begin, raw_seqcount_begin,
	read_seqbegin, __seqprop_sequence};
identifier RETRY = {read_seqcount_retry, __read_seqcount_retry,
	do_read_seqcount_retry, do___read_seqcount_retry, read_seqretry,
	mmap_lock_speculate_retry};
identifier LOCK = {mmap_read_lock, mmap_write_lock, down_read, down_write};
expression X;
position p, pr;
@@

fn(...) {
... when any
RETRY@pr(...)
... when != BEGIN(...)
    when != mmap_lock_speculate_try_begin(...)
    when != LOCK(...)
X->vm_flags@p
... when any
}

@script:python@
X << after.X;
p << after.p;
pr << after.pr;
@@

pw_report(p, "read of '%s->vm_flags' after the section was validated at line "
	  "%s: this read is not; use the value read inside the section"
	  % (pw_norm(X), pr[0].line))
pw_snap.add(pw_key(p))

// ---------------------------------------------------------------------------
// In a section nothing validates.

@unvalidated exists@
identifier spec.fn;
identifier BEGIN = {raw_read_seqcount, read_seqcount_begin,
	raw_read_seqcount_begin, __read_seqcount_begin, raw_seqcount_begin,
	read_seqbegin, __seqprop_sequence};
identifier LOCK = {mmap_read_lock, mmap_write_lock, down_read, down_write};
expression X;
position p : script:python () { pw_func_of(p) not in pw_retry_fns };
@@

fn(...) {
... when any
\(BEGIN(...)\|mmap_lock_speculate_try_begin(...)\)
... when != LOCK(...)
X->vm_flags@p
... when any
}

@script:python@
X << unvalidated.X;
p << unvalidated.p;
@@

pw_report(p, "read of '%s->vm_flags' in a seqcount section that no retry "
	  "validates: nothing tells it from a write in progress" % pw_norm(X))

// ---------------------------------------------------------------------------
// Acted on before any retry: a decision that is not the abort, or the work.

@acted exists@
identifier spec.fn;
identifier BEGIN = {raw_read_seqcount, read_seqcount_begin,
	raw_read_seqcount_begin, __read_seqcount_begin, raw_seqcount_begin,
	read_seqbegin, __seqprop_sequence};
identifier RETRY = {read_seqcount_retry, __read_seqcount_retry,
	do_read_seqcount_retry, do___read_seqcount_retry, read_seqretry,
	mmap_lock_speculate_retry};
identifier LOCK = {mmap_read_lock, mmap_write_lock, down_read, down_write};
expression X, C;
position p, pb, pr;
@@

fn(...) {
... when any
\(BEGIN@pb(...)\|mmap_lock_speculate_try_begin@pb(...)\)
... when != RETRY(...)
    when != LOCK(...)
(
if (<+... X->vm_flags@p ...+>) return C@pr;
|
if (<+... X->vm_flags@p ...+>) {
	... when != RETRY(...)
	return C@pr;
}
)
... when any
}

@script:python@
fn << spec.fn;
X << acted.X;
C << acted.C;
p << acted.p;
pb << acted.pb;
pr << acted.pr;
@@

if fn in pw_retry_fns and pw_norm(C) not in pw_aborts.get(fn, set()):
	pw_report(p, "read of '%s->vm_flags' acted on before the section is "
		  "validated: the way out at line %s takes no retry of the "
		  "section opened at line %s, and is not its abort"
		  % (pw_norm(X), pr[0].line, pb[0].line))

@work exists@
identifier spec.fn;
identifier BEGIN = {raw_read_seqcount, read_seqcount_begin,
	raw_read_seqcount_begin, __read_seqcount_begin, raw_seqcount_begin,
	read_seqbegin, __seqprop_sequence};
identifier RETRY = {read_seqcount_retry, __read_seqcount_retry,
	do_read_seqcount_retry, do___read_seqcount_retry, read_seqretry,
	mmap_lock_speculate_retry};
identifier LOCK = {mmap_read_lock, mmap_write_lock, down_read, down_write};
identifier F;
expression X;
position p, pb, pr;
@@

fn(...) {
... when any
\(BEGIN@pb(...)\|mmap_lock_speculate_try_begin@pb(...)\)
... when != RETRY(...)
    when != LOCK(...)
X->vm_flags@p
... when != RETRY(...)
    when != LOCK(...)
return F@pr(...);
}

@script:python@
fn << spec.fn;
X << work.X;
p << work.p;
pb << work.pb;
pr << work.pr;
@@

if fn in pw_retry_fns:
	pw_report(p, "read of '%s->vm_flags' acted on before the section is "
		  "validated: the way out at line %s takes no retry of the "
		  "section opened at line %s, and is not its abort"
		  % (pw_norm(X), pr[0].line, pb[0].line))

// ---------------------------------------------------------------------------
// The findings.

@flag@
position pf : script:python () { pw_key(pf) in pw_found };
expression X;
@@

X->vm_flags@pf

@depends on context@
position flag.pf;
expression X;
@@

* X->vm_flags@pf

@script:python depends on org@
pf << flag.pf;
@@

pw_emit_org(pf, pw_found[pw_key(pf)], RULE)

@script:python depends on report@
pf << flag.pf;
@@

pw_emit_report(pf, pw_found[pw_key(pf)], RULE)

// ---------------------------------------------------------------------------
// The fix: after the section, the snapshot taken inside it.

@depends on patch@
identifier fn, vmf;
position pf : script:python () { pw_key(pf) in pw_snap };
expression X;
@@

fn(..., struct vm_fault *vmf, ...) {
<...
- X->vm_flags@pf
+ vmf->vma_flags
...>
}
