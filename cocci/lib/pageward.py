# SPDX-License-Identifier: GPL-2.0
# pageward: the Python helpers every Coccinelle rule shares, one copy.
#
# How a rule uses them.  A rule's source, cocci/RULE.cocci, has the line
#
#	#include "lib/pageward.py"
#
# as the first line of its @initialize:python@ block.  scripts/cocci-build.sh
# (run by "make cocci", and by every script and test before it gives a rule
# to spatch) writes build/cocci/RULE.cocci with that line replaced by this
# file: a standalone rule that spatch, "make coccicheck COCCI=..." and a
# kernel tree can run with nothing else beside it.  The text is included,
# not imported, so that the rule file stays one file; the helpers and the
# rule's own Python share one namespace.  That is how two helpers here reach
# into the rule: pw_file() makes the rule's class PwFile (a subclass of
# PwSourceFile, below), pw_func() the rule's class PwFunc.  A new rule
# (cocci/pfn-after-unlock.cocci) does the same: the #include line, then its
# own RULE = '...', messages and tables.
#
# No line of this file may start with "# spatch" either: spatch reads such
# a line of a semantic patch as its own command-line options.
#
# What belongs here: what two rules need the same way (source text and
# columns, positions, argument lists, return types).  What a rule says and
# decides stays in its file.  This file is Python only: no line of it may
# start with '@', which would end the SmPL block it is included into.
import os
import re
import sys

# Source text, read here and not with linecache: the columns of Coccinelle
# count bytes, and a source file need not be UTF-8 (a Latin-1 string in an
# old driver), which linecache turns into no text at all.  The bytes of a
# line are sliced at the columns of Coccinelle, then decoded as UTF-8 with
# errors='surrogateescape': every byte that is not UTF-8 becomes one
# character that stands for exactly that byte -- no guess at the charset
# of the file, one column per such byte as GCC counts it, and valid text
# still compares equal with what spatch prints.  Text given back to spatch
# or printed goes through pw_out(), which writes such a byte as U+FFFD, the
# replacement character, as the JSON lines of the plugin do.
pw_src_file = [None, []]


def pw_src_bytes(file, n):
	"""Line N (1-based) of FILE as bytes, with its newline; b'' past the end."""
	if pw_src_file[0] != file:
		try:
			with open(file, 'rb') as f:
				data = f.read()
		except (IOError, OSError):
			data = b''
		pw_src_file[:] = [file, data.splitlines(True)]
	lines = pw_src_file[1]
	return lines[n - 1] if 1 <= n <= len(lines) else b''


def pw_decode(b):
	return b.decode('utf-8', 'surrogateescape')


def pw_src_line(file, n, col=0):
	"""Line N of FILE from byte column COL, as text ('' past the end)."""
	return pw_decode(pw_src_bytes(file, n)[col:])


def pw_gcc_column(file, n, col):
	"""The column GCC prints for byte column COL of line N: 1-based, a
	character (or an undecodable byte) one column, a tab advancing to the
	next multiple of 8, so both pageward engines name the same column."""
	return len(pw_decode(pw_src_bytes(file, n)[:col]).expandtabs(8)) + 1


def pw_out(s):
	"""S with each undecodable source byte written as U+FFFD: valid UTF-8."""
	return s.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace')


def pw_column(p):
	"""The column GCC prints for position P (pw_gcc_column).  A position
	on the member name of "x->member" is the column of the "->", where
	GCC puts a member reference (COMPONENT_REF): the vm_flags rules match
	the field, and the plugin names the '->' before it."""
	(file, line, col) = (p[0].file, int(p[0].line), int(p[0].column))
	text = pw_src_bytes(file, line)
	head = text[:col].rstrip()
	if re.match(br'[A-Za-z_]', text[col:col + 1]) and head.endswith(b'->'):
		col = len(head) - 2
	return pw_gcc_column(file, line, col)


# A metavariable given to a script rule is converted by spatch to a Python
# string as strict UTF-8: an expression that may hold a string literal (the
# right-hand side of an assignment) would stop spatch on the whole file.
# Such an expression is passed as its position, its text read here.
def pw_src_text(p):
	"""The source text at position P, comments dropped, blanks squeezed."""
	(file, l, c) = (p[0].file, int(p[0].line), int(p[0].column))
	(le, ce) = (int(p[0].line_end), int(p[0].column_end))
	if l == le:
		b = pw_src_bytes(file, l)[c:ce]
	else:
		b = pw_src_bytes(file, l)[c:]
		for n in range(l + 1, le):
			b += pw_src_bytes(file, n)
		b += pw_src_bytes(file, le)[:ce]
	t = re.sub(r'/\*.*?\*/|//[^\n]*', ' ', pw_decode(b), flags=re.S)
	return ' '.join(t.split())


