// SPDX-License-Identifier: GPL-2.0
/*
 * The per-VMA read lock as the 6.12 patch annotates it for the plugin only:
 * vma_start_read() holds it iff it returns true, lock_vma_under_rcu()
 * returns the VMA read-locked or NULL, vma_end_read() drops it, and the
 * fault handler, a function of another file given the VMA, may drop it
 * (it does with VM_FAULT_RETRY).  vma_start_write() needs the mmap lock.
 */
#include "pw_context.h"

struct vm_operations_struct { int (*fault)(void *vmf); };
struct vm_area_struct {
	struct mm_struct *vm_mm;
	struct rw_semaphore *vm_lock;
	const struct vm_operations_struct *vm_ops;
};

static inline int vma_start_read(struct vm_area_struct *vma)
	__cond_acquires_handed(vma)
{
	return down_read_trylock(vma->vm_lock) != 0;
}

static inline void vma_end_read(struct vm_area_struct *vma)
	__releases_handed(vma)
{
	up_read(vma->vm_lock);
}

void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);

static inline void vma_start_write(struct vm_area_struct *vma)
	__must_hold(vma->vm_mm)
{
	down_write(vma->vm_lock);
}

static inline void mmap_write_lock(struct mm_struct *mm)
	__acquires(mm)
{
	down_write(&mm->mmap_lock);
	__acquire(mm);
}

static inline void mmap_write_unlock(struct mm_struct *mm)
	__releases(mm)
{
	up_write(&mm->mmap_lock);
	__release(mm);
}

struct vm_area_struct *lock_vma_under_rcu(struct mm_struct *mm, unsigned long address)
	__cond_acquires_handed(return);
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags);
#define VM_FAULT_RETRY	0x400

extern const struct vm_operations_struct tcp_vm_ops;

/* net/ipv4/tcp.c find_tcp_vma() of 6.12, as it is.  Quiet. */
struct vm_area_struct *find_tcp_vma(struct mm_struct *mm, unsigned long address,
				    int *mmap_locked)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, address);

	if (vma) {
		if (vma->vm_ops != &tcp_vm_ops) {
			vma_end_read(vma);
			return NULL;
		}
		*mmap_locked = 0;
		return vma;
	}
	mmap_read_lock(mm);
	vma = vma_lookup(mm, address);
	if (!vma || vma->vm_ops != &tcp_vm_ops) {
		mmap_read_unlock(mm);
		return NULL;
	}
	*mmap_locked = 1;
	return vma;
}

/* and without its vma_end_read(): NULL returned with the VMA read-locked,
 * which nobody will unlock */
struct vm_area_struct *find_tcp_vma_leak(struct mm_struct *mm, unsigned long address,
					 int *mmap_locked)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, address);

	if (vma) {
		if (vma->vm_ops != &tcp_vm_ops)
			return NULL; /* expect(gcc): lock-context */
		*mmap_locked = 0;
		return vma;
	}
	mmap_read_lock(mm);
	vma = vma_lookup(mm, address);
	if (!vma || vma->vm_ops != &tcp_vm_ops) {
		mmap_read_unlock(mm);
		return NULL;
	}
	*mmap_locked = 1;
	return vma;
}

/* arch/x86/mm/fault.c: the fault handler drops the lock when it returns
 * VM_FAULT_RETRY, the caller otherwise.  Quiet. */
int user_fault(struct mm_struct *mm, unsigned long address, unsigned int flags)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, address);
	unsigned int fault;

	if (!vma)
		return -EAGAIN;
	fault = handle_mm_fault(vma, address, flags);
	if (!(fault & VM_FAULT_RETRY))
		vma_end_read(vma);
	return 0;
}

/* the read lock dropped twice */
void end_read_twice(struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma = lock_vma_under_rcu(mm, address);

	if (!vma)
		return;
	vma_end_read(vma);
	vma_end_read(vma); /* expect(gcc): lock-context */
}

/* lock_vma_under_rcu() as 6.12 mm/memory.c writes it, on vma_start_read():
 * returns the VMA locked or NULL.  Quiet. */
struct vm_area_struct *mas_walk_vma(struct mm_struct *mm, unsigned long address);
struct vm_area_struct *lookup_locked(struct mm_struct *mm, unsigned long address)
{
	struct vm_area_struct *vma = mas_walk_vma(mm, address);

	if (!vma)
		return NULL;
	if (!vma_start_read(vma))
		return NULL;
	if (vma->vm_ops == &tcp_vm_ops) {
		vma_end_read(vma);
		return NULL;
	}
	return vma;
}

/* a VMA write-locked under the mmap write lock.  Quiet. */
void write_locked(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	vma_start_write(vma);
	mmap_write_unlock(vma->vm_mm);
}

/* and after it was dropped: nothing keeps readers out once it is */
void write_after_unlock(struct vm_area_struct *vma)
{
	mmap_write_lock(vma->vm_mm);
	mmap_write_unlock(vma->vm_mm);
	vma_start_write(vma); /* expect(gcc): lock-context */
}
