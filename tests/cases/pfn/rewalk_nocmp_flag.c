// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.1 generic_access_phys() (generic_access_phys_6_1.c) with the
 * pte_same() check taken out: the page table is walked again and the lock
 * is held over the copy, but the copy goes through the mapping of the pfn
 * of the first walk, which may no longer be the pfn of the address.  Seed
 * 003's fix is "re-walk AND compare".
 */
#include "pw_mm.h"

int access_phys_rewalk_nocmp(struct vm_area_struct *vma, unsigned long addr,
			     void *buf, int len, int write)
{
	resource_size_t phys_addr;
	void __iomem *maddr;
	pte_t *ptep, pte;
	spinlock_t *ptl;
	int offset = offset_in_page(addr);
	int ret = -EINVAL;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))	/* note(gcc): pfn-after-unlock; note(gcc): pfn-after-unlock (one per access) */
		return -EINVAL;
	pte = *ptep;
	pte_unmap_unlock(ptep, ptl);	/* note(gcc): pfn-after-unlock; note(gcc): pfn-after-unlock */

	phys_addr = (resource_size_t)pte_pfn(pte) << PAGE_SHIFT;
	maddr = ioremap_prot(phys_addr, PAGE_ALIGN(len + offset), pgprot_val(pte_pgprot(pte)));
	if (!maddr)
		return -ENOMEM;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		goto out_unmap;
	if (write)
		memcpy_toio(maddr + offset, buf, len);	/* expect: pfn-after-unlock */
	else
		memcpy_fromio(buf, maddr + offset, len);	/* expect: pfn-after-unlock */
	ret = len;
	pte_unmap_unlock(ptep, ptl);
out_unmap:
	iounmap(maddr);
	return ret;
}
