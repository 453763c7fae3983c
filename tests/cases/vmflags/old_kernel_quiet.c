// SPDX-License-Identifier: GPL-2.0
/*
 * Before both speculative page faults and per-VMA locks (6.1 and older),
 * struct vm_area_struct has no sequence count and no private __vm_flags:
 * the mmap lock alone guards vm_flags, and neither vm_flags rule has a
 * protocol to check.  Direct writes and reads, even in a function with an
 * unrelated seqcount section, stay quiet.
 */
#include "pw_mm.h"

typedef struct seqcount { unsigned int sequence; } seqcount_t;
unsigned int raw_read_seqcount(const seqcount_t *s);
int read_seqcount_retry(const seqcount_t *s, unsigned int start);
struct lockless { seqcount_t seq; };

void madvise_61(struct vm_area_struct *vma, unsigned long new_flags)
{
	vma->vm_flags = new_flags;
}

int gup_fast_61(struct lockless *l, struct vm_area_struct *vma)
{
	unsigned int seq = raw_read_seqcount(&l->seq);
	int write = vma->vm_flags & 2;

	if (read_seqcount_retry(&l->seq, seq))
		return 0;
	return write;
}
