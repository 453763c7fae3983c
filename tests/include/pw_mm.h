/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-shaped declarations for pageward's self-contained test cases.
 *
 * These are not the kernel's headers: they declare just enough of the mm API,
 * spelled the way the kernel spells it (static inline wrappers, lock macros
 * that expand to spin_lock_irq(&xa->xa_lock), XA_STATE on the stack), so that
 * a reduction of kernel code compiles to the same GIMPLE shapes the plugin
 * meets in a real tree.  Coccinelle does not read this file; it matches the
 * test sources as written.
 */
#ifndef PW_MM_H
#define PW_MM_H

#define NULL ((void *)0)
#define EAGAIN		11
#define ENOMEM		12
#define EBUSY		16
#define EINVAL		22
#define EIO		5
#define ENOENT		2
#define EFAULT		14
#define ENXIO		6
#define true		1
#define false		0
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define likely(x)	__builtin_expect(!!(x), 1)
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define BUILD_BUG_ON_INVALID(e) ((void)(sizeof((long)(e))))
#define VM_BUG_ON(cond)	BUILD_BUG_ON_INVALID(cond)
#define VM_BUG_ON_PAGE(cond, page) BUILD_BUG_ON_INVALID(cond)
#define PAGE_SIZE	4096UL
#define PAGE_SHIFT	12
#define HPAGE_PMD_NR	512

typedef _Bool bool;
typedef unsigned long size_t;
typedef unsigned long pgoff_t;
typedef unsigned long gfp_t;
typedef unsigned long long u64;
typedef struct { int counter; } atomic_t;

struct list_head { struct list_head *next, *prev; };

typedef struct { int locked; } raw_spinlock_t;
typedef struct spinlock { union { raw_spinlock_t rlock; }; } spinlock_t;

void _raw_spin_lock(raw_spinlock_t *lock);
void _raw_spin_lock_irq(raw_spinlock_t *lock);
void _raw_spin_unlock(raw_spinlock_t *lock);
void _raw_spin_unlock_irq(raw_spinlock_t *lock);
static inline void spin_lock(spinlock_t *lock) { _raw_spin_lock(&lock->rlock); }
static inline void spin_lock_irq(spinlock_t *lock) { _raw_spin_lock_irq(&lock->rlock); }
static inline void spin_unlock(spinlock_t *lock) { _raw_spin_unlock(&lock->rlock); }
static inline void spin_unlock_irq(spinlock_t *lock) { _raw_spin_unlock_irq(&lock->rlock); }
void local_irq_disable(void);
void local_irq_enable(void);

struct xarray { spinlock_t xa_lock; unsigned int xa_flags; void *xa_head; };
struct xa_state { struct xarray *xa; unsigned long xa_index; unsigned char xa_shift; void *xa_node; };

#define XA_STATE(name, array, index) \
	struct xa_state name = { .xa = array, .xa_index = index, .xa_shift = 0, .xa_node = NULL }
#define xa_lock(xa)		spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa)		spin_unlock(&(xa)->xa_lock)
#define xa_lock_irq(xa)		spin_lock_irq(&(xa)->xa_lock)
#define xa_unlock_irq(xa)	spin_unlock_irq(&(xa)->xa_lock)
#define xas_lock(xas)		xa_lock((xas)->xa)
#define xas_unlock(xas)		xa_unlock((xas)->xa)
#define xas_lock_irq(xas)	xa_lock_irq((xas)->xa)
#define xas_unlock_irq(xas)	xa_unlock_irq((xas)->xa)
void *xas_load(struct xa_state *xas);
void *xas_store(struct xa_state *xas, void *entry);
void xas_set(struct xa_state *xas, unsigned long index);
void xas_reset(struct xa_state *xas);
void xas_split(struct xa_state *xas, void *entry, unsigned int order);

struct inode { spinlock_t i_lock; long long i_size; };
struct address_space { struct inode *host; struct xarray i_pages; unsigned long nrpages; };

struct page {
	unsigned long flags;
	struct list_head lru;
	struct address_space *mapping;
	pgoff_t index;
	unsigned long private;
	atomic_t _mapcount;
	atomic_t _refcount;
};

struct folio {
	union {
		struct {
			unsigned long flags;
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			void *private;
			atomic_t _mapcount;
			atomic_t _refcount;
		};
		struct page page;
	};
	struct list_head _deferred_list;
};

typedef struct { unsigned long val; } swp_entry_t;

