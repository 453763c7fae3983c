// SPDX-License-Identifier: GPL-2.0
/*
 * Reductions of mm/migrate.c.  The expected count depends on the folio's
 * private state, which is why migration takes the mapping's xarray lock and
 * replaces the folio in the xarray before unfreezing: lookups cannot find
 * the old folio to take new references (seed 002).  Must stay quiet.
 */
#include "pw_mm.h"

static int folio_expected_refs(struct address_space *mapping,
		struct folio *folio)
{
	int refs = 1;

	if (!mapping)
		return refs;

	refs += folio_nr_pages(folio);
	if (folio_test_private(folio))
		refs++;

	return refs;
}

/* linux 6.1: folio_migrate_mapping() */
int folio_migrate_mapping(struct address_space *mapping,
		struct folio *newfolio, struct folio *folio, int extra_count)
{
	XA_STATE(xas, &mapping->i_pages, folio_index(folio));
	int expected_count = folio_expected_refs(mapping, folio) + extra_count;
	long nr = folio_nr_pages(folio);

	if (!mapping) {
		/* Anonymous page without mapping */
		if (folio_ref_count(folio) != expected_count)
			return -EAGAIN;
		newfolio->index = folio->index;
		newfolio->mapping = folio->mapping;
		return 0;
	}

	xas_lock_irq(&xas);
	if (!folio_ref_freeze(folio, expected_count)) {
		xas_unlock_irq(&xas);
		return -EAGAIN;
	}

	newfolio->index = folio->index;
	newfolio->mapping = folio->mapping;
	folio_ref_add(newfolio, nr);

	xas_store(&xas, newfolio);

	folio_ref_unfreeze(folio, expected_count - nr);

	xas_unlock(&xas);
	local_irq_enable();
	return 0;
}

/* linux 6.1: migrate_huge_page_move_mapping() */
int migrate_huge_page_move_mapping(struct address_space *mapping,
				   struct folio *dst, struct folio *src)
{
	XA_STATE(xas, &mapping->i_pages, folio_index(src));
	int expected_count;

	xas_lock_irq(&xas);
	expected_count = 2 + folio_has_private(src);
	if (!folio_ref_freeze(src, expected_count)) {
		xas_unlock_irq(&xas);
		return -EAGAIN;
	}

	dst->index = src->index;
	dst->mapping = src->mapping;

	folio_get(dst);

	xas_store(&xas, dst);

	folio_ref_unfreeze(src, expected_count - 1);

	xas_unlock_irq(&xas);

	return 0;
}

/*
 * linux 6.12: __folio_migrate_mapping() receives the count from its caller;
 * the anonymous branch freezes an unmapped folio that no lookup can reach.
 */
static int __folio_migrate_mapping(struct address_space *mapping,
		struct folio *newfolio, struct folio *folio, int expected_count)
{
	XA_STATE(xas, &mapping->i_pages, folio_index(folio));
	long nr = folio_nr_pages(folio);

	if (!mapping) {
		if (folio_test_large(folio)) {
			if (!folio_ref_freeze(folio, expected_count))
				return -EAGAIN;
			folio_ref_unfreeze(folio, expected_count);
		}
		newfolio->index = folio->index;
		newfolio->mapping = folio->mapping;
		return 0;
	}

	xas_lock_irq(&xas);
	if (!folio_ref_freeze(folio, expected_count)) {
		xas_unlock_irq(&xas);
		return -EAGAIN;
	}
	newfolio->index = folio->index;
	newfolio->mapping = folio->mapping;
	folio_ref_add(newfolio, nr);
	xas_store(&xas, newfolio);
	folio_ref_unfreeze(folio, expected_count - nr);
	xas_unlock_irq(&xas);
	return 0;
}

int folio_migrate_mapping_612(struct address_space *mapping,
		struct folio *newfolio, struct folio *folio, int extra_count)
{
	int expected_count = folio_expected_refs(mapping, folio) + extra_count;

	if (folio_ref_count(folio) != expected_count)
		return -EAGAIN;

	return __folio_migrate_mapping(mapping, newfolio, folio, expected_count);
}
