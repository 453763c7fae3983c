/* SPDX-License-Identifier: GPL-2.0 */
/* The context macros of the kernel's compiler_types.h (6.1) as a compile,
 * not sparse, sees them: what sparse-annotations/pageward-context.h builds
 * on. */
#ifndef _PW_TEST_COMPILER_TYPES_H
#define _PW_TEST_COMPILER_TYPES_H
# define __always_inline inline __attribute__((__always_inline__))
# define __must_hold(x)
# define __acquires(x)
# define __cond_acquires(x)
# define __releases(x)
# define __acquire(x)	(void)0
# define __release(x)	(void)0
# define __cond_lock(x, c) (c)
#endif
