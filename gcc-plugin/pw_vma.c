// SPDX-License-Identifier: GPL-2.0
/*
 * What the vm_flags rules need to know about VMAs: which kind of kernel the
 * translation unit is compiled against, told from struct vm_area_struct as
 * it is laid out, and which memory accesses are accesses to vm_flags.
 */
#include "pageward.h"

bool pw_is_record(const_tree type, const char *tag)
{
	const char *t = pw_record_tag(type);

	return t && !strcmp(t, tag);
}

/* Does RECORD have a member NAME, looking into anonymous structs/unions? */
static bool pw_has_member(const_tree record, const char *name, int depth)
{
	if (depth > 4)
		return false;
	for (tree f = TYPE_FIELDS(record); f; f = DECL_CHAIN(f)) {
		if (TREE_CODE(f) != FIELD_DECL)
			continue;
		if (DECL_NAME(f) && id_equal(DECL_NAME(f), name))
			return true;
		if (!DECL_NAME(f) && RECORD_OR_UNION_TYPE_P(TREE_TYPE(f)) &&
		    pw_has_member(TREE_TYPE(f), name, depth + 1))
			return true;
	}
	return false;
}

/*
 * The era of the kernel whose struct vm_area_struct is RECORD:
 *   vm_sequence  Laurent Dufour's speculative page faults (seed 004);
 *   __vm_flags   6.3+: vm_flags written only by vm_flags_*(), per-VMA locks
 *                from 6.4 (vm_lock_seq; vma_start_write() is empty without
 *                CONFIG_PER_VMA_LOCK, but the protocol is the same);
 *   neither      only the mmap lock protects vm_flags: nothing to check.
 * One translation unit sees one layout, so the answer is kept.
 */
enum pw_vma_era pw_vma_era(const_tree record)
{
	static const_tree seen;
	static enum pw_vma_era era;

	record = TYPE_MAIN_VARIANT(record);
	if (record == seen)
		return era;
	if (!COMPLETE_TYPE_P(record))
		return PW_ERA_NONE;
	if (pw_has_member(record, "vm_sequence", 0))
		era = PW_ERA_SPF;
	else if (pw_has_member(record, "__vm_flags", 0) || pw_has_member(record, "vm_lock_seq", 0))
		era = PW_ERA_VMA_LOCK;
	else
		era = PW_ERA_NONE;
	seen = record;
	return era;
}

/*
 * If REF designates vm_flags (or 6.3+'s __vm_flags) of a VMA reached
 * through a pointer, return that pointer and set *ERA; else NULL_TREE.
 * REF is the operand of a load or store: vma->vm_flags, or the
 * MEM[(volatile ...)&vma->vm_flags] READ_ONCE()/WRITE_ONCE() make of it.
 * A member of a struct vm_area_struct object (a local copy) is a snapshot
 * no other thread writes: not a VMA access.
 */
tree pw_vmflags_ref(tree ref, enum pw_vma_era *era)
{
	tree field, obj;

	if (ref && TREE_CODE(ref) == MEM_REF && TREE_CODE(TREE_OPERAND(ref, 0)) == SSA_NAME &&
	    integer_zerop(TREE_OPERAND(ref, 1))) {
		tree addr = pw_strip(TREE_OPERAND(ref, 0));

		if (TREE_CODE(addr) == ADDR_EXPR)
			ref = TREE_OPERAND(addr, 0);
	}
	if (!ref || TREE_CODE(ref) != COMPONENT_REF)
		return NULL_TREE;
	field = TREE_OPERAND(ref, 1);
	if (!DECL_NAME(field) || (!id_equal(DECL_NAME(field), "vm_flags") &&
				  !id_equal(DECL_NAME(field), "__vm_flags")))
		return NULL_TREE;
	obj = TREE_OPERAND(ref, 0);
	while (TREE_CODE(obj) == COMPONENT_REF && !DECL_NAME(TREE_OPERAND(obj, 1)))
		obj = TREE_OPERAND(obj, 0);
	if (!pw_is_record(TREE_TYPE(obj), "vm_area_struct") || TREE_CODE(obj) != MEM_REF ||
	    !integer_zerop(TREE_OPERAND(obj, 1)))
		return NULL_TREE;
	*era = pw_vma_era(TREE_TYPE(obj));
	return TREE_OPERAND(obj, 0);
}

