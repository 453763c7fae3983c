/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel with per-VMA locks (6.4 and later; this is 6.12): vm_flags is
 * const behind a private alias, __vm_flags, that only the vm_flags_*()
 * helpers of include/linux/mm.h write, and a VMA is write-locked with
 * vma_start_write() -- vm_lock_seq set to the mm's mm_lock_seq -- before a
 * change a page fault holding only the VMA's read lock must not see half
 * done.  The helpers are spelled as in 6.12 so that their bodies reach the
 * plugin as they do in a kernel build.
 */
#ifndef PW_VMA_LOCK_H
#define PW_VMA_LOCK_H

#define PW_VMA_ERA 2

typedef struct seqcount { unsigned int sequence; } seqcount_t;
struct rw_semaphore { long count; };
typedef struct { unsigned long pgprot; } pgprot_t;
typedef unsigned long vm_flags_t;

struct vma_lock { struct rw_semaphore lock; };

struct mm_struct {
	int map_count;
	struct rw_semaphore mmap_lock;
	seqcount_t mm_lock_seq;
};

struct vm_area_struct {
	union {
		struct {
			unsigned long vm_start;
			unsigned long vm_end;
		};
	};
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	union {
		const vm_flags_t vm_flags;
		vm_flags_t __vm_flags;
	};
	_Bool detached;
	unsigned int vm_lock_seq;
	struct vma_lock *vm_lock;
	void *vm_private_data;
	unsigned long vm_pgoff;
};

#include "pw_mm.h"

#define ACCESS_PRIVATE(p, member) ((p)->member)
#define VM_BUG_ON_VMA(cond, vma) ((void)(cond))

#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_IO		0x00004000
#define VM_ACCOUNT	0x00100000
#define VM_DONTCOPY	0x00020000
#define VM_DONTEXPAND	0x00040000
#define VM_LOCKED	0x00002000
#define VM_UFFD_WP	0x00001000
#define VM_PAT		0x00400000
#define VM_MIXEDMAP	0x10000000

void mmap_assert_write_locked(struct mm_struct *mm);
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);

static inline bool __is_vma_write_locked(struct vm_area_struct *vma, unsigned int *mm_lock_seq)
{
	mmap_assert_write_locked(vma->vm_mm);
	*mm_lock_seq = vma->vm_mm->mm_lock_seq.sequence;
	return vma->vm_lock_seq == *mm_lock_seq;
}

static inline void vma_start_write(struct vm_area_struct *vma)
{
	unsigned int mm_lock_seq;

	if (__is_vma_write_locked(vma, &mm_lock_seq))
		return;
	down_write(&vma->vm_lock->lock);
	WRITE_ONCE(vma->vm_lock_seq, mm_lock_seq);
}

static inline void vma_assert_write_locked(struct vm_area_struct *vma)
{
	unsigned int mm_lock_seq;

	VM_BUG_ON_VMA(!__is_vma_write_locked(vma, &mm_lock_seq), vma);
}

static inline bool vma_start_read(struct vm_area_struct *vma)
{
	if (READ_ONCE(vma->vm_lock_seq) == READ_ONCE(vma->vm_mm->mm_lock_seq.sequence))
		return false;
	if (down_read_trylock(&vma->vm_lock->lock) == 0)
		return false;
	if (vma->vm_lock_seq == READ_ONCE(vma->vm_mm->mm_lock_seq.sequence)) {
		up_read(&vma->vm_lock->lock);
		return false;
	}
	return true;
}

static inline void vma_end_read(struct vm_area_struct *vma)
{
	up_read(&vma->vm_lock->lock);
}

/* include/linux/mm.h, 6.12 */
static inline void vm_flags_init(struct vm_area_struct *vma, vm_flags_t flags)
{
	ACCESS_PRIVATE(vma, __vm_flags) = flags;
}

static inline void vm_flags_reset(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_assert_write_locked(vma);
	vm_flags_init(vma, flags);
}

static inline void vm_flags_reset_once(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_assert_write_locked(vma);
	WRITE_ONCE(ACCESS_PRIVATE(vma, __vm_flags), flags);
}

static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_start_write(vma);
	ACCESS_PRIVATE(vma, __vm_flags) |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma_start_write(vma);
	ACCESS_PRIVATE(vma, __vm_flags) &= ~flags;
}

static inline void __vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set, vm_flags_t clear)
{
	vm_flags_init(vma, (vma->vm_flags | set) & ~clear);
}

static inline void vm_flags_mod(struct vm_area_struct *vma, vm_flags_t set, vm_flags_t clear)
{
	vma_start_write(vma);
	__vm_flags_mod(vma, set, clear);
}

/* include/linux/mmap_lock.h, 6.13+ */
bool mmap_lock_speculate_try_begin(struct mm_struct *mm, unsigned int *seq);
bool mmap_lock_speculate_retry(struct mm_struct *mm, unsigned int seq);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
struct vm_area_struct *lock_vma_under_rcu(struct mm_struct *mm, unsigned long address);
void vma_set_page_prot(struct vm_area_struct *vma);
void rcu_read_lock(void);
void rcu_read_unlock(void);

#endif /* PW_VMA_LOCK_H */
