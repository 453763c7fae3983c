// SPDX-License-Identifier: GPL-2.0
/*
 * access-before-io and pin-before-access must stay quiet on code that
 * follows seed 002's protocol, and on pages that are not sources.
 */
#include "pw_mm.h"

struct page *alloc_page(gfp_t gfp);

/* The protocol: reference, accessible, I/O. */
dma_addr_t protocol(struct address_space *mapping, pgoff_t index, struct device *dev)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return 0;
	if (arch_make_page_accessible(page)) {
		put_page(page);
		return 0;
	}
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
}

/* The folio made accessible, the I/O on its head page. */
int folio_then_page(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct folio *folio = filemap_get_folio(mapping, index);

	if (IS_ERR(folio))
		return -ENOENT;
	if (arch_make_folio_accessible(folio))
		return -EIO;
	bio_add_page(bio, &folio->page, PAGE_SIZE, 0);
	return 0;
}

/* Seed 002's order for a pipe buffer: the skb's reference, accessible, I/O.
 * buf->page is loaded anew each time: the same page all the same. */
int pipe_to_skb_fixed(struct sk_buff *skb, struct pipe_buffer *buf, int i)
{
	get_page(buf->page);
	if (arch_make_page_accessible(buf->page)) {
		put_page(buf->page);
		return -EIO;
	}
	skb_fill_page_desc(skb, i, buf->page, buf->offset, buf->len);
	return 0;
}

/* virtio_console's pipe_to_sg(): the pipe buffer's page goes to the
 * scatterlist only after a successful steal, which needs a page nobody else
 * maps or holds (page_count() == 1, or remove_mapping() froze it): no guest
 * has it.  Otherwise the data is copied into a page of the driver's own. */
int pipe_to_sg_stolen(struct pipe_inode_info *pipe, struct pipe_buffer *buf,
		      struct scatterlist *sg)
{
	if (pipe_buf_try_steal(pipe, buf)) {
		get_page(buf->page);
		unlock_page(buf->page);
		sg_set_page(sg, buf->page, buf->len, buf->offset);
	} else {
		struct page *page = alloc_page(0);

		if (!page)
			return -ENOMEM;
		memcpy(page_address(page), page_address(buf->page) + buf->offset, buf->len);
		sg_set_page(sg, page, buf->len, 0);
	}
	return buf->len;
}

/* The same with the failed steal returning early. */
int pipe_to_sg_steal_or_fail(struct pipe_inode_info *pipe, struct pipe_buffer *buf,
			     struct scatterlist *sg)
{
	if (!generic_pipe_buf_try_steal(pipe, buf))
		return -EBUSY;
	sg_set_page(sg, buf->page, buf->len, buf->offset);
	return buf->len;
}

/* pin_user_pages() makes the pages accessible itself (FOLL_PIN). */
int pin_to_sg(unsigned long start, struct page **pages, struct scatterlist *sg, int n)
{
	long got = pin_user_pages(start, n, FOLL_WRITE, pages, NULL);
	int i;

	for (i = 0; i < got; i++)
		sg_set_page(&sg[i], pages[i], PAGE_SIZE, 0);
	return got;
}

/* A page of unknown origin is not a source: the caller answers for it. */
int param_to_bio(struct bio *bio, struct page *page)
{
	return bio_add_page(bio, page, PAGE_SIZE, 0);
}

/* A freshly allocated page belongs to nobody else. */
dma_addr_t fresh_page(struct device *dev)
{
	struct page *page = alloc_page(0);

	if (!page)
		return 0;
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
}

/* Accessible on every path, through a loop over the GUP array. */
int gup_accessible(unsigned long start, struct page **pages, struct scatterlist *sg, int n)
{
	long got = get_user_pages(start, n, FOLL_WRITE, pages, NULL);
	int i;

	for (i = 0; i < got; i++) {
		struct page *page = pages[i];

		if (arch_make_page_accessible(page))
			return -EIO;
		sg_set_page(&sg[i], page, PAGE_SIZE, 0);
	}
	return got;
}

/* The array element made accessible, then given to the I/O: pages[i] is
 * read twice, the same page both times. */
int gup_element_accessible(unsigned long start, struct page **pages,
			   struct scatterlist *sg, int n)
{
	long got = get_user_pages(start, n, FOLL_WRITE, pages, NULL);
	int i;

	for (i = 0; i < got; i++) {
		if (arch_make_page_accessible(pages[i]))
			return -EIO;
		sg_set_page(&sg[i], pages[i], PAGE_SIZE, 0);
	}
	return got;
}

/* fs/btrfs/disk-io.c, write_dev_supers() (6.12): the super block is copied
 * into the locked, referenced page-cache folio with the CPU, which on a
 * secure page traps and makes it accessible, before the bio writes it. */
void write_super_copy(struct address_space *mapping, pgoff_t index, struct bio *bio,
		      const void *sb, size_t offset)
{
	struct folio *folio;
	void *disk_super;

	folio = __filemap_get_folio(mapping, index, FGP_LOCK | FGP_CREAT, 0);
	if (IS_ERR(folio))
		return;
	disk_super = folio_address(folio) + offset;
	memcpy(disk_super, sb, 4096);
	bio_add_folio_nofail(bio, folio, 4096, offset);
	submit_bio(bio);
}

/* fs/btrfs/compression.c, add_ra_bio_pages(): a cached folio is only
 * looked at; the one the bio reads into is freshly allocated. */
struct folio *filemap_alloc_folio(gfp_t gfp, unsigned int order);

int read_fresh_folio(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct folio *folio;

	folio = __filemap_get_folio(mapping, index, 0, 0);
	if (!IS_ERR(folio)) {
		folio_put(folio);
		return 0;
	}
	folio = filemap_alloc_folio(0, 0);
	if (!folio)
		return -ENOMEM;
	if (!bio_add_folio(bio, folio, PAGE_SIZE, 0))
		return -EIO;
	return 0;
}

/* One page through a pointer, pinned: pin_user_pages_fast() makes it
 * accessible itself (FOLL_PIN). */
int pin_one_to_bio(unsigned long addr, struct bio *bio)
{
	struct page *page;

	if (pin_user_pages_fast(addr, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	return bio_add_page(bio, page, PAGE_SIZE, 0);
}

/* The user page is only looked at; the I/O is on a page of our own. */
int gup_one_then_fresh(unsigned long addr, struct bio *bio)
{
	struct page *page;

	if (get_user_pages_fast(addr, 1, 0, &page) != 1)
		return -EFAULT;
	put_page(page);
	page = alloc_page(0);
	if (!page)
		return -ENOMEM;
	return bio_add_page(bio, page, PAGE_SIZE, 0);
}

