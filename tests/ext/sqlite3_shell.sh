#!/usr/bin/env bash
# The loadable extension in the sqlite3 shell: an archive whose index uses the dafu
# tokenizer cannot even be searched without it; after `.load` the shell finds the
# same letters as `dafu search`, and dafu_snippet() and highlight() mark the hits.
# Skips (exit 77) when the sqlite3 shell is not installed.
# Usage: sqlite3_shell.sh MODULE DAFU LETTERS_DIR
set -u
module=$1
dafu=$2
letters=$3
if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "skip: the sqlite3 shell is not installed (Debian package sqlite3)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/dafu.db
export LC_ALL=C.UTF-8
"$dafu" import --db "$db" "$letters" >/dev/null 2>&1 || { echo "import failed"; exit 1; }
fail=0

# Without the extension the shell cannot use the index.
if out=$(sqlite3 "$db" "SELECT count(*) FROM reply_fts WHERE reply_fts MATCH '县'" 2>&1); then
    echo "searching without the extension worked: $out"
    fail=1
elif ! grep -q "no such tokenizer: dafu" <<<"$out"; then
    echo "unexpected error without the extension: $out"
    fail=1
fi

# With it: the same letters as dafu search, for 1-, 2- and 4-character, traditional,
# full-width and mixed queries.
for q in 县 茶叶 乡村振兴 产业链 縣 ０２１５ 2023年 '"乡村 振兴"'; do
    want=$("$dafu" search --db "$db" --format jsonl -- "$q" 2>/dev/null |
           sed -n 's/^{"id":\([0-9]*\),.*/\1/p' | sort -n | tr '\n' ' ')
    lit=${q//\"/\"\"}
    [ "${q:0:1}" = '"' ] || lit="\"$lit\""
    got=$(sqlite3 "$db" ".load $module" \
          "SELECT rowid FROM reply_fts WHERE reply_fts MATCH '${lit//\'/\'\'}' ORDER BY rowid" 2>&1 |
          tr '\n' ' ')
    if [ "$want" != "$got" ]; then
        echo "query $q: dafu search found [$want], the sqlite3 shell [$got]"
        fail=1
    fi
done

# The snippet function and FTS5's highlight() mark exactly the hit.
snip=$(sqlite3 "$db" ".load $module" \
       "SELECT dafu_snippet(reply_fts, '[', ']', '…', 40) FROM reply_fts
        WHERE reply_fts MATCH '\"乡村振兴\"' ORDER BY rowid LIMIT 1" 2>&1)
if [ "$(grep -o '\[[^]]*\]' <<<"$snip" | sort -u)" != "[乡村振兴]" ]; then
    echo "dafu_snippet: $snip"
    fail=1
fi
hl=$(sqlite3 "$db" ".load $module" \
     "SELECT highlight(reply_fts, 1, '[', ']') FROM reply_fts
      WHERE reply_fts MATCH 'title:\"振兴\"' ORDER BY rowid LIMIT 1" 2>&1)
if [ "$(grep -o '\[[^]]*\]' <<<"$hl" | sort -u)" != "[振兴]" ]; then
    echo "highlight: $hl"
    fail=1
fi
# dafu_rank ranks as FTS5's bm25() does, to the bit, in the order dafu search shows.
for q in 县 乡村振兴; do
    cmp=$(sqlite3 "$db" ".load $module" \
          "CREATE TEMP TABLE x AS SELECT bm25(reply_fts, 1, 10, 8, 5) AS a,
                  dafu_rank(reply_fts, 1, 10, 8, 5) AS b FROM reply_fts
           WHERE reply_fts MATCH '\"$q\"';
           SELECT count(*) || ' ' || sum(a = b) FROM x" 2>&1)
    n=${cmp%% *}
    if [ -z "$n" ] || [ "$n" = 0 ] || [ "$cmp" != "$n $n" ]; then
        echo "dafu_rank against bm25 for $q: $cmp (rows, equal ranks)"
        fail=1
    fi
done
want=$("$dafu" search --db "$db" --format jsonl --limit 5 -- 乡村振兴 2>/dev/null |
       sed -n 's/^{"id":\([0-9]*\),.*/\1/p' | tr '\n' ' ')
got=$(sqlite3 "$db" ".load $module" \
      "SELECT reply_fts.rowid FROM reply_fts JOIN reply r ON r.id = reply_fts.rowid
       WHERE reply_fts MATCH '\"乡村振兴\"'
       ORDER BY dafu_rank(reply_fts, 1, 10, 8, 5), r.date IS NULL, r.date DESC, r.id DESC
       LIMIT 5" 2>&1 | tr '\n' ' ')
if [ "$want" != "$got" ]; then
    echo "ranked 乡村振兴: dafu search [$want], the sqlite3 shell [$got]"
    fail=1
fi
[ $fail = 0 ] && echo "ok: the sqlite3 shell searches the archive with $(basename "$module")"
exit $fail
