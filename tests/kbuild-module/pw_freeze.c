// SPDX-License-Identifier: GPL-2.0
/*
 * An out-of-tree module for tests/suite-kbuild.sh ("make M=... C=2
 * CHECK='pageward check'"): a refcount freeze whose result is ignored, which
 * both engines report.  Built, never loaded.
 */
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/page_ref.h>
#include "pw_module.h"

void pw_module_freeze(struct folio *folio)
{
	folio_ref_freeze(folio, 1);	/* expect: freeze-unchecked */
	folio_ref_unfreeze(folio, 1);
}
EXPORT_SYMBOL_GPL(pw_module_freeze);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pageward's kbuild test module: an unchecked folio_ref_freeze()");
