// SPDX-License-Identifier: GPL-2.0
/*
 * freeze-unchecked under a lock: still a finding, but no fix.  The fix is
 * "if (!freeze) return -EBUSY;", and here that return would leave the
 * spinlock held (6.12 migrate_huge_page_move_mapping() freezes under
 * xas_lock_irq(): a return there leaves interrupts off).  The plugin says
 * so in a note; Coccinelle's patch mode has no fix for it either
 * (tests/suite-plugin.sh and tests/suite-series.sh check that no fix is
 * offered).
 */
#include "pw_mm.h"

int under_lock(struct folio *folio, spinlock_t *lock)
{
	spin_lock(lock);			/* note(gcc): freeze-unchecked */
	folio_ref_freeze(folio, 1);		/* expect: freeze-unchecked */
	folio->mapping = NULL;
	spin_unlock(lock);
	return 0;
}

/* The lock is dropped before the freeze: a fix is offered. */
int after_unlock(struct folio *folio, spinlock_t *lock)
{
	spin_lock(lock);
	folio->private = NULL;
	spin_unlock(lock);
	folio_ref_freeze(folio, 1);		/* expect: freeze-unchecked */
	folio->mapping = NULL;
	return 0;
}
