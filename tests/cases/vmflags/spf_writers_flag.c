// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write must flag vm_flags stores outside the VMA's write
 * section in a speculative-page-fault kernel: seed 004's writers with the
 * store moved out, and Kirill Shutemov's torn write.
 */
#include "pw_vma_spf.h"

/* Kirill's case: a plain store the compiler may split, 0 in the middle. */
void madvise_dontfork(struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_IO;				/* expect: vmflags-unsynced-write */
}

/* The store after the section closed. */
int mprotect_after_section(struct vm_area_struct *vma, unsigned long start,
			   unsigned long end, unsigned long newflags)
{
	vm_write_begin(vma);
	vma_set_page_prot(vma);
	vm_write_end(vma);				/* note: vmflags-unsynced-write */
	WRITE_ONCE(vma->vm_flags, newflags);		/* expect: vmflags-unsynced-write */
	return 0;
}

/* The section is on another VMA. */
void mlock_wrong_vma(struct vm_area_struct *vma, struct vm_area_struct *prev,
		     unsigned long newflags)
{
	vm_write_begin(prev);
	vma->vm_flags = newflags;			/* expect: vmflags-unsynced-write */
	vm_write_end(prev);
}

/* Only on one path. */
void munlock_one_path(struct vm_area_struct *vma, unsigned long newflags, int lock)
{
	if (lock)
		vm_write_begin(vma);	/* note: vmflags-unsynced-write */
	vma->vm_flags = newflags;			/* expect: vmflags-unsynced-write */
	if (lock)
		vm_write_end(vma);
}

/* mmap_region() after vma_link(): the VMA is visible. */
unsigned long mmap_region_late(struct mm_struct *mm, unsigned long addr,
			       unsigned long vm_flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return -ENOMEM;
	vma->vm_flags = vm_flags;
	vma_link(mm, vma, NULL);
	if (vm_flags & VM_LOCKED)
		vma->vm_flags &= ~VM_LOCKED;		/* expect: vmflags-unsynced-write */
	return addr;
}

/* A static helper one of whose callers does not open the section. */
static void set_flags(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags = flags;				/* expect: vmflags-unsynced-write */
}

void caller_locked(struct vm_area_struct *vma)
{
	vm_write_begin(vma);
	set_flags(vma, VM_READ);
	vm_write_end(vma);
}

void caller_unlocked(struct vm_area_struct *vma)
{
	set_flags(vma, VM_READ | VM_WRITE);
}

/* move_vma(), mm/mremap.c, as before the series: VM_ACCOUNT concealed with
 * a plain read-modify-write a speculative fault can see half done. */
void move_vma_conceal(struct vm_area_struct *vma, unsigned long vm_flags)
{
	if (vm_flags & VM_ACCOUNT) {
		vma->vm_flags &= ~VM_ACCOUNT;		/* expect: vmflags-unsynced-write */
	}
}
