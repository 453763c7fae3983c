// SPDX-License-Identifier: GPL-2.0
/*
 * The second file of tests/kbuild-module: a freeze whose result is tested,
 * with an exact count, which neither engine reports.  The C=1 test touches
 * this file alone and expects only it to be checked.
 */
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/page_ref.h>
#include "pw_module.h"

bool pw_module_try_freeze(struct folio *folio)
{
	if (!folio_ref_freeze(folio, 1))
		return false;
	folio_ref_unfreeze(folio, 1);
	return true;
}
EXPORT_SYMBOL_GPL(pw_module_try_freeze);
