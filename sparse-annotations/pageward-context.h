/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pageward-context.h - lock-context macros pageward adds for the mm locks.
 *
 * Installed as include/linux/pageward-context.h by "make annotate" (see
 * sparse-annotations/README.md in pageward).  The kernel's own
 * __acquires/__releases/__must_hold/__acquire/__release/__cond_lock
 * (compiler_types.h in 6.1, compiler-context-analysis.h in 6.12) stay as
 * they are; this header adds only what they lack, with the names mainline's
 * Clang context analysis (include/linux/compiler-context-analysis.h, late
 * 2025) gives the same meaning, so annotations written with them read the
 * same there:
 *
 *   __acquires_shared __releases_shared __must_hold_shared
 *   __acquire_shared  __release_shared  __cond_lock_shared
 *
 * and pageward's own: __cond_lock_err() and __cond_acquires_err() (mainline:
 * __cond_acquires(0, x) on the declaration), __cond_unlock_shared() (a
 * call-site macro for "drops the lock iff it returns false") and
 * __hand_off() (a release on a hand-off path taken out of the counter).
 *
 * Sparse has one anonymous counter: the argument is documentation, and a
 * shared acquire counts exactly like an exclusive one.  Sparse applies a
 * context attribute at a call only when the callee is not inlined, so
 * static inline lock functions carry __acquire()/__release() in their bodies
 * as well as the attribute on their declaration (the attribute is for the
 * reader and for Clang).
 *
 * For the pageward GCC plugin (rule lock-context): with -D__PAGEWARD_CONTEXT__
 * the statements become calls of an empty inline function the plugin sees
 * before inlining, __pageward_ctx(+1 or -1, "x"), and __cond_lock(x, c)
 * becomes "if (c) __acquire(x)" keeping the value of c, so that a
 * conditional acquire is a branch the plugin follows per lock.  The function
 * attributes (__acquires(x) after a declarator) are read by the plugin from
 * the declaration's text: GCC accepts no attribute in that place on a
 * definition.  The tree annotated for sparse is, unchanged, annotated for the
 * plugin.
 */
#ifndef _LINUX_PAGEWARD_CONTEXT_H
#define _LINUX_PAGEWARD_CONTEXT_H

#include <linux/compiler_types.h>

#ifdef __CHECKER__

/**
 * __acquires_shared() - function attribute, the function takes @x shared
 * @x: the lock (an expression naming it; documentation for sparse)
 *
 * Example::
 *
 *	static inline void mmap_read_lock(struct mm_struct *mm)
 *		__acquires_shared(mm);
 */
# define __acquires_shared(x)	__acquires(x)

/**
 * __releases_shared() - function attribute, the function drops @x shared
 * @x: the lock, held shared on entry
 *
 * Example::
 *
 *	static inline void mmap_read_unlock(struct mm_struct *mm)
 *		__releases_shared(mm);
 */
# define __releases_shared(x)	__releases(x)

/**
 * __must_hold_shared() - function attribute, the caller holds @x shared
 * @x: the lock, held shared on entry and on return
 *
 * Example::
 *
 *	static void walk_vmas(struct mm_struct *mm) __must_hold_shared(mm);
 */
# define __must_hold_shared(x)	__must_hold(x)

/**
 * __acquire_shared() - statement: count @x as taken shared from here
 * @x: the lock
 *
 * Example, in the body of an inline lock function::
 *
 *	down_read(&mm->mmap_lock);
 *	__acquire_shared(mm);
 */
# define __acquire_shared(x)	__acquire(x)

/**
 * __release_shared() - statement: count @x as dropped (shared) from here
 * @x: the lock
 *
 * Example::
 *
 *	up_read(&mm->mmap_lock);
 *	__release_shared(mm);
 */
# define __release_shared(x)	__release(x)

/**
 * __cond_lock_shared() - @x is taken shared if and only if @c is true
 * @x: the lock
 * @c: the trylock's result
 *
 * Return: 1 when @c is true (and the lock counted), else 0.
 *
 * Example::
 *
 *	return __cond_lock_shared(mm, down_read_trylock(&mm->mmap_lock));
 */