def pw_key(p):
	"""Position P as a dictionary key: (file, line, column)."""
	return (p[0].file, p[0].line, p[0].column)


def pw_start(p):
	return (int(p[0].line), int(p[0].column))


def pw_range(p):
	return ((int(p[0].line), int(p[0].column)),
		(int(p[0].line_end), int(p[0].column_end)))


def pw_norm(t):
	"""T with the spaces that do not separate two words removed: how the
	file spells it and how spatch prints it compare equal."""
	return re.sub(r'\s*([^\w\s])\s*', r'\1', ' '.join(t.split()))


def pw_args(text):
	"""The top-level comma-separated parts of an argument list, stripped
	(one '' for an empty list)."""
	parts, depth, cur = [], 0, ''
	for ch in text:
		if ch in '([{':
			depth += 1
		elif ch in ')]}':
			depth -= 1
		if ch == ',' and depth == 0:
			parts.append(cur)
			cur = ''
		else:
			cur += ch
	parts.append(cur)
	return [x.strip() for x in parts]


def pw_balanced(t):
	"""Are the parentheses of T balanced, never closing one not open?"""
	depth = 0
	for ch in t:
		depth += {'(': 1, ')': -1}.get(ch, 0)
		if depth < 0:
			return False
	return depth == 0


def pw_call_text(p):
	"""The call that starts at P, as written, on one line."""
	(file, line, col) = (p[0].file, int(p[0].line), int(p[0].column))
	text = pw_src_line(file, line, col)
	out, depth, n = '', 0, line
	while True:
		for ch in text:
			out += ch
			if ch == '(':
				depth += 1
			elif ch == ')':
				depth -= 1
				if depth == 0:
					return ' '.join(out.split()).replace('( ', '(')
		n += 1
		if n > line + 20:
			return ' '.join(out.split())
		text = pw_src_line(file, n)
		if not text:
			return ' '.join(out.split())


# The shapes of a page expression, as text (the page-root helpers of
# access-before-io and pin-before-access).
CAST = re.compile(r'^\(\s*(const\s+)?(struct\s+)?\w+(\s*\*)+\s*\)\s*(.+)$', re.S)
CALL = re.compile(r'^(\w+)\s*\((.*)\)$', re.S)
INDEX = re.compile(r'^(.+?)\s*\[(.*)\]$', re.S)
MEMBER_PAGE = re.compile(r'^&\s*(.+?)\s*->\s*page$', re.S)


class PwSourceFile(object):
	"""A source file's text between two points; a rule's PwFile adds what
	the rule learns about the file."""

	def __init__(self, name):
		self.name = name
		self.lines = None

	def text(self, start, end):
		"""The source between two (line, col) points, blanks squeezed."""
		if self.lines is None:
			# bytes, sliced at the columns of Coccinelle (pw_src_bytes)
			try:
				with open(self.name, 'rb') as f:
					self.lines = f.read().split(b'\n')
			except (IOError, OSError):
				self.lines = []
		(l, c), (le, ce) = start, end
		if l < 1 or le > len(self.lines):
			return ''
		if l == le:
			s = self.lines[l - 1][c:ce]
		else:
			s = self.lines[l - 1][c:]
			for i in range(l, le - 1):
				s += b' ' + self.lines[i]
			s += b' ' + self.lines[le - 1][:ce]
		return ' '.join(pw_decode(s).split())


pw_cur = None


def pw_file(p):
	"""The rule's PwFile for the file that position P is in (one file at
	a time: spatch gives a worker one file after another)."""
	global pw_cur
	if pw_cur is None or pw_cur.name != p[0].file:
		pw_cur = PwFile(p[0].file)
	return pw_cur


pw_funcs = {}
pw_cur_file = [None]


def pw_func(p):
	"""The rule's PwFunc for the function P is in (one file at a time)."""
	if pw_cur_file[0] != p[0].file:
		pw_cur_file[0] = p[0].file
		pw_funcs.clear()
	return pw_funcs.setdefault(p[0].current_element, PwFunc())


