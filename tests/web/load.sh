#!/usr/bin/env bash
# Load test of `dafu serve` with wrk over loopback: a search page and a letter
# page, each for SECONDS (default 10) with 2 wrk threads and 16 connections.
# Prints requests/s and p99 latency for each, and fails on any socket error or
# any response that is not 2xx. Skips (77) when wrk is not installed.
#
# Usage: load.sh DAFU [SECONDS [THREADS CONNECTIONS]]
set -euo pipefail
dafu=$(realpath "$1")
secs=${2:-10}
threads=${3:-2}
conns=${4:-16}
src=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(realpath -m "${DAFU_SHARED:-$src/../shared}")

if ! command -v wrk >/dev/null; then
    echo "skip: wrk is not installed (apt-get install wrk)"
    exit 77
fi

work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

inputs=("$src/tests/letters")
[ -d "$shared/seed" ] && inputs+=("$shared/seed")
if [ -d "$shared/letters" ]; then
    for f in "$shared"/letters/*.txt; do
        [ -f "$f" ] && inputs+=("$f")
    done
fi
"$dafu" import --db "$work/load.db" "${inputs[@]}" 2>"$work/import.err" ||
    { cat "$work/import.err"; exit 1; }

"$dafu" serve --db "$work/load.db" --port 0 2>"$work/serve.err" &
pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's#^dafu: serving .* on http://127\.0\.0\.1:\([0-9]*\)/$#\1#p' "$work/serve.err")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$port" ]; then
    echo "dafu serve did not start:"
    cat "$work/serve.err"
    exit 1
fi
base="http://127.0.0.1:$port"
# 有色金属, percent-encoded; the seed letter (or the first one) for the letter page.
search="/?q=%E6%9C%89%E8%89%B2%E9%87%91%E5%B1%9E"
id=$("$dafu" search --db "$work/load.db" --number 0831 --format csv 2>/dev/null |
     sed -n '2s/,.*//p' || true)
letter="/reply/${id:-1}"

echo "dafu serve on $base: $("$dafu" search --db "$work/load.db" --count 2>/dev/null || echo 0)" \
     "replies; wrk -t$threads -c$conns -d${secs}s --timeout 10s --latency; $(nproc) processors"
fail=0
for page in "search:$search" "letter:$letter"; do
    name=${page%%:*}
    path=${page#*:}
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency "$base$path")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
    sockerr=$(grep 'Socket errors:' <<<"$out" || true)
    printf '%-7s %-44s %10s req/s   p50 %8s   p99 %8s   %s requests, errors: %s\n' \
        "$name" "$path" "$rps" "$p50" "$p99" "$total" "${non2xx:-0} non-2xx${sockerr:+; $sockerr}"
    if [ -n "$non2xx" ] || [ -n "$sockerr" ] || [ -z "$rps" ]; then
        echo "$out"
        fail=1
    fi
done

kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=
if [ "$rc" != 0 ]; then
    echo "dafu serve exited with $rc after SIGTERM:"
    cat "$work/serve.err"
    fail=1
fi
exit $fail
