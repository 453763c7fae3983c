// SPDX-License-Identifier: GPL-2.0
/* freeze-unchecked: the fix backs out when the freeze fails. */
#include <linux/mm.h>
#include <linux/page_ref.h>
#include "pw_fix.h"

int pw_fix_freeze(struct folio *folio)
{
	folio_ref_freeze(folio, 1);			/* expect: freeze-unchecked */
	folio_ref_unfreeze(folio, 1);
	return 0;
}

struct folio *pw_fix_freeze_ptr(struct folio *folio)
{
	folio_ref_freeze(folio, 1);			/* expect: freeze-unchecked */
	folio_ref_unfreeze(folio, 1);
	return folio;
}
