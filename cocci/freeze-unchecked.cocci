// SPDX-License-Identifier: GPL-2.0
/// page_ref_freeze() and folio_ref_freeze() fail, and leave the refcount
/// alone, when the page has any reference beyond the expected count.  Code
/// that ignores the result goes on as if the page were frozen while other
/// holders can still use it, and a later unfreeze overwrites the refcount
/// they hold.  Check the result and back out when the freeze fails.
///
// Confidence: High
// URL: https://coccinelle.gitlabpages.inria.fr/website
// Options: --no-includes --include-headers
// Requires: 1.1.1
// Keywords: page_ref_freeze, folio_ref_freeze, refcount, return value
// pageward-api: FREEZE
// Comments: The same rule as the pageward GCC plugin's freeze-unchecked.
//  Reported: the freeze as an expression statement, cast to (void), or
//  stored into a local variable that no path after it reads (a read of
//  any kind counts, VM_BUG_ON(!ret) included, even though it compiles to
//  nothing without CONFIG_DEBUG_VM).  A variable that is overwritten before
//  it is read counts as read here (as in the plugin, which only asks
//  whether the variable is read anywhere); a variable read only before the
//  freeze is reported here, not by the plugin.  A result stored in a
//  global, a field or through a pointer is not followed.
//  Patch mode rewrites "freeze(P, E);" and "(void)freeze(P, E);" into
//  "if (!freeze(P, E)) return ERR;" and adds "if (!ret) return ERR;" after
//  "ret = freeze(P, E);", where ERR follows the function's return type:
//  -EBUSY for signed integers, 0 for unsigned ones, false for bool, NULL for
//  pointers, nothing for void.  No fix is proposed (the finding is still
//  reported) when the return type is none of these (a typedef such as
//  vm_fault_t, an enum, a struct), when a lock-like call (spin_lock,
//  xas_lock_irq, folio_lock, local_irq_disable, ...) may still be in force
//  at the freeze, since a bare return would leak it, or when the result
//  initializes a declaration (the check would have to go after the last
//  declaration).  Review the patch: the function's own error path
//  (a goto that undoes earlier work) is often the better fix.
//  Modes: report prints FILE:LINE:COL: warning: MESSAGE [pageward:freeze-unchecked]
//  (COL is 1-based and a tab advances to the next multiple of 8, the
//  column GCC prints); org prints an Org TODO;
//  context marks the freeze; patch as above.

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
#include "lib/pageward.py"
# The pageward API table (gcc-plugin/pw_api.def), the kind this rule uses.
FREEZE = frozenset([
	'page_ref_freeze', 'folio_ref_freeze',
])

RULE = 'freeze-unchecked'

class PwFile(PwSourceFile):
	"""What the rules below learn about the file being checked."""

	def __init__(self, name):
		PwSourceFile.__init__(self, name)
		self.sites = {}		# freeze position -> dict
		self.rettype = {}	# function -> return type
		self.locals = set()	# (function, variable)
		self.lhs = set()	# positions of plain assignment targets
		self.reads = {}		# freeze position -> positions of later uses
		self.held = set()	# freezes where a lock may be held


def pw_site(p, pp, pe):
	f = pw_file(p)
	f.sites[pw_start(p)] = {
		'fn': p[0].current_element,
		'kind': 'stmt',
		'var': None,
		'freeze': f.text(*pw_range(p)),
		'page': f.text(*pw_range(pp)),
		'count': f.text(*pw_range(pe)),
	}


def pw_kind(p, kind, var=None):
	(f, S) = pw_site_of(p)
	if S is not None:
		S['kind'] = kind
		S['var'] = var


def pw_site_of(p):
	f = pw_file(p)
	return (f, f.sites.get(pw_start(p)))


def pw_ignored(p):
	"""Is the result of the freeze at p ignored?"""
	(f, S) = pw_site_of(p)
	if S is None:
		return False
	if S['kind'] in ('stmt', 'void'):
		return True
	if (S['fn'], S['var']) not in f.locals:
		return False	# a global, or something we cannot follow
	return not (f.reads.get(pw_start(p), set()) - f.lhs)


def pw_message(p):
	(f, S) = pw_site_of(p)
	return "%s() ignores the result of %s(%s, %s): the freeze fails when " \
	       "another holder has a reference, and the code after it then " \
	       "runs with '%s' not frozen" % (S['fn'], S['freeze'], S['page'],
					     S['count'], S['page'])


def pw_fix(p):
	"""The statement that backs out of the function, or None when
	there is no safe one."""
	(f, S) = pw_site_of(p)
	if S is None or S['kind'] == 'decl' or pw_start(p) in f.held:
		return None
	return pw_error_return(f.rettype.get(S['fn'], ''), '-EBUSY', pw_function_lines(p))

