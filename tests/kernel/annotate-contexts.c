// SPDX-License-Identifier: GPL-2.0
/*
 * Sparse over this file, in a linux 6.12 x86_64 tree after "make annotate"
 * (tests/suite-annotate.sh, with kbuild's own sparse command line): each
 * *_leak function must get a context warning, each *_ok function none.
 * The *_ok ones are the shapes of real callers (arch/x86/mm/pat/memtype.c
 * for follow_pfnmap_start, mm/util.c vm_mmap_pgoff() for the killable lock,
 * mm/khugepaged.c for the trylock, mm/mmap.c expand_stack() for
 * __hand_off(), mm/madvise.c madvise_remove() for userfaultfd_remove());
 * the *_leak ones leave a path holding the lock, or drop the caller's lock
 * with nothing saying so, the bugs the annotations exist to show.
 *
 * The ok functions are written in the shapes sparse 0.6.4 can fold (see
 * sparse-annotations/README.md): a killable or errno-style lock in a
 * function that does not return only constants, a trylock whose guarded
 * block passes no value out.
 */
#include <linux/mm.h>
#include <linux/userfaultfd_k.h>

#ifndef _LINUX_PAGEWARD_CONTEXT_H	/* plain sparse, after make unannotate */
#define __must_hold_shared(x)
#define __hand_off(x)		(void)0
#endif

int pw_pfnmap_ok(struct vm_area_struct *vma, unsigned long *pfn)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = vma->vm_start };
	int ret = follow_pfnmap_start(&args);

	if (ret)
		return ret;
	*pfn = args.pfn;
	follow_pfnmap_end(&args);
	return ret;
}

int pw_pfnmap_leak(struct vm_area_struct *vma, unsigned long *pfn)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = vma->vm_start };
	int ret = follow_pfnmap_start(&args);

	if (ret)
		return ret;
	if (args.writable)
		return -EPERM;		/* args.lock is still held */
	*pfn = args.pfn;
	follow_pfnmap_end(&args);
	return ret;
}

long pw_killable_ok(struct mm_struct *mm, long (*work)(struct mm_struct *))
{
	long ret;

	if (mmap_write_lock_killable(mm))
		return -EINTR;
	ret = work(mm);
	mmap_write_unlock(mm);
	return ret;
}

long pw_killable_leak(struct mm_struct *mm, long (*work)(struct mm_struct *))
{
	long ret;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	ret = work(mm);
	if (ret < 0)
		return ret;		/* mmap_lock is still held */
	mmap_read_unlock(mm);
	return ret;
}

void pw_trylock_ok(struct mm_struct *mm, long (*work)(struct mm_struct *))
{
	if (mmap_read_trylock(mm)) {
		work(mm);
		mmap_read_unlock(mm);
	}
}

void pw_trylock_leak(struct mm_struct *mm, long (*work)(struct mm_struct *))
{
	if (mmap_read_trylock(mm)) {
		if (work(mm) < 0)
			return;		/* mmap_lock is still held */
		mmap_read_unlock(mm);
	}
}

long pw_lock_leak(struct mm_struct *mm, long (*work)(struct mm_struct *))
{
	long ret;

	mmap_read_lock(mm);
	ret = work(mm);
	if (ret < 0)
		return ret;		/* mmap_lock is still held */
	mmap_read_unlock(mm);
	return ret;
}

long pw_hand_off_ok(struct mm_struct *mm, long (*work)(struct mm_struct *))
	__must_hold_shared(mm)
{
	long ret;

	mmap_read_unlock(mm);
	if (mmap_write_lock_killable(mm)) {
		__hand_off(mm);		/* -EINTR: the caller's lock is gone */
		return -EINTR;
	}
	ret = work(mm);
	mmap_write_downgrade(mm);
	return ret;
}

long pw_hand_off_leak(struct mm_struct *mm, long (*work)(struct mm_struct *))
	__must_hold_shared(mm)
{
	long ret;

	mmap_read_unlock(mm);
	if (mmap_write_lock_killable(mm)) {
		__hand_off(mm);
		return -EINTR;
	}
	ret = work(mm);
	if (ret < 0) {
		mmap_write_unlock(mm);
		return ret;		/* dropped, and no hand-off says so */
	}
	mmap_write_downgrade(mm);
	return ret;
}

long pw_uffd_remove_ok(struct vm_area_struct *vma, long (*work)(struct mm_struct *))
	__must_hold_shared(vma->vm_mm)
{
	struct mm_struct *mm = vma->vm_mm;
	long ret;

	if (userfaultfd_remove(vma, vma->vm_start, vma->vm_end))
		mmap_read_unlock(mm);
	ret = work(mm);
	mmap_read_lock(mm);
	return ret;
}

long pw_uffd_remove_leak(struct vm_area_struct *vma, long (*work)(struct mm_struct *))
	__must_hold_shared(vma->vm_mm)
{
	struct mm_struct *mm = vma->vm_mm;
	long ret;

	if (!userfaultfd_remove(vma, vma->vm_start, vma->vm_end))
		return -EAGAIN;		/* the caller's mmap_lock is gone */
	ret = work(mm);
	return ret;
}
