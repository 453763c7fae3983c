/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The GCC internals pageward uses, in the order GCC's own headers need them.
 * Every pageward source file includes this first.  Tested against GCC 12
 * (Debian gcc-12-plugin-dev and gcc-12-plugin-dev-s390x-linux-gnu).
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

#if BUILDING_GCC_VERSION < 12000
#error "pageward needs the GCC 12 (or later) plugin API"
#endif

#endif /* PW_GCC_H */
