// SPDX-License-Identifier: GPL-2.0
/*
 * pin-before-access, seed 000's sequence: accessible first, the reference
 * for the I/O afterwards.  The fix moves the reference above the call.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include "pw_fix.h"

dma_addr_t pw_fix_pin(struct address_space *mapping, pgoff_t index, struct device *dev)
{
	struct page *page;
	dma_addr_t addr;

	page = find_get_page(mapping, index);
	if (!page)
		return DMA_MAPPING_ERROR;
	if (arch_make_folio_accessible(page_folio(page)))	/* expect: pin-before-access */
		return DMA_MAPPING_ERROR;
	get_page(page);
	addr = dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
	put_page(page);
	put_page(page);
	return addr;
}
