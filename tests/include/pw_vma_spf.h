/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel with Laurent Dufour's speculative page fault series (seed 004,
 * "mm: Protect VMA modifications using VMA sequence count"), as shipped in
 * vendor kernels based on 4.14-4.19: struct vm_area_struct carries a
 * seqcount, vm_sequence, that writers of VMA fields bump around their
 * changes and the speculative fault handler validates its reads against.
 * The seqcount API is the 4.14 one: static inline functions, not the later
 * _Generic macros.
 */
#ifndef PW_VMA_SPF_H
#define PW_VMA_SPF_H

#define PW_VMA_ERA 1

typedef struct seqcount { unsigned int sequence; } seqcount_t;
struct rw_semaphore { long count; };
typedef struct { unsigned long pgprot; } pgprot_t;

struct mm_struct {
	struct vm_area_struct *mmap;
	int map_count;
	struct rw_semaphore mmap_sem;
};

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct vm_area_struct *vm_next, *vm_prev;
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;
	unsigned long vm_flags;
	const struct vm_operations_struct *vm_ops;
	void *anon_vma;
	seqcount_t vm_sequence;
};

#include "pw_mm.h"

#define barrier()	__asm__ __volatile__("" : : : "memory")
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()

static inline unsigned int raw_read_seqcount(const seqcount_t *s)
{
	unsigned int ret = READ_ONCE(s->sequence);

	smp_rmb();
	return ret;
}

static inline unsigned int read_seqcount_begin(const seqcount_t *s)
{
	unsigned int ret;

	while ((ret = READ_ONCE(s->sequence)) & 1)
		;
	smp_rmb();
	return ret;
}

static inline int read_seqcount_retry(const seqcount_t *s, unsigned int start)
{
	smp_rmb();
	return unlikely(READ_ONCE(s->sequence) != start);
}

static inline void write_seqcount_begin(seqcount_t *s)
{
	s->sequence++;
	smp_wmb();
}

static inline void write_seqcount_end(seqcount_t *s)
{
	smp_wmb();
	s->sequence++;
}

/* include/linux/mm.h of the series */
static inline void vm_write_begin(struct vm_area_struct *vma)
{
	write_seqcount_begin(&vma->vm_sequence);
}

static inline void vm_write_end(struct vm_area_struct *vma)
{
	write_seqcount_end(&vma->vm_sequence);
}

void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);

#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_MAYWRITE	0x00000020
#define VM_GROWSDOWN	0x00000100
#define VM_UFFD_MISSING	0x00000200
#define VM_LOCKED	0x00002000
#define VM_IO		0x00004000
#define VM_ACCOUNT	0x00100000
#define VM_SOFTDIRTY	0x08000000
#define VM_HUGEPAGE	0x20000000
#define VM_NOHUGEPAGE	0x40000000

#define VM_FAULT_OOM		0x0001
#define VM_FAULT_SIGSEGV	0x0040
#define VM_FAULT_RETRY		0x0400

#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_SPECULATIVE	0x200

/* The series' struct vm_fault keeps the fields the speculative path needs,
 * read once inside the validated section: vma_flags, vma_page_prot. */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned int flags;
	unsigned long address;
	unsigned long vma_flags;
	pgprot_t vma_page_prot;
};

int handle_pte_fault(struct vm_fault *vmf);
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *get_vma(struct mm_struct *mm, unsigned long addr);
void put_vma(struct vm_area_struct *vma);
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
	      struct vm_area_struct *prev);
void vma_set_page_prot(struct vm_area_struct *vma);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below);
void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, pgprot_t newprot);

#endif /* PW_VMA_SPF_H */
