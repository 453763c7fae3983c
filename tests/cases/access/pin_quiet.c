// SPDX-License-Identifier: GPL-2.0
/*
 * pin-before-access must stay quiet when a reference or the writeback mark
 * is held when the page is made accessible.
 */
#include "pw_mm.h"

void get_then_accessible(struct page *page)
{
	get_page(page);
	if (arch_make_page_accessible(page))
		put_page(page);
}

/* try_get_page() success is a reference. */
int try_get_then_accessible(struct page *page)
{
	int rc;

	if (!try_get_page(page))
		return -EAGAIN;
	rc = arch_make_page_accessible(page);
	put_page(page);
	return rc;
}

/* find_get_page() returns the page with a reference; a later extra
 * reference that is not for I/O changes nothing. */
void lookup_reference_held(struct address_space *mapping, pgoff_t index,
			   struct list_head *list)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return;
	if (arch_make_page_accessible(page))
		return;
	get_page(page);
	list_add_tail(&page->lru, list);
}

/* The writeback mark is the other "pending I/O" marker. */
void writeback_then_accessible(struct folio *folio)
{
	folio_test_set_writeback(folio);
	arch_make_folio_accessible(folio);
	folio_get(folio);
}

/* Accessible, and no reference taken afterwards at all. */
int accessible_only(struct page *page)
{
	return arch_make_page_accessible(page);
}
