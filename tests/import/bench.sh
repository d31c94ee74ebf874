#!/usr/bin/env bash
# Import benchmark: letters/s, MB/s and peak memory (RSS) for imports of
# generated letters into a new archive, at several sizes. Not part of ctest
# (100,000 letters take minutes); build with optimisation first, e.g.
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel -j2
# Usage: bench.sh DAFU [N...]        (default N: 1000 20000 100000)
set -eu
dafu=$(realpath "$1")
shift
sizes=${*:-1000 20000 100000}
here=$(cd "$(dirname "$0")" && pwd)
[ -x /usr/bin/time ] || { echo "bench.sh needs GNU time (apt-get install time)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%9s %9s %8s %10s %8s %9s %12s\n' letters MB seconds letters/s MB/s "RSS MB" "archive MB"
for n in $sizes; do
    rm -rf "$work/in" "$work"/a.db*
    python3 "$here/gen_letters.py" "$n" "$work/in" --gbk-every 10
    bytes=$(find "$work/in" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    sync
    /usr/bin/time -f '%e %M' -o "$work/time" "$dafu" import --db "$work/a.db" "$work/in" 2>"$work/err"
    read -r secs rss_kb <"$work/time"
    grep -q "$n new" "$work/err" || { cat "$work/err"; exit 1; }
    db=$(du -cm "$work"/a.db* | tail -1 | cut -f1)
    python3 -c "
n, b, s, k, db = $n, $bytes, $secs, $rss_kb, $db
mb = b / 1048576
print('%9d %9.1f %8.2f %10.0f %8.2f %9.1f %12d' % (n, mb, s, n / s, mb / s, k / 1024, db))"
done
