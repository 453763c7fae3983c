// SPDX-License-Identifier: GPL-2.0
/*
 * generic_access_phys_6_12.c as an annotated tree compiles it for the
 * plugin (make annotate, -D__PAGEWARD_CONTEXT__): follow_pfnmap_start() is
 * the call-site macro of sparse-annotations/linux-6.12.patch, so the macro
 * tests the result ("if (!c) __acquire(args->lock)") before the function
 * does.  The second walk's lock must still be seen as held on the
 * function's own success branch: quiet, for pfn-after-unlock and for
 * lock-context alike.
 */
#include "pw_mm.h"
#define __PAGEWARD_CONTEXT__ 1
#include <linux/compiler_types.h>
#include "../../../sparse-annotations/pageward-context.h"

/* include/linux/mm.h, annotated */
int follow_pfnmap_start(struct follow_pfnmap_args *args)
	__cond_acquires_err(args->lock);
void follow_pfnmap_end(struct follow_pfnmap_args *args)
	__releases(args->lock);
#define follow_pfnmap_start(args) \
	__cond_lock_err((args)->lock, follow_pfnmap_start(args))

int generic_access_phys(struct vm_area_struct *vma, unsigned long addr,
			void *buf, int len, int write)
{
	resource_size_t phys_addr;
	unsigned long prot = 0;
	void __iomem *maddr;
	int offset = offset_in_page(addr);
	int ret = -EINVAL;
	bool writable;
	struct follow_pfnmap_args args = { .vma = vma, .address = addr };

retry:
	if (follow_pfnmap_start(&args))
		return -EINVAL;
	prot = pgprot_val(args.pgprot);
	phys_addr = (resource_size_t)args.pfn << PAGE_SHIFT;
	writable = args.writable;
	follow_pfnmap_end(&args);

	if ((write & FOLL_WRITE) && !writable)
		return -EINVAL;

	maddr = ioremap_prot(phys_addr, PAGE_ALIGN(len + offset), prot);
	if (!maddr)
		return -ENOMEM;

	if (follow_pfnmap_start(&args))
		goto out_unmap;

	if ((prot != pgprot_val(args.pgprot)) ||
	    (phys_addr != (args.pfn << PAGE_SHIFT)) ||
	    (writable != args.writable)) {
		follow_pfnmap_end(&args);
		iounmap(maddr);
		goto retry;
	}

	if (write)
		memcpy_toio(maddr + offset, buf, len);
	else
		memcpy_fromio(buf, maddr + offset, len);
	ret = len;
	follow_pfnmap_end(&args);
out_unmap:
	iounmap(maddr);

	return ret;
}
