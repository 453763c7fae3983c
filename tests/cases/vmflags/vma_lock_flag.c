// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write must flag vm_flags changes that a 6.4+ kernel
 * requires the VMA write lock for and that do not have it: a page fault
 * holding only the VMA's read lock (lock_vma_under_rcu()) sees them half
 * done, and vm_flags_reset()'s vma_assert_write_locked() fires under
 * CONFIG_DEBUG_VM.
 */
#include "pw_vma_lock.h"

/* The mmap_lock held for write is no longer enough. */
int madvise_update_vma(struct vm_area_struct *vma, vm_flags_t new_flags)
{
	vm_flags_reset(vma, new_flags);			/* expect: vmflags-unsynced-write */
	return 0;
}

/* __vm_flags_mod() on a live VMA, no locking variant anywhere. */
void clear_pat(struct vm_area_struct *vma)
{
	__vm_flags_mod(vma, 0, VM_PAT);			/* expect: vmflags-unsynced-write */
}

/* Around the helpers, straight to the private field. */
void set_io(struct vm_area_struct *vma)
{
	ACCESS_PRIVATE(vma, __vm_flags) |= VM_IO;	/* expect: vmflags-unsynced-write */
}

void clear_io(struct vm_area_struct *vma)
{
	ACCESS_PRIVATE(vma, __vm_flags) &= ~VM_IO;	/* expect: vmflags-unsynced-write */
}

void reset_flags(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->__vm_flags = flags;			/* expect: vmflags-unsynced-write */
}

/* The lock is on another VMA. */
void reset_wrong_vma(struct vm_area_struct *vma, struct vm_area_struct *prev, vm_flags_t f)
{
	vma_start_write(prev);				/* note: vmflags-unsynced-write */
	vm_flags_reset(vma, f);				/* expect: vmflags-unsynced-write */
}

/* A static helper one of whose callers does not lock. */
static void set_uffd_flags(struct vm_area_struct *vma, vm_flags_t flags)
{
	vm_flags_reset_once(vma, flags);		/* expect: vmflags-unsynced-write */
}

void uffd_locked(struct vm_area_struct *vma)
{
	vma_start_write(vma);
	set_uffd_flags(vma, VM_UFFD_WP);
}

void uffd_unlocked(struct vm_area_struct *vma)
{
	set_uffd_flags(vma, 0);
}
