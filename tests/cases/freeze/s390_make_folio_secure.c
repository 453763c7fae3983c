// SPDX-License-Identifier: GPL-2.0
/*
 * Reduction of arch/s390/kernel/uv.c: make_folio_secure() (linux 6.12, and
 * the Debian 6.1.192 backport).  Seed 000: the count comes from the folio's
 * mappings, so a holder of an existing reference can take a new one after
 * the freeze without anybody noticing.  Must be flagged.
 */
#include "pw_mm.h"

struct uv_cb_header { unsigned short len; unsigned short cmd; unsigned short rc; };
int __uv_call(unsigned long r1, unsigned long r2);
#define UVC_CC_OK	0
#define UVC_CC_BUSY	2
#define UVC_CC_PARTIAL	3

static int expected_folio_refs(struct folio *folio)
{
	int res;

	res = folio_mapcount(folio);
	if (folio_test_swapcache(folio)) {
		res++;
	} else if (folio_mapping(folio)) {
		res++;
		if (folio->private)
			res++;
	}
	return res;
}

int make_folio_secure(struct folio *folio, struct uv_cb_header *uvcb)
{
	int expected, cc = 0;

	if (folio_test_writeback(folio))
		return -EAGAIN;
	expected = expected_folio_refs(folio);		/* note(gcc): freeze-inexact */
	if (!folio_ref_freeze(folio, expected))		/* expect: freeze-inexact */
		return -EBUSY;
	set_bit(PG_arch_1, &folio->flags);
	cc = __uv_call(0, (u64)uvcb);
	folio_ref_unfreeze(folio, expected);
	if (cc == UVC_CC_OK)
		return 0;
	else if (cc == UVC_CC_BUSY || cc == UVC_CC_PARTIAL)
		return -EAGAIN;
	return uvcb->rc == 0x10a ? -ENXIO : -EINVAL;
}