// ---------------------------------------------------------------------------
// The freezes whose result may be ignored, and how.

@frz depends on patch || context || org || report@
identifier FRZ = {page_ref_freeze, folio_ref_freeze};
expression P, E;
identifier v;
type T;
position p, pp, pe;
@@

(
 FRZ@p(P@pp, E@pe);
|
 (void)FRZ@p(P@pp, E@pe);
|
 v = FRZ@p(P@pp, E@pe);
|
 T v = FRZ@p(P@pp, E@pe);
)

@script:python@
p << frz.p;
pp << frz.pp;
pe << frz.pe;
@@

pw_site(p, pp, pe)

@cast depends on frz@
identifier FRZ;
position frz.p;
@@

 (void)FRZ@p(...);

@script:python@
p << frz.p;
@@

pw_kind(p, 'void')

@assigned depends on frz@
identifier FRZ, v;
position frz.p;
@@

 v = FRZ@p(...);

@script:python@
p << frz.p;
v << assigned.v;
@@

pw_kind(p, 'assign', v)

@declared depends on frz@
identifier FRZ, v;
type T;
position frz.p;
@@

 T v = FRZ@p(...);

@script:python@
p << frz.p;
v << declared.v;
@@

pw_kind(p, 'decl', v)

// ---------------------------------------------------------------------------
// Is a stored result read later?  Locals only: parameters and variables
// declared in the function.

@locals depends on assigned || declared@
identifier v;
type T;
position d;
@@

(
 T v@d;
|
 T v@d = ...;
)

@script:python@
d << locals.d;
v << locals.v;
@@

pw_file(d).locals.add((d[0].current_element, v))

@params depends on assigned || declared@
identifier fn, v;
type T;
position d;
@@

fn(..., T v@d, ...) { ... }

@script:python@
fn << params.fn;
v << params.v;
d << params.d;
@@

pw_file(d).locals.add((fn, v))

@lhs depends on assigned || declared@
identifier v;
expression E2;
position l;
@@

v@l = E2

@script:python@
l << lhs.l;
@@

pw_file(l).lhs.add(pw_start(l))

@read depends on assigned exists@
identifier FRZ, v;
position frz.p, q, u;
@@

 v = FRZ@p@q(...);
 ... when any
 v@u

@script:python@
q << read.q;
u << read.u;
@@

pw_file(q).reads.setdefault(pw_start(q), set()).add(pw_start(u))

@read_decl depends on declared exists@
identifier FRZ, v;
type T;
position frz.p, q, u;
@@

 T v = FRZ@p@q(...);
 ... when any
 v@u

@script:python@
q << read_decl.q;
u << read_decl.u;
@@

pw_file(q).reads.setdefault(pw_start(q), set()).add(pw_start(u))

// ---------------------------------------------------------------------------
// Is there a safe way out: the function's return type, and no lock-like
// call in force at the freeze.

@rettype depends on patch@
type T;
identifier fn;
position q;
@@

T fn@q(...) { ... }

@script:python@
T << rettype.T;
q << rettype.q;
@@

pw_file(q).rettype[q[0].current_element] = T

@held depends on patch exists@
identifier LK =~ "(^|_)(try)?lock($|_)|^local_irq_(disable|save)$|^preempt_disable$";
identifier UL =~ "(^|_)unlock($|_)|^local_irq_(enable|restore)$|^preempt_enable$";
identifier FRZ;
position frz.p, q;
@@

 LK(...)
 ... when != UL(...)
 FRZ@p@q(...)

@script:python@
q << held.q;
@@

pw_file(q).held.add(pw_start(q))

// ---------------------------------------------------------------------------
// Findings: every freeze whose result is used is dropped here.

@script:python pick depends on frz && (context || org || report)@
p << frz.p;
@@

if not pw_ignored(p):
	cocci.include_match(False)

@depends on context@
identifier FRZ;
position frz.p;
@@

* FRZ@p(...)

@script:python depends on org@
p << frz.p;
@@

pw_emit_org(p, pw_message(p), RULE)

@script:python depends on report@
p << frz.p;
@@

pw_emit_report(p, pw_message(p), RULE)

@script:python fix depends on frz && patch@
p << frz.p;
RET;
@@

ret = pw_fix(p) if pw_ignored(p) else None
if ret is None:
	cocci.include_match(False)
else:
	coccinelle.RET = cocci.make_stmt(ret)

@depends on patch@
identifier FRZ, v;
expression P, E;
position frz.p;
statement fix.RET;
@@

(
- FRZ@p(P, E);
+ if (!FRZ(P, E))
+	RET
|
- (void)FRZ@p(P, E);
+ if (!FRZ(P, E))
+	RET
|
  v = FRZ@p(P, E);
+ if (!v)
+	RET
)
