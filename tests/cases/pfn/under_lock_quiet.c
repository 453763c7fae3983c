// SPDX-License-Identifier: GPL-2.0
/*
 * The protocol seed 003 asks for in its simplest form: the access runs
 * while the PTE lock that produced the pfn is still held, so the mapping
 * cannot change under it.  Quiet.
 */
#include "pw_mm.h"

int copy_under_lock(struct vm_area_struct *vma, unsigned long addr, void *buf)
{
	unsigned long pfn;
	pte_t *ptep;
	spinlock_t *ptl;
	void *kaddr;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		return -EINVAL;
	pfn = pte_pfn(ptep_get(ptep));
	kaddr = kmap_local_pfn(pfn);
	memcpy(buf, kaddr, PAGE_SIZE);
	kunmap_local(kaddr);
	pte_unmap_unlock(ptep, ptl);
	return 0;
}

/* After the unlock only the pte value itself is copied and compared, no
 * memory of the pfn is touched. */
int pte_snapshot(struct vm_area_struct *vma, unsigned long addr, pte_t *out)
{
	pte_t *ptep, pte;
	spinlock_t *ptl;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		return -EINVAL;
	pte = ptep_get(ptep);
	pte_unmap_unlock(ptep, ptl);
	memcpy(out, &pte, sizeof(pte));
	return pte_write(pte);
}