# Return types, for the fixes of patch mode: the one table (it had drifted
# apart in two rules).  The typedefs are the kernel's (include/linux/types.h,
# asm-generic/int-ll64.h).
SIGNED = frozenset([
	'int', 'long', 'long int', 'long long', 'long long int', 'short',
	'short int', 'signed', 'signed int', 'signed long', 'signed long int',
	'signed long long', 'signed char', 'signed short',
	's8', 's16', 's32', 's64', '__s8', '__s16', '__s32', '__s64',
	'ssize_t', 'int8_t', 'int16_t', 'int32_t', 'int64_t', 'loff_t',
])
UNSIGNED = frozenset([
	'unsigned', 'unsigned int', 'unsigned long', 'unsigned long int',
	'unsigned long long', 'unsigned long long int', 'unsigned short',
	'unsigned short int', 'unsigned char', 'u8', 'u16', 'u32', 'u64',
	'__u8', '__u16', '__u32', '__u64', 'size_t', 'uint8_t', 'uint16_t',
	'uint32_t', 'uint64_t', 'dma_addr_t', 'phys_addr_t',
])
BOOL = frozenset(['bool', '_Bool'])
# __bitwise typedefs: unsigned, but neither a negative errno (it would be
# truncated, and sparse warns) nor 0 (BLK_STS_OK, 0 is "no fault") says
# failure; each has its own codes, and which one fits is the author's call
# (blk_status_t: BLK_STS_IOERR or BLK_STS_RESOURCE?  vm_fault_t:
# VM_FAULT_SIGBUS or VM_FAULT_RETRY?).  No fix is proposed for them.
BITWISE = frozenset([
	'blk_status_t', 'vm_fault_t', 'gfp_t', 'slab_flags_t', 'fmode_t',
	'__le16', '__le32', '__le64', '__be16', '__be32', '__be64',
	'__poll_t', 'blk_opf_t', 'blk_mode_t',
])
ATTRIBUTES = frozenset([
	'const', 'volatile', 'static', 'extern', 'inline', 'noinline',
	'notrace', 'asmlinkage',
])


def pw_return_type(t):
	"""T, the return type of a function as spatch gives it, with only its
	type words: "void __init" and "static inline int" are "void", "int"."""
	words = [w for w in t.replace('*', ' * ').split()
		 if w not in ATTRIBUTES and
		 not (w.startswith('__') and w not in SIGNED | UNSIGNED | BITWISE)]
	return ' '.join(words).replace(' *', '*')


def pw_function_lines(p):
	"""The lines of the function P is in: from the "{" that opens it at
	the start of a line to the "}" that closes it (kernel style)."""
	(file, line) = (p[0].file, int(p[0].line))
	start = line
	while start > 1 and not pw_src_line(file, start).startswith('{'):
		start -= 1
	end = line
	while pw_src_line(file, end) and not pw_src_line(file, end).startswith('}'):
		end += 1
	return [pw_src_line(file, n) for n in range(start, end + 1)]


RETURNS_ERR_PTR = re.compile(r'\breturn[\s(]+ERR_PTR\(')


def pw_error_return(t, errno, lines=()):
	"""The statement that reports failure from a function returning T,
	in its own terms where its LINES show them (the plugin's
	pw_error_return() in gcc-plugin/pw_source.c): ERR_PTR(ERRNO) for a
	pointer when the function returns ERR_PTR() anywhere, else NULL;
	ERRNO ('-EIO') for a signed integer; DMA_MAPPING_ERROR for a
	dma_addr_t (0 is a valid DMA address).  None when there is no obvious
	one: an unsigned count (0 may be success), a __bitwise typedef, an
	enum, a struct, a typedef not in the tables."""
	t = pw_return_type(t)
	if t.endswith('*'):
		if any(RETURNS_ERR_PTR.search(l) for l in lines):
			return 'return ERR_PTR(%s);' % errno
		return 'return NULL;'
	if t == 'void':
		return 'return;'
	if t in BOOL:
		return 'return false;'
	if t == 'dma_addr_t':
		return 'return DMA_MAPPING_ERROR;'
	if t in SIGNED:
		return 'return %s;' % errno
	return None


# The page form of step 2: Linux 6.12 has only arch_make_folio_accessible()
# (include/linux/mm.h), 6.1 both.  A fix made for a file of a kernel tree
# asks that tree's mm.h (the tree the file is in, or kbuild's $srctree);
# -D no_page_accessible says "only the folio form" for a file in no tree
# (spatch is run with --no-includes, and sees no header).
pw_page_accessible_trees = {}
pw_force_folio_accessible = [False]


def pw_tree_of(path):
	"""The top of the kernel tree PATH is in, or None.  A file outside one
	(an external module, make M=...) is compiled against kbuild's
	$srctree, which kbuild exports to what it runs (make coccicheck, C=2)."""
	d = os.path.dirname(os.path.abspath(path))
	while d and d != '/':
		if pw_tree_top(d):
			return d
		d = os.path.dirname(d)
	d = os.environ.get('srctree', '')
	return os.path.abspath(d) if d and pw_tree_top(d) else None


