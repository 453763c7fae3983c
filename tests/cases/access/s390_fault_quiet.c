// SPDX-License-Identifier: GPL-2.0
/*
 * Reductions of arch/s390/mm/fault.c: do_secure_storage_access() in 6.1
 * (follow_page(FOLL_GET) returns a referenced page) and 6.12 (folio_get /
 * folio_try_get first: "arch_make_folio_accessible() needs a raised
 * refcount").  Must stay quiet.
 */
#include "pw_mm.h"

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
void mmap_read_lock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
void send_sig(int sig, void *p, int priv);
struct folio *phys_to_folio(unsigned long addr);
struct folio *folio_walk_start(void *fw, struct vm_area_struct *vma, unsigned long addr, int flags);
void folio_walk_end(void *fw, struct vm_area_struct *vma);
void BUG(void);

/* linux 6.1, USER_FAULT */
void do_secure_storage_access_61(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	struct page *page;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma) {
		mmap_read_unlock(mm);
		return;
	}
	page = follow_page(vma, addr, FOLL_WRITE | FOLL_GET);
	if (IS_ERR_OR_NULL(page)) {
		mmap_read_unlock(mm);
		return;
	}
	if (arch_make_page_accessible(page))
		send_sig(11, NULL, 0);
	put_page(page);
	mmap_read_unlock(mm);
}

/* linux 6.12 */
void do_secure_storage_access_612(struct mm_struct *mm, unsigned long addr, bool kernel)
{
	struct vm_area_struct *vma;
	struct folio *folio;
	char fw[32];
	int rc;

	if (kernel) {
		folio = phys_to_folio(addr);
		if (unlikely(!folio_try_get(folio)))
			return;
		rc = arch_make_folio_accessible(folio);
		folio_put(folio);
		if (rc)
			BUG();
	} else {
		mmap_read_lock(mm);
		vma = find_vma(mm, addr);
		if (!vma)
			return;
		folio = folio_walk_start(fw, vma, addr, 0);
		if (!folio) {
			mmap_read_unlock(mm);
			return;
		}
		/* arch_make_folio_accessible() needs a raised refcount. */
		folio_get(folio);
		rc = arch_make_folio_accessible(folio);
		folio_put(folio);
		folio_walk_end(fw, vma);
		if (rc)
			send_sig(11, NULL, 0);
		mmap_read_unlock(mm);
	}
}
