#!/usr/bin/env bash
# Fault injection: writes that fail part-way, as a full disk makes them. The test
# hook DAFU_FAULT_WRITES=N (src/store/fault_vfs.c) makes every SQLite write after
# the N-th fail with "database or disk is full". For each N, an import of COUNT
# generated letters (committed every 10 files) meets the fault; then
#   - it exits 2 having said what it kept ("kept from F files ...") and, when
#     its archive is not one file again, named the -wal that belongs to it;
#   - dafu check passes on what is left;
#   - a re-run without the fault ends with one file and every letter exactly
#     once (the count, and as many distinct text hashes as letters).
# Half the runs start on an archive that already holds the first third.
# Usage: faults.sh DAFU [COUNT [N...]]   (ctest: 60 letters, eight values of N)
set -u
dafu=$(realpath "$1")
count=${2:-300}
shift 2 2>/dev/null || shift $#
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
python3 "$here/gen_letters.py" "$count" in --gbk-every 7 >/dev/null || exit 1
mkdir first
find in -type f | sort | head -n $((count / 3)) | while read -r f; do cp "$f" first/; done
fail() { echo "FAIL: $*"; exit 1; }
"$dafu" import --db clean.db in 2>/dev/null
want=$("$dafu" export --db clean.db | wc -l)
[ "$want" -gt 0 ] || fail "a clean import stored nothing"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 10 40 100 250 600 1500 4000 10000)
runs=0
for n in "${sizes[@]}"; do
    for start in empty third; do
        rm -f a.db a.db-wal a.db-shm
        if [ $start = third ]; then
            "$dafu" import --db a.db first 2>/dev/null || fail "N=$n: the first third"
        fi
        DAFU_BATCH_FILES=10 DAFU_FAULT_WRITES=$n "$dafu" import --db a.db in 2>err
        rc=$?
        state="N=$n from $start: exit $rc"
        if [ $rc = 0 ]; then
            state="$state (no fault reached)"
        else
            [ $rc = 2 ] || { cat err; fail "$state: expected exit 2"; }
            grep -q "disk is full" err || { cat err; fail "$state: no 'disk is full'"; }
            # A fault while the archive is opened stops before any import.
            if grep -q "^dafu: error:" err; then
                grep -q "kept from [0-9]* files\? before it" err || { cat err; fail "$state: no summary of what was kept"; }
            fi
            if [ -s a.db-wal ]; then
                grep -q "'a.db-wal'" err || { cat err; fail "$state: a -wal is left and not named"; }
            fi
        fi
        if [ -e a.db ] && [ "$("$dafu" check --db a.db 2>&1 >/dev/null | grep -c 'not a dafu archive')" = 0 ]; then
            "$dafu" check --db a.db >check.out 2>&1 || { cat err check.out; fail "$state: dafu check"; }
        fi
        "$dafu" import --db a.db in 2>rerun.err || { cat rerun.err; fail "$state: the re-run"; }
        [ "$(ls a.db*)" = a.db ] || fail "$state: after the re-run: $(ls a.db*)"
        "$dafu" check --db a.db >/dev/null || fail "$state: check after the re-run"
        got=$("$dafu" export --db a.db | wc -l)
        distinct=$("$dafu" export --db a.db | python3 -c "import json, sys; print(len({json.loads(l)['sha256'] for l in sys.stdin}))")
        [ "$got" = "$want" ] && [ "$distinct" = "$want" ] ||
            fail "$state: after the re-run $got letters, $distinct distinct, want $want"
        echo "$state; $(grep -o 'kept from.*' err | head -1); re-run: $want letters, each once"
        runs=$((runs + 1))
    done
done
echo "ok: $runs faulty imports, each checked and completed"
