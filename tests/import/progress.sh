#!/usr/bin/env bash
# Progress: on a terminal, an import longer than a second shows a progress line
# (files, MB, rate, time left) on stderr, cleared before the one-line summary;
# when stderr is not a terminal there is only the summary.
# Usage: progress.sh DAFU    (exit 77 = skipped)
set -u
dafu=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
command -v script >/dev/null || { echo "skip: no 'script' command to give dafu a terminal"; exit 77; }
script -qec true /dev/null >/dev/null 2>&1 || { echo "skip: 'script' cannot make a pseudo-terminal here"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
python3 "$here/gen_letters.py" 3000 in || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$dafu" import --db plain.db in 2>plain.err
[ "$(wc -l <plain.err)" = 1 ] || { cat -v plain.err; fail "more than the summary without a terminal"; }
grep -q $'\r' plain.err && fail "a carriage return without a terminal"

start=$(date +%s.%N)
script -qec "'$dafu' import --db tty.db in" /dev/null >tty.out
took=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
summary=$(tr '\r' '\n' <tty.out | grep -a 'files: 3000 new' | sed 's/\x1b\[K//g')
[ "$summary" = "dafu: 3000 files: 3000 new, 0 updated, 0 unchanged, 0 failed" ] ||
    { cat -v tty.out | tail -3; fail "no summary on the terminal"; }
if python3 -c "import sys; sys.exit(0 if $took >= 1.5 else 1)"; then
    line=$(tr '\r' '\n' <tty.out | grep -a -m1 ' of 3000 files, ')
    [ -n "$line" ] || { cat -v tty.out | tail -3; fail "no progress line in ${took}s"; }
    echo "$line" | grep -Eq '^dafu: [0-9]+ of 3000 files, [0-9.]+ of [0-9.]+ MB, [0-9.]+ MB/s, [0-9]+:[0-9]{2} left' ||
        fail "progress line: $line"
    echo "progress line seen, e.g.: $(echo "$line" | sed 's/\x1b\[K//g')"
else
    echo "the import took only ${took}s: progress line not required"
fi
echo "ok"
