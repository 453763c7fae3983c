/* SPDX-License-Identifier: GPL-2.0 */
/* The functions of tests/fix-module (for -Wmissing-prototypes). */
#ifndef PW_FIX_H
#define PW_FIX_H

#include <linux/types.h>

struct address_space;
struct bio;
struct device;
struct folio;
struct page;
struct scatterlist;
struct vm_area_struct;

int pw_fix_bio(struct address_space *mapping, pgoff_t index, struct bio *bio);
dma_addr_t pw_fix_dma(struct address_space *mapping, pgoff_t index, struct device *dev);
struct bio *pw_fix_err_ptr(struct address_space *mapping, pgoff_t index, struct bio *bio);
int pw_fix_label(unsigned long start, struct page **pages, struct scatterlist *sg);
int pw_fix_folio(struct address_space *mapping, pgoff_t index, struct bio *bio);
dma_addr_t pw_fix_pin(struct address_space *mapping, pgoff_t index, struct device *dev);
int pw_fix_freeze(struct folio *folio);
struct folio *pw_fix_freeze_ptr(struct folio *folio);
int pw_fix_vm_flags_reset(struct vm_area_struct *vma, unsigned long flags);
void pw_fix_vm_flags_store(struct vm_area_struct *vma);

#endif
