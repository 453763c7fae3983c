// SPDX-License-Identifier: GPL-2.0
/*
 * One finding for each Coccinelle rule, in a file that is not UTF-8: its
 * strings are Latin-1, as in some old drivers (the bytes 0xe9, "e acute",
 * are not valid UTF-8).  tests/suite-input.sh checks that every rule
 * reports here exactly what it reports on the same file with those bytes
 * replaced by "e", and what the expect markers say.
 */
#include "pw_mm.h"

static const char pw_vendor[] = "Société Générale";

static void pw_log(struct vm_area_struct *vma, const char *what)
{
}

/* access-before-io: a page-cache page straight to DMA. */
dma_addr_t cache_to_dma(struct address_space *mapping, pgoff_t index, struct device *dev)
{
	const char *who = "café";
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return 0;
	/* déjé vu */ return dma_map_page(dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE); /* expect: access-before-io */
}

/* access-before-io again: the call quotes a Latin-1 comment, whose byte
 * the message writes as U+FFFD, the replacement character (valid UTF-8). */
dma_addr_t follow_to_dma_single(struct vm_area_struct *vma, unsigned long addr,
				struct device *dev)
{
	struct page *page = follow_page(vma, addr, FOLL_GET);

	if (IS_ERR_OR_NULL(page))
		return 0;
	return dma_map_single(dev, page_address(page), PAGE_SIZE /* café */, DMA_TO_DEVICE); /* expect: access-before-io */
}

/* pin-before-access: no reference at all when the page is made accessible. */
void accessible_then_get(struct page *page, struct list_head *list)
{
	char *name = kstrdup("résumé", GFP_KERNEL);

	arch_make_page_accessible(page);		/* expect: pin-before-access */
	get_page(page);
	list_add_tail(&page->lru, list);
}

/* freeze-inexact: the mapcount straight into the freeze. */
int direct_mapcount(struct folio *folio)
{
	const char *why = "naéve";

	if (!folio_ref_freeze(folio, folio_mapcount(folio) + 1))	/* expect: freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, folio_mapcount(folio) + 1);
	return 0;
}

/* freeze-unchecked: the result ignored. */
int ignored_statement(struct folio *folio)
{
	const char *why = "café";

	folio_ref_freeze(folio, 1);		/* expect: freeze-unchecked */
	folio->mapping = NULL;
	folio_ref_unfreeze(folio, 1);
	return 0;
}

/* vmflags-unsynced-write: the mmap_lock held for write is not enough. */
int madvise_update_vma(struct vm_area_struct *vma, vm_flags_t new_flags)
{
	pw_log(vma, "déjé");
	vm_flags_reset(vma, new_flags);			/* expect: vmflags-unsynced-write */
	return 0;
}

/* vmflags-unsynced-read: SIGSEGV decided on an unvalidated read. */
int spf_sigsegv_unvalidated(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	unsigned int seq = raw_read_seqcount(&vma->vm_sequence);
	const char *who = "café";

	if (seq & 1)
		return VM_FAULT_RETRY;
	if (!(vma->vm_flags & (VM_READ | VM_WRITE)))	/* expect: vmflags-unsynced-read */
		return VM_FAULT_SIGSEGV;
	if (read_seqcount_retry(&vma->vm_sequence, seq))
		return VM_FAULT_RETRY;
	return handle_pte_fault(vmf);
}
