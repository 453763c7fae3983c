// SPDX-License-Identifier: GPL-2.0
/*
 * Jason Gunthorpe's proposal in seed 003: no page-table walk at all.  The
 * driver computes the pfn from its own linear translation (vm_pgoff), and
 * the access runs under a rwsem that the revoke side (the /dev/mem
 * unmap_mapping_range()) takes for write, so the pfn cannot go away during
 * the copy.  No pfn comes from a page table: quiet.
 */
#include "pw_mm.h"

static struct rw_semaphore mem_sem;
int devmem_is_allowed_access(unsigned long pfn);

/* The helper as Jason proposes it: given the pfn, not a vma. */
int generic_access_phys_pfn(unsigned long pfn, unsigned long pgprot,
			    void *buf, size_t len, bool write)
{
	void __iomem *maddr = ioremap_prot(PFN_PHYS(pfn), PAGE_ALIGN(len), pgprot);

	if (!maddr)
		return -ENOMEM;
	if (write)
		memcpy_toio(maddr, buf, len);
	else
		memcpy_fromio(buf, maddr, len);
	iounmap(maddr);
	return len;
}

int dev_access(struct vm_area_struct *vma, unsigned long addr, void *buf,
	       int len, int write)
{
	unsigned long cpu_addr = vma->vm_pgoff * PAGE_SIZE + (addr - vma->vm_start);
	int ret;

	/* FIXME (Jason's): has to be over each page of len */
	if (!devmem_is_allowed_access(cpu_addr >> PAGE_SHIFT))
		return -EPERM;

	down_read(&mem_sem);
	ret = generic_access_phys_pfn(cpu_addr >> PAGE_SHIFT,
				      pgprot_val(vma->vm_page_prot), buf, len, write);
	up_read(&mem_sem);
	return ret;
}
