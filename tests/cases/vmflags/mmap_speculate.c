// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.13+ speculative section on the whole mm: mmap_lock_speculate_try_begin()
 * and mmap_lock_speculate_retry(), as find_active_uprobe_speculative()
 * (kernel/events/uprobes.c) uses them.  Reads of vm_flags in the section
 * that only abort (return NULL, what a failed retry returns) are fine; a
 * read after the retry is not validated by it.
 */
#include "pw_vma_lock.h"

void *find_uprobe_rcu(void *file, unsigned long offset);

/* The uprobe lookup, with the VM_EXEC check a caller might add: quiet. */
void *find_active_uprobe_speculative(struct mm_struct *mm, unsigned long bp_vaddr)
{
	struct vm_area_struct *vma;
	unsigned int seq;
	void *uprobe;

	if (!mmap_lock_speculate_try_begin(mm, &seq))
		return NULL;
	vma = vma_lookup(mm, bp_vaddr);
	if (!vma)
		return NULL;
	if (!(vma->vm_flags & VM_EXEC))
		return NULL;
	uprobe = find_uprobe_rcu(vma->vm_private_data, vma->vm_pgoff);
	if (!uprobe)
		return NULL;
	if (mmap_lock_speculate_retry(mm, seq))
		return NULL;
	return uprobe;
}

/* The flags read again after the retry, and acted on. */
int uprobe_exec_after_retry(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	unsigned int seq;

	if (!mmap_lock_speculate_try_begin(mm, &seq))
		return -EAGAIN;
	vma = vma_lookup(mm, addr);
	if (!vma)
		return -EAGAIN;
	if (mmap_lock_speculate_retry(mm, seq))	/* note: vmflags-unsynced-read */
		return -EAGAIN;
	return vma->vm_flags & VM_EXEC ? 0 : -EFAULT;	/* expect: vmflags-unsynced-read */
}
