# SPDX-License-Identifier: GPL-2.0
#
# pageward
#
#   make                 build gcc-plugin/pageward_plugin.so for $(CC)
#   make CC=s390x-linux-gnu-gcc-12
#                        ... for a cross compiler (its plugin headers)
#   make setup           install the Debian packages pageward needs (root)
#   make cocci           write the standalone Coccinelle rules, build/cocci/*.cocci
#                        (cocci/RULE.cocci + cocci/lib/pageward.py)
#   make findings        the main job: check real kernel subsets, print findings
#   make check           all tests; the last line is "N passed, N failed"
#   make bench           compile-time cost of the plugin on linux 6.12 mm/
#   make bench-cocci     time of the Coccinelle rules over all of linux 6.12
#   make bench-series    time of "pageward series" on a 10-patch series over
#                        mm/ of linux 6.12, and where the time goes
#   make annotate KDIR=DIR  add the sparse lock-context annotations to the kernel
#                        tree DIR; make unannotate KDIR=DIR takes them out
#   make install-kernel KDIR=DIR    add CONFIG_GCC_PLUGIN_PAGEWARD to the kernel
#                        tree DIR; make uninstall-kernel KDIR=DIR restores it
#   make clean           remove build products (kernel trees stay in build/)
#   make distclean       ... and the unpacked kernel trees

ifeq ($(origin CC),default)
CC := gcc
endif
HOSTCXX ?= g++
PLUGIN_SO ?= gcc-plugin/pageward_plugin.so

# Everything about the compiler the plugin is built for.  Evaluated lazily so
# that "make setup" works before any compiler or header is installed.
GCC_TARGET = $(shell $(CC) -dumpmachine 2>/dev/null)
GCC_MAJOR = $(shell $(CC) -dumpversion 2>/dev/null | cut -d. -f1)
GCC_PLUGIN_DIR = $(shell $(CC) -print-file-name=plugin 2>/dev/null)
HOST_TARGET = $(shell $(HOSTCXX) -dumpmachine 2>/dev/null)
PLUGIN_DEV_PKG = gcc-$(GCC_MAJOR)-plugin-dev$(if $(filter $(HOST_TARGET),$(GCC_TARGET)),,-$(GCC_TARGET))
PLUGIN_OBJDIR = build/plugin/$(GCC_TARGET)-gcc$(GCC_MAJOR)
# clang answers -dumpmachine, -dumpversion and even -print-file-name=plugin
# (with the GCC installation it found) like GCC, but cannot load a GCC
# plugin.  Asked two ways: what it calls itself, and whether its
# preprocessor defines __clang__ ("clang" when either says so).
GCC_IS_CLANG = $(shell { $(CC) --version | head -n 1 | grep -qi clang || \
	echo __clang__ | $(CC) -E -P -x c - | grep -qvx __clang__; } 2>/dev/null && echo clang)
# What the objects are compiled for: the target and GCC's own version line
# ("gcc version 12.2.0 (Debian 12.2.0-14)", the same for CC=gcc and
# CC=gcc-12): a new GCC release refuses a plugin built against the previous
# one's headers.
GCC_ID = $(GCC_TARGET) $(shell $(CC) -v 2>&1 | tail -n 1)
# Which objects $(PLUGIN_SO) was last linked from, one stamp per .so, so
# that building the x86 and the s390x plugin alternately relinks neither.
PLUGIN_SO_STAMP = build/plugin/linked/$(subst /,_,$(abspath $(PLUGIN_SO)))

PLUGIN_SRCS := $(wildcard gcc-plugin/*.c)
PLUGIN_HDRS := $(wildcard gcc-plugin/*.h gcc-plugin/*.def)
PLUGIN_CXXFLAGS := -std=gnu++11 -fPIC -fno-rtti -fno-exceptions \
	-fasynchronous-unwind-tables -O2 -g -Wall -Wno-unused-parameter \
	-Wno-narrowing -Wno-format-diag

.PHONY: all plugin cocci setup check findings bench bench-cocci bench-series install-kernel uninstall-kernel annotate unannotate clean distclean FORCE

all: plugin

plugin: $(PLUGIN_SO)

# One line that says what to install, and exit status 2, when the compiler or
# its plugin headers are missing.
pw_check_compiler = $(if $(GCC_TARGET),,$(error pageward: cannot run '$(CC)': install it (apt-get install gcc-12, or gcc-12-s390x-linux-gnu for s390) or pass CC=<compiler>))$(if $(GCC_IS_CLANG),$(error pageward: CC=$(CC) is clang, and pageward is a GCC plugin: build it for the GCC that builds the kernel, e.g. make CC=gcc-12))
pw_check_headers = $(if $(wildcard $(GCC_PLUGIN_DIR)/include/gcc-plugin.h),,$(error pageward: no GCC plugin headers for $(CC) in $(GCC_PLUGIN_DIR): apt-get install $(PLUGIN_DEV_PKG)))

# Stamps rewritten only when their content changes, so that make compiles
# the objects again when the compiler changes, and relinks a .so when it is
# to be linked from another compiler's objects (make CC=gcc-11 with the
# same PLUGIN_SO), and not otherwise.
$(PLUGIN_OBJDIR)/.target: FORCE
	$(pw_check_compiler)$(pw_check_headers)
	@mkdir -p $(@D)
	@echo "$(GCC_ID)" | cmp -s - $@ || echo "$(GCC_ID)" > $@

$(PLUGIN_SO_STAMP): FORCE
	$(pw_check_compiler)
	@mkdir -p $(@D)
	@echo "$(PLUGIN_OBJDIR)" | cmp -s - $@ 2>/dev/null || echo "$(PLUGIN_OBJDIR)" > $@

$(PLUGIN_OBJDIR)/%.o: gcc-plugin/%.c $(PLUGIN_HDRS) $(PLUGIN_OBJDIR)/.target
	$(HOSTCXX) $(PLUGIN_CXXFLAGS) -I$(GCC_PLUGIN_DIR)/include -x c++ -c $< -o $@

$(PLUGIN_SO): $(patsubst gcc-plugin/%.c,$(PLUGIN_OBJDIR)/%.o,$(PLUGIN_SRCS)) $(PLUGIN_SO_STAMP)
	@mkdir -p $(@D)
	$(HOSTCXX) -shared -o $@ $(filter %.o,$^)

setup:
	@scripts/setup-deps.sh

# Every script and test runs this itself before it gives a rule to spatch.
cocci:
	@scripts/cocci-build.sh

check: setup plugin
	@tests/run.sh

findings: setup plugin
	@scripts/findings.sh

bench: setup plugin
	@scripts/bench.sh

bench-cocci: setup
	@scripts/bench-cocci.sh

bench-series: setup plugin
	@scripts/bench-series.sh

# KDIR is relative to this directory (make -C changes into it).
install-kernel:
	@scripts/install-kernel.sh $(if $(KDIR),"$(KDIR)")

annotate:
	@scripts/annotate.sh "$(KDIR)"

unannotate:
	@scripts/annotate.sh --revert "$(KDIR)"

uninstall-kernel:
	@scripts/install-kernel.sh --uninstall $(if $(KDIR),"$(KDIR)")

clean:
	rm -rf build/plugin build/tests build/reports build/cocci gcc-plugin/pageward_plugin.so

distclean: clean
	rm -rf build

FORCE:
