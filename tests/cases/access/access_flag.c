// SPDX-License-Identifier: GPL-2.0
/*
 * access-before-io: I/O started on a page that may belong to a protected
 * guest, with no arch_make_page_accessible() on every path before it
 * (seed 002's step 2 is missing).
 */
#include "pw_mm.h"

/* A page-cache page straight to DMA. */
dma_addr_t cache_to_dma(struct address_space *mapping, pgoff_t index, struct device *dev)
{
	struct page *page = find_get_page(mapping, index);	/* note(gcc): access-before-io */

	if (!page)
		return 0;
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE); /* expect: access-before-io */
}

/* The folio form, into a bio. */
int cache_folio_to_bio(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct folio *folio = filemap_get_folio(mapping, index);	/* note(gcc): access-before-io */

	if (IS_ERR(folio))
		return -ENOENT;
	if (!bio_add_folio(bio, folio, PAGE_SIZE, 0))		/* expect: access-before-io */
		return -EIO;
	submit_bio(bio);
	return 0;
}

/* A pipe buffer's page into a socket buffer: the fs/splice.c case of seed 002. */
void pipe_to_skb(struct sk_buff *skb, struct pipe_buffer *buf, int i)
{
	get_page(buf->page);				/* note(gcc): access-before-io */
	skb_fill_page_desc(skb, i, buf->page, buf->offset, buf->len); /* expect: access-before-io; note(gcc): access-before-io */
}

/* A steal that failed leaves the page shared: the I/O on the other branch
 * is on a page a guest may still map. */
int pipe_to_sg_steal_failed(struct pipe_inode_info *pipe, struct pipe_buffer *buf,
			    struct scatterlist *sg)
{
	if (pipe_buf_try_steal(pipe, buf))
		return 0;
	sg_set_page(sg, buf->page, buf->len, buf->offset); /* expect: access-before-io; note(gcc): access-before-io */
	return buf->len;
}

/* A steal of another buffer says nothing about this one. */
int pipe_to_sg_other_stolen(struct pipe_inode_info *pipe, struct pipe_buffer *buf,
			    struct pipe_buffer *other, struct scatterlist *sg)
{
	if (!pipe_buf_try_steal(pipe, other))
		return -EBUSY;
	sg_set_page(sg, buf->page, buf->len, buf->offset); /* expect: access-before-io; note(gcc): access-before-io */
	return buf->len;
}

/* get_user_pages() takes references (FOLL_GET) but does not make pages accessible. */
int gup_to_sg(unsigned long start, struct page **pages, struct scatterlist *sg, int n)
{
	long got = get_user_pages(start, n, FOLL_WRITE, pages, NULL); /* note(gcc): access-before-io */
	int i;

	for (i = 0; i < got; i++)
		sg_set_page(&sg[i], pages[i], PAGE_SIZE, 0);	/* expect: access-before-io */
	return got;
}

/* A page-table lookup, DMA through its kernel address. */
dma_addr_t follow_to_dma_single(struct vm_area_struct *vma, unsigned long addr,
				struct device *dev)
{
	struct page *page = follow_page(vma, addr, FOLL_GET);	/* note(gcc): access-before-io */

	if (IS_ERR_OR_NULL(page))
		return 0;
	return dma_map_single(dev, page_address(page), PAGE_SIZE, DMA_TO_DEVICE); /* expect: access-before-io */
}

/* Made accessible on one path only. */
int accessible_sometimes(struct address_space *mapping, pgoff_t index,
			 struct bio *bio, bool check)
{
	struct page *page = find_get_page(mapping, index);	/* note(gcc): access-before-io */

	if (!page)
		return -ENOENT;
	if (check && arch_make_page_accessible(page))		/* note(gcc): access-before-io */
		return -EIO;
	bio_add_page(bio, page, PAGE_SIZE, 0);			/* expect(gcc): access-before-io */
	return 0;
}

/* Another page was made accessible. */
int accessible_other(struct address_space *mapping, pgoff_t index,
		     struct bio *bio, struct page *other)
{
	struct page *page = find_get_page(mapping, index);	/* note(gcc): access-before-io */

	if (!page)
		return -ENOENT;
	if (arch_make_page_accessible(other))
		return -EIO;
	bio_add_page(bio, page, PAGE_SIZE, 0);			/* expect: access-before-io */
	return 0;
}

/* iov_iter_get_pages2() gets references, not pins. */
int iter_to_bio(struct iov_iter *iter, struct bio *bio)
{
	struct page *pages[16];
	size_t off;
	long n = iov_iter_get_pages2(iter, pages, 16 * PAGE_SIZE, 16, &off); /* note(gcc): access-before-io */

	if (n <= 0)
		return n;
	__bio_add_page(bio, pages[0], n, off);			/* expect: access-before-io */
	return 0;
}

/* vm_normal_page() returns the page a PTE maps, of anybody. */
int pte_to_bio(struct vm_area_struct *vma, unsigned long addr, pte_t pte, struct bio *bio)
{
	struct page *page = vm_normal_page(vma, addr, pte);	/* note(gcc): access-before-io */

	if (!page)
		return -EFAULT;
	get_page(page);						/* note(gcc): access-before-io */
	bio_add_page(bio, page, PAGE_SIZE, 0);			/* expect: access-before-io */
	return 0;
}

/* A function with an error label: the fix jumps to it. */
int cache_to_bio_unwind(struct address_space *mapping, pgoff_t index, struct bio *bio)
{
	struct page *page = find_get_page(mapping, index);	/* note(gcc): access-before-io */
	int ret = 0;

	if (!page)
		return -ENOENT;
	if (!bio_add_page(bio, page, PAGE_SIZE, 0)) {		/* expect: access-before-io */
		ret = -EIO;
		goto err_put;
	}
	return 0;
err_put:
	put_page(page);
	return ret;
}

/* Another element of the array was made accessible.  Coccinelle compares
 * pages by their text and takes pages[0] for pages[i]: the plugin only. */
int gup_other_element(unsigned long start, struct page **pages,
		      struct scatterlist *sg, int n)
{
	long got = get_user_pages(start, n, FOLL_WRITE, pages, NULL); /* note(gcc): access-before-io */
	int i;

	for (i = 0; i < got; i++) {
		if (arch_make_page_accessible(pages[0]))
			return -EIO;
		sg_set_page(&sg[i], pages[i], PAGE_SIZE, 0);	/* expect(gcc): access-before-io */
	}
	return got;
}

/* One page through a pointer: GUP fills the single struct page * it is
 * given (&page), the value loaded afterwards is a user page. */
int gup_one_to_bio(unsigned long addr, struct bio *bio)
{
	struct page *page;

	if (get_user_pages_fast(addr, 1, FOLL_WRITE, &page) != 1) /* note(gcc): access-before-io */
		return -EFAULT;
	bio_add_page(bio, page, PAGE_SIZE, 0);			/* expect: access-before-io */
	return 0;
}

/* The same from an iov_iter (the zero-copy senders' form). */
int iter_one_to_sg(struct iov_iter *iter, struct scatterlist *sg)
{
	struct page *page = NULL;
	size_t start;
	long n = iov_iter_get_pages2(iter, &page, PAGE_SIZE, 1, &start); /* note(gcc): access-before-io */

	if (n <= 0)
		return -EFAULT;
	sg_set_page(sg, page, n, start);			/* expect: access-before-io */
	return 0;
}

