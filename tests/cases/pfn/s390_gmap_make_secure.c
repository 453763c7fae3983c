// SPDX-License-Identifier: GPL-2.0
/*
 * gmap_make_secure() of 6.12 (arch/s390/kernel/uv.c), reduced: the folio
 * behind a guest address is found with get_locked_pte() and pte_page(),
 * under the PTE lock.  Verdict: quiet, and it must stay quiet.
 *
 * - Every access to the memory behind the pte happens under the lock:
 *   uv_convert_from_secure() of PFN_PHYS(folio_pfn(folio)) and the UVC of
 *   make_folio_secure() run between get_locked_pte() and
 *   pte_unmap_unlock(), with the folio locked (folio_trylock()).
 * - After pte_unmap_unlock() the folio is used only on the -EAGAIN and
 *   -E2BIG paths, and on exactly those paths folio_get() took a reference
 *   before the unlock ("Once we drop the PTL, the folio may get unmapped
 *   and freed immediately.  We need a temporary reference.").  What follows
 *   (folio_lock(), split_folio(), folio_wait_writeback(), folio_put()) works
 *   on the struct folio that reference keeps alive; none reads or writes
 *   the memory of a pfn, and none relies on the folio still being mapped at
 *   uaddr: the split is followed by "goto again", a fresh walk.
 * - No pfn or physical address outlives the lock: the retry re-walks.
 * So the race of seed 003 (memory accessed through a translation the lock
 * no longer protects) cannot happen here.
 */
#include "pw_mm.h"

struct gmap { struct mm_struct *mm; };
struct uv_cb_header { unsigned short len, cmd, rc, rrc; };
void mmap_read_lock(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);
unsigned long __gmap_translate(struct gmap *gmap, unsigned long gaddr);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
bool is_vm_hugetlb_page(struct vm_area_struct *vma);
unsigned long pte_val(pte_t pte);
#define _PAGE_INVALID 0x400
bool folio_trylock(struct folio *folio);
void folio_lock(struct folio *folio);
int split_folio(struct folio *folio);
void folio_wait_writeback(struct folio *folio);
unsigned long folio_pfn(struct folio *folio);
bool should_export_before_import(struct uv_cb_header *uvcb, struct mm_struct *mm);
int uv_convert_from_secure(unsigned long paddr);
int make_folio_secure(struct folio *folio, struct uv_cb_header *uvcb);
bool drain_lru(bool *drain_lru_called);
int gmap_fault(struct gmap *gmap, unsigned long gaddr, unsigned int fault_flags);
#define FAULT_FLAG_WRITE 1
#define WARN_ON_ONCE(x) ((void)(x))

int gmap_make_secure(struct gmap *gmap, unsigned long gaddr, void *uvcb)
{
	struct vm_area_struct *vma;
	bool drain_lru_called = false;
	spinlock_t *ptelock;
	unsigned long uaddr;
	struct folio *folio;
	pte_t *ptep;
	int rc;

again:
	rc = -EFAULT;
	mmap_read_lock(gmap->mm);

	uaddr = __gmap_translate(gmap, gaddr);
	if (IS_ERR_VALUE(uaddr))
		goto out;
	vma = vma_lookup(gmap->mm, uaddr);
	if (!vma)
		goto out;
	if (is_vm_hugetlb_page(vma))
		goto out;

	rc = -ENXIO;
	ptep = get_locked_pte(gmap->mm, uaddr, &ptelock);
	if (!ptep)
		goto out;
	if (pte_present(*ptep) && !(pte_val(*ptep) & _PAGE_INVALID) && pte_write(*ptep)) {
		folio = page_folio(pte_page(*ptep));
		rc = -EAGAIN;
		if (folio_test_large(folio)) {
			rc = -E2BIG;
		} else if (folio_trylock(folio)) {
			if (should_export_before_import(uvcb, gmap->mm))
				uv_convert_from_secure(PFN_PHYS(folio_pfn(folio)));
			rc = make_folio_secure(folio, uvcb);
			folio_unlock(folio);
		}

		/*
		 * Once we drop the PTL, the folio may get unmapped and
		 * freed immediately. We need a temporary reference.
		 */
		if (rc == -EAGAIN || rc == -E2BIG)
			folio_get(folio);
	}
	pte_unmap_unlock(ptep, ptelock);
out:
	mmap_read_unlock(gmap->mm);

	switch (rc) {
	case -E2BIG:
		folio_lock(folio);
		rc = split_folio(folio);
		folio_unlock(folio);
		folio_put(folio);

		switch (rc) {
		case 0:
			goto again;
		case -EAGAIN:
			if (drain_lru(&drain_lru_called))
				goto again;
			return -EAGAIN;
		case -EBUSY:
			return -EAGAIN;
		}
		WARN_ON_ONCE(1);
		return -ENXIO;
	case -EAGAIN:
		folio_wait_writeback(folio);
		folio_put(folio);
		return -EAGAIN;
	case -EBUSY:
		if (drain_lru(&drain_lru_called))
			goto again;
		return -EAGAIN;
	case -ENXIO:
		if (gmap_fault(gmap, gaddr, FAULT_FLAG_WRITE))
			return -EFAULT;
		return -EAGAIN;
	}
	return rc;
}
