// SPDX-License-Identifier: GPL-2.0
/*
 * freeze-inexact must stay quiet where a mechanism stops new references
 * (seed 002): all mappings removed first, or the xarray lock held with the
 * folio removed or replaced before it is unfrozen.
 */
#include "pw_mm.h"

int unmapped_first(struct folio *folio)
{
	int expected = folio_mapcount(folio) + 1;

	try_to_migrate(folio, 0);
	if (!folio_ref_freeze(folio, expected))
		return -EBUSY;
	folio_ref_unfreeze(folio, expected);
	return 0;
}

/* The unmap is on the page; the freeze on its folio. */
int unmapped_page_of_folio(struct page *page)
{
	struct folio *folio = page_folio(page);
	int expected = page_mapcount(page) + 1;

	unmap_folio(folio);
	if (!page_ref_freeze(page, expected))
		return -EBUSY;
	page_ref_unfreeze(page, expected);
	return 0;
}

int removed_under_lock(struct address_space *mapping, struct folio *folio)
{
	int expected = 1 + folio_nr_pages(folio) + folio_test_private(folio);

	xa_lock_irq(&mapping->i_pages);
	if (!folio_ref_freeze(folio, expected)) {
		xa_unlock_irq(&mapping->i_pages);
		return 0;
	}
	__filemap_remove_folio(folio, NULL);
	xa_unlock_irq(&mapping->i_pages);
	return 1;
}