def pw_has_page_accessible(path):
	"""Can a fix in PATH call arch_make_page_accessible()?"""
	if pw_force_folio_accessible[0]:
		return False
	top = pw_tree_of(path)
	if top is None:
		return True
	if top not in pw_page_accessible_trees:
		try:
			with open(os.path.join(top, 'include', 'linux', 'mm.h'), 'rb') as f:
				pw_page_accessible_trees[top] = b'arch_make_page_accessible' in f.read()
		except OSError:
			pw_page_accessible_trees[top] = True
	return pw_page_accessible_trees[top]


# Suppressions: the tree's .pageward-suppress (the format of
# gcc-plugin/pw_suppress.c; README, "Suppressing a finding"), for the modes
# in which spatch prints the findings itself ("make coccicheck MODE=report"
# or "org").  The file is the one at the top of the kernel tree the reported
# file is in: the nearest directory above it with a Makefile, a Kconfig and
# include/linux/ (a file in no kernel tree has none; nothing above the
# tree, a home directory or /tmp, is read).  "pageward check" and "pageward
# series" read the file themselves, count what it suppresses, and set
# PAGEWARD_SUPPRESS_DONE so that it is not read twice here.  A malformed
# line (fewer than four fields) is one error naming file and line, and the
# run stops (status 2).  Unlike the plugin and the scripts, this reader
# has no rule table: a line naming an unknown rule matches nothing.
pw_sup_dirs = {}
pw_sup_files = {}


def pw_tree_top(d):
	"""Is D the top of a kernel source tree?"""
	return (os.path.isfile(os.path.join(d, 'Makefile')) and
		os.path.isfile(os.path.join(d, 'Kconfig')) and
		os.path.isdir(os.path.join(d, 'include', 'linux')))


def pw_sup_file(path):
	"""The .pageward-suppress that applies to PATH, or None."""
	if os.environ.get('PAGEWARD_SUPPRESS_DONE'):
		return None
	d = os.path.dirname(os.path.abspath(path))
	walked = []
	while d not in pw_sup_dirs:
		walked.append(d)
		up = os.path.dirname(d)
		if pw_tree_top(d):
			f = os.path.join(d, '.pageward-suppress')
			pw_sup_dirs[d] = f if os.path.isfile(f) else None
			break
		if up == d:
			pw_sup_dirs[d] = None
			break
		d = up
	for w in walked:
		pw_sup_dirs[w] = pw_sup_dirs[d]
	return pw_sup_dirs[d]


def pw_sup_lines(f):
	"""The (rule, path, function) of each line of F, read once."""
	if f not in pw_sup_files:
		rows = []
		with open(f, 'rb') as fd:
			for n, raw in enumerate(fd, 1):
				line = pw_decode(raw).strip()
				if not line or line.startswith('#'):
					continue
				w = line.split(None, 3)
				if len(w) < 4:
					sys.stderr.write("pageward: %s:%d: expected 'RULE PATH FUNCTION "
							 "REASON' with a known rule or '*' and a reason\n" % (f, n))
					sys.stderr.flush()
					os._exit(2)
				rows.append(tuple(w[:3]))
		pw_sup_files[f] = rows
	return pw_sup_files[f]


def pw_suppressed(p, rule):
	"""Does the tree's .pageward-suppress name the finding at P of RULE?
	The path matches at a '/' boundary, as in gcc-plugin/pw_suppress.c."""
	f = pw_sup_file(p[0].file)
	if not f:
		return False
	file = p[0].file
	for r, path, func in pw_sup_lines(f):
		if r not in ('*', rule) or func not in ('*', p[0].current_element):
			continue
		if file == path or (file.endswith(path) and
				    (path.startswith('/') or file[-len(path) - 1] == '/')):
			return True
	return False


def pw_emit_report(p, msg, rule):
	"""Report mode: the finding at P, in the SPEC's format, unless
	suppressed."""
	if not pw_suppressed(p, rule):
		print(pw_out('%s:%s:%d: warning: %s [pageward:%s]' %
			     (p[0].file, p[0].line, pw_column(p), msg, rule)))


def pw_emit_org(p, msg, rule):
	"""Org mode: the finding at P as an Org TODO, unless suppressed."""
	if not pw_suppressed(p, rule):
		cocci.print_main(pw_out('%s (pageward:%s)' % (msg, rule)), p)
