// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.12 generic_access_phys() (generic_access_phys_6_12.c) with the
 * second walk and the comparison taken out: args.pfn is still readable
 * after follow_pfnmap_end(), but nothing holds the mapping any more.
 */
#include "pw_mm.h"

int access_pfnmap_no_rewalk(struct vm_area_struct *vma, unsigned long addr,
			    void *buf, int len)
{
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };
	void __iomem *maddr;
	int offset = offset_in_page(addr);

	if (follow_pfnmap_start(&args))	/* note(gcc): pfn-after-unlock */
		return -EINVAL;
	follow_pfnmap_end(&args);	/* note(gcc): pfn-after-unlock */

	maddr = ioremap_prot(PFN_PHYS(args.pfn), PAGE_ALIGN(len + offset),
			     pgprot_val(args.pgprot));
	if (!maddr)
		return -ENOMEM;
	memcpy_fromio(buf, maddr + offset, len);	/* expect: pfn-after-unlock */
	iounmap(maddr);
	return len;
}

/* vmf_insert_pfn() of a pfn read under a lock that is gone. */
vm_fault_t insert_stale_pfn(struct vm_area_struct *src, struct vm_area_struct *dst,
			    unsigned long addr)
{
	struct follow_pfnmap_args args = { .vma = src, .address = addr };
	unsigned long pfn;

	if (follow_pfnmap_start(&args))	/* note(gcc): pfn-after-unlock */
		return 0;
	pfn = args.pfn;
	follow_pfnmap_end(&args);	/* note(gcc): pfn-after-unlock */
	return vmf_insert_pfn(dst, addr, pfn);	/* expect: pfn-after-unlock */
}
