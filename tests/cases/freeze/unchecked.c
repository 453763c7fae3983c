// SPDX-License-Identifier: GPL-2.0
/*
 * freeze-unchecked: a freeze can fail, and code that goes on as if it had
 * succeeded works on a page whose other holders were never excluded.
 */
#include "pw_mm.h"

int ignored_statement(struct folio *folio)
{
	folio_ref_freeze(folio, 1);		/* expect: freeze-unchecked */
	folio->mapping = NULL;
	folio_ref_unfreeze(folio, 1);		/* note(gcc): freeze-unchecked */
	return 0;
}

void ignored_in_void(struct page *page)
{
	page_ref_freeze(page, 2);		/* expect: freeze-unchecked */
	page->mapping = NULL;
}

bool ignored_cast(struct page *page)
{
	(void)page_ref_freeze(page, 2);		/* expect: freeze-unchecked */
	page->mapping = NULL;
	return true;
}

int stored_never_read(struct folio *folio)
{
	int frozen;

	frozen = folio_ref_freeze(folio, 1);	/* expect: freeze-unchecked */
	folio->mapping = NULL;
	return 0;
}

/* Quiet: each of these looks at the result. */
int checked_if(struct folio *folio)
{
	if (!folio_ref_freeze(folio, 1))
		return -EBUSY;
	folio_ref_unfreeze(folio, 1);
	return 0;
}

bool checked_return(struct page *page)
{
	return page_ref_freeze(page, 1);
}

int checked_variable(struct folio *folio)
{
	int ok = folio_ref_freeze(folio, 1);

	if (!ok)
		return -EBUSY;
	folio_ref_unfreeze(folio, 1);
	return 0;
}

void checked_loop(struct page *page)
{
	while (!page_ref_freeze(page, 1))
		;
	page_ref_unfreeze(page, 1);
}

/* Asserted with VM_BUG_ON(): compiled out, but the author looked. */
void checked_assert(struct page *page)
{
	int ret;

	ret = page_ref_freeze(page, 1);
	VM_BUG_ON(!ret);
}
