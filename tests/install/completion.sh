#!/usr/bin/env bash
# completion.sh COMPLETION: the bash completion the build writes from dafu --help,
# asked as bash asks it (COMP_WORDS, COMP_CWORD, then _dafu), for exact candidates.
set -euo pipefail
script=$(realpath "$1")
work=$(mktemp -d /tmp/dafu-completion.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/letters/2023" "$work/other dir"
touch "$work/letters/a.txt" "$work/letters/b.html" "$work/archive.db" "$work/archive.db-wal"
cd "$work"
fails=0

# expect_line WORD... CANDIDATES: the words of the line as bash splits them (the
# last one is completed; "" when empty), then the candidates sorted, space-separated.
expect_line() {
    local words=("$@")
    local want=${words[-1]}
    unset 'words[-1]'
    local got
    got=$(bash -c '
        source "$1"
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        _dafu
        printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd" "' x "$script" "${words[@]}")
    if [[ $got != "$want" ]]; then
        echo "FAIL: '${words[*]}': got '$got', want '$want'"
        fails=$((fails + 1))
    fi
}

# Commands, and help's argument.
expect_line dafu "" "--help --version boilerplate check delegates departments export help import search serve show similar stats"
expect_line dafu se "search serve"
expect_line dafu help d "delegates departments"
expect_line dafu help search "" ""
expect_line dafu nosuch --f ""
# Options of each command.
expect_line dafu import -- "--db --dry-run --encoding --help --strict --verbose"
expect_line dafu check "" ""
expect_line dafu check - "--db --help"
expect_line dafu export --f "--format"
expect_line dafu serve -- "--bind --db --help --per-ip --port --step-limit --threads --time-limit"
expect_line dafu search --d "--db --delegate --department"
expect_line dafu search 教育 --c "--category --count"
expect_line dafu stats --f "--format --from"
expect_line dafu delegates --l "--limit"
# Option values with fixed choices, as --opt VALUE and --opt=VALUE.
expect_line dafu search --format "" "csv json jsonl table"
expect_line dafu search --format j "json jsonl"
expect_line dafu export --format "" "csv json jsonl"
expect_line dafu show 1 --format "" "json text"
expect_line dafu search --kind "" "建议 提案 议案"
expect_line dafu departments --body "" "人大 党代会 政协"
expect_line dafu search --sort "" "date number rank"
expect_line dafu search --category "" "A B C"
expect_line dafu search --sort = "" "date number rank"
expect_line dafu search --sort = d "date"
expect_line dafu search --format=js "--format=json --format=jsonl"
# Values without choices: nothing offered, not options nor files.
expect_line dafu search --number "" ""
expect_line dafu serve --port "" ""
expect_line dafu import --encoding "" ""
# File names where a path is taken: --db, and import's arguments.
expect_line dafu search --db arch "archive.db archive.db-wal"
expect_line dafu check --db=arch "--db=archive.db --db=archive.db-wal"
expect_line dafu import letters/ "letters/2023 letters/a.txt letters/b.html"
expect_line dafu import --strict oth "other dir"
expect_line dafu import -- --d ""
# A query is no path: nothing offered.
expect_line dafu search arch ""

if ((fails)); then
    echo "completion.sh: $fails failed"
    exit 1
fi
echo "completion.sh: ok"
