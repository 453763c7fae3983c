// SPDX-License-Identifier: GPL-2.0
/*
 * lock-context on the refcount freeze and the PTE lock: page_ref_freeze()
 * holds its page frozen iff it returns non-zero; follow_pte() returns 0
 * with the PTE lock; pte_offset_map_lock() returns NULL without it.
 * spin_unlock() is an unannotated inline: its summary (it releases its
 * argument, from _raw_spin_unlock()'s __releases) is what callers see.
 */
#include "pw_context.h"

/* unfreeze after the freeze failed */
void unfreeze_failed(struct page *page)
{
	if (!page_ref_freeze(page, 2)) {
		page_ref_unfreeze(page, 2); /* expect(gcc): lock-context */
		return;
	}
	page_ref_unfreeze(page, 1);
}

/* the error path returns with the PTE lock of follow_pte() */
int follow_leak(struct mm_struct *mm, unsigned long addr, unsigned long *val)
{
	spinlock_t *ptl;
	pte_t *ptep;

	if (follow_pte(mm, addr, &ptep, &ptl))
		return -EINVAL;
	if (!ptep->pte)
		return -EINVAL; /* expect(gcc): lock-context */
	*val = ptep->pte;
	pte_unmap_unlock(ptep, ptl);
	return 0;
}

/* unlocks the PTE lock on the path where pte_offset_map_lock() failed */
int unlock_after_null(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte) {
		spin_unlock(ptl); /* expect(gcc): lock-context */
		return -EAGAIN;
	}
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* a spinlock through the unannotated inlines: double unlock */
void spin_double(spinlock_t *lock)
{
	spin_lock(lock);
	spin_unlock(lock);
	spin_unlock(lock); /* expect(gcc): lock-context */
}

/* ---- correct code: quiet ---- */

/* as __remove_mapping(): freeze, and unfreeze only what was frozen */
int freeze_correct(struct page *page)
{
	if (!page_ref_freeze(page, 2))
		return 0;
	page_ref_unfreeze(page, 1);
	return 1;
}

/* as 6.1 follow_phys(): 0 with the lock, every exit after it unlocks */
int follow_correct(struct mm_struct *mm, unsigned long addr, unsigned long *val)
{
	spinlock_t *ptl;
	pte_t *ptep;
	int ret = -EINVAL;

	if (follow_pte(mm, addr, &ptep, &ptl))
		goto out;
	if (!ptep->pte)
		goto unlock;
	*val = ptep->pte;
	ret = 0;
unlock:
	pte_unmap_unlock(ptep, ptl);
out:
	return ret;
}

int map_lock_correct(struct mm_struct *mm, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte = pte_offset_map_lock(mm, pmd, addr, &ptl);

	if (!pte)
		return -EAGAIN;
	pte->pte = 0;
	pte_unmap_unlock(pte, ptl);
	return 0;
}

/* "if (trylock) { work; unlock; }" */
void spin_trylock_correct(spinlock_t *lock, struct mm_struct *mm)
{
	if (spin_trylock(lock)) {
		work(mm);
		spin_unlock(lock);
	}
}

/* returns with the PTE lock by design (as __pmd_trans_huge_lock()): NULL
 * without it, the lock with it; its callers' business */
spinlock_t *lock_if_present(spinlock_t *ptl, pte_t *pte)
{
	spin_lock(ptl);
	if (pte->pte)
		return ptl;
	spin_unlock(ptl);
	return NULL;
}
