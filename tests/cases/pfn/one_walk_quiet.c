// SPDX-License-Identifier: GPL-2.0
/*
 * One walk, the access under its own lock, no comparison needed: the shapes
 * of the 6.12 s390 mmio syscalls without their range check, a loop that
 * walks once per page, a pte pointer initialised before the walk, and a
 * pte_offset_map_lock() loop over a page table (mm/ walkers).  Quiet: the
 * value of the walk is used while the walk's own lock is held.  (A review
 * found the first two reported as "a second walk" when the args' input
 * fields were stored before the walk.)
 */
#include "pw_mm.h"
typedef struct { unsigned long pmd; } pmd_t;
pte_t *__pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, spinlock_t **ptlp);
#define pte_offset_map_lock(mm, pmd, addr, ptlp) __pte_offset_map_lock(mm, pmd, addr, ptlp)
#define ZBASE 0x8000000000000000UL
/* single walk, access under its own lock, no comparison: must be quiet */
long w612_nocheck(struct vm_area_struct *vma, unsigned long mmio_addr, void *buf, size_t length)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = mmio_addr };
	void __iomem *io_addr;
	long ret;

	ret = follow_pfnmap_start(&args);
	if (ret)
		return ret;
	io_addr = (void __iomem *)((args.pfn << PAGE_SHIFT) | (mmio_addr & ~PAGE_MASK));
	ret = zpci_memcpy_toio(io_addr, buf, length);
	follow_pfnmap_end(&args);
	return ret;
}
/* loop over pages, each copied under its own walk: must be quiet */
int loop612(struct vm_area_struct *vma, unsigned long addr, int n, void *buf)
{
	struct follow_pfnmap_args args = { .vma = vma };
	for (int i = 0; i < n; i++) {
		args.address = addr + i * PAGE_SIZE;
		if (follow_pfnmap_start(&args))
			return -1;
		memcpy(buf, kmap_local_pfn(args.pfn), PAGE_SIZE);
		follow_pfnmap_end(&args);
	}
	return 0;
}
/* follow_pte with an initialised ptep: must be quiet */
int init_ptep(struct vm_area_struct *vma, unsigned long addr, void *buf)
{
	pte_t *ptep = NULL;
	spinlock_t *ptl = NULL;
	void *kaddr;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		return -EINVAL;
	kaddr = kmap_local_pfn(pte_pfn(ptep_get(ptep)));
	memcpy(buf, kaddr, PAGE_SIZE);
	pte_unmap_unlock(ptep, ptl);
	return 0;
}
/* loop over ptes with pte_offset_map_lock, pte++ : must be quiet */
int ptes_loop(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, unsigned long end, char *buf)
{
	spinlock_t *ptl;
	pte_t *pte, *start;
	start = pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return -1;
	do {
		void *k = kmap_local_pfn(pte_pfn(ptep_get(pte)));
		memcpy(buf, k, PAGE_SIZE);
		buf += PAGE_SIZE;
	} while (pte++, addr += PAGE_SIZE, addr != end);
	pte_unmap_unlock(start, ptl);
	return 0;
}
