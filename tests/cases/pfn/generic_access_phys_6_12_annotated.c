// SPDX-License-Identifier: GPL-2.0
/*
 * generic_access_phys_6_12.c as an annotated tree compiles it for the
 * plugin (make annotate, -D__PAGEWARD_CONTEXT__): follow_pfnmap_start() is
 * the call-site macro of sparse-annotations/linux-6.12.patch, so the macro
 * tests the result ("if (!c) __acquire(args->lock)") before the function
 * does.  The second walk's lock must still be seen as held on the
 * function's own success branch: quiet, for pfn-after-unlock and for
 * lock-context alike.
 */
#include "pw_mm.h"
#define __PAGEWARD_CONTEXT__ 1
#include <linux/compiler_types.h>
#include "../../../sparse-annotations/pageward-context.h"

/* include/linux/mm.h, annotated */
int follow_pfnmap_start(struct follow_pfnmap_args *args)
	__cond_acquires_err(args->lock);
void follow_pfnmap_end(struct follow_pfnmap_args *args)
	__releases(args->lock);
#define follow_pfnmap_start(args) \
	__cond_lock_err((args)->lock, follow_pfnmap_start(args))

/* the function itself, unchanged */
#include "generic_access_phys_6_12.c"
