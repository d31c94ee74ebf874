#!/usr/bin/env bash
# The listing and statistics pages of `dafu serve` under wrk over loopback, on an
# archive already built: /stats, /delegates, /departments, a department's page and the
# JSON statistics and listings with one department, one region, a year, a body and two
# filters together (the /stats page takes no filters), then search pages of common
# terms. Prints requests/s, p50 and p99
# of each page (a row each, Markdown).
#
# Usage: web_listings.sh DAFU ARCHIVE [SECONDS [THREADS CONNECTIONS [PATTERN]]]
# (as tests/web/load.sh: 2 wrk threads and 16 connections, 10 s a page by default;
# PATTERN: only the pages whose path, decoded, contains it)
set -euo pipefail
dafu=$(realpath "$1")
db=$2
secs=${3:-10}
threads=${4:-2}
conns=${5:-16}
only=${6:-}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 77; }
err=$(mktemp)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -f "$err"
}
trap cleanup EXIT
"$dafu" serve --db "$db" --port 0 2>"$err" &
pid=$!
port=
for _ in $(seq 300); do
    port=$(sed -n 's#^dafu: serving .* on http://127\.0\.0\.1:\([0-9]*\)/$#\1#p' "$err")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$port" ] || { echo "dafu serve did not start:"; cat "$err"; exit 1; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
pages=(
    "/stats"
    "/delegates"
    "/departments"
    "/department/$(enc 公安部)"
    "/api/stats?department=$(enc 公安部)"
    "/api/stats?department=$(enc 教育)"
    "/api/stats?region=$(enc 河北)"
    "/api/stats?year=2023"
    "/api/stats?body=$(enc 人大)"
    "/api/stats?region=$(enc 广东省)&body=$(enc 人大)&kind=$(enc 建议)"
    "/api/delegates?department=$(enc 公安部)&limit=20"
    "/api/departments?region=$(enc 河北)&limit=20"
    "/delegates?region=$(enc 河北)"
    "/api/delegates?region=$(enc 河北)&limit=20"
    "/api/stats?term=14&session=2"
    "/api/stats?body=$(enc 人大)&kind=$(enc 建议)"
    "/api/delegates?body=$(enc 人大)&kind=$(enc 建议)&limit=20"
    "/api/stats?q=$(enc 有色金属)"
    "/?q=$(enc 省)"
    "/?q=$(enc 资金)"
    "/?q=$(enc 有色金属)"
    "/?q=$(enc 县)"
    "/?q=$(enc 建设)"
    "/?q=$(enc 乡村振兴)"
)
echo "| page | requests/s | p50 | p99 | requests | errors |"
echo "|---|---:|---:|---:|---:|---:|"
for path in "${pages[@]}"; do
    name=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$path")
    [ -n "$only" ] && [[ "$name" != *"$only"* ]] && continue
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path" || true)
    if [ "$code" != 200 ]; then
        echo "| \`$name\` | (HTTP $code alone: not loaded) | | | | |"
        continue
    fi
    out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s --latency "http://127.0.0.1:$port$path")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    total=$(awk '/requests in/ {print $1}' <<<"$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
    sockerr=$(grep -c 'Socket errors:' <<<"$out" || true)
    echo "| \`$name\` | $rps | $p50 | $p99 | $total | ${non2xx:-0}$([ "$sockerr" != 0 ] && echo ' (socket errors)') |"
done