/* Reference counts: include/linux/page_ref.h */
int atomic_cmpxchg(atomic_t *v, int old, int new);
void atomic_set(atomic_t *v, int i);
int atomic_read(const atomic_t *v);
static inline int page_ref_count(const struct page *page) { return atomic_read(&page->_refcount); }
static inline int folio_ref_count(const struct folio *folio) { return page_ref_count(&folio->page); }
static inline int page_count(const struct page *page) { return page_ref_count(page); }
static inline int page_ref_freeze(struct page *page, int count)
{
	return likely(atomic_cmpxchg(&page->_refcount, count, 0) == count);
}
static inline int folio_ref_freeze(struct folio *folio, int count)
{
	return page_ref_freeze(&folio->page, count);
}
static inline void page_ref_unfreeze(struct page *page, int count)
{
	atomic_set(&page->_refcount, count);
}
static inline void folio_ref_unfreeze(struct folio *folio, int count)
{
	page_ref_unfreeze(&folio->page, count);
}
void folio_ref_add(struct folio *folio, int nr);
void get_page(struct page *page);
void put_page(struct page *page);
void folio_get(struct folio *folio);
void folio_put(struct folio *folio);

/* Page state */
int folio_mapcount(const struct folio *folio);
int page_mapcount(struct page *page);
int folio_test_swapcache(const struct folio *folio);
int PageSwapCache(const struct page *page);
int folio_test_anon(const struct folio *folio);
int folio_test_dirty(const struct folio *folio);
int folio_test_writeback(const struct folio *folio);
int PageWriteback(const struct page *page);
int folio_test_large(const struct folio *folio);
int folio_test_private(const struct folio *folio);
int folio_test_swapbacked(const struct folio *folio);
bool folio_has_private(const struct folio *folio);
int page_has_private(const struct page *page);
bool folio_mapped(const struct folio *folio);
struct address_space *folio_mapping(struct folio *folio);
struct address_space *page_mapping(struct page *page);
static inline pgoff_t folio_index(const struct folio *folio) { return folio->index; }
static inline long folio_nr_pages(const struct folio *folio) { return 1; }
static inline unsigned int folio_order(const struct folio *folio) { return 0; }
static inline unsigned long compound_nr(const struct page *page) { return 1; }
static inline int thp_nr_pages(const struct page *page) { return 1; }
static inline struct folio *page_folio(const struct page *page) { return (struct folio *)page; }
void set_bit(long nr, volatile unsigned long *addr);
#define PG_arch_1 9

/* Rmap and page cache removal */
#define TTU_IGNORE_MLOCK 1
#define TTU_BATCH_FLUSH 2
void try_to_unmap(struct folio *folio, int flags);
void try_to_migrate(struct folio *folio, int flags);
void unmap_folio(struct folio *folio);
void __filemap_remove_folio(struct folio *folio, void *shadow);
void __delete_from_swap_cache(struct folio *folio, swp_entry_t entry, void *shadow);
void put_swap_folio(struct folio *folio, swp_entry_t entry);
void free_folio(struct folio *folio);
void __free_pages(struct page *page, unsigned int order);
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int nid, void *nmask);
int folio_isolate_lru(struct folio *folio);
void folio_putback_lru(struct folio *folio);
void putback_lru_page(struct page *page);
void list_add_tail(struct list_head *entry, struct list_head *head);
int pr_warn(const char *fmt, ...);

/* Page lookups and GUP: mm/filemap.c, mm/gup.c, mm/memory.c */
#define FOLL_WRITE	0x01
#define FOLL_TOUCH	0x02
#define FOLL_GET	0x04
#define FOLL_DUMP	0x08
#define FOLL_PIN	0x40000
#define FGP_LOCK	0x01
#define FGP_CREAT	0x04
#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr); }
static inline void *ERR_PTR(long error) { return (void *)error; }
typedef struct { unsigned long pte; } pte_t;
/* A kernel before both speculative page faults and per-VMA locks, unless a
 * pw_vma_*.h header of another era defined these first. */
#ifndef PW_VMA_ERA
struct rw_semaphore { long count; };
typedef struct { unsigned long pgprot; } pgprot_t;
struct vm_area_struct {
	unsigned long vm_start, vm_end, vm_flags;
	struct mm_struct *vm_mm;
	unsigned long vm_pgoff;
	pgprot_t vm_page_prot;
};
struct mm_struct { int map_count; };
#endif
struct page *find_get_page(struct address_space *mapping, pgoff_t index);
struct page *find_lock_page(struct address_space *mapping, pgoff_t index);
struct page *pagecache_get_page(struct address_space *mapping, pgoff_t index, int fgp, gfp_t gfp);
struct folio *filemap_get_folio(struct address_space *mapping, pgoff_t index);
struct folio *__filemap_get_folio(struct address_space *mapping, pgoff_t index, int fgp, gfp_t gfp);
struct page *read_mapping_page(struct address_space *mapping, pgoff_t index, void *file);
struct page *follow_page(struct vm_area_struct *vma, unsigned long address, unsigned int foll_flags);
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte);
long get_user_pages(unsigned long start, unsigned long nr_pages, unsigned int gup_flags,
		    struct page **pages, struct vm_area_struct **vmas);
