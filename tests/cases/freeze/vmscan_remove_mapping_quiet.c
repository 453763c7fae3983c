// SPDX-License-Identifier: GPL-2.0
/*
 * Reductions of mm/vmscan.c: __remove_mapping() freezes against an exact
 * count (the isolation reference plus one per page for the page cache) under
 * the i_pages lock and then deletes the folio from the cache; the lazyfree
 * path in shrink_folio_list() freezes against 1.  Must stay quiet.
 */
#include "pw_mm.h"

static int __remove_mapping(struct address_space *mapping, struct folio *folio,
			    bool reclaimed)
{
	int refcount;
	void *shadow = NULL;

	if (!folio_test_swapcache(folio))
		spin_lock(&mapping->host->i_lock);
	xa_lock_irq(&mapping->i_pages);
	refcount = 1 + folio_nr_pages(folio);
	if (!folio_ref_freeze(folio, refcount))
		goto cannot_free;
	if (unlikely(folio_test_dirty(folio))) {
		folio_ref_unfreeze(folio, refcount);
		goto cannot_free;
	}

	if (folio_test_swapcache(folio)) {
		swp_entry_t swap = { folio->index };

		__delete_from_swap_cache(folio, swap, shadow);
		xa_unlock_irq(&mapping->i_pages);
		put_swap_folio(folio, swap);
	} else {
		__filemap_remove_folio(folio, shadow);
		xa_unlock_irq(&mapping->i_pages);
		spin_unlock(&mapping->host->i_lock);
	}
	return 1;

cannot_free:
	xa_unlock_irq(&mapping->i_pages);
	if (!folio_test_swapcache(folio))
		spin_unlock(&mapping->host->i_lock);
	return 0;
}

int remove_mapping(struct address_space *mapping, struct folio *folio)
{
	if (__remove_mapping(mapping, folio, false)) {
		folio_ref_unfreeze(folio, 1);
		return folio_nr_pages(folio);
	}
	return 0;
}

unsigned int shrink_lazyfree(struct folio *folio, unsigned int nr_pages)
{
	if (folio_test_anon(folio) && !folio_test_swapbacked(folio)) {
		/* follow __remove_mapping for reference */
		if (!folio_ref_freeze(folio, 1))
			return 0;
		return nr_pages;
	}
	return 0;
}
