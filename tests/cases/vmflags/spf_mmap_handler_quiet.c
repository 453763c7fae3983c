// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write stays quiet on a driver's ->mmap handler in a
 * speculative-page-fault kernel: mmap_region() calls the handler before it
 * links the VMA (vma_link()), so no speculative fault can find it.  Every
 * such handler of the era writes vma->vm_flags directly.
 */
#include "pw_vma_spf.h"

struct file;
struct file_operations {
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
};
struct dma_buf;
struct dma_buf_ops {
	int (*mmap)(struct dma_buf *buf, struct vm_area_struct *vma);
};

/* A 4.19 driver's ->mmap (drivers/char/mem.c mmap_mem() and the like). */
static int pw_drv_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_IO;
	return 0;
}

/* A static helper that only handlers call with their VMA. */
static void pw_mark_io(struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_IO | VM_LOCKED;
}

static int pw_buf_mmap(struct dma_buf *buf, struct vm_area_struct *vma)
{
	pw_mark_io(vma);
	return 0;
}

static int pw_other_mmap(struct file *file, struct vm_area_struct *vma)
{
	pw_mark_io(vma);
	vma->vm_flags &= ~VM_LOCKED;
	return 0;
}

static const struct file_operations pw_drv_fops = {
	.mmap = pw_drv_mmap,
};

static const struct file_operations pw_other_fops = {
	.mmap = pw_other_mmap,
};

const struct dma_buf_ops pw_buf_ops = {
	.mmap = pw_buf_mmap,
};

/* Registered, as a driver does: an unused static table and its handlers
 * would not be compiled at all. */
const void *const pw_registered_spf_mmap_handler_quiet[] = { &pw_drv_fops, &pw_other_fops };
