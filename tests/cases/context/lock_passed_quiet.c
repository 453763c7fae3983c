// SPDX-License-Identifier: GPL-2.0
/*
 * 6.1 mm/migrate.c __migration_entry_wait(), reduced: the PTE lock is
 * handed to migration_entry_wait_on_locked(), a function of another file
 * that releases it but (before 6.3) does not say so.  A function with no
 * body here and no annotation, given the lock itself, may release it: the
 * lock's state after the call is unknown, and the two returns are not an
 * imbalance.  Quiet.
 */
#include "pw_context.h"

typedef struct { unsigned long val; } swp_entry_t;
void migration_entry_wait_on_locked(swp_entry_t entry, pte_t *ptep, spinlock_t *ptl);
int is_swap_pte(pte_t pte);
swp_entry_t pte_to_swp_entry(pte_t pte);
int is_migration_entry(swp_entry_t entry);

void __migration_entry_wait(struct mm_struct *mm, pte_t *ptep, spinlock_t *ptl)
{
	pte_t pte;
	swp_entry_t entry;

	spin_lock(ptl);
	pte = *ptep;
	if (!is_swap_pte(pte))
		goto out;
	entry = pte_to_swp_entry(pte);
	if (!is_migration_entry(entry))
		goto out;
	migration_entry_wait_on_locked(entry, ptep, ptl);
	return;
out:
	pte_unmap_unlock(ptep, ptl);
}

/* the same, with the lock's containing object passed on (an mm to a
 * lookup): that names no lock, and the missing unlock is found */
int lookup(struct mm_struct *mm, spinlock_t *ptl);
int leaks_on_error(struct mm_struct *mm, spinlock_t *ptl)
{
	spin_lock(ptl);
	if (lookup(mm, 0))
		return -EINVAL; /* expect(gcc): lock-context */
	spin_unlock(ptl);
	return 0;
}
