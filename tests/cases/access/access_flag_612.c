// SPDX-License-Identifier: GPL-2.0
/*
 * access-before-io in a 6.12 tree, which declares arch_make_folio_accessible()
 * and no arch_make_page_accessible(): the same findings, and fixes that
 * make a page accessible through its folio, in the function's own terms.
 */
#define PW_NO_PAGE_ACCESSIBLE
#include "pw_mm.h"

/* dma_addr_t: 0 is a valid DMA address; the error is DMA_MAPPING_ERROR. */
dma_addr_t cache_to_dma_612(struct address_space *mapping, pgoff_t index, struct device *dev)
{
	struct page *page = find_get_page(mapping, index);	/* note(gcc): access-before-io */

	if (!page)
		return DMA_MAPPING_ERROR;
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE); /* expect: access-before-io */
}

/* A function that fails with ERR_PTR() fails so here too. */
struct bio *cache_to_bio_612(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct page *page = find_get_page(mapping, index);	/* note(gcc): access-before-io */

	if (!page)
		return ERR_PTR(-ENOENT);
	bio_add_page(bio, page, PAGE_SIZE, 0);			/* expect: access-before-io */
	return bio;
}

/* The error label and its variable. */
int gup_to_sg_612(unsigned long start, struct page **pages, struct scatterlist *sg)
{
	int ret = 0;
	long got = get_user_pages(start, 1, FOLL_WRITE, pages, NULL); /* note(gcc): access-before-io */

	if (got != 1)
		return -EFAULT;
	sg_set_page(sg, pages[0], PAGE_SIZE, 0);		/* expect: access-before-io */
	return 0;
err_put:
	put_page(pages[0]);
	return ret;
}
