// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-read must stay quiet on the speculative fault handler of
 * Laurent Dufour's series as it follows the protocol (seed 004): vm_flags
 * is read once, into the vmf->vma_flags snapshot, inside the section
 * opened on vma->vm_sequence; every decision taken before
 * read_seqcount_retry() validates the section only aborts with
 * VM_FAULT_RETRY, to the classic path; after the retry, only the snapshot
 * is used.
 */
#include "pw_vma_spf.h"

/* A reduction of __handle_speculative_fault(), mm/memory.c of the series. */
int __handle_speculative_fault(struct mm_struct *mm, unsigned long address,
			       unsigned int flags, struct vm_area_struct **vma_out)
{
	struct vm_fault vmf = { .address = address, .flags = flags | FAULT_FLAG_SPECULATIVE };
	struct vm_area_struct *vma;
	unsigned int seq;

	vma = get_vma(mm, address);
	if (!vma)
		return VM_FAULT_RETRY;
	*vma_out = vma;

	/* rmb <-> seqlock, vma_rb_erase() */
	seq = raw_read_seqcount(&vma->vm_sequence);
	if (seq & 1)
		goto out_put;

	/* Can't call vm_ops services: we don't know what they do with the VMA. */
	if (vma->vm_ops)
		goto out_put;
	if (!vma->anon_vma)
		goto out_put;

	vmf.vma_flags = READ_ONCE(vma->vm_flags);
	vmf.vma_page_prot = READ_ONCE(vma->vm_page_prot);

	/* Can't call the userland page fault handler in the speculative path */
	if (unlikely(vmf.vma_flags & VM_UFFD_MISSING))
		goto out_put;
	if (vmf.vma_flags & VM_GROWSDOWN)
		goto out_put;
	if (address < READ_ONCE(vma->vm_start) || READ_ONCE(vma->vm_end) <= address)
		goto out_put;

	/* The write access check: a mismatch falls back to the classic path,
	 * which decides on SIGSEGV holding mmap_sem. */
	if (flags & FAULT_FLAG_WRITE) {
		if (unlikely(!(vmf.vma_flags & VM_WRITE)))
			goto out_put;
	} else if (unlikely(!(vmf.vma_flags & (VM_READ | VM_EXEC | VM_WRITE)))) {
		goto out_put;
	}

	/* Validate the VMA after reading what the fault needs. */
	if (read_seqcount_retry(&vma->vm_sequence, seq))
		goto out_put;

	vmf.vma = vma;
	return handle_pte_fault(&vmf);

out_put:
	put_vma(vma);
	return VM_FAULT_RETRY;
}

/* The usual seqcount loop: read, retry until no writer ran. */
unsigned long vma_flags_stable(struct vm_area_struct *vma)
{
	unsigned long flags;
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&vma->vm_sequence);
		flags = vma->vm_flags;
	} while (read_seqcount_retry(&vma->vm_sequence, seq));
	return flags;
}

/* The classic fallback in the same function: vm_flags read again, under
 * mmap_sem, after the speculative attempt gave up. */
int spf_then_classic(struct mm_struct *mm, unsigned long address, unsigned int flags)
{
	struct vm_area_struct *vma = find_vma(mm, address);
	struct vm_fault vmf = { .vma = vma, .address = address, .flags = flags };
	unsigned int seq;
	int ret;

	seq = raw_read_seqcount(&vma->vm_sequence);
	vmf.vma_flags = READ_ONCE(vma->vm_flags);
	if (!read_seqcount_retry(&vma->vm_sequence, seq))
		return handle_pte_fault(&vmf);

	down_read(&mm->mmap_sem);
	vma = find_vma(mm, address);
	if (!(vma->vm_flags & VM_WRITE))
		ret = VM_FAULT_SIGSEGV;
	else
		ret = 0;
	up_read(&mm->mmap_sem);
	return ret;
}

/* Not speculative: no section, so the caller's mmap_sem is what guards. */
int access_error(unsigned int error_code, struct vm_area_struct *vma)
{
	if (error_code & FAULT_FLAG_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	return !(vma->vm_flags & (VM_READ | VM_EXEC | VM_WRITE));
}

/* A snapshot in a local copy of the VMA is nobody else's memory. */
int spf_copy(struct vm_area_struct *vma)
{
	struct vm_area_struct copy;
	unsigned int seq = raw_read_seqcount(&vma->vm_sequence);

	copy = *vma;
	if (read_seqcount_retry(&vma->vm_sequence, seq))
		return VM_FAULT_RETRY;
	return copy.vm_flags & VM_WRITE ? 0 : VM_FAULT_SIGSEGV;
}
