#!/usr/bin/env python3
"""io_parts.py TRACE DB N: the bytes a dafu process read and wrote through system calls,
by file (the archive, its -wal, SQLite's temporary files), by part of the import (the
innermost dafu function of a list, from the stack strace -k gives each call) and, for
reads of the archive, by the b-tree that holds the page (dbstat of DB). N: letters, for
the figures a letter. TRACE: strace -f -k -e trace=openat,pread64,pwrite64 -o TRACE ...
(tests/bench/import_parts --io runs it)."""
import collections
import re
import sqlite3
import sys

trace, dbpath, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
PARTS = ['topk_', 'similar_flush', 'similar_catch_up', 'sqlite3WalCheckpoint', 'db_commit',
         'find_existing', 'put_letter', 'db_open', 'letter_parse', 'import_file']
con = sqlite3.connect(dbpath)
page_size = con.execute("PRAGMA page_size").fetchone()[0]
pages = dict((pg, name) for name, pg in con.execute("SELECT name, pageno FROM dbstat"))
fds, tot, cnt = {}, collections.Counter(), collections.Counter()


def account(call):
    if not call:
        return
    sysc, fd, off, ret, frames = call
    path = fds.get(fd, '?')
    kind = ('archive' if path == dbpath else '-wal' if path.endswith('-wal')
            else 'temporary' if '/etilqs_' in path or path == '?' else path.rsplit('/', 1)[-1])
    names = [m.group(1) for m in (re.search(r'\(([A-Za-z0-9_]+)\+', f) for f in frames) if m]
    part = 'other'
    for p in PARTS:
        hit = [x for x in names if x.startswith(p)]
        if hit:
            part = hit[0]
            break
    tree = pages.get(off // page_size + 1, '?') if kind == 'archive' and sysc == 'pread64' else ''
    key = (kind, sysc, part, tree)
    tot[key] += max(ret, 0)
    cnt[key] += 1


cur = None
for line in open(trace, errors='replace'):
    if line.startswith(' > '):
        if cur:
            cur[4].append(line)
        continue
    account(cur)
    cur = None
    m = re.match(r'(?:\d+ +)?openat\(AT_FDCWD, "([^"]*)".*= (\d+)', line)
    if m:
        fds[int(m.group(2))] = m.group(1)
        continue
    m = re.match(r'(?:\d+ +)?(pread64|pwrite64)\((\d+), .*, (\d+), (\d+)\) += (-?\d+)', line)
    if m:
        cur = [m.group(1), int(m.group(2)), int(m.group(4)), int(m.group(5)), []]
account(cur)
print("%-10s %-8s %-22s %-28s %10s %9s %7s" % ("file", "call", "part", "b-tree", "MB", "KB/letter",
                                               "calls"))
for k, v in sorted(tot.items(), key=lambda kv: -kv[1]):
    if v >= n * 1000:  # 1 KB a letter or more
        print("%-10s %-8s %-22s %-28s %10.1f %9.1f %7d" % (k + (v / 1e6, v / 1e3 / n, cnt[k])))
