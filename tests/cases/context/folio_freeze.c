// SPDX-License-Identifier: GPL-2.0
/*
 * 6.12 mm/migrate.c migrate_huge_page_move_mapping(), reduced: the freeze
 * through folio_ref_freeze(), an unannotated inline that passes
 * &folio->page to the annotated page_ref_freeze().  Its summary must name
 * the folio ("&folio->page" put in for "page" is the folio's lock), or the
 * caller's freeze is a lock nobody can name.
 */
#include "pw_context.h"

typedef struct { int xa_lock; } xa_state;
void xas_lock_irq(xa_state *xas);
void xas_unlock_irq(xa_state *xas);
void xas_store(xa_state *xas, void *entry);

/* as in the tree: unfrozen once, on the path where the freeze succeeded */
int migrate_huge_page_move_mapping(xa_state *xas, struct folio *dst,
				   struct folio *src, int expected_count)
{
	xas_lock_irq(xas);
	if (!folio_ref_freeze(src, expected_count)) {
		xas_unlock_irq(xas);
		return -EAGAIN;
	}
	dst->index = src->index;
	dst->mapping = src->mapping;
	xas_store(xas, dst);
	folio_ref_unfreeze(src, expected_count - 1);
	xas_unlock_irq(xas);
	return 0;
}

/* "unfrozen" after the freeze failed: it would set a count other CPUs are
 * still changing */
int move_mapping_unfreeze_failed(xa_state *xas, struct folio *dst,
				 struct folio *src, int expected_count)
{
	xas_lock_irq(xas);
	if (!folio_ref_freeze(src, expected_count)) {
		folio_ref_unfreeze(src, expected_count); /* expect(gcc): lock-context */
		xas_unlock_irq(xas);
		return -EAGAIN;
	}
	dst->index = src->index;
	xas_store(xas, dst);
	folio_ref_unfreeze(src, expected_count - 1);
	xas_unlock_irq(xas);
	return 0;
}