int get_user_pages_fast(unsigned long start, int nr_pages, unsigned int gup_flags, struct page **pages);
long pin_user_pages(unsigned long start, unsigned long nr_pages, unsigned int gup_flags,
		    struct page **pages, struct vm_area_struct **vmas);
int pin_user_pages_fast(unsigned long start, int nr_pages, unsigned int gup_flags, struct page **pages);
void unpin_user_page(struct page *page);
struct iov_iter { int iter_type; size_t count; };
long iov_iter_get_pages2(struct iov_iter *i, struct page **pages, size_t maxsize,
			 unsigned int maxpages, size_t *start);
struct pipe_buffer { struct page *page; unsigned int offset, len; const void *ops; unsigned int flags; };
struct pipe_inode_info;
bool pipe_buf_try_steal(struct pipe_inode_info *pipe, struct pipe_buffer *buf);
bool generic_pipe_buf_try_steal(struct pipe_inode_info *pipe, struct pipe_buffer *buf);
void set_page_dirty(struct page *page);
void mark_page_accessed(struct page *page);
void unlock_page(struct page *page);
void folio_unlock(struct folio *folio);
bool try_get_page(struct page *page);
bool folio_try_get(struct folio *folio);
bool try_grab_page(struct page *page, unsigned int flags);
struct folio *try_grab_folio(struct page *page, int refs, unsigned int flags);
void gup_put_folio(struct folio *folio, int refs, unsigned int flags);
void *page_address(const struct page *page);
void *folio_address(const struct folio *folio);
struct page *pte_page(pte_t pte);
unsigned long pte_pfn(pte_t pte);
int pte_present(pte_t pte);

/* Making pages accessible: arch/s390/kernel/uv.c, include/linux/mm.h */
/* 6.12 declares only the folio form (PW_NO_PAGE_ACCESSIBLE: a 6.12 case) */
#if defined(PW_NO_PAGE_ACCESSIBLE)
#elif defined(PW_INLINE_PAGE_ACCESSIBLE)
/* 6.1 on x86: a static inline definition, no prototype before it */
static inline int arch_make_page_accessible(struct page *page) { return 0; }
#else
int arch_make_page_accessible(struct page *page);
#endif
int arch_make_folio_accessible(struct folio *folio);
bool folio_test_set_writeback(struct folio *folio);
void folio_start_writeback(struct folio *folio);
void folio_end_writeback(struct folio *folio);
static inline void set_page_writeback(struct page *page) { folio_start_writeback(page_folio(page)); }

/* Starting I/O: include/linux/dma-mapping.h, scatterlist.h, bio.h, skbuff.h */
typedef unsigned long long dma_addr_t;
#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)
enum dma_data_direction { DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE };
struct device { int id; };
dma_addr_t dma_map_page_attrs(struct device *dev, struct page *page, size_t offset,
			      size_t size, enum dma_data_direction dir, unsigned long attrs);
static inline dma_addr_t dma_map_single_attrs(struct device *dev, void *ptr, size_t size,
		enum dma_data_direction dir, unsigned long attrs)
{
	return dma_map_page_attrs(dev, (struct page *)ptr, 0, size, dir, attrs);
}
#define dma_map_single(d, a, s, r) dma_map_single_attrs(d, a, s, r, 0)
#define dma_map_page(d, p, o, s, r) dma_map_page_attrs(d, p, o, s, r, 0)
struct scatterlist { unsigned long page_link; unsigned int offset, length; };
static inline void sg_set_page(struct scatterlist *sg, struct page *page,
			       unsigned int len, unsigned int offset)
{
	sg->page_link = (unsigned long)page;
	sg->offset = offset;
	sg->length = len;
}
int dma_map_sg_attrs(struct device *dev, struct scatterlist *sg, int nents,
		     enum dma_data_direction dir, unsigned long attrs);
