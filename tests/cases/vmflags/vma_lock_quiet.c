// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write and -read must stay quiet on 6.12 code that
 * follows the per-VMA-lock protocol: vm_flags_reset*() after
 * vma_start_write() on the same VMA, the locking helpers, a static helper
 * whose every caller locks, the deliberate unlocked __vm_flags_mod() of
 * untrack_pfn(), and the lockless VMA lookup of the page fault.
 */
#include "pw_vma_lock.h"

/* mprotect_fixup(), mm/mprotect.c */
int mprotect_fixup(struct vm_area_struct *vma, unsigned long newflags)
{
	/*
	 * vm_flags and vm_page_prot are protected by the mmap_lock
	 * held in write mode.
	 */
	vma_start_write(vma);
	vm_flags_reset(vma, newflags);
	vma_set_page_prot(vma);
	return 0;
}

/* mlock_vma_pages_range(), mm/mlock.c: two resets after one lock */
void mlock_vma_pages_range(struct vm_area_struct *vma, vm_flags_t newflags)
{
	if (newflags & VM_LOCKED)
		newflags |= VM_IO;
	vma_start_write(vma);
	vm_flags_reset_once(vma, newflags);
	if (newflags & VM_IO) {
		newflags &= ~VM_IO;
		vm_flags_reset_once(vma, newflags);
	}
}

/* mlock_fixup(), mm/mlock.c: the lock in the branch that resets */
void mlock_fixup(struct vm_area_struct *vma, vm_flags_t oldflags, vm_flags_t newflags)
{
	if ((newflags & VM_LOCKED) && (oldflags & VM_LOCKED)) {
		vma_start_write(vma);
		vm_flags_reset(vma, newflags);
	} else {
		mlock_vma_pages_range(vma, newflags);
	}
}

/* userfaultfd_set_vm_flags(), mm/userfaultfd.c: static, and its caller
 * write-locks the VMA first */
static void userfaultfd_set_vm_flags(struct vm_area_struct *vma, vm_flags_t flags)
{
	const bool uffd_wp_changed = (vma->vm_flags ^ flags) & VM_UFFD_WP;

	vm_flags_reset(vma, flags);
	if ((vma->vm_flags & VM_SHARED) && uffd_wp_changed)
		vma_set_page_prot(vma);
}

void userfaultfd_set_ctx(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_start_write(vma);
	userfaultfd_set_vm_flags(vma, (vma->vm_flags & ~VM_UFFD_WP) | flags);
}

/* untrack_pfn(), arch/x86/mm/pat/memtype.c: without the mmap lock held for
 * write the VMA is being torn down, and __vm_flags_mod() is the choice */
void untrack_pfn(struct vm_area_struct *vma, bool mm_wr_locked)
{
	if (vma) {
		if (mm_wr_locked)
			vm_flags_clear(vma, VM_PAT);
		else
			__vm_flags_mod(vma, 0, VM_PAT);
	}
}

/* The helpers that lock for their caller. */
void mark_dontcopy(struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_DONTCOPY | VM_DONTEXPAND);
	vm_flags_clear(vma, VM_IO);
	vm_flags_mod(vma, VM_MIXEDMAP, VM_IO);
}

/* lock_vma_under_rcu(), mm/memory.c: no vm_flags read before the VMA is
 * read-locked; after, it is the VMA lock that guards it */
struct vm_area_struct *lock_vma_under_rcu_612(struct mm_struct *mm, unsigned long address,
					      struct vm_area_struct *vma)
{
	rcu_read_lock();
	if (!vma_start_read(vma))
		goto inval;
	if (vma->detached) {
		vma_end_read(vma);
		goto inval;
	}
	if (address < vma->vm_start || address >= vma->vm_end) {
		vma_end_read(vma);
		goto inval;
	}
	rcu_read_unlock();
	return vma;
inval:
	rcu_read_unlock();
	return NULL;
}

/* do_user_addr_fault(), arch/x86/mm/fault.c: flags of the read-locked VMA */
int fault_vma_locked(struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, address);

	if (!vma)
		return -EAGAIN;
	if (!(vma->vm_flags & VM_WRITE)) {
		vma_end_read(vma);
		return -EFAULT;
	}
	vma_end_read(vma);
	return 0;
}

/* A new VMA is set up with vm_flags_init() before anyone can see it. */
struct vm_area_struct *new_vma(struct mm_struct *mm, vm_flags_t flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (vma)
		vm_flags_init(vma, flags);
	return vma;
}

/* move_vma(), mm/mremap.c, 6.12: the locking helper */
void move_vma_conceal(struct vm_area_struct *vma, unsigned long vm_flags)
{
	if (vm_flags & VM_ACCOUNT)
		vm_flags_clear(vma, VM_ACCOUNT);
}
