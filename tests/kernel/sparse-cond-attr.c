// SPDX-License-Identifier: GPL-2.0
/*
 * What sparse 0.6.4 makes of a negative "out" value in a context attribute
 * on a function's definition (tests/suite-annotate.sh; the reason
 * sparse-annotations/README.md gives for __cond_unlock_shared() and
 * __hand_off()): every exit is "wrong count at exit", on whichever path,
 * so neither the kernel's __cond_acquires(x), context(x,0,-1), nor
 * context(x,1,-1) silences the definition of a conditional lock or unlock.
 * The *_cond functions must each get exactly that warning; pw_plain_ok,
 * a plain __releases() function, none.  Self-contained: plain sparse, no
 * kernel headers.
 */
#define __acquires(x)	__attribute__((context(x, 0, 1)))
#define __releases(x)	__attribute__((context(x, 1, 0)))

struct pw_lock;
extern void pw_lock(struct pw_lock *l) __acquires(l);
extern void pw_unlock(struct pw_lock *l) __releases(l);
extern int pw_try(void);

/* Takes @l iff it returns 0: context(x,0,-1), the kernel's __cond_acquires. */
int pw_acquire_cond(struct pw_lock *l) __attribute__((context(l, 0, -1)));
int pw_acquire_cond(struct pw_lock *l) __attribute__((context(l, 0, -1)))
{
	if (!pw_try())
		return -1;
	pw_lock(l);
	return 0;
}

/* Drops @l iff it returns 0: context(x,1,-1). */
int pw_release_cond(struct pw_lock *l) __attribute__((context(l, 1, -1)));
int pw_release_cond(struct pw_lock *l) __attribute__((context(l, 1, -1)))
{
	if (pw_try()) {
		pw_unlock(l);
		return 0;
	}
	return 1;
}

void pw_plain_ok(struct pw_lock *l) __releases(l);
void pw_plain_ok(struct pw_lock *l) __releases(l)
{
	pw_unlock(l);
}
