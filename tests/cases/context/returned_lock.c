// SPDX-License-Identifier: GPL-2.0
/*
 * Locks a helper of the same file finds itself: one it returns held (6.12
 * mm/swapfile.c lock_cluster(): the cluster locked, or NULL when the device
 * has none), one it releases unless it is NULL (unlock_cluster()), a page
 * it only hands to others (6.12 get_user_page_vma_remote() put_page()s the
 * page GUP gave it).  And ways out that join before the return ("out:
 * folio_put(folio); return ret;"), each with its own state.
 */
#include "pw_context.h"

struct cluster { spinlock_t lock; int count; };
struct swapdev { struct cluster *clusters; spinlock_t lock; int flags; };

static inline struct cluster *lock_cluster(struct swapdev *si, unsigned long off)
{
	struct cluster *ci = si->clusters;

	if (ci) {
		ci += off / 512;
		spin_lock(&ci->lock);
	}
	return ci;
}

static inline void unlock_cluster(struct cluster *ci)
{
	if (ci)
		spin_unlock(&ci->lock);
}

static inline struct cluster *lock_cluster_or_dev(struct swapdev *si, unsigned long off)
{
	struct cluster *ci = lock_cluster(si, off);

	if (!ci)
		spin_lock(&si->lock);
	return ci;
}

static inline void unlock_cluster_or_dev(struct swapdev *si, struct cluster *ci)
{
	if (ci)
		unlock_cluster(ci);
	else
		spin_unlock(&si->lock);
}

/* locked and unlocked with no test of NULL between them, as 6.12
 * swap_entry_range_free() does.  Quiet. */
void cluster_clear(struct swapdev *si, unsigned long off, int *map)
{
	struct cluster *ci;

	ci = lock_cluster(si, off);
	*map = 0;
	unlock_cluster(ci);
}

/* the cluster or the device, whichever was taken.  Quiet. */
void cluster_or_dev(struct swapdev *si, unsigned long off)
{
	struct cluster *ci = lock_cluster_or_dev(si, off);

	si->flags++;
	unlock_cluster_or_dev(si, ci);
}

/* the returned lock released twice */
void cluster_clear_twice(struct swapdev *si, unsigned long off, int *map)
{
	struct cluster *ci = lock_cluster(si, off);

	if (!ci)
		return;
	*map = 0;
	unlock_cluster(ci);
	spin_unlock(&ci->lock); /* expect(gcc): lock-context */
}

/* the returned lock kept on an error path */
int cluster_take(struct swapdev *si, unsigned long off, int want)
{
	struct cluster *ci = lock_cluster(si, off);

	if (!ci)
		return -ENOENT;
	if (ci->count < want)
		return -EBUSY; /* expect(gcc): lock-context */
	ci->count -= want;
	unlock_cluster(ci);
	return 0;
}

/* a folio of its own given to a function of another file, which may do
 * anything to its lock: nothing the caller holds */
void folio_poke(struct folio *folio);
struct folio *folio_lookup(unsigned long index);

static inline int peek(unsigned long index)
{
	struct folio *f = folio_lookup(index);

	if (!f)
		return -ENOENT;
	folio_poke(f);
	return 0;
}

/* so the caller's own folio lock stays known across it */
void peek_then_unlock_twice(struct folio *folio, unsigned long index)
{
	folio_lock(folio);
	peek(index);
	folio_unlock(folio);
	folio_unlock(folio); /* expect(gcc): lock-context */
}

/* 6.12 __try_to_reclaim_swap() with a "goto out_unlock" made "goto out":
 * ret, one value that nothing tests, returned with the folio locked on
 * one path and unlocked on the others */
int reclaim(struct folio *folio, int nr, int flags)
{
	int ret = -nr;

	if (!folio_trylock(folio))
		goto out;
	if (flags & 1)
		goto out_unlock;
	if (flags & 2)
		goto out; /* expect(gcc): lock-context */
	ret = nr;
out_unlock:
	folio_unlock(folio);
out:
	folio_put(folio);
	return ret;
}

/* as it is.  Quiet. */
int reclaim_fixed(struct folio *folio, int nr, int flags)
{
	int ret = -nr;

	if (!folio_trylock(folio))
		goto out;
	if (flags & 3)
		goto out_unlock;
	ret = nr;
out_unlock:
	folio_unlock(folio);
out:
	folio_put(folio);
	return ret;
}

/* returns with the folio locked on success: the one value it returns
 * is tested, and says which.  Quiet. */
int prepare(int flags);
int lock_on_success(struct folio *folio, int flags)
{
	int err;

	folio_lock(folio);
	err = prepare(flags);
	if (err) {
		folio_unlock(folio);
		goto out;
	}
	folio->index = 0;
out:
	return err;
}
