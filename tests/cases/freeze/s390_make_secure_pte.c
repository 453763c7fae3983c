// SPDX-License-Identifier: GPL-2.0
/*
 * Reduction of arch/s390/kernel/uv.c: make_secure_pte() as quoted in seed 000
 * (linux 5.7 .. 6.0, page form).  expected_page_refs() counts mappings,
 * swap cache and private state.  Must be flagged.
 */
#include "pw_mm.h"

struct uv_cb_header { unsigned short len; unsigned short cmd; unsigned short rc; };
int __uv_call(unsigned long r1, unsigned long r2);

static int expected_page_refs(struct page *page)
{
	int res;

	res = page_mapcount(page);
	if (PageSwapCache(page)) {
		res++;
	} else if (page_mapping(page)) {
		res++;
		if (page_has_private(page))
			res++;
	}
	return res;
}

static int make_secure_pte(pte_t *ptep, unsigned long addr,
			   struct page *exp_page, struct uv_cb_header *uvcb)
{
	pte_t entry = READ_ONCE(*ptep);
	struct page *page;
	int expected, cc = 0;

	if (!pte_present(entry))
		return -ENXIO;
	page = pte_page(entry);
	if (page != exp_page)
		return -ENXIO;
	if (PageWriteback(page))
		return -EAGAIN;
	expected = expected_page_refs(page);		/* note(gcc): freeze-inexact */
	if (!page_ref_freeze(page, expected))		/* expect: freeze-inexact */
		return -EBUSY;
	set_bit(PG_arch_1, &page->flags);
	cc = __uv_call(0, (u64)uvcb);
	page_ref_unfreeze(page, expected);
	return cc ? -EINVAL : 0;
}

int gmap_make_secure_one(pte_t *ptep, struct page *page, struct uv_cb_header *uvcb)
{
	return make_secure_pte(ptep, 0, page, uvcb);
}
