// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write on the VMA an ->mmap handler is handed (6.4+).
 * mmap calls the handler before it links the VMA into the tree and before
 * vma_start_write() (6.12 mm/mmap.c __mmap_region()), so no page fault can
 * see the change; but vm_flags_reset() asserts the write lock, and
 * vm_area_alloc() left the VMA unlocked: the finding states that contract,
 * not a race (issue 12, hfi1_file_mmap()).
 */
#include "pw_vma_lock.h"

struct file;
struct file_operations {
	void *owner;
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
};

/* hfi1_file_mmap(), drivers/infiniband/hw/hfi1/file_ops.c (6.12) */
static int hfi1_file_mmap(struct file *fp, struct vm_area_struct *vma)
{
	vm_flags_t flags = vma->vm_flags;

	flags |= VM_IO | VM_DONTEXPAND;
	if ((vma->vm_end - vma->vm_start) != 4096)
		return -EINVAL;
	vm_flags_reset(vma, flags);			/* expect: vmflags-unsynced-write */
	return 0;
}

/* A helper the handler alone calls with its VMA: the same contract. */
static void pw_setup_flags(struct vm_area_struct *vma, vm_flags_t flags)
{
	vm_flags_reset(vma, flags);			/* expect: vmflags-unsynced-write */
}

static int helper_mmap(struct file *fp, struct vm_area_struct *vma)
{
	pw_setup_flags(vma, vma->vm_flags | VM_IO);
	return 0;
}

/* A helper called with the handler's VMA and with a write-locked one: the
 * contract, for the call that passes the unlocked VMA. */
static void pw_mixed_flags(struct vm_area_struct *vma, vm_flags_t flags)
{
	vm_flags_reset(vma, flags);			/* expect: vmflags-unsynced-write */
}

static int mixed_mmap(struct file *fp, struct vm_area_struct *vma)
{
	pw_mixed_flags(vma, vma->vm_flags | VM_IO);
	return 0;
}

void pw_mixed_locked(struct vm_area_struct *vma)
{
	vma_start_write(vma);
	pw_mixed_flags(vma, vma->vm_flags | VM_IO);
}

/* Another VMA than the one being set up: one in the tree, which a fault
 * holding its read lock can see changing. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);

static int neighbour_mmap(struct file *fp, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = find_vma(vma->vm_mm, vma->vm_start - 1);

	vm_flags_reset(prev, prev->vm_flags | VM_IO);	/* expect: vmflags-unsynced-write */
	return 0;
}

static const struct file_operations hfi1_file_ops = {
	.owner = 0,
	.mmap = hfi1_file_mmap,
};

static const struct file_operations helper_ops = {
	.mmap = helper_mmap,
};

static const struct file_operations mixed_ops = {
	.mmap = mixed_mmap,
};

const struct file_operations neighbour_ops[] = {
	{ .mmap = neighbour_mmap },
};

/* Registered, as a driver does: an unused static table and its handlers
 * would not be compiled at all. */
const void *const pw_registered_mmap_handler_flag[] = { &hfi1_file_ops, &helper_ops, &mixed_ops };