struct bio { unsigned int bi_vcnt; };
int bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int off);
void __bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int off);
bool bio_add_folio(struct bio *bio, struct folio *folio, size_t len, size_t off);
void bio_add_folio_nofail(struct bio *bio, struct folio *folio, size_t len, size_t off);
void *memcpy(void *dst, const void *src, size_t n);
void submit_bio(struct bio *bio);
struct sk_buff { unsigned int len, data_len; };
void __skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page, int off, int size);
static inline void skb_fill_page_desc(struct sk_buff *skb, int i, struct page *page,
				      int off, int size)
{
	__skb_fill_page_desc(skb, i, page, off, size);
}

/* Page-table walks that hand out a pfn, and what accesses the memory of a
 * pfn (seed 003): include/linux/mm.h, mm/memory.c, include/linux/io.h,
 * highmem.h.  Signatures as in 6.1 unless said otherwise. */
#define __iomem
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)		(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)
#define PFN_PHYS(x)		((phys_addr_t)(x) << PAGE_SHIFT)
#define pgprot_val(x)		((x).pgprot)
#define E2BIG			7
#define EPERM			1
#define EACCES			13
typedef unsigned long long phys_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned int vm_fault_t;
#define VM_IO		0x00004000
#define VM_PFNMAP	0x00000400
static inline pte_t ptep_get(pte_t *ptep) { return READ_ONCE(*ptep); }
int pte_write(pte_t pte);
int pte_same(pte_t a, pte_t b);
pgprot_t pte_pgprot(pte_t pte);
/* Without CONFIG_HIGHPTE pte_unmap() only ends what pte_offset_map()
 * began (nothing in 6.1, rcu_read_unlock() in 6.12); the PTE lock is the
 * spin_unlock() of pte_unmap_unlock(), a macro in both trees. */
static inline void pte_unmap(pte_t *pte) { (void)pte; }
#define pte_unmap_unlock(pte, ptl)	do {		\
	spin_unlock(ptl);				\
	pte_unmap(pte);					\
} while (0)
/* 6.1's follow_pte() takes the mm; 6.10 and 6.11 took the vma, and 6.12
 * has none: follow_pfnmap_start() replaced it. */
int follow_pte(struct mm_struct *mm, unsigned long address, pte_t **ptepp, spinlock_t **ptlp);
/* follow_pfn() and follow_phys() take and drop the PTE lock inside (6.1;
 * both gone by 6.12). */
int follow_pfn(struct vm_area_struct *vma, unsigned long address, unsigned long *pfn);
int follow_phys(struct vm_area_struct *vma, unsigned long address, unsigned int flags,
		unsigned long *prot, resource_size_t *phys);
/* 6.12: the lock is held from follow_pfnmap_start() to follow_pfnmap_end(). */
struct follow_pfnmap_args {
	struct vm_area_struct *vma;
	unsigned long address;
	spinlock_t *lock;
	pte_t *ptep;
	unsigned long pfn;
	pgprot_t pgprot;
	bool writable;
	bool special;
};
int follow_pfnmap_start(struct follow_pfnmap_args *args);
void follow_pfnmap_end(struct follow_pfnmap_args *args);
pte_t *__get_locked_pte(struct mm_struct *mm, unsigned long addr, spinlock_t **ptl);
static inline pte_t *get_locked_pte(struct mm_struct *mm, unsigned long addr, spinlock_t **ptl)
{
	return __get_locked_pte(mm, addr, ptl);
}
void __iomem *ioremap(phys_addr_t offset, size_t size);
void __iomem *ioremap_prot(phys_addr_t offset, size_t size, unsigned long prot_val);
void __iomem *ioremap_cache(phys_addr_t offset, size_t size);
void iounmap(volatile void __iomem *addr);
void *memremap(resource_size_t offset, size_t size, unsigned long flags);
void memunmap(void *addr);
void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t count);
void memcpy_toio(volatile void __iomem *dst, const void *src, size_t count);
void *kmap_local_pfn(unsigned long pfn);
void *kmap_local_page(struct page *page);
void kunmap_local(const void *addr);
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, pgprot_t prot);
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);
void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
/* MMIO of one value: arch/x86/include/asm/io.h (static inline there),
 * include/asm-generic/iomap.h */
unsigned int readl(const volatile void __iomem *addr);
void writel(unsigned int val, volatile void __iomem *addr);
unsigned int ioread32(const void __iomem *addr);
void iowrite32(unsigned int val, void __iomem *addr);
#define MEMREMAP_WB	1
/* arch/s390/include/asm/pci_io.h */
int zpci_memcpy_toio(volatile void __iomem *dst, const void *src, unsigned long n);
int zpci_memcpy_fromio(void *dst, const volatile void __iomem *src, unsigned long n);

#endif /* PW_MM_H */
