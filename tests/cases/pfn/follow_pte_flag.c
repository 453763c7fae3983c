// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.1 generic_access_phys() (generic_access_phys_6_1.c) with the
 * re-walk and pte_same() taken out: the shape of the v5.11 bug written
 * with follow_pte().  The pfn is read under the PTE lock, the lock is
 * dropped, and the memory is accessed through it with nothing holding the
 * mapping: unmap_mapping_range() may have freed the page meanwhile.
 */
#include "pw_mm.h"

int access_phys_no_rewalk(struct vm_area_struct *vma, unsigned long addr,
			  void *buf, int len, int write)
{
	resource_size_t phys_addr;
	void __iomem *maddr;
	pte_t *ptep, pte;
	spinlock_t *ptl;
	int offset = offset_in_page(addr);

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))	/* note(gcc): pfn-after-unlock */
		return -EINVAL;
	pte = ptep_get(ptep);
	pte_unmap_unlock(ptep, ptl);	/* note(gcc): pfn-after-unlock */

	phys_addr = (resource_size_t)pte_pfn(pte) << PAGE_SHIFT;
	maddr = ioremap_prot(phys_addr, PAGE_ALIGN(len + offset), pgprot_val(pte_pgprot(pte)));
	if (!maddr)
		return -ENOMEM;
	if (write)
		memcpy_toio(maddr + offset, buf, len);	/* expect: pfn-after-unlock */
	else
		memcpy_fromio(buf, maddr + offset, len);	/* expect: pfn-after-unlock */
	iounmap(maddr);
	return len;
}

/* The pfn of the PTE mapped into another VMA after the lock is gone:
 * remap_pfn_range() installs a user mapping of memory that may be freed. */
int remap_stale_pfn(struct vm_area_struct *src, struct vm_area_struct *dst,
		    unsigned long addr)
{
	unsigned long pfn;
	pte_t *ptep;
	spinlock_t *ptl;

	if (follow_pte(src->vm_mm, addr, &ptep, &ptl))	/* note(gcc): pfn-after-unlock */
		return -EINVAL;
	pfn = pte_pfn(*ptep);
	pte_unmap_unlock(ptep, ptl);	/* note(gcc): pfn-after-unlock */
	return remap_pfn_range(dst, dst->vm_start, pfn, PAGE_SIZE, dst->vm_page_prot);	/* expect: pfn-after-unlock */
}

/* kmap of the pfn and a copy, after the unlock. */
int copy_stale_pfn(struct vm_area_struct *vma, unsigned long addr, void *buf)
{
	unsigned long pfn;
	pte_t *ptep;
	spinlock_t *ptl;
	void *kaddr;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))	/* note(gcc): pfn-after-unlock */
		return -EINVAL;
	pfn = pte_pfn(ptep_get(ptep));
	pte_unmap_unlock(ptep, ptl);	/* note(gcc): pfn-after-unlock */
	kaddr = kmap_local_pfn(pfn);
	memcpy(buf, kaddr, PAGE_SIZE);	/* expect: pfn-after-unlock */
	kunmap_local(kaddr);
	return 0;
}
