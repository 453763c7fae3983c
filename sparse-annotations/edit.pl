#!/usr/bin/perl
# edit.pl VERSION FILE: make the annotation edit in one file of a kernel tree,
# in place.  sparse-annotations/mkpatch.sh runs it on a copy to (re)make the
# patches; "make annotate" applies the patches, not this script.
use strict; use warnings;
my ($ver, $file) = @ARGV;
local $/; open my $fh, '<', $file or die "$file: $!"; my $s = <$fh>; close $fh;
my $n = 0;
# fn(NAME, ATTR, [FROM => TO]...): in the definition of static inline NAME,
# add ATTR after the declarator and make each body substitution.
sub fn {
	my ($name, $attr, @subs) = @_;
	my $ok = $s =~ s{(static inline [^\n(]*\b\Q$name\E\([^)]*\))(\n\{\n)(.*?\n)(\}\n)}{
		my ($h, $o, $b, $c) = ($1, $2, $3, $4);
		while (my ($f, $t) = splice(@subs, 0, 2)) {
			$b =~ s/\Q$f\E/$t/ or die "$file: $name: no '$f'\n";
		}
		$h . ($attr ? "\n\t$attr" : "") . $o . $b . $c;
	}se;
	$ok or die "$file: no definition of $name\n";
	$n++;
}
sub once { my ($f, $t) = @_; $s =~ s/\Q$f\E/$t/ or die "$file: no '$f'\n"; $n++; }
my $inc = "#include <linux/pageward-context.h>\n";
if ($file =~ m{include/linux/mmap_lock\.h$}) {
	once("#include <linux/types.h>\n", "#include <linux/types.h>\n$inc");
	fn('mmap_write_lock', '__acquires(mm)', "down_write(&mm->mmap_lock);\n", "down_write(&mm->mmap_lock);\n\t__acquire(mm);\n");
	fn('mmap_write_lock_nested', '__acquires(mm)', "subclass);\n", "subclass);\n\t__acquire(mm);\n");
	fn('mmap_write_lock_killable', '', "return ret;", "return __cond_lock_err(mm, ret);");
	fn("mmap_write_trylock", "", "return ret;", "return __cond_lock(mm, ret);") if $s =~ /inline bool mmap_write_trylock/;
	fn('mmap_write_unlock', '__releases(mm)', "up_write(&mm->mmap_lock);\n", "up_write(&mm->mmap_lock);\n\t__release(mm);\n");
	fn('mmap_write_downgrade', '__must_hold(mm)');
	fn('mmap_read_lock', '__acquires_shared(mm)', "down_read(&mm->mmap_lock);\n", "down_read(&mm->mmap_lock);\n\t__acquire_shared(mm);\n");
	fn('mmap_read_lock_killable', '', "return ret;", "return __cond_lock_err(mm, ret);");
	fn('mmap_read_trylock', '', "return ret;", "return __cond_lock_shared(mm, ret);");
	fn('mmap_read_unlock', '__releases_shared(mm)', "up_read(&mm->mmap_lock);\n", "up_read(&mm->mmap_lock);\n\t__release_shared(mm);\n");
	fn('mmap_read_unlock_non_owner', '__releases_shared(mm)', "up_read_non_owner(&mm->mmap_lock);\n", "up_read_non_owner(&mm->mmap_lock);\n\t__release_shared(mm);\n");
} elsif ($file =~ m{include/linux/page_ref\.h$}) {
	# A frozen refcount (0) excludes every other holder, like a lock
	# (seed 003): counted from a successful freeze to its unfreeze.
	once("#include <linux/tracepoint-defs.h>\n", "#include <linux/tracepoint-defs.h>\n$inc");
	# Attributes only, no counter: a frozen page is as often freed as
	# unfrozen (hugetlb, split, reclaim), which sparse cannot pair.
	fn("page_ref_freeze", "__cond_acquires(page)");
	fn("page_ref_unfreeze", "__releases(page)");
} elsif ($file =~ m{include/linux/mm\.h$} && $ver eq '6.1') {
	once("int follow_pte(struct mm_struct *mm, unsigned long address,\n\t       pte_t **ptepp, spinlock_t **ptlp);\n",
	     "int follow_pte(struct mm_struct *mm, unsigned long address,\n\t       pte_t **ptepp, spinlock_t **ptlp) __cond_acquires(*ptlp);\n" .
	     "/* Returns 0 with *ptlp, the PTE lock, held (mm/memory.c). */\n" .
	     "#define follow_pte(mm, address, ptepp, ptlp) \\\n\t__cond_lock_err(*(ptlp), follow_pte(mm, address, ptepp, ptlp))\n");
	once("#include <linux/mmap_lock.h>\n", "#include <linux/mmap_lock.h>\n$inc");
} elsif ($file =~ m{include/linux/mm\.h$} && $ver eq '6.12') {
	once("int follow_pfnmap_start(struct follow_pfnmap_args *args);\nvoid follow_pfnmap_end(struct follow_pfnmap_args *args);\n",
	     "int follow_pfnmap_start(struct follow_pfnmap_args *args)\n\t__cond_acquires(args->lock);\n" .
	     "void follow_pfnmap_end(struct follow_pfnmap_args *args)\n\t__releases(args->lock);\n" .
	     "/* Returns 0 with args->lock, the page-table lock, held (mm/memory.c). */\n" .
	     "#define follow_pfnmap_start(args) \\\n\t__cond_lock_err((args)->lock, follow_pfnmap_start(args))\n");
	once("#include <linux/mmap_lock.h>\n", "#include <linux/mmap_lock.h>\n$inc");
	# The per-VMA read lock (CONFIG_PER_VMA_LOCK): a trylock.
	once("static inline void vma_end_read(struct vm_area_struct *vma)\n{\n\trcu_read_lock(); /* keeps vma alive till the end of up_read */\n\tup_read(&vma->vm_lock->lock);\n",
	     "static inline void vma_end_read(struct vm_area_struct *vma)\n\t__releases_shared(vma)\n{\n\trcu_read_lock(); /* keeps vma alive till the end of up_read */\n\tup_read(&vma->vm_lock->lock);\n\t__release_shared(vma);\n");
	once("static inline void vma_end_read(struct vm_area_struct *vma) {}\n",
	     "static inline void vma_end_read(struct vm_area_struct *vma)\n\t__releases_shared(vma) { __release_shared(vma); }\n");
	once("#endif /* CONFIG_PER_VMA_LOCK */\n",
	     "#endif /* CONFIG_PER_VMA_LOCK */\n\n/* vma_start_read() returns true with the VMA read-locked. */\n#define vma_start_read(vma) __cond_lock_shared(vma, vma_start_read(vma))\n");
} elsif ($file =~ m{mm/memory\.c$} && $ver eq '6.1') {
	# Parenthesised, the name is not the call-site macro of mm.h.
	once("\nint follow_pte(struct mm_struct *mm,", "\nint (follow_pte)(struct mm_struct *mm,");
} elsif ($file =~ m{mm/memory\.c$} && $ver eq '6.12') {
	once("\nint follow_pfnmap_start(struct", "\nint (follow_pfnmap_start)(struct");
} else { die "$file: nothing to do\n"; }
open $fh, '>', $file or die; print $fh $s; close $fh;
print STDERR "$file: $n edits\n";
