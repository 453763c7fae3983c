// SPDX-License-Identifier: GPL-2.0
/*
 * vmflags-unsynced-write in a per-VMA-lock kernel: the fixes take the VMA's
 * write lock, or use the helpers that do.  Built only there (Kbuild:
 * CONFIG_PER_VMA_LOCK); 6.1 has neither the lock nor the helpers.
 */
#include <linux/mm.h>
#include "pw_fix.h"

int pw_fix_vm_flags_reset(struct vm_area_struct *vma, unsigned long flags)
{
	vm_flags_reset(vma, flags);			/* expect: vmflags-unsynced-write */
	return 0;
}

void pw_fix_vm_flags_store(struct vm_area_struct *vma)
{
	ACCESS_PRIVATE(vma, __vm_flags) |= VM_IO;	/* expect: vmflags-unsynced-write */
}
