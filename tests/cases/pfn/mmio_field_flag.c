// SPDX-License-Identifier: GPL-2.0
/*
 * Accesses that are not a copy call: MMIO of one value (readl(),
 * writel(), ioread32(), iowrite32()) and plain loads and stores through
 * the kernel address of the pfn (*(u32 *)kaddr); and a pfn kept in a
 * driver's own struct (ctx->pfn) between the walk and the access.  The
 * same accesses under the lock are quiet.
 */
#include "pw_mm.h"

struct pfn_ctx {
	unsigned long pfn;
	unsigned long addr;
};

unsigned int mmio_read_stale(struct vm_area_struct *vma, unsigned long addr)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
	void __iomem *maddr;
	unsigned int v;

	if (follow_pfnmap_start(&args))	/* note(gcc): pfn-after-unlock; note(gcc): pfn-after-unlock */
		return 0;
	follow_pfnmap_end(&args);	/* note(gcc): pfn-after-unlock; note(gcc): pfn-after-unlock */
	maddr = ioremap(PFN_PHYS(args.pfn), PAGE_SIZE);
	v = readl(maddr + offset_in_page(addr));	/* expect: pfn-after-unlock */
	iowrite32(v + 1, maddr);	/* expect: pfn-after-unlock */
	iounmap(maddr);
	return v;
}

/* the pfn in the driver's struct, read back after the unlock */
int ctx_fill(struct pfn_ctx *ctx, struct vm_area_struct *vma)
{
	pte_t *ptep;
	spinlock_t *ptl;
	unsigned int *kaddr;

	if (follow_pte(vma->vm_mm, ctx->addr, &ptep, &ptl))	/* note(gcc): pfn-after-unlock; note(gcc): pfn-after-unlock */
		return -EFAULT;
	ctx->pfn = pte_pfn(ptep_get(ptep));
	pte_unmap_unlock(ptep, ptl);	/* note(gcc): pfn-after-unlock; note(gcc): pfn-after-unlock */
	kaddr = kmap_local_pfn(ctx->pfn);
	kaddr[1] = 0;	/* expect(gcc): pfn-after-unlock */
	writel(1, kaddr + 2);	/* expect: pfn-after-unlock */
	kunmap_local(kaddr);
	return 0;
}

/* the same under the lock */
int ctx_fill_locked(struct pfn_ctx *ctx, struct vm_area_struct *vma)
{
	pte_t *ptep;
	spinlock_t *ptl;
	unsigned int *kaddr;

	if (follow_pte(vma->vm_mm, ctx->addr, &ptep, &ptl))
		return -EFAULT;
	ctx->pfn = pte_pfn(ptep_get(ptep));
	kaddr = kmap_local_pfn(ctx->pfn);
	kaddr[1] = 0;
	writel(1, kaddr + 2);
	kunmap_local(kaddr);
	pte_unmap_unlock(ptep, ptl);
	return 0;
}

/* reading the pte itself after the unlock is no access of its memory */
unsigned long pte_after_unlock(struct vm_area_struct *vma, unsigned long addr)
{
	pte_t *ptep;
	spinlock_t *ptl;

	if (follow_pte(vma->vm_mm, addr, &ptep, &ptl))
		return 0;
	pte_unmap_unlock(ptep, ptl);
	return pte_pfn(*ptep);
}
