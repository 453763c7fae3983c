// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write stays quiet on the set-up of a VMA an ->mmap
 * handler is handed (6.4+), where no page fault can find it and nothing
 * asserts a lock: a direct write, and the locking helpers.
 */
#include "pw_vma_lock.h"

struct file;
struct file_operations {
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
};

static int direct_mmap(struct file *fp, struct vm_area_struct *vma)
{
	ACCESS_PRIVATE(vma, __vm_flags) |= VM_IO | VM_DONTEXPAND;
	return 0;
}

static int locking_mmap(struct file *fp, struct vm_area_struct *vma)
{
	vm_flags_set(vma, VM_IO | VM_DONTEXPAND);
	return 0;
}

/* hfi1 as fixed: the write lock first. */
static int locked_mmap(struct file *fp, struct vm_area_struct *vma)
{
	vma_start_write(vma);
	vm_flags_reset(vma, vma->vm_flags | VM_IO);
	return 0;
}

/* __vm_flags_mod() asserts nothing: it is for VMAs not yet in the tree. */
static int mod_mmap(struct file *fp, struct vm_area_struct *vma)
{
	__vm_flags_mod(vma, VM_IO, 0);
	return 0;
}

static const struct file_operations ops[] = {
	{ .mmap = direct_mmap },
	{ .mmap = locking_mmap },
	{ .mmap = locked_mmap },
	{ .mmap = mod_mmap },
};

/* Registered, as a driver does: an unused static table and its handlers
 * would not be compiled at all. */
const void *const pw_registered_mmap_handler_quiet[] = { &ops };
