// SPDX-License-Identifier: GPL-2.0
/*
 * access-before-io in each of the forms its fix takes: a plain return in
 * the function's own terms (-EIO, DMA_MAPPING_ERROR for a dma_addr_t,
 * ERR_PTR() where the function returns ERR_PTR()), the error label, the
 * folio form; and a page made accessible through its folio in 6.12, which
 * has no arch_make_page_accessible().
 */
#include <linux/module.h>
#include <linux/bio.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/scatterlist.h>
#include "pw_fix.h"

int pw_fix_bio(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return -ENOENT;
	if (!bio_add_page(bio, page, PAGE_SIZE, 0))	/* expect: access-before-io */
		return -EIO;
	return 0;
}
EXPORT_SYMBOL_GPL(pw_fix_bio);

dma_addr_t pw_fix_dma(struct address_space *mapping, pgoff_t index, struct device *dev)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return DMA_MAPPING_ERROR;
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE); /* expect: access-before-io */
}
EXPORT_SYMBOL_GPL(pw_fix_dma);

struct bio *pw_fix_err_ptr(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return ERR_PTR(-ENOENT);
	if (!bio_add_page(bio, page, PAGE_SIZE, 0))	/* expect: access-before-io */
		return ERR_PTR(-EIO);
	return bio;
}
EXPORT_SYMBOL_GPL(pw_fix_err_ptr);

int pw_fix_label(unsigned long start, struct page **pages, struct scatterlist *sg)
{
	int ret;

	ret = get_user_pages_fast(start, 1, FOLL_WRITE, pages);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;
	ret = 0;
	sg_set_page(sg, pages[0], PAGE_SIZE, 0);	/* expect: access-before-io */
	if (!sg_page(sg))
		goto err_put;
	return 0;
err_put:
	put_page(pages[0]);
	return ret;
}
EXPORT_SYMBOL_GPL(pw_fix_label);

int pw_fix_folio(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct folio *folio = filemap_get_folio(mapping, index);

	if (IS_ERR_OR_NULL(folio))
		return -ENOENT;
	if (!bio_add_folio(bio, folio, PAGE_SIZE, 0))	/* expect: access-before-io */
		return -EIO;
	return 0;
}
EXPORT_SYMBOL_GPL(pw_fix_folio);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pageward's fix test module: every fix, built");
