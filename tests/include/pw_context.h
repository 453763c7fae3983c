/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mm lock functions as an annotated tree declares them (make annotate),
 * compiled the way the plugin's checker compiles them: with
 * -D__PAGEWARD_CONTEXT__.  Bodies are what matters to the plugin's summaries,
 * so each lock function has one, as the kernel's inline ones do.
 */
#ifndef PW_CONTEXT_H
#define PW_CONTEXT_H
#define __PAGEWARD_CONTEXT__ 1
#include <linux/compiler_types.h>
#include "../../sparse-annotations/pageward-context.h"

#define EINTR	4
#define EAGAIN	11
#define ENOMEM	12
#define ENOENT	2
#define EBUSY	16
#define EINVAL	22
#define EIO	5
#define NULL	((void *)0)

typedef struct { int rlock; } spinlock_t;
struct rw_semaphore { int count; };
struct mm_struct { struct rw_semaphore mmap_lock; unsigned long flags; };
struct page { int _refcount; unsigned long flags; };
typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;

/* the kernel's spinlock API: _raw_spin_lock() and friends carry the
 * kernel's own annotations; spin_lock() is an unannotated inline */
void _raw_spin_lock(spinlock_t *lock) __acquires(lock);
void _raw_spin_unlock(spinlock_t *lock) __releases(lock);
int _raw_spin_trylock(spinlock_t *lock);
static inline void spin_lock(spinlock_t *lock) { _raw_spin_lock(lock); }
static inline void spin_unlock(spinlock_t *lock) { _raw_spin_unlock(lock); }
#define spin_trylock(lock) __cond_lock(lock, _raw_spin_trylock(lock))

void down_read(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);

/* include/linux/mmap_lock.h, as the 6.1 patch annotates it */
static inline void mmap_read_lock(struct mm_struct *mm)
	__acquires_shared(mm)
{
	down_read(&mm->mmap_lock);
	__acquire_shared(mm);
}

static inline int mmap_read_lock_killable(struct mm_struct *mm)
{
	int ret = down_read_killable(&mm->mmap_lock);

	return __cond_lock_err(mm, ret);
}

static inline int mmap_read_trylock(struct mm_struct *mm)
{
	int ret = down_read_trylock(&mm->mmap_lock) != 0;

	return __cond_lock_shared(mm, ret);
}

static inline void mmap_read_unlock(struct mm_struct *mm)
	__releases_shared(mm)
{
	up_read(&mm->mmap_lock);
	__release_shared(mm);
}

void lock_page(struct page *page) __acquires_handed(page);
void unlock_page(struct page *page) __releases_handed(page);
void walk_page_tables(struct mm_struct *mm) __must_hold_shared(mm);

/* include/linux/page_ref.h: held means frozen */
int page_ref_freeze(struct page *page, int count) __cond_acquires(&page->_refcount);
void page_ref_unfreeze(struct page *page, int count) __releases(&page->_refcount);

/* the folio forms pass &folio->page on, unannotated (6.1 and 6.12) */
struct folio { struct page page; unsigned long index; void *mapping; };
static inline int folio_ref_freeze(struct folio *folio, int count)
{
	return page_ref_freeze(&folio->page, count);
}

static inline void folio_ref_unfreeze(struct folio *folio, int count)
{
	page_ref_unfreeze(&folio->page, count);
}

/* include/linux/pagemap.h: the folio lock, not counted by sparse */
int folio_test_and_set_locked(struct folio *folio);
void __folio_lock(struct folio *folio) __acquires_handed(folio);
void folio_unlock(struct folio *folio) __releases_handed(folio);
static inline int folio_trylock(struct folio *folio)
	__cond_acquires_handed(folio)
{
	return !folio_test_and_set_locked(folio);
}

static inline void folio_lock(struct folio *folio)
{
	if (!folio_trylock(folio))
		__folio_lock(folio);
}

/* include/linux/mm.h: a reference dropped, the lock left alone
 * (FOLIO_LOCK_KEPT in pw_api.def) */
void __folio_put(struct folio *folio);
static inline void folio_put(struct folio *folio)
{
	if (!--folio->page._refcount)
		__folio_put(folio);
}

/* 6.1 mm/memory.c: 0 with the PTE lock held */
int follow_pte(struct mm_struct *mm, unsigned long address, pte_t **ptepp,
	       spinlock_t **ptlp) __cond_acquires_err(*ptlp);
#define follow_pte(mm, address, ptepp, ptlp) \
	__cond_lock_err(*(ptlp), follow_pte(mm, address, ptepp, ptlp))

/* 6.12: NULL when the table is gone, else mapped with *ptlp held */
pte_t *__pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
			     spinlock_t **ptlp);
#define pte_offset_map_lock(mm, pmd, addr, ptlp) \
	__cond_lock(*(ptlp), __pte_offset_map_lock(mm, pmd, addr, ptlp))
#define pte_unmap_unlock(pte, ptl) do { spin_unlock(ptl); (void)(pte); } while (0)

/* mm/mmap.c: returns NULL with the mmap lock dropped (pw_api.def) */
struct vm_area_struct *expand_stack(struct mm_struct *mm, unsigned long addr)
	__must_hold_shared(mm);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);

int work(struct mm_struct *mm);
#endif
