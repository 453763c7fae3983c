// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write must stay quiet on the VMA writers of seed 004's
 * list as the series protects them: every vm_flags store between
 * vm_write_begin() and vm_write_end() (or write_seqcount_begin/end on
 * vma->vm_sequence) of the same VMA; stores to a VMA not yet linked into
 * the mm; a static helper whose every caller opened the section.
 */
#include "pw_vma_spf.h"

/* madvise_behavior(), mm/madvise.c */
int madvise_behavior(struct vm_area_struct *vma, unsigned long start,
		     unsigned long end, int behavior)
{
	unsigned long new_flags = vma->vm_flags;

	if (behavior == 1)
		new_flags |= VM_HUGEPAGE;
	else
		new_flags &= ~VM_HUGEPAGE;
	if (new_flags == vma->vm_flags)
		return 0;
	vm_write_begin(vma);
	WRITE_ONCE(vma->vm_flags, new_flags);
	vm_write_end(vma);
	return 0;
}

/* mprotect_fixup(), mm/mprotect.c */
int mprotect_fixup(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end, unsigned long newflags)
{
	if (start != vma->vm_start && split_vma(vma->vm_mm, vma, start, 1))
		return -ENOMEM;
	vm_write_begin(vma);
	WRITE_ONCE(vma->vm_flags, newflags);
	vma_set_page_prot(vma);
	change_protection(vma, start, end, vma->vm_page_prot);
	vm_write_end(vma);
	return 0;
}

/* mlock_fixup(), mm/mlock.c: the raw seqcount calls on the VMA's count */
void mlock_fixup(struct vm_area_struct *vma, unsigned long newflags)
{
	write_seqcount_begin(&vma->vm_sequence);
	if (newflags & VM_LOCKED)
		vma->vm_flags = newflags | VM_IO;
	else
		vma->vm_flags = newflags;
	write_seqcount_end(&vma->vm_sequence);
}

/* mmap_region(), mm/mmap.c: the new VMA is filled in before vma_link()
 * makes it visible; later changes take the section. */
unsigned long mmap_region(struct mm_struct *mm, unsigned long addr,
			  unsigned long len, unsigned long vm_flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma_link(mm, vma, NULL);
	vm_write_begin(vma);
	if (vm_flags & VM_LOCKED)
		WRITE_ONCE(vma->vm_flags, vma->vm_flags & ~VM_LOCKED);
	WRITE_ONCE(vma->vm_flags, vma->vm_flags | VM_SOFTDIRTY);
	vm_write_end(vma);
	return addr;
}

/* collapse_huge_page(), mm/khugepaged.c: a helper that writes, called
 * with the section open by its only caller. */
static void khugepaged_set_flags(struct vm_area_struct *vma, unsigned long flags)
{
	vma->vm_flags = flags;
}

void collapse_huge_page(struct vm_area_struct *vma)
{
	vm_write_begin(vma);
	khugepaged_set_flags(vma, vma->vm_flags | VM_HUGEPAGE);
	vm_write_end(vma);
}

/* move_vma(), mm/mremap.c: VM_ACCOUNT concealed inside the section */
void move_vma_conceal(struct vm_area_struct *vma, unsigned long vm_flags)
{
	if (vm_flags & VM_ACCOUNT) {
		vm_write_begin(vma);
		WRITE_ONCE(vma->vm_flags, vma->vm_flags & ~VM_ACCOUNT);
		vm_write_end(vma);
	}
}
