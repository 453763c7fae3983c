// SPDX-License-Identifier: GPL-2.0
/*
 * Constant expected counts, from mm/khugepaged.c (6.1 collapse_file) and
 * mm/hugetlb.c (6.1 and 6.12).  A constant count is exact: any extra
 * reference makes the freeze fail.  Must stay quiet, including the boot-time
 * freeze whose result is only asserted with VM_BUG_ON().
 */
#include "pw_mm.h"

/* mm/khugepaged.c, linux 6.1: collapse_file() */
int collapse_file_one(struct address_space *mapping, struct page *page,
		      struct page *hpage, pgoff_t index,
		      struct list_head *pagelist)
{
	XA_STATE(xas, &mapping->i_pages, index);
	struct folio *folio = page_folio(page);

	if (folio_isolate_lru(folio))
		return -EAGAIN;

	if (folio_mapped(folio))
		try_to_unmap(folio, TTU_IGNORE_MLOCK | TTU_BATCH_FLUSH);

	xas_lock_irq(&xas);
	xas_set(&xas, index);

	VM_BUG_ON_PAGE(page != xas_load(&xas), page);

	/*
	 * The page is expected to have page_count() == 3:
	 *  - we hold a pin on it;
	 *  - one reference from page cache;
	 *  - one from isolate_lru_page;
	 */
	if (!page_ref_freeze(page, 3)) {
		xas_unlock_irq(&xas);
		putback_lru_page(page);
		return -EAGAIN;
	}

	list_add_tail(&page->lru, pagelist);

	/* Finally, replace with the new page. */
	xas_store(&xas, hpage);
	xas_unlock_irq(&xas);
	return 0;
}

/* mm/hugetlb.c, linux 6.1: __prep_compound_gigantic_page() */
bool prep_compound_gigantic(struct page *page, unsigned int order, bool demote)
{
	unsigned long i, nr_pages = 1UL << order;

	for (i = 0; i < nr_pages; i++) {
		struct page *p = page + i;

		if (!demote) {
			if (!page_ref_freeze(p, 1)) {
				pr_warn("HugeTLB page can not be used due to unexpected inflated ref count\n");
				return false;
			}
		}
	}
	return true;
}

/* mm/hugetlb.c, linux 6.1: alloc_buddy_huge_page() */
struct page *alloc_buddy_huge_page(gfp_t gfp_mask, int order, int nid)
{
	struct page *page;
	bool retry = true;

retry:
	page = __alloc_pages(gfp_mask, order, nid, NULL);

	/* Freeze head page */
	if (page && !page_ref_freeze(page, 1)) {
		__free_pages(page, order);
		if (retry) {	/* retry once */
			retry = false;
			goto retry;
		}
		pr_warn("HugeTLB head page unexpected inflated ref count\n");
		page = NULL;
	}
	return page;
}

/* mm/hugetlb.c, linux 6.12: hugetlb_folio_init_tail_vmemmap() */
void hugetlb_folio_init_tail_vmemmap(struct folio *folio,
				     unsigned long start, unsigned long end)
{
	unsigned long pfn;
	int ret;

	for (pfn = start; pfn < end; pfn++) {
		struct page *page = &folio->page + pfn;

		ret = page_ref_freeze(page, 1);
		VM_BUG_ON(!ret);
	}
}

/* Size helpers and local arithmetic on them are exact too. */
int freeze_whole_thp(struct folio *folio, struct page *head, bool pinned)
{
	long nr = folio_nr_pages(folio);
	int base = pinned ? 2 : 1;

	if (!folio_ref_freeze(folio, nr + base))
		return -EBUSY;
	if (!page_ref_freeze(head, compound_nr(head) + HPAGE_PMD_NR))
		return -EBUSY;
	return 0;
}

/* A count that arrives as a parameter is the caller's to get right. */
int freeze_with(struct folio *folio, int count)
{
	return folio_ref_freeze(folio, count);
}
