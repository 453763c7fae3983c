// SPDX-License-Identifier: GPL-2.0
/*
 * Reductions of mm/gup.c: follow_page_pte() and the GUP-fast PTE walk, in
 * their 6.1 (page) and 6.12 (folio) forms.  They take the reference first
 * (try_grab_page/try_grab_folio), then make the page accessible for FOLL_PIN,
 * exactly the order seed 002 asks for.  Must stay quiet.
 */
#include "pw_mm.h"

bool gup_must_unshare(unsigned int flags, struct page *page);
int follow_pfn_pte(struct vm_area_struct *vma, unsigned long address, pte_t *pte,
		   unsigned int flags);
int is_zero_pfn(unsigned long pfn);

/* linux 6.1 */
struct page *follow_page_pte_61(struct vm_area_struct *vma, unsigned long address,
				pte_t *ptep, unsigned int flags)
{
	struct page *page;
	pte_t pte = *ptep;
	int ret;

	page = vm_normal_page(vma, address, pte);
	if (!page) {
		if (is_zero_pfn(pte_pfn(pte))) {
			page = pte_page(pte);
		} else {
			ret = follow_pfn_pte(vma, address, ptep, flags);
			page = ERR_PTR(ret);
			goto out;
		}
	}

	if (gup_must_unshare(flags, page)) {
		page = ERR_PTR(-EAGAIN);
		goto out;
	}

	/* try_grab_page() does nothing unless FOLL_GET or FOLL_PIN is set. */
	if (unlikely(!try_grab_page(page, flags))) {
		page = ERR_PTR(-ENOMEM);
		goto out;
	}
	if (flags & FOLL_PIN) {
		ret = arch_make_page_accessible(page);
		if (ret) {
			unpin_user_page(page);
			page = ERR_PTR(ret);
			goto out;
		}
	}
	if (flags & FOLL_TOUCH) {
		if (flags & FOLL_WRITE)
			set_page_dirty(page);
		mark_page_accessed(page);
	}
out:
	return page;
}

/* linux 6.12 */
int try_grab_folio_612(struct folio *folio, int refs, unsigned int flags);

struct page *follow_page_pte_612(struct vm_area_struct *vma, unsigned long address,
				 pte_t *ptep, unsigned int flags)
{
	struct page *page;
	struct folio *folio;
	pte_t pte = *ptep;
	int ret;

	page = vm_normal_page(vma, address, pte);
	if (!page) {
		ret = follow_pfn_pte(vma, address, ptep, flags);
		page = ERR_PTR(ret);
		goto out;
	}
	folio = page_folio(page);

	if (gup_must_unshare(flags, page)) {
		page = ERR_PTR(-EAGAIN);
		goto out;
	}

	ret = try_grab_folio_612(folio, 1, flags);
	if (unlikely(ret)) {
		page = ERR_PTR(ret);
		goto out;
	}

	if (flags & FOLL_PIN) {
		ret = arch_make_folio_accessible(folio);
		if (ret) {
			unpin_user_page(page);
			page = ERR_PTR(ret);
			goto out;
		}
	}
	if (flags & FOLL_TOUCH)
		mark_page_accessed(page);
out:
	return page;
}

/* linux 6.1: gup_pte_range(), GUP-fast */
int gup_pte_range(pte_t *ptep, unsigned long addr, unsigned long end,
		  unsigned int flags, struct page **pages, int *nr)
{
	int ret = 0;

	do {
		pte_t pte = *ptep;
		struct page *page;
		struct folio *folio;

		if (!pte_present(pte))
			goto pte_unmap;
		page = pte_page(pte);

		folio = try_grab_folio(page, 1, flags);
		if (!folio)
			goto pte_unmap;

		if (!gup_must_unshare(flags, page)) {
			gup_put_folio(folio, 1, flags);
			goto pte_unmap;
		}

		if (flags & FOLL_PIN) {
			ret = arch_make_page_accessible(page);
			if (ret) {
				gup_put_folio(folio, 1, flags);
				goto pte_unmap;
			}
		}
		pages[*nr] = page;
		(*nr)++;
	} while (ptep++, addr += PAGE_SIZE, addr != end);

	ret = 1;

pte_unmap:
	return ret;
}
