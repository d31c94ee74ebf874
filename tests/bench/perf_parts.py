#!/usr/bin/env python3
"""perf_parts.py PERF_SCRIPT_OUTPUT [MS_A_LETTER]: the samples of an import by part.

Reads `perf script -F ip,sym` of a `perf record --call-graph dwarf` of `dafu import` and
gives each sample to the innermost part of the import on its stack (the first marker
found going outwards, so a checkpoint inside a commit is a checkpoint, a merge inside the
commit a merge); prints each part's share of the samples, of them the share spent in the
kernel, and, given the import's CPU time a letter, its milliseconds a letter.
"""
import collections
import re
import sys

PARTS = [
    ("checkpoint (WAL copied into the file)", ("sqlite3WalCheckpoint", "walCheckpoint")),
    ("cache spill (dirty pages to the WAL mid-batch)", ("pagerStress",)),
    ("savepoint journal (each file's)", ("subjournalPage", "subjournalPageIfRequired")),
    ("FTS5 merges", ("fts5IndexMergeLevel", "fts5IndexMerge", "fts5IndexAutomerge",
                     "fts5IndexCrisismerge")),
    ("FTS5 segment written", ("fts5FlushOneHash",)),
    ("near-duplicates", ("similar_flush", "similar_queue", "similar_catch_up")),
    ("refresh of the kept best hits", ("topk_refresh_in",)),
    ("counts of the batch", ("count_pending", "db_count_pending", "count_pending_sql")),
    # db_index_pending ends in a tail call (db_exec), which leaves no frame of its own: FTS5's
    # insert is the mark (the few names of department_fts that the counts add fall here too)
    ("FTS5 tokenizing the batch", ("db_index_pending", "fts5UpdateMethod")),
    ("parser", ("letter_parse", "letter_parse_probed")),
    ("storing, look-ups", ("put_letter", "find_existing", "put_delegates", "db_put_letter")),
    ("commit (pages written to the WAL)", ("db_commit", "maybe_commit")),
    ("reading, decoding files", ("import_file",)),
]


def main():
    lut = {}
    for name, syms in PARTS:
        for s in syms:
            lut[s] = name
    count, kern = collections.Counter(), collections.Counter()
    total = 0
    stack, in_kernel = [], False

    def flush():
        nonlocal total
        if not stack:
            return
        total += 1
        part = next((lut[s] for s in stack if s in lut), "other")
        count[part] += 1
        kern[part] += in_kernel

    for line in open(sys.argv[1], errors="replace"):
        if not line.strip():
            flush()
            stack, in_kernel = [], False
            continue
        m = re.match(r"\s+([0-9a-f]+)\s+(\S+?)(\+0x[0-9a-f]+)?\s", line)
        if m:
            if not stack and m.group(1).startswith("ffffffff"):
                in_kernel = True
            # a compiler's copy of a function (fts5FlushOneHash.constprop.0) is the function
            stack.append(re.sub(r"(\.(constprop|isra|part|cold)(\.\d+)?)+$", "", m.group(2)))
    flush()
    ms = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    print("%-48s %7s %7s %s" % ("part", "samples", "kernel", "ms a letter" if ms else ""))
    for name in [p[0] for p in PARTS] + ["other"]:
        if count[name]:
            share = count[name] / total
            print("%-48s %6.1f%% %6.1f%% %s" % (name, 100 * share, 100 * kern[name] / total,
                                                "%.3f" % (share * ms) if ms else ""))
    print("%d samples, %.1f%% in the kernel" % (total, 100 * sum(kern.values()) / max(total, 1)))


if __name__ == "__main__":
    main()
