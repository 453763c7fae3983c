// SPDX-License-Identifier: GPL-2.0
/*
 * generic_access_phys() of v5.11 (mm/memory.c), the function seed 003's
 * patch fixes: follow_phys() walks the page table under the PTE lock and
 * drops it before it returns; the physical address is then ioremapped and
 * read or written with no lock.  unmap_mapping_range() (a GPU driver moving
 * a buffer, revoke_devmem() on /dev/mem) can clear the PTE and free or reuse
 * the memory meanwhile: the copy goes to whatever the pfn is now.
 * Fixed by 96667f8a4382 ("mm: Close race in generic_access_phys", v5.12),
 * the retry loop of generic_access_phys_6_1.c.
 *
 * follow_phys() is both the lookup and the lock drop: one note there.
 */
#include "pw_mm.h"

int generic_access_phys(struct vm_area_struct *vma, unsigned long addr,
			void *buf, int len, int write)
{
	resource_size_t phys_addr;
	unsigned long prot = 0;
	void __iomem *maddr;
	int offset = addr & (PAGE_SIZE - 1);

	if (follow_phys(vma, addr, write, &prot, &phys_addr))	/* note(gcc): pfn-after-unlock */
		return -EINVAL;

	maddr = ioremap_prot(phys_addr, PAGE_ALIGN(len + offset), prot);
	if (!maddr)
		return -ENOMEM;

	if (write)
		memcpy_toio(maddr + offset, buf, len);	/* expect: pfn-after-unlock */
	else
		memcpy_fromio(buf, maddr + offset, len);	/* expect: pfn-after-unlock */
	iounmap(maddr);

	return len;
}
