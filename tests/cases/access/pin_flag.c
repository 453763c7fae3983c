// SPDX-License-Identifier: GPL-2.0
/*
 * pin-before-access: arch_make_page_accessible() before the function holds
 * a reference or writeback mark on the page, while it takes one later: in
 * between, nothing stops the page from being made secure again.
 */
#include "pw_mm.h"

/* No reference at all when the page is made accessible. */
void accessible_then_get(struct page *page, struct list_head *list)
{
	arch_make_page_accessible(page);		/* expect: pin-before-access */
	get_page(page);					/* note(gcc): pin-before-access */
	list_add_tail(&page->lru, list);
}

/* vm_normal_page() gives no reference; the one for the DMA comes too late. */
dma_addr_t pte_accessible_then_get(struct vm_area_struct *vma, unsigned long addr,
				   pte_t pte, struct device *dev)
{
	struct page *page = vm_normal_page(vma, addr, pte);

	if (!page)
		return 0;
	if (arch_make_page_accessible(page))		/* expect: pin-before-access */
		return 0;
	get_page(page);					/* note(gcc): pin-before-access */
	return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE); /* note(gcc): pin-before-access */
}

/* The folio form. */
void folio_accessible_then_get(struct folio *folio)
{
	if (arch_make_folio_accessible(folio))		/* expect: pin-before-access */
		return;
	folio_get(folio);				/* note(gcc): pin-before-access */
}
