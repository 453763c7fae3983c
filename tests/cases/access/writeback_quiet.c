// SPDX-License-Identifier: GPL-2.0
/*
 * Reductions of mm/page-writeback.c: __folio_start_writeback() sets the
 * writeback flag (the "pending I/O" marker of seed 002) and then makes the
 * folio accessible; filesystems start the I/O after folio_start_writeback().
 * Must stay quiet.
 */
#include "pw_mm.h"

/* linux 6.1 */
bool __folio_start_writeback_61(struct folio *folio, bool keep_write,
				struct address_space *mapping)
{
	int access_ret;
	bool ret;

	if (mapping) {
		XA_STATE(xas, &mapping->i_pages, folio_index(folio));

		xas_lock_irq(&xas);
		ret = folio_test_set_writeback(folio);
		xas_unlock_irq(&xas);
	} else {
		ret = folio_test_set_writeback(folio);
	}
	access_ret = arch_make_folio_accessible(folio);
	VM_BUG_ON(access_ret != 0);
	return ret;
}

/* A filesystem's writepage: writeback first, then the bio. */
int write_one_folio(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct folio *folio = __filemap_get_folio(mapping, index, FGP_LOCK, 0);

	if (IS_ERR(folio))
		return -ENOMEM;
	folio_start_writeback(folio);
	folio_unlock(folio);
	if (!bio_add_folio(bio, folio, PAGE_SIZE, 0))
		return -EIO;
	submit_bio(bio);
	folio_put(folio);
	return 0;
}

int write_one_page(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct page *page = find_lock_page(mapping, index);

	if (!page)
		return -ENOMEM;
	set_page_writeback(page);
	unlock_page(page);
	bio_add_page(bio, page, PAGE_SIZE, 0);
	submit_bio(bio);
	put_page(page);
	return 0;
}
