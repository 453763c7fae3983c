// SPDX-License-Identifier: GPL-2.0
/*
 * Reduction of mm/huge_memory.c: split_huge_page_to_list_to_order() (6.12)
 * and split_huge_page_to_list() (6.1).  extra_pins depends on swap cache
 * state, but unmap_folio() removed every mapping before the freeze and the
 * file case also holds the xarray lock and splits the entry.  Must stay quiet.
 */
#include "pw_mm.h"

struct deferred_split { spinlock_t split_queue_lock; unsigned long split_queue_len; };

static bool can_split_folio(struct folio *folio, int caller_pins,
			    int *pextra_pins)
{
	int extra_pins;

	/* Additional pins from page cache */
	if (folio_test_anon(folio))
		extra_pins = folio_test_swapcache(folio) ?
				folio_nr_pages(folio) : 0;
	else
		extra_pins = folio_nr_pages(folio);
	if (pextra_pins)
		*pextra_pins = extra_pins;
	return folio_mapcount(folio) == folio_ref_count(folio) - extra_pins -
					caller_pins;
}

void __split_huge_page(struct page *page, struct list_head *list,
		       pgoff_t end, unsigned int new_order);
void remap_page(struct folio *folio, unsigned long nr, int flags);

int split_huge_page_to_list_to_order(struct page *page, struct list_head *list,
				     unsigned int new_order,
				     struct deferred_split *ds_queue)
{
	struct folio *folio = page_folio(page);
	struct address_space *mapping = folio->mapping;
	XA_STATE(xas, &mapping->i_pages, folio->index);
	int extra_pins, ret;
	pgoff_t end = 0;

	if (!can_split_folio(folio, 1, &extra_pins)) {
		ret = -EAGAIN;
		goto out;
	}

	unmap_folio(folio);

	/* block interrupt reentry in xa_lock and spinlock */
	local_irq_disable();
	if (mapping) {
		xas_lock(&xas);
		xas_reset(&xas);
		if (xas_load(&xas) != folio)
			goto fail;
	}

	/* Prevent deferred_split_scan() touching ->_refcount */
	spin_lock(&ds_queue->split_queue_lock);
	if (folio_ref_freeze(folio, 1 + extra_pins)) {
		ds_queue->split_queue_len--;
		spin_unlock(&ds_queue->split_queue_lock);
		if (mapping)
			xas_split(&xas, folio, folio_order(folio));
		__split_huge_page(page, list, end, new_order);
		ret = 0;
	} else {
		spin_unlock(&ds_queue->split_queue_lock);
fail:
		if (mapping)
			xas_unlock(&xas);
		local_irq_enable();
		remap_page(folio, folio_nr_pages(folio), 0);
		ret = -EAGAIN;
	}
out:
	return ret;
}
