// SPDX-License-Identifier: GPL-2.0
/*
 * Half of the 5.12 fix of seed 003: the 6.1 generic_access_phys()
 * (generic_access_phys_6_1.c) walks the page table a second time before
 * the copy, but here nothing compares the second pte with the first.  The
 * second lock is held during the copy, yet maddr maps the physical address
 * of the first walk, which unmap_mapping_range() may have torn down and a
 * new mapping replaced in between: the lock protects a pte nobody looked at.
 */
#include "pw_mm.h"

int access_phys_rewalk_only(struct vm_area_struct *vma, unsigned long addr,
			    void *buf, int len)
{
	resource_size_t phys_addr;
	void __iomem *maddr;
	pte_t *ptep, pte;
	spinlock_t *ptl;
	int offset = offset_in_page(addr);
	int ret = -EINVAL;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))	/* note(gcc): pfn-after-unlock */
		return -EINVAL;
	pte = ptep_get(ptep);
	pte_unmap_unlock(ptep, ptl);	/* note(gcc): pfn-after-unlock */

	phys_addr = (resource_size_t)pte_pfn(pte) << PAGE_SHIFT;
	maddr = ioremap_prot(phys_addr, PAGE_ALIGN(len + offset), pgprot_val(pte_pgprot(pte)));
	if (!maddr)
		return -ENOMEM;
	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		goto out_unmap;
	if (!pte_present(ptep_get(ptep))) {	/* looks at the new pte only */
		pte_unmap_unlock(ptep, ptl);
		goto out_unmap;
	}
	memcpy_fromio(buf, maddr + offset, len);	/* expect: pfn-after-unlock */
	ret = len;
	pte_unmap_unlock(ptep, ptl);
out_unmap:
	iounmap(maddr);
	return ret;
}

/* Two walks of two addresses, each copy under the lock of its own walk and
 * through a mapping made under it: quiet. */
int copy_two_pages(struct vm_area_struct *vma, unsigned long a, unsigned long b, void *buf)
{
	pte_t *ptep;
	spinlock_t *ptl;
	void *kaddr;

	if (follow_pte(vma->vm_mm, a, &ptep, &ptl))
		return -EINVAL;
	kaddr = kmap_local_pfn(pte_pfn(ptep_get(ptep)));
	memcpy(buf, kaddr, PAGE_SIZE / 2);
	kunmap_local(kaddr);
	pte_unmap_unlock(ptep, ptl);

	if (follow_pte(vma->vm_mm, b, &ptep, &ptl))
		return -EINVAL;
	kaddr = kmap_local_pfn(pte_pfn(ptep_get(ptep)));
	memcpy(buf, kaddr, PAGE_SIZE / 2);
	kunmap_local(kaddr);
	pte_unmap_unlock(ptep, ptl);
	return 0;
}

/* The 6.12 generic_access_phys() (generic_access_phys_6_12.c) with the
 * comparison after the walk again taken out: maddr maps the pfn of the
 * first walk, while the lock held is the second's. */
int access_pfnmap_rewalk_only(struct vm_area_struct *vma, unsigned long addr,
			      void *buf, int len)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
	resource_size_t phys_addr;
	void __iomem *maddr;
	unsigned long prot;
	int offset = offset_in_page(addr);
	int ret = -EINVAL;

	if (follow_pfnmap_start(&args))	/* note(gcc): pfn-after-unlock */
		return -EINVAL;
	prot = pgprot_val(args.pgprot);
	phys_addr = (resource_size_t)args.pfn << PAGE_SHIFT;
	follow_pfnmap_end(&args);	/* note(gcc): pfn-after-unlock */

	maddr = ioremap_prot(phys_addr, PAGE_ALIGN(len + offset), prot);
	if (!maddr)
		return -ENOMEM;
	if (follow_pfnmap_start(&args))
		goto out_unmap;
	memcpy_fromio(buf, maddr + offset, len);	/* expect: pfn-after-unlock */
	ret = len;
	follow_pfnmap_end(&args);
out_unmap:
	iounmap(maddr);
	return ret;
}
