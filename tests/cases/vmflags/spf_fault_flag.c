// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-read must flag the speculative reads seed 004 argues
 * about.  Kirill Shutemov: a write of vm_flags may be compiled into several
 * stores, with 0 in the middle; a handler that decides SIGSEGV on that
 * transient value, without validating the section first, kills a process
 * whose VMA is perfectly readable.
 */
#include "pw_vma_spf.h"

/* Kirill's case: SIGSEGV decided on an unvalidated read. */
int spf_sigsegv_unvalidated(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	unsigned int seq = raw_read_seqcount(&vma->vm_sequence);	/* note: vmflags-unsynced-read */

	if (seq & 1)
		return VM_FAULT_RETRY;
	if (!(vma->vm_flags & (VM_READ | VM_WRITE)))	/* expect: vmflags-unsynced-read */
		return VM_FAULT_SIGSEGV;		/* note: vmflags-unsynced-read */
	if (read_seqcount_retry(&vma->vm_sequence, seq))
		return VM_FAULT_RETRY;
	return handle_pte_fault(vmf);
}

/* The section was validated; the flags are read again afterwards, and the
 * second read is not validated by anything: use the snapshot. */
int spf_read_after_retry(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	unsigned int seq = raw_read_seqcount(&vma->vm_sequence);

	vmf->vma_flags = READ_ONCE(vma->vm_flags);
	if (read_seqcount_retry(&vma->vm_sequence, seq))	/* note: vmflags-unsynced-read */
		return VM_FAULT_RETRY;
	if (vma->vm_flags & VM_SHARED)			/* expect: vmflags-unsynced-read */
		return VM_FAULT_SIGSEGV;
	return handle_pte_fault(vmf);
}

/* Read before the section opens. */
int spf_read_before_section(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	unsigned long flags = vma->vm_flags;		/* expect: vmflags-unsynced-read */
	unsigned int seq = raw_read_seqcount(&vma->vm_sequence);	/* note: vmflags-unsynced-read */

	vmf->vma_flags = flags;
	if (read_seqcount_retry(&vma->vm_sequence, seq))
		return VM_FAULT_RETRY;
	return handle_pte_fault(vmf);
}

/* A section that nothing validates. */
int spf_never_validated(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	unsigned int seq = raw_read_seqcount(&vma->vm_sequence);	/* note: vmflags-unsynced-read */

	if (seq & 1)
		return VM_FAULT_RETRY;
	vmf->vma_flags = READ_ONCE(vma->vm_flags);	/* expect: vmflags-unsynced-read */
	return handle_pte_fault(vmf);
}

/* Through another copy of the VMA pointer, vmf->vma: the snapshot is
 * acted on (the fault handled) on a path with no retry. */
int spf_through_vmf(struct vm_fault *vmf, unsigned int flags)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned int seq = raw_read_seqcount(&vma->vm_sequence);	/* note: vmflags-unsynced-read */

	vmf->vma_flags = vmf->vma->vm_flags;		/* expect: vmflags-unsynced-read */
	if (flags & FAULT_FLAG_WRITE)
		return handle_pte_fault(vmf);		/* note: vmflags-unsynced-read */
	if (read_seqcount_retry(&vma->vm_sequence, seq))
		return VM_FAULT_RETRY;
	return handle_pte_fault(vmf);
}

/* Listed as speculative: no section at all in it. */
int handle_speculative_fault(struct mm_struct *mm, unsigned long address, unsigned int flags)
{
	struct vm_area_struct *vma = get_vma(mm, address);

	if (!vma)
		return VM_FAULT_RETRY;
	if (!(vma->vm_flags & VM_WRITE) && (flags & FAULT_FLAG_WRITE))	/* expect: vmflags-unsynced-read */
		return VM_FAULT_SIGSEGV;
	return 0;
}