/* The object a seqcount/section argument belongs to: for &X->vm_sequence
 * or &X->mm_lock_seq, X; for a VMA or mm pointer, itself.  *IS_MM tells
 * whether it is an mm (a section on the whole address space). */
tree pw_section_owner(tree arg, bool *is_mm)
{
	tree t = pw_strip(arg), obj;

	*is_mm = false;
	if (!t)
		return NULL_TREE;
	if (TREE_CODE(t) == ADDR_EXPR) {
		obj = TREE_OPERAND(t, 0);
		while (TREE_CODE(obj) == COMPONENT_REF) {
			tree base = TREE_OPERAND(obj, 0);

			if (pw_is_record(TREE_TYPE(base), "vm_area_struct") ||
			    pw_is_record(TREE_TYPE(base), "mm_struct")) {
				*is_mm = pw_is_record(TREE_TYPE(base), "mm_struct");
				if (TREE_CODE(base) == MEM_REF && integer_zerop(TREE_OPERAND(base, 1)))
					return TREE_OPERAND(base, 0);
				return NULL_TREE;
			}
			obj = base;
		}
		return NULL_TREE;
	}
	if (POINTER_TYPE_P(TREE_TYPE(t))) {
		if (pw_is_record(TREE_TYPE(TREE_TYPE(t)), "mm_struct")) {
			*is_mm = true;
			return t;
		}
		if (pw_is_record(TREE_TYPE(TREE_TYPE(t)), "vm_area_struct"))
			return t;
	}
	return NULL_TREE;
}

/* ---- the locks and sections the vm_flags rules look for ---- */

/* Two expressions for the same VMA: one root, or two loads of one pointer
 * (vmf->vma read twice).  pw_same_page() compares any pointers that way. */
bool pw_same_vma(tree a, tree b)
{
	return pw_same_page(a, b);
}

/* Is S a call of KIND whose VMA (the argument, or the owner of the count
 * the argument points to) is VMA? */
bool pw_vma_call(const gimple *s, enum pw_api_kind kind, tree vma)
{
	const struct pw_api *api = pw_api_call(s, kind);
	bool is_mm;
	tree owner;

	if (!api)
		return false;
	owner = pw_section_owner(pw_api_arg(s, api), &is_mm);
	return owner && !is_mm && pw_same_vma(owner, vma);
}

/* The line of S as the reader sees it, where its finding or note points. */
int pw_line(const gimple *s)
{
	return LOCATION_LINE(pw_user_location(gimple_location(s)));
}

struct pw_vma_stmt_query {
	enum pw_api_kind kind;
	tree vma;
};

static bool pw_vma_call_pred(const gimple *s, void *data)
{
	struct pw_vma_stmt_query *q = (struct pw_vma_stmt_query *)data;

	return pw_vma_call(s, q->kind, q->vma);
}

/* The vma_start_write()/vma_assert_write_locked() on VMA that dominates S. */
gimple *pw_vma_write_locked(const gimple *s, tree vma)
{
	struct pw_vma_stmt_query q = { PW_VMA_WRITE_LOCK, vma };

	return pw_find_dominating(s, pw_vma_call_pred, &q);
}

/* Write sections on a VMA's count, as a lock pw_lock_held_at() tracks: the
 * VMA_WRITE_SECTION rows of pw_api.def, on the VMA given as DATA (the
 * argument, or the owner of the count it points to). */
static bool pw_write_section_instance(const gimple *, const struct pw_lock_row *, tree arg,
				      void *vma)
{
	bool is_mm;
	tree owner = pw_section_owner(arg, &is_mm);

	return owner && !is_mm && pw_same_vma(owner, (tree)vma);
}

