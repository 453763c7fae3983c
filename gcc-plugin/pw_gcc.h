/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GCC internals pageward uses, in the order GCC's own headers need them.
 * Every pageward source file includes this first.
 *
 * Built and tested (tests/suite-gcc.sh) with Debian's GCC 11 and 12, native
 * x86_64 and the s390x and aarch64 cross compilers.  The plugin API changes
 * between releases; as the kernel's scripts/gcc-plugins/gcc-common.h does,
 * the differences are shimmed here, under BUILDING_GCC_VERSION tests, so
 * that the rest of the plugin is written once against the GCC 12 spelling
 * and a newer GCC is a shim here away.  The shims for 14 and later follow
 * those releases' headers; no Debian 12 compiler can build them yet.
 */
#ifndef PW_GCC_H
#define PW_GCC_H

#include "bversion.h"
#include "gcc-plugin.h"
#include "tree.h"
#include "gimple.h"
#include "tree-pass.h"
#include "context.h"
#include "diagnostic.h"
#include "gcc-rich-location.h"
#include "edit-context.h"
#include "gimple-iterator.h"
#include "gimple-pretty-print.h"
#include "tree-pretty-print.h"
#include "ssa.h"
#include "tree-cfg.h"
#include "dominance.h"
#include "cfganal.h"
#include "cgraph.h"
#include "input.h"
#include "hash-set.h"
#include "intl.h"

#ifndef __visible
#define __visible __attribute__((visibility("default")))
#endif

/*
 * GCC 11 is the floor: diagnostic_converted_column(), which the JSON report
 * needs to print the column GCC prints, came with -fdiagnostics-column-unit
 * in GCC 11.
 */
#if BUILDING_GCC_VERSION < 11000
#error "pageward needs GCC 11 or later: build it with CC=gcc-12 (apt-get install gcc-12-plugin-dev)"
#endif

/* GCC 14 removed last_stmt(); its replacement skips debug statements too. */
#if BUILDING_GCC_VERSION >= 14000
#define last_stmt(bb)	last_nondebug_stmt(bb)
#endif

/*
 * Line LINE of FILE, not NUL-terminated.  GCC 14 moved the source cache from
 * a global behind location_get_source_line() into the diagnostic context.
 */
static inline char_span pw_source_line(const char *file, int line)
{
#if BUILDING_GCC_VERSION >= 14000
	return global_dc->get_file_cache().get_source_line(file, line);
#else
	return location_get_source_line(file, line);
#endif
}

/*
 * The column GCC prints for XL (-fdiagnostics-column-unit and -origin
 * applied): a free function up to 13, a member of diagnostic_context in 14,
 * of diagnostic_column_policy from 15.
 */
static inline int pw_converted_column(expanded_location xl)
{
#if BUILDING_GCC_VERSION >= 15000
	return diagnostic_column_policy(*global_dc).converted_column(xl);
#elif BUILDING_GCC_VERSION >= 14000
	return global_dc->converted_column(xl);
#else
	return diagnostic_converted_column(global_dc, xl);
#endif
}

/* No CTF debug information (-gctf): GCC 12 added CTF. */
static inline void pw_no_ctf(void)
{
#if BUILDING_GCC_VERSION >= 12000
	ctf_debug_info_level = CTFINFO_LEVEL_NONE;
#endif
}

/* -Werror as given on the command line; GCC 14 made the field private. */
static inline bool pw_warning_as_error(void)
{
#if BUILDING_GCC_VERSION >= 14000
	return global_dc->warning_as_error_requested_p();
#else
	return global_dc->warning_as_error_requested;
#endif
}

static inline void pw_set_warning_as_error(bool on)
{
#if BUILDING_GCC_VERSION >= 14000
	global_dc->set_warning_as_error_requested(on);
#else
	global_dc->warning_as_error_requested = on;
#endif
}

/*
 * The fix-it hints of RICHLOC as a unified diff (free() it), or NULL when
 * there is none.  From GCC 14 an edit_context reads the sources through the
 * diagnostic context's file cache, which its constructor takes.
 */
static inline char *pw_fixit_diff(rich_location *richloc)
{
#if BUILDING_GCC_VERSION >= 14000
	edit_context ec(global_dc->get_file_cache());
#else
	edit_context ec;
#endif
	char *diff;

	ec.add_fixits(richloc);
	diff = ec.generate_diff(true);
	if (diff && !*diff) {
		free(diff);
		diff = NULL;
	}
	return diff;
}

#endif /* PW_GCC_H */
