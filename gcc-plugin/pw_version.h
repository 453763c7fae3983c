/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pageward's version: the one copy.  The plugin reports it (--help of cc1,
 * plugin_info), bin/pageward prints it (pageward --version), and
 * "make install-kernel" records it in the kernel tree it installs into, so
 * that a tree holding another version is refused rather than mixed.
 */
#ifndef PW_VERSION_H
#define PW_VERSION_H

#define PW_VERSION "0.2"

#endif /* PW_VERSION_H */