const struct pw_lock_class pw_vma_write_section = {
	"the VMA's write section", PW_LOCK_BIT(VMA_WRITE_SECTION), pw_write_section_instance,
};

/* The mmap lock, whichever mm (no instance filter): a speculative function
 * that takes it has left the speculative path. */
const struct pw_lock_class pw_mmap_lock = {
	"the mmap lock", PW_LOCK_BIT(MMAP_LOCK), NULL,
};

/* Is VMA's write lock (per-VMA-lock kernels) or write section (speculative
 * fault kernels) held at S? */
gimple *pw_vma_writer_at(const gimple *s, tree vma, enum pw_vma_era era)
{
	gimple *acq = NULL;

	if (era == PW_ERA_VMA_LOCK)
		return pw_vma_write_locked(s, vma);
	if (pw_lock_held_at(s, &pw_vma_write_section, vma, &acq))
		return acq ? acq : const_cast<gimple *>(s);
	return NULL;
}

/* ---- VMAs handed to an ->mmap handler: not yet in the tree ---- */

/* The unit's functions stored in an MMAP_HANDLER member of a static
 * initializer (file_operations.mmap = hfi1_file_mmap), with that member's
 * name.  GCC parses the whole unit before it compiles a function, so the
 * table is complete when the rules ask. */
static hash_map<tree, const char *> *pw_mmap_handlers;

static void pw_scan_initializer(tree ctor, int depth)
{
	unsigned HOST_WIDE_INT i;
	tree field, value;

	if (depth > 8)
		return;
	FOR_EACH_CONSTRUCTOR_ELT(CONSTRUCTOR_ELTS(ctor), i, field, value) {
		const char *member;

		if (!value)
			continue;
		if (TREE_CODE(value) == CONSTRUCTOR) {
			pw_scan_initializer(value, depth + 1);
			continue;
		}
		STRIP_NOPS(value);
		if (TREE_CODE(value) != ADDR_EXPR ||
		    TREE_CODE(TREE_OPERAND(value, 0)) != FUNCTION_DECL ||
		    !(member = pw_api_member(field, PW_MMAP_HANDLER)))
			continue;
		if (!pw_mmap_handlers)
			pw_mmap_handlers = new hash_map<tree, const char *>;
		if (!pw_mmap_handlers->get(TREE_OPERAND(value, 0)))
			pw_mmap_handlers->put(TREE_OPERAND(value, 0), xstrdup(member));
	}
}

/* PLUGIN_FINISH_DECL of a variable (through pw_note_decl). */
void pw_vma_note_decl(tree decl)
{
	if (DECL_INITIAL(decl) && TREE_CODE(DECL_INITIAL(decl)) == CONSTRUCTOR)
		pw_scan_initializer(DECL_INITIAL(decl), 0);
}

/*
 * Is VMA the VMA the current function was handed as an ->mmap handler (its
 * first struct vm_area_struct * parameter, as it came in)?  Then it is not
 * in the mm's tree: the member the handler is stored in ("file_operations.
 * mmap"), else NULL.
 */
const char *pw_vma_unpublished(tree vma)
{
	const char **member;
	tree root = pw_strip(vma), var;

	if (!pw_mmap_handlers || !(member = pw_mmap_handlers->get(current_function_decl)))
		return NULL;
	if (!root || TREE_CODE(root) != SSA_NAME || !SSA_NAME_IS_DEFAULT_DEF(root) ||
	    !(var = SSA_NAME_VAR(root)) || TREE_CODE(var) != PARM_DECL)
		return NULL;
	for (tree p = DECL_ARGUMENTS(current_function_decl); p; p = DECL_CHAIN(p))
		if (POINTER_TYPE_P(TREE_TYPE(p)) &&
		    pw_is_record(TREE_TYPE(TREE_TYPE(p)), "vm_area_struct"))
			return p == var ? *member : NULL;
	return NULL;
}