# define __cond_lock_shared(x, c)	__cond_lock(x, c)

/**
 * __cond_lock_err() - @x is taken if and only if @c is 0 (an errno result)
 * @x: the lock
 * @c: the result of a killable or fallible lock: 0 means it is held
 *
 * Return: for sparse, 0 (and the lock counted) when @c is 0, else -1; the
 * kernel build gets @c itself.  The constant is deliberate: sparse keeps
 * the two outcomes apart only when a branch on the result can be folded,
 * which needs a constant on both sides, as __cond_lock() returns 1, not @c.
 *
 * Example::
 *
 *	ret = down_read_killable(&mm->mmap_lock);
 *	return __cond_lock_err(mm, ret);
 */
# define __cond_lock_err(x, c)	((c) ? -1 : ({ __acquire(x); 0; }))

/**
 * __cond_unlock_shared() - @x, held shared, is dropped if and only if @c is false
 * @x: the lock, held shared before the call
 * @c: the result of a function that drops @x when it returns false
 *
 * The call-site macro of a function that may drop its caller's lock and
 * says so by its result (true: still held).  Sparse 0.6.4 checks a body
 * only against the context attribute of its definition and has no
 * attribute for "released iff the result is false" (an out value of -1,
 * as in __cond_acquires(), flags every exit of the definition), so the
 * counting is done here, where the caller's branch on the result folds.
 * The function's own definition is then named in parentheses.
 *
 * Return: for sparse, 1 when @c is true, else 0 (and @x counted as
 * dropped); the kernel build gets @c itself.
 *
 * Example::
 *
 *	#define userfaultfd_remove(vma, start, end) \
 *		__cond_unlock_shared((vma)->vm_mm, \
 *				     userfaultfd_remove(vma, start, end))
 *
 *	if (!userfaultfd_remove(vma, start, end))
 *		mmap_read_lock(mm);	// dropped: take it again
 */
# define __cond_unlock_shared(x, c)	((c) ? 1 : ({ __release(x); 0; }))

/**
 * __cond_acquires_err() - function attribute, returns 0 with @x held
 * @x: the lock, held when the function returns 0 (an errno result)
 *
 * Mainline's __cond_acquires(0, x).  For sparse 0.6.4 it is the kernel's
 * __cond_acquires(x), which only documents the declaration: sparse checks
 * a body against the attribute of its definition, and counts the callers
 * through a call-site macro with __cond_lock_err().  The kernel's
 * __cond_acquires(x) reads "held when the result is non-zero", the wrong
 * direction for an errno-style result.
 *
 * Example::
 *
 *	int follow_pfnmap_start(struct follow_pfnmap_args *args)
 *		__cond_acquires_err(args->lock);
 */
# define __cond_acquires_err(x)	__cond_acquires(x)

/**
 * __hand_off() - statement: @x, dropped on this path, is not counted
 * @x: the lock the function was called with and has just dropped
 *
 * For a function that drops its caller's lock on some paths and tells the
 * caller so by a result sparse cannot fold (VM_FAULT_RETRY in a bitmask, a
 * NULL pointer): the release just before is a hand-off, and this takes it
 * back out of the counter, so the function is checked, and counted at its
 * callers, as not changing the lock.  Each use says, in a comment, which
 * result tells the caller the lock is gone.  A path that leaks or drops
 * another lock is still counted.
 *
 * Example::
 *
 *	mmap_read_unlock(vmf->vma->vm_mm);
 *	__hand_off(vmf->vma->vm_mm);	// the caller gets VM_FAULT_RETRY
 */
# define __hand_off(x)	__acquire(x)

#elif defined(__PAGEWARD_CONTEXT__)

/**
 * __pageward_ctx() - what __acquire()/__release() are for the pageward plugin
 * @delta: +1 for an acquire, -1 for a release
 * @x: the lock as written, which names it
 *
 * Empty: the plugin reads its calls before inlining removes them.
 *
 * Example (what __acquire(mm) expands to)::
 *
 *	__pageward_ctx(1, "mm");
 */
