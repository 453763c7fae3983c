// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers that walk and hand the pfn to their caller, with callers that
 * do not access memory through it: the real vfio vaddr_get_pfns() (6.12)
 * only tests the pfn and passes it on for the IOMMU mapping its caller
 * makes; the real KVM hva_to_pfn() returns it to code that checks the MMU
 * notifier sequence before it maps it.  And a wrapper that returns with
 * the lock held, whose caller accesses the memory before its unlock.
 */
#include "pw_mm.h"

int is_invalid_reserved_pfn(unsigned long pfn);
void mmap_read_lock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);

static int follow_fault_pfn(struct vm_area_struct *vma, struct mm_struct *mm,
			    unsigned long vaddr, unsigned long *pfn, bool write_fault)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = vaddr };
	int ret;

	ret = follow_pfnmap_start(&args);
	if (ret)
		return ret;
	if (write_fault && !args.writable)
		ret = -EFAULT;
	else
		*pfn = args.pfn;
	follow_pfnmap_end(&args);
	return ret;
}

int vaddr_get_pfns(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long vaddr,
		   unsigned long *pfn)
{
	int ret;

	mmap_read_lock(mm);
	ret = follow_fault_pfn(vma, mm, vaddr, pfn, 1);
	if (!ret) {
		if (is_invalid_reserved_pfn(*pfn))
			ret = 1;
		else
			ret = -EFAULT;
	}
	mmap_read_unlock(mm);
	return ret;
}

static int hva_to_pfn_remapped(struct vm_area_struct *vma, unsigned long addr,
			       bool *writable, unsigned long *p_pfn)
{
	pte_t *ptep, pte;
	spinlock_t *ptl;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		return -EFAULT;
	pte = ptep_get(ptep);
	if (writable)
		*writable = pte_write(pte);
	*p_pfn = pte_pfn(pte);
	pte_unmap_unlock(ptep, ptl);
	return 0;
}

unsigned long hva_to_pfn(struct vm_area_struct *vma, unsigned long addr, bool *writable)
{
	unsigned long pfn;
	int r;

	r = hva_to_pfn_remapped(vma, addr, writable, &pfn);
	if (r < 0)
		return ~0UL;
	return pfn;
}

/* returns with the PTE lock held on success: the caller unlocks */
static pte_t *lock_pte(struct mm_struct *mm, unsigned long addr, spinlock_t **ptl)
{
	pte_t *ptep = get_locked_pte(mm, addr, ptl);

	if (ptep && !pte_pfn(ptep_get(ptep))) {
		pte_unmap_unlock(ptep, *ptl);
		return 0;
	}
	return ptep;
}

unsigned int read_locked(struct mm_struct *mm, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *ptep = lock_pte(mm, addr, &ptl);
	void __iomem *maddr;
	unsigned int v;

	if (!ptep)
		return 0;
	/* under the walk's lock, as s390_pci_mmio_read() */
	maddr = ioremap(PFN_PHYS(pte_pfn(ptep_get(ptep))), PAGE_SIZE);
	v = readl(maddr);
	pte_unmap_unlock(ptep, ptl);
	iounmap(maddr);
	return v;
}
