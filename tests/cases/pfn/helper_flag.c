// SPDX-License-Identifier: GPL-2.0
/*
 * A static helper walks the page table, drops the lock and hands the pfn
 * to its caller: vfio's follow_fault_pfn() (through an out-parameter, 6.12
 * shape), KVM's hva_to_pfn_remapped() (6.1 shape, follow_pte()).  The real
 * callers only pass the pfn on (vaddr_get_pfns() checks
 * is_invalid_reserved_pfn(), hva_to_pfn() returns it to KVM, whose MMU
 * notifier retry guards it): helper_quiet.c.  These callers access the
 * memory through it, after the helper dropped the lock.
 */
#include "pw_mm.h"

static int fault_pfn(struct vm_area_struct *vma, unsigned long vaddr,
		     unsigned long *pfn, bool write_fault)
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

/* the pfn through the helper's out-parameter, copied through a memremap() */
int read_through_fault_pfn(struct vm_area_struct *vma, unsigned long vaddr, void *buf)
{
	unsigned long pfn;
	void *kaddr;

	if (fault_pfn(vma, vaddr, &pfn, 0))	/* note(gcc): pfn-after-unlock */
		return -EFAULT;
	kaddr = memremap(PFN_PHYS(pfn), PAGE_SIZE, MEMREMAP_WB);
	if (!kaddr)
		return -ENOMEM;
	memcpy(buf, kaddr, PAGE_SIZE);	/* expect(gcc): pfn-after-unlock */
	memunmap(kaddr);
	return 0;
}

/* the pfn as the helper's return value */
static unsigned long remapped_pfn(struct vm_area_struct *vma, unsigned long addr)
{
	unsigned long pfn;
	pte_t *ptep;
	spinlock_t *ptl;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		return 0;
	pfn = pte_pfn(ptep_get(ptep));
	pte_unmap_unlock(ptep, ptl);
	return pfn;
}

int map_remapped_pfn(struct vm_area_struct *src, struct vm_area_struct *dst,
		     unsigned long addr)
{
	unsigned long pfn = remapped_pfn(src, addr);	/* note(gcc): pfn-after-unlock */

	if (!pfn)
		return -EFAULT;
	return remap_pfn_range(dst, dst->vm_start, pfn, PAGE_SIZE, dst->vm_page_prot);	/* expect(gcc): pfn-after-unlock */
}

/* vaddr_get_pfns() passes its own caller's pointer on: a helper too, and
 * the caller of that one maps the pfn into user space. */
static int get_pfns(struct vm_area_struct *vma, unsigned long vaddr, unsigned long *pfn)
{
	int ret = fault_pfn(vma, vaddr, pfn, 1);

	if (!ret && !*pfn)
		ret = -EFAULT;
	return ret;
}

int map_got_pfn(struct vm_area_struct *src, struct vm_area_struct *dst, unsigned long vaddr)
{
	unsigned long pfn;

	if (get_pfns(src, vaddr, &pfn))	/* note(gcc): pfn-after-unlock */
		return -EFAULT;
	return remap_pfn_range(dst, dst->vm_start, pfn, PAGE_SIZE, dst->vm_page_prot);	/* expect(gcc): pfn-after-unlock */
}

/* a helper given the caller's follow_pfnmap_args: args.pfn outlives the
 * lock the helper dropped */
static int lookup_args(struct follow_pfnmap_args *args)
{
	if (follow_pfnmap_start(args))
		return -EFAULT;
	follow_pfnmap_end(args);
	return 0;
}

unsigned int read_lookup_args(struct vm_area_struct *vma, unsigned long addr)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
	void __iomem *maddr;
	unsigned int v;

	if (lookup_args(&args))	/* note(gcc): pfn-after-unlock */
		return 0;
	maddr = ioremap(PFN_PHYS(args.pfn), PAGE_SIZE);
	v = readl(maddr);	/* expect(gcc): pfn-after-unlock */
	iounmap(maddr);
	return v;
}