static __always_inline void __pageward_ctx(int delta, const char *x)
{
}

# undef __acquire
# undef __release
# undef __cond_lock
# define __acquire(x)			__pageward_ctx(1, #x)
# define __release(x)			__pageward_ctx(-1, #x)
# define __cond_lock(x, c) \
	({ __auto_type __pw_c = (c); if (__pw_c) __acquire(x); __pw_c; })
# define __acquires_shared(x)
# define __releases_shared(x)
# define __must_hold_shared(x)
# define __acquire_shared(x)		__acquire(x)
# define __release_shared(x)		__release(x)
# define __cond_lock_shared(x, c)	__cond_lock(x, c)
# define __cond_lock_err(x, c) \
	({ __auto_type __pw_c = (c); if (!__pw_c) __acquire(x); __pw_c; })
# define __cond_unlock_shared(x, c) \
	({ __auto_type __pw_c = (c); if (!__pw_c) __release(x); __pw_c; })
# define __cond_acquires_err(x)
/* a hand-off: the lock's state on this path is the caller's business */
# define __hand_off(x)			__pageward_ctx(0, #x)

#else /* !__CHECKER__ && !__PAGEWARD_CONTEXT__ */

# define __acquires_shared(x)
# define __releases_shared(x)
# define __must_hold_shared(x)
# define __acquire_shared(x)		(void)0
# define __release_shared(x)		(void)0
# define __cond_lock_shared(x, c)	(c)
# define __cond_lock_err(x, c)		(c)
# define __cond_unlock_shared(x, c)	(c)
# define __cond_acquires_err(x)
# define __hand_off(x)			(void)0

#endif /* __CHECKER__, __PAGEWARD_CONTEXT__ */

/*
 * Locks handed across functions by design (the page and folio lock: a
 * folio locked by its caller is unlocked by ->read_folio() or at I/O
 * completion; the VMA read lock, dropped by the fault handler with
 * VM_FAULT_RETRY), which sparse's one counter would flag at every hand-off.
 * These attributes are empty for sparse and the compiler alike; the
 * pageward plugin reads them from the declaration's text and checks each
 * lock by name, where a hand-off to a function it cannot see makes the
 * lock unknown rather than wrong.  The lock may be written "return": the
 * pointer the function returns (lock_vma_under_rcu()).  Clang's context
 * analysis spells them __acquires(x), __releases(x), __cond_acquires(true,
 * x) and __cond_acquires(0, x).
 */

/**
 * __acquires_handed() - function attribute, returns holding @x, not counted by sparse
 * @x: the lock
 *
 * Example::
 *
 *	void __folio_lock(struct folio *folio) __acquires_handed(folio);
 */
#define __acquires_handed(x)

/**
 * __releases_handed() - function attribute, drops @x, not counted by sparse
 * @x: the lock, held on entry
 *
 * Example::
 *
 *	void folio_unlock(struct folio *folio) __releases_handed(folio);
 */
#define __releases_handed(x)

/**
 * __cond_acquires_handed() - function attribute, holds @x iff it returns non-zero
 * @x: the lock, or "return": the pointer returned, locked when not NULL
 *
 * Example::
 *
 *	static inline bool folio_trylock(struct folio *folio)
 *		__cond_acquires_handed(folio)
 *
 *	struct vm_area_struct *lock_vma_under_rcu(struct mm_struct *mm,
 *						  unsigned long address)
 *		__cond_acquires_handed(return);
 */
#define __cond_acquires_handed(x)

/**
 * __cond_acquires_err_handed() - function attribute, holds @x iff it returns 0
 * @x: the lock
 *
 * Example::
 *
 *	int __folio_lock_killable(struct folio *folio)
 *		__cond_acquires_err_handed(folio);
 */
#define __cond_acquires_err_handed(x)

#endif /* _LINUX_PAGEWARD_CONTEXT_H */
