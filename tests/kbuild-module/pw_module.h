/* SPDX-License-Identifier: GPL-2.0 */
/* The exported functions of tests/kbuild-module (for -Wmissing-prototypes). */
#ifndef PW_MODULE_H
#define PW_MODULE_H

struct folio;
void pw_module_freeze(struct folio *folio);
bool pw_module_try_freeze(struct folio *folio);

#endif
