// SPDX-License-Identifier: GPL-2.0
/*
 * freeze-inexact: counts that depend on page state, frozen with no
 * mechanism that stops new references (seed 000), or with only half of one
 * (seed 002: the lock must be held AND the folio removed or replaced).
 */
#include "pw_mm.h"

/* The mapcount straight into the freeze. */
int direct_mapcount(struct folio *folio)
{
	if (!folio_ref_freeze(folio, folio_mapcount(folio) + 1))	/* expect: freeze-inexact; note(gcc): freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, folio_mapcount(folio) + 1);
	return 0;
}

/* A field of the folio read into the count. */
int private_field(struct folio *folio)
{
	int refs = 2;

	if (folio->private)		/* note(gcc): freeze-inexact */
		refs = 3;
	if (!folio_ref_freeze(folio, refs))	/* expect: freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, refs);
	return 0;
}

/* Swap-cache state chooses between two constants. */
int ternary_state(struct folio *folio)
{
	int expected = folio_test_swapcache(folio) ? 3 : 2;	/* note(gcc): freeze-inexact */

	if (!folio_ref_freeze(folio, expected))		/* expect: freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, expected);
	return 0;
}

/*
 * The same choice spelled as an if/else: Coccinelle sees no page-state call
 * in the assignments, only the plugin follows the control dependence.
 */
int branch_state(struct page *page)
{
	int expected;

	if (PageSwapCache(page))		/* note(gcc): freeze-inexact */
		expected = 3;
	else
		expected = 2;
	if (!page_ref_freeze(page, expected))		/* expect(gcc): freeze-inexact */
		return -EBUSY;
	page_ref_unfreeze(page, expected);
	return 0;
}

/* An out-parameter filled from the mapcount, as can_split_folio() does. */
static void count_pins(struct folio *folio, int *pins)
{
	*pins = folio_mapcount(folio);
}

int out_param(struct folio *folio)
{
	int pins;

	count_pins(folio, &pins);		/* note(gcc): freeze-inexact */
	if (!folio_ref_freeze(folio, pins + 1))	/* expect: freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, pins + 1);
	return 0;
}

/* An external helper of unknown meaning is not a size helper. */
int expected_refs_elsewhere(struct folio *folio);

int extern_helper(struct folio *folio)
{
	int expected = expected_refs_elsewhere(folio);	/* note(gcc): freeze-inexact */

	if (!folio_ref_freeze(folio, expected))		/* expect: freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, expected);
	return 0;
}

/* The xarray lock is held, but the folio stays in the cache. */
int locked_not_removed(struct address_space *mapping, struct folio *folio)
{
	XA_STATE(xas, &mapping->i_pages, folio_index(folio));
	int expected = 2 + folio_has_private(folio);	/* note(gcc): freeze-inexact */

	xas_lock_irq(&xas);			/* note(gcc): freeze-inexact */
	if (!folio_ref_freeze(folio, expected)) {	/* expect: freeze-inexact */
		xas_unlock_irq(&xas);
		return -EAGAIN;
	}
	folio->index = 0;
	folio_ref_unfreeze(folio, expected);
	xas_unlock_irq(&xas);
	return 0;
}

/* The folio is replaced, but the lock was dropped before the freeze. */
int unlocked_then_replaced(struct address_space *mapping, struct folio *folio,
			   struct folio *newfolio)
{
	XA_STATE(xas, &mapping->i_pages, folio_index(folio));
	int expected = 2 + folio_has_private(folio);	/* note(gcc): freeze-inexact */

	xas_lock_irq(&xas);
	if (xas_load(&xas) != folio) {
		xas_unlock_irq(&xas);
		return -EAGAIN;
	}
	xas_unlock_irq(&xas);
	if (!folio_ref_freeze(folio, expected))		/* expect: freeze-inexact */
		return -EAGAIN;
	xas_lock_irq(&xas);
	xas_store(&xas, newfolio);
	xas_unlock_irq(&xas);
	folio_ref_unfreeze(folio, expected - 1);
	return 0;
}

/* The lock is taken on one path only. */
int locked_on_one_path(struct address_space *mapping, struct folio *folio,
		       struct folio *newfolio, bool lock)
{
	XA_STATE(xas, &mapping->i_pages, folio_index(folio));
	int expected = 2 + folio_has_private(folio);	/* note(gcc): freeze-inexact */

	if (lock)
		xas_lock_irq(&xas);
	if (!folio_ref_freeze(folio, expected))		/* expect: freeze-inexact */
		return -EAGAIN;
	xas_store(&xas, newfolio);
	folio_ref_unfreeze(folio, expected - 1);
	if (lock)
		xas_unlock_irq(&xas);
	return 0;
}

/* Another folio was unmapped, not the one frozen. */
int unmapped_other(struct folio *folio, struct folio *other)
{
	int expected = folio_mapcount(folio) + 1;	/* note(gcc): freeze-inexact */

	unmap_folio(other);
	if (!folio_ref_freeze(folio, expected))		/* expect: freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, expected);
	return 0;
}

/* The unmap happens on one branch only. */
int unmapped_sometimes(struct folio *folio, bool unmap)
{
	int expected = folio_mapcount(folio) + 1;	/* note(gcc): freeze-inexact */

	if (unmap)
		try_to_unmap(folio, 0);
	if (!folio_ref_freeze(folio, expected))		/* expect: freeze-inexact */
		return -EBUSY;
	folio_ref_unfreeze(folio, expected);
	return 0;
}
