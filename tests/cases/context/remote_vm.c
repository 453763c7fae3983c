// SPDX-License-Identifier: GPL-2.0
/*
 * 6.12 mm/memory.c __access_remote_vm(), reduced: the stack expansion in the
 * loop stores its result in a variable whose address GUP was given, so the
 * test "if (!vma)" reads memory, not the call's value.  expand_stack()
 * returns NULL with the mmap lock dropped (pw_api.def).
 */
#include "pw_context.h"

struct vm_area_struct { struct mm_struct *vm_mm; };
struct page *get_user_page_vma_remote(struct mm_struct *mm, unsigned long addr,
				      int gup_flags, struct vm_area_struct **vmap);
void put_page(struct page *page);
#define IS_ERR(p) ((unsigned long)(p) >= (unsigned long)-4095)

/* as in the tree: every exit has dropped the lock, once */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
		     int len, unsigned int gup_flags)
{
	void *old_buf = buf;

	if (mmap_read_lock_killable(mm))
		return 0;
	if (!vma_lookup(mm, addr) && !expand_stack(mm, addr))
		return 0;
	while (len) {
		int bytes = 1;
		struct vm_area_struct *vma = NULL;
		struct page *page = get_user_page_vma_remote(mm, addr, gup_flags, &vma);

		if (IS_ERR(page)) {
			vma = vma_lookup(mm, addr);
			if (!vma) {
				vma = expand_stack(mm, addr);
				/* mmap_lock was dropped on failure */
				if (!vma)
					return buf - old_buf;
				continue;
			}
			bytes = work(mm);
			if (bytes <= 0)
				break;
		} else {
			put_page(page);
		}
		len -= bytes;
		buf += bytes;
		addr += bytes;
	}
	mmap_read_unlock(mm);
	return buf - old_buf;
}

/* the unlock repeated after the loop: the second finds it released */
int access_remote_vm_double_unlock(struct mm_struct *mm, unsigned long addr,
				   void *buf, int len, unsigned int gup_flags)
{
	void *old_buf = buf;

	if (mmap_read_lock_killable(mm))
		return 0;
	while (len) {
		struct vm_area_struct *vma = NULL;
		struct page *page = get_user_page_vma_remote(mm, addr, gup_flags, &vma);

		if (IS_ERR(page)) {
			vma = expand_stack(mm, addr);
			if (!vma)
				return buf - old_buf;
			continue;
		}
		put_page(page);
		len--;
		buf++;
	}
	mmap_read_unlock(mm);
	mmap_read_unlock(mm); /* expect(gcc): lock-context */
	return buf - old_buf;
}

/* the failed expansion unlocks what expand_stack() already dropped */
int access_remote_vm_unlock_dropped(struct mm_struct *mm, unsigned long addr,
				    void *buf, int len, unsigned int gup_flags)
{
	void *old_buf = buf;

	if (mmap_read_lock_killable(mm))
		return 0;
	while (len) {
		struct vm_area_struct *vma = NULL;
		struct page *page = get_user_page_vma_remote(mm, addr, gup_flags, &vma);

		if (IS_ERR(page)) {
			vma = expand_stack(mm, addr);
			if (!vma) {
				mmap_read_unlock(mm); /* expect(gcc): lock-context */
				return buf - old_buf;
			}
			continue;
		}
		put_page(page);
		len--;
		buf++;
	}
	mmap_read_unlock(mm);
	return buf - old_buf;
}
