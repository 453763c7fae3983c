// SPDX-License-Identifier: GPL-2.0
/*
 * The folio lock, as the annotations declare it for the plugin only
 * (__acquires_handed() and friends: sparse does not count it, because the
 * lock is handed across functions by design).  The folio's lock and its
 * refcount freeze are two locks: the freeze is named by the count.
 */
#include "pw_context.h"

struct file;
int read_folio_sync(struct file *file, struct folio *folio);
/* an inline of include/linux/page-flags.h, as in the kernel: its body
 * does nothing to the lock */
static inline int folio_test_uptodate(struct folio *folio)
{
	return folio->index & 1;
}
struct address_space_operations {
	int (*read_folio)(struct file *file, struct folio *folio);
};

/* unlocked twice */
void double_unlock(struct folio *folio)
{
	folio_lock(folio);
	folio_unlock(folio);
	folio_unlock(folio); /* expect(gcc): lock-context */
}

/* unlocked after the trylock failed */
int unlock_after_trylock_failed(struct folio *folio)
{
	if (!folio_trylock(folio)) {
		folio_unlock(folio); /* expect(gcc): lock-context */
		return -EAGAIN;
	}
	folio_unlock(folio);
	return 0;
}

/* an error returned with the folio still locked, 0 without */
int leak_on_error(struct folio *folio)
{
	folio_lock(folio);
	if (!folio_test_uptodate(folio))
		return -EIO; /* expect(gcc): lock-context */
	folio_unlock(folio);
	return 0;
}

/* khugepaged's collapse_file(): locked, frozen, unfrozen, unlocked, in
 * that order; the freeze failing leaves the lock alone.  Quiet. */
int lock_and_freeze(struct folio *folio, int refs)
{
	folio_lock(folio);
	if (!folio_ref_freeze(folio, refs)) {
		folio_unlock(folio);
		return -EAGAIN;
	}
	folio->index = 0;
	folio_ref_unfreeze(folio, refs - 1);
	folio_unlock(folio);
	return 0;
}

/* handed to ->read_folio() or to a function of another file, which unlock
 * it (I/O completion does): what happens to the lock after is unknown,
 * and the error returns are not leaks.  Quiet. */
int read_handed_off(const struct address_space_operations *aops, struct file *file,
		    struct folio *folio)
{
	int err;

	folio_lock(folio);
	err = aops->read_folio(file, folio);
	if (err)
		return err;
	folio_lock(folio);
	folio_unlock(folio);
	return 0;
}

int read_sync_handed_off(struct file *file, struct folio *folio)
{
	folio_lock(folio);
	if (read_folio_sync(file, folio))
		return -EIO;
	return 0;
}

/* a page locked and its folio unlocked are one lock: as 6.1's
 * mixed page and folio code does it.  Quiet. */
#define page_folio(p) ((struct folio *)(p))	/* a macro, as in the kernel */
void lock_then_unlock_folio(struct page *page)
{
	lock_page(page);
	folio_unlock(page_folio(page));
}

/* and unlocked twice under the two names */
void unlock_page_then_folio(struct page *page)
{
	lock_page(page);
	unlock_page(page);
	folio_unlock(page_folio(page)); /* expect(gcc): lock-context */
}
