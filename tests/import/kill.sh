#!/usr/bin/env bash
# The kill test: an import killed with SIGKILL at any moment leaves an archive
# that `dafu check` passes, and a re-run completes it without duplicates.
# Kills a large import (3000 generated letters, committed every 100 files through
# the test hook DAFU_BATCH_FILES) at three moments, checks after each, then
# re-runs to the end. The first kill comes 0.3 s after the start, whatever the
# import has done by then: an archive killed before its schema was committed holds
# nothing, and `dafu check` says so ("no schema"). The other two come 1 and 2 s
# after the first commit reached the write-ahead log, so that a busy machine
# still kills them mid-import.
# Usage: kill.sh DAFU
set -u
dafu=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
n=3000
python3 "$here/gen_letters.py" $n in --gbk-every 7 || exit 1
fail() { echo "FAIL: $*"; exit 1; }
for delay in 0.3 1.0 2.0; do
    DAFU_BATCH_FILES=100 "$dafu" import --db a.db in 2>err &
    pid=$!
    if [ "$delay" != 0.3 ]; then
        # the clock starts at the first commit (the log past its header), or after 30 s
        for _ in $(seq 600); do
            [ "$(stat -c %s a.db-wal 2>/dev/null || echo 0)" -gt 32768 ] && break
            kill -0 $pid 2>/dev/null || break
            sleep 0.05
        done
    fi
    sleep $delay
    if kill -9 $pid 2>/dev/null; then
        wait $pid 2>/dev/null
        state="killed after ${delay}s"
    else
        wait $pid
        state="finished before ${delay}s"
    fi
    [ -e a.db ] || { echo "$state: no archive yet"; continue; }
    if ! "$dafu" check --db a.db >check.out 2>&1; then
        if [ "$delay" = 0.3 ] && grep -q "(no schema)" check.out; then
            echo "$state: no schema committed yet"
            continue
        fi
        cat check.out err
        fail "$state: dafu check"
    fi
    echo "$state: $(cat check.out)"
done
"$dafu" import --db a.db in 2>err || { cat err; fail "the re-run"; }
echo "re-run: $(cat err)"
"$dafu" check --db a.db >check.out 2>&1 || { cat check.out; fail "dafu check after the re-run"; }
"$dafu" export --db a.db | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
numbers = {r["number"] for r in rows}
hashes = {r["sha256"] for r in rows}
print("%d replies, %d numbers, %d texts" % (len(rows), len(numbers), len(hashes)))
sys.exit(0 if len(rows) == len(numbers) == len(hashes) == int(sys.argv[1]) else 1)' $n ||
    fail "duplicates or missing letters"
echo "ok"
