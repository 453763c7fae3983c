// SPDX-License-Identifier: GPL-2.0
/*
 * lock-context on the mmap lock and the page lock: each lock by its name,
 * conditional acquires by their value.
 */
#include "pw_context.h"

/* the error path forgets the unlock: flagged where it returns */
int leak_on_error(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	if (work(mm))
		return -EINVAL; /* expect(gcc): lock-context */
	mmap_read_unlock(mm);
	return 0;
}

/* the same, void: one path returns holding it, the other not */
void leak_void(struct mm_struct *mm, int flag)
{
	mmap_read_lock(mm);
	if (flag)
		return; /* expect(gcc): lock-context */
	mmap_read_unlock(mm);
}

/* the unlock after a failed killable acquire */
int unlock_after_failed_killable(struct mm_struct *mm)
{
	if (mmap_read_lock_killable(mm)) {
		mmap_read_unlock(mm); /* expect(gcc): lock-context */
		return -EINTR;
	}
	work(mm);
	mmap_read_unlock(mm);
	return 0;
}

/* a double unlock */
void double_unlock(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	work(mm);
	mmap_read_unlock(mm);
	mmap_read_unlock(mm); /* expect(gcc): lock-context */
}

/* took the page lock, released the mmap lock: sparse's counter balances */
void wrong_lock(struct mm_struct *mm, struct page *page)
{
	lock_page(page);
	work(mm);
	mmap_read_unlock(mm);
} /* expect(gcc): lock-context */

/* a __must_hold callee after the lock was dropped */
void must_hold_after_unlock(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	walk_page_tables(mm); /* expect(gcc): lock-context */
}

/* declared to take the lock, returns without it on one path */
void take_it(struct mm_struct *mm, int flag) __acquires(mm)
{
	if (flag) {
		mmap_read_lock(mm);
		return;
	}
	if (mmap_read_trylock(mm))
		return;
} /* expect(gcc): lock-context */

/* expand_stack() dropped the lock when it returned NULL */
int unlock_after_expand_failed(struct mm_struct *mm, unsigned long addr)
{
	mmap_read_lock(mm);
	if (!vma_lookup(mm, addr) && !expand_stack(mm, addr)) {
		mmap_read_unlock(mm); /* expect(gcc): lock-context */
		return -EINVAL;
	}
	mmap_read_unlock(mm);
	return 0;
}

/* ---- correct code: quiet ---- */

/* as 6.12 __access_remote_vm(): nothing to unlock after a failed
 * expand_stack() */
int access_remote_like(struct mm_struct *mm, unsigned long addr)
{
	if (mmap_read_lock_killable(mm))
		return 0;
	if (!vma_lookup(mm, addr) && !expand_stack(mm, addr))
		return 0;
	work(mm);
	mmap_read_unlock(mm);
	return 0;
}

int killable_correct(struct mm_struct *mm)
{
	int ret;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	ret = work(mm);
	mmap_read_unlock(mm);
	return ret;
}

/* "if (locked) unlock": the trylock's value decides both branches */
void trylock_correlated(struct mm_struct *mm)
{
	int locked = mmap_read_trylock(mm);

	work(mm);
	if (locked)
		mmap_read_unlock(mm);
}

int trylock_eagain(struct mm_struct *mm)
{
	if (!mmap_read_trylock(mm))
		return -EAGAIN;
	walk_page_tables(mm);
	mmap_read_unlock(mm);
	return 0;
}

/* a helper of the unit that drops the lock: its summary says so */
static void drop(struct mm_struct *mm)
{
	mmap_read_unlock(mm);
}

int unlock_through_helper(struct mm_struct *mm)
{
	mmap_read_lock(mm);
	if (work(mm)) {
		drop(mm);
		return -EINVAL;
	}
	mmap_read_unlock(mm);
	return 0;
}

/* returns with the lock by design, and says so */
void lock_for_caller(struct mm_struct *mm) __acquires(mm)
{
	mmap_read_lock(mm);
}

/* a conditional helper: held iff it returns true (a summary, no annotation) */
static int maybe_lock(struct mm_struct *mm)
{
	if (!mmap_read_trylock(mm))
		return 0;
	return 1;
}

void through_cond_helper(struct mm_struct *mm)
{
	if (!maybe_lock(mm))
		return;
	work(mm);
	mmap_read_unlock(mm);
}

/* releases the caller's lock: a hand-off, not this function's to balance */
int handoff(struct mm_struct *mm)
{
	if (work(mm)) {
		mmap_read_unlock(mm);
		return 1;
	}
	return 0;
}

/* 6.12 khugepaged_scan_mm_slot(): entered with the lock, drops it for the
 * work and takes it again before it returns; __releases() with
 * __acquires() of one lock is that, as __must_hold() is.  Quiet. */
spinlock_t scan_lock;
int scan_slot(struct mm_struct *mm)
	__releases(&scan_lock)
	__acquires(&scan_lock)
{
	int progress;

	spin_unlock(&scan_lock);
	progress = work(mm);
	spin_lock(&scan_lock);
	return progress;
}

/* the same declared, but returning without it on one path */
int scan_slot_leaves_unlocked(struct mm_struct *mm)
	__releases(&scan_lock)
	__acquires(&scan_lock)
{
	spin_unlock(&scan_lock);
	if (work(mm))
		return -EINVAL; /* expect(gcc): lock-context */
	spin_lock(&scan_lock);
	return 0;
}
