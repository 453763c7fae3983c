// SPDX-License-Identifier: GPL-2.0
/*
 * The s390_pci_mmio_write/read system calls (arch/s390/pci/pci_mmio.c).
 *
 * Before the fix (v5.10, reduced): get_pfn() looked the pfn up with
 * follow_pfn(), which drops the PTE lock before it returns, and the MMIO
 * copy ran on the address made from it after get_pfn() had dropped the
 * mmap lock too: the BAR mapping may be gone (the device unbound, the
 * mapping revoked) and the address point elsewhere.  Fixed by
 * "s390/pci: Remove races against pte updates" (Daniel Vetter's series of
 * seed 003, October 2020, merged for v5.11 or v5.12: the hash was not
 * checked here), which is the 6.1 code below: follow_pte() and the copy under
 * the PTE lock; 6.12 does the same with follow_pfnmap_start()/_end().  get_pfn() is inlined by hand here: the rule
 * looks at one function at a time.
 */
#include "pw_mm.h"

#define VM_WRITE 0x2
#define ZPCI_IOMAP_ADDR_BASE 0x8000000000000000UL
struct mm_struct *pw_current_mm(void);
void mmap_read_lock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);

/* v5.10's s390_mmio_write(), get_pfn() inlined. */
long s390_mmio_write_5_10(unsigned long mmio_addr, void *buf, size_t length)
{
	struct vm_area_struct *vma;
	void __iomem *io_addr;
	unsigned long pfn;
	long ret;

	mmap_read_lock(pw_current_mm());
	ret = -EINVAL;
	vma = vma_lookup(pw_current_mm(), mmio_addr);
	if (!vma)
		goto out;
	ret = -EACCES;
	if (!(vma->vm_flags & VM_WRITE))
		goto out;
	ret = follow_pfn(vma, mmio_addr, &pfn);	/* note(gcc): pfn-after-unlock */
out:
	mmap_read_unlock(pw_current_mm());
	if (ret)
		return ret;

	io_addr = (void __iomem *)((pfn << PAGE_SHIFT) | (mmio_addr & ~PAGE_MASK));
	ret = -EFAULT;
	if ((unsigned long)io_addr < ZPCI_IOMAP_ADDR_BASE)
		return ret;
	return zpci_memcpy_toio(io_addr, buf, length);	/* expect: pfn-after-unlock */
}

/* 6.1: the copy under the PTE lock.  Quiet. */
long s390_mmio_write_6_1(unsigned long mmio_addr, void *buf, size_t length)
{
	struct vm_area_struct *vma;
	void __iomem *io_addr;
	spinlock_t *ptl;
	pte_t *ptep;
	long ret;

	mmap_read_lock(pw_current_mm());
	ret = -EINVAL;
	vma = vma_lookup(pw_current_mm(), mmio_addr);
	if (!vma)
		goto out_unlock_mmap;
	if (!(vma->vm_flags & (VM_IO | VM_PFNMAP)))
		goto out_unlock_mmap;
	ret = -EACCES;
	if (!(vma->vm_flags & VM_WRITE))
		goto out_unlock_mmap;

	ret = follow_pte(vma->vm_mm, mmio_addr, &ptep, &ptl);
	if (ret)
		goto out_unlock_mmap;

	io_addr = (void __iomem *)((pte_pfn(*ptep) << PAGE_SHIFT) |
			(mmio_addr & ~PAGE_MASK));

	if ((unsigned long) io_addr < ZPCI_IOMAP_ADDR_BASE)
		goto out_unlock_pt;

	ret = zpci_memcpy_toio(io_addr, buf, length);
out_unlock_pt:
	pte_unmap_unlock(ptep, ptl);
out_unlock_mmap:
	mmap_read_unlock(pw_current_mm());
	return ret;
}

long s390_mmio_read_6_1(unsigned long mmio_addr, void *buf, size_t length)
{
	struct vm_area_struct *vma;
	void __iomem *io_addr;
	spinlock_t *ptl;
	pte_t *ptep;
	long ret;

	mmap_read_lock(pw_current_mm());
	ret = -EINVAL;
	vma = vma_lookup(pw_current_mm(), mmio_addr);
	if (!vma)
		goto out_unlock_mmap;
	ret = follow_pte(vma->vm_mm, mmio_addr, &ptep, &ptl);
	if (ret)
		goto out_unlock_mmap;

	io_addr = (void __iomem *)((pte_pfn(*ptep) << PAGE_SHIFT) |
			(mmio_addr & ~PAGE_MASK));

	if ((unsigned long) io_addr < ZPCI_IOMAP_ADDR_BASE) {
		ret = -EFAULT;
		goto out_unlock_pt;
	}
	ret = zpci_memcpy_fromio(buf, io_addr, length);

out_unlock_pt:
	pte_unmap_unlock(ptep, ptl);
out_unlock_mmap:
	mmap_read_unlock(pw_current_mm());
	return ret;
}

/* 6.12: the same on follow_pfnmap_start()/follow_pfnmap_end().  Quiet. */
long s390_mmio_write_6_12(unsigned long mmio_addr, void *buf, size_t length)
{
	struct follow_pfnmap_args args = { };
	struct vm_area_struct *vma;
	void __iomem *io_addr;
	long ret;

	mmap_read_lock(pw_current_mm());
	ret = -EINVAL;
	vma = vma_lookup(pw_current_mm(), mmio_addr);
	if (!vma)
		goto out_unlock_mmap;
	args.address = mmio_addr;
	args.vma = vma;
	ret = follow_pfnmap_start(&args);
	if (ret)
		goto out_unlock_mmap;

	ret = -EFAULT;
	io_addr = (void __iomem *)((args.pfn << PAGE_SHIFT) |
			(mmio_addr & ~PAGE_MASK));

	if ((unsigned long) io_addr < ZPCI_IOMAP_ADDR_BASE)
		goto out_unlock_pt;

	ret = zpci_memcpy_toio(io_addr, buf, length);
out_unlock_pt:
	follow_pfnmap_end(&args);
out_unlock_mmap:
	mmap_read_unlock(pw_current_mm());
	return ret;
}
