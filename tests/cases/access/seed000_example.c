// SPDX-License-Identifier: GPL-2.0
/*
 * Seed 000, Dave Hansen's sequence: the page is made accessible first and
 * the reference that keeps it "pending I/O" is taken afterwards, so the page
 * can be made secure in between and the DMA then touches an inaccessible
 * page.  Seed 002's protocol: reference (or writeback) first, then
 * arch_make_page_accessible(), then the I/O.
 */
#include "pw_mm.h"

dma_addr_t seed000(struct address_space *mapping, pgoff_t index, struct device *dev)
{
	struct page *page;
	dma_addr_t addr;

	page = find_get_page(mapping, index);
	if (!page)
		return 0;
	if (arch_make_page_accessible(page))		/* expect: pin-before-access */
		return 0;
	/* ... the page is made secure by another CPU here ... */
	get_page(page);					/* note(gcc): pin-before-access */
	addr = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE); /* note(gcc): pin-before-access */
	put_page(page);
	return addr;
}
