// SPDX-License-Identifier: GPL-2.0
/*
 * Seqcount write sections as both patches annotate them for the plugin
 * only: do_write_seqcount_begin() and do_write_seqcount_end() in
 * seqlock.h, reached through the write_seqcount_begin()/end() macros (the
 * pointer through seqprop_ptr(), an inline of its own) and through
 * write_seqlock()/write_sequnlock().  Each section is its own lock, named
 * by its seqcount: "opened the dentry's, closed the target's" is an
 * error, which sparse's one counter calls balanced.
 */
#include "pw_context.h"

typedef struct seqcount { unsigned int sequence; } seqcount_t;
typedef struct { spinlock_t lock; seqcount_t seqcount; } seqlock_t;

static inline seqcount_t *__seqprop_ptr(seqcount_t *s)
{
	return s;
}

static inline void do_write_seqcount_begin(seqcount_t *s)
	__acquires_handed(*s)
{
	s->sequence++;
}

static inline void do_write_seqcount_end(seqcount_t *s)
	__releases_handed(*s)
{
	s->sequence++;
}

#define write_seqcount_begin(s)	do { do_write_seqcount_begin(__seqprop_ptr(s)); } while (0)
#define write_seqcount_end(s)	do { do_write_seqcount_end(__seqprop_ptr(s)); } while (0)

static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	do_write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock(seqlock_t *sl)
{
	do_write_seqcount_end(&sl->seqcount);
	spin_unlock(&sl->lock);
}

struct dentry { seqcount_t d_seq; unsigned long d_flags; };

/* fs/dcache.c __d_move(): two sections, each closed.  Quiet. */
void d_move_seq(struct dentry *dentry, struct dentry *target)
{
	write_seqcount_begin(&dentry->d_seq);
	write_seqcount_begin(&target->d_seq);
	dentry->d_flags = target->d_flags;
	write_seqcount_end(&target->d_seq);
	write_seqcount_end(&dentry->d_seq);
}

/* the dentry's section closed twice, the target's left open */
void d_move_seq_wrong(struct dentry *dentry, struct dentry *target)
{
	write_seqcount_begin(&dentry->d_seq);
	write_seqcount_begin(&target->d_seq);
	dentry->d_flags = target->d_flags;
	write_seqcount_end(&dentry->d_seq);
	write_seqcount_end(&dentry->d_seq); /* expect(gcc): lock-context */
}

/* mm/page_alloc.c (6.1) __build_all_zonelists() on a seqlock_t.  Quiet. */
static seqlock_t zonelist_update_seq;

void build_zonelists(int *zones)
{
	write_seqlock(&zonelist_update_seq);
	zones[0] = 0;
	write_sequnlock(&zonelist_update_seq);
}

/* and an error path that forgets the unlock: readers spin forever */
int build_zonelists_err(int *zones)
{
	write_seqlock(&zonelist_update_seq);
	if (!zones)
		return -EINVAL; /* expect(gcc): lock-context */
	zones[0] = 0;
	write_sequnlock(&zonelist_update_seq);
	return 0;
}
