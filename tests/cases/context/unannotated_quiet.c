// SPDX-License-Identifier: GPL-2.0
/*
 * A tree without pageward's annotations, or a build without
 * -D__PAGEWARD_CONTEXT__: the kernel's own __acquires()/__releases() on
 * _raw_spin_lock() are in the text, but no unit declares __pageward_ctx, so
 * lock-context says nothing, even about a real double unlock.
 */
#include <linux/compiler_types.h>

typedef struct { int rlock; } spinlock_t;
struct mm_struct { int mmap_lock; };

void _raw_spin_lock(spinlock_t *lock) __acquires(lock);
void _raw_spin_unlock(spinlock_t *lock) __releases(lock);
void mmap_read_lock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
int work(struct mm_struct *mm);

void spin_double(spinlock_t *lock)
{
	_raw_spin_lock(lock);
	_raw_spin_unlock(lock);
	_raw_spin_unlock(lock);
}

int leak_on_error(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	if (work(mm))
		return -22;
	mmap_read_unlock(mm);
	return 0;
}
