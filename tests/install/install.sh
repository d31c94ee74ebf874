#!/usr/bin/env bash
# install.sh BUILD SRC: cmake --install into a DESTDIR, then the installed dafu at
# work in a folder outside the source tree (hidden from it when the system lets
# us: unshare -m): import of the sample letters, search, serve on port 0 answering
# one request through the installed dafu-serve, the installed SQLite extension.
# Then the files where Debian looks for them: the manual pages (one per command,
# rendered by man without warnings, naming every option --help names), the bash
# completion, the service unit (and systemd-analyze verify on an install with
# --prefix, when systemd-analyze is there).
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d /tmp/dafu-install.XXXXXX)
pid=
cleanup() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "install.sh: $*" >&2
    exit 1
}

dest=$work/dest
DESTDIR=$dest cmake --install "$build" --prefix /usr >"$work/install.log" ||
    fail "cmake --install failed: $(cat "$work/install.log")"
p=$dest/usr
for f in bin/dafu libexec/dafu/dafu-serve share/bash-completion/completions/dafu \
    lib/systemd/system/dafu.service share/man/man1/dafu.1.gz; do
    [[ -f $p/$f ]] || fail "not installed: $p/$f"
done
ext=$(find "$p/lib" -path '*/dafu/libdafu_fts.so')
[[ -n $ext ]] || fail "libdafu_fts.so is not installed under $p/lib/.../dafu/"
# Nothing else: no file outside the prefix, no test or generator program.
extra=$(cd "$dest" && find . -type f | grep -v '^\./usr/' || true)
[[ -z $extra ]] || fail "installed outside the prefix: $extra"
[[ $(find "$p/bin" "$p/libexec" -type f | wc -l) == 2 ]] || fail "unexpected programs: $(find "$p/bin" "$p/libexec" -type f)"

# The installed dafu, run outside the source tree with a clean environment.
mkdir "$work/run"
cp -r "$src/tests/letters" "$work/run/letters"
cat >"$work/run/script.sh" <<'EOF'
set -euo pipefail
p=$1 ext=$2
cd "$(dirname "$0")"
dafu=$p/bin/dafu
"$dafu" --version | grep -Eq '^dafu [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{12}|unknown);' ||
    { echo "bad --version: $("$dafu" --version)"; exit 1; }
"$dafu" import letters >import.out 2>import.err || { cat import.err; exit 1; }
"$dafu" search --format jsonl 乡村振兴 >search.jsonl
n=$(wc -l <search.jsonl)
[[ $n -gt 0 ]] || { echo "search found nothing"; exit 1; }
[[ $("$dafu" search --count 乡村振兴) == "$n" ]] || { echo "search --count disagrees"; exit 1; }
"$dafu" serve --port 0 2>serve.err &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    grep -q 'on http://' serve.err && break
    sleep 0.1
done
port=$(sed -n 's|.*on http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.err)
[[ -n $port ]] || { echo "serve did not start: $(cat serve.err)"; exit 1; }
exe=$(readlink "/proc/$pid/exe")
[[ $exe == "$(realpath "$p/libexec/dafu/dafu-serve")" ]] || { echo "serve runs '$exe'"; exit 1; }
total=$(python3 -c '
import json, sys, urllib.request
with urllib.request.urlopen("http://127.0.0.1:%s/api/search?q=%%E4%%B9%%A1%%E6%%9D%%91%%E6%%8C%%AF%%E5%%85%%B4" % sys.argv[1]) as r:
    print(json.load(r)["total"])' "$port")
[[ $total == "$n" ]] || { echo "serve answered total $total, search found $n"; exit 1; }
kill "$pid"
wait "$pid" || { echo "serve did not stop cleanly"; exit 1; }
trap - EXIT
if command -v sqlite3 >/dev/null; then
    m=$(sqlite3 dafu.db ".load ${ext%.so}" \
        "SELECT count(*) FROM reply_fts WHERE reply_fts MATCH '\"乡村振兴\"'")
    [[ $m == "$n" ]] || { echo "the installed extension finds $m, search $n"; exit 1; }
else
    echo "install.sh: no sqlite3 shell: the extension is not loaded"
fi
echo "installed dafu: imported, searched ($n hits), served one request"
EOF
run=(env -i PATH=/usr/bin:/bin HOME="$work" LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1
    bash "$work/run/script.sh" "$p" "$ext")
hide="mount -t tmpfs none '$src'"
[[ $build == "$src"/* ]] || hide="$hide && mount -t tmpfs none '$build'"
if unshare -m --propagation private true 2>/dev/null; then
    echo "install.sh: the source tree and the build folder are hidden from the installed dafu"
    unshare -m --propagation private bash -c "$hide && [ ! -e '$src/CMakeLists.txt' ] && \"\$@\"" \
        hide "${run[@]}" || fail "the installed dafu failed (above)"
else
    echo "install.sh: unshare -m is not allowed here: the source tree stays visible"
    "${run[@]}" || fail "the installed dafu failed (above)"
fi

# Manual pages: one per command, rendered without warnings, naming every option.
dafu=$p/bin/dafu
cmds=$("$dafu" --help | sed -n '/^Commands:$/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[[ -n $cmds ]] || fail "dafu --help lists no commands"
have_man=$(command -v man || true)
[[ -n $have_man ]] || echo "install.sh: no man: pages are checked for presence only"
for c in "" $cmds; do
    page=$p/share/man/man1/dafu${c:+-$c}.1.gz
    [[ -f $page ]] || fail "no manual page $page"
    [[ -n $have_man ]] || continue
    warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    [[ -z $warn ]] || fail "man warns on $page: $warn"
    text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null | col -b)
    for o in $("$dafu" $c --help | grep -oE -- '--[a-z][a-z-]*' | sort -u); do
        grep -qF -- "$o" <<<"$text" || fail "$page does not name $o, which dafu $c --help does"
    done
done
n=$(ls "$p/share/man/man1" | wc -l)
[[ $n == $(($(wc -w <<<"$cmds") + 1)) ]] || fail "$n manual pages for $(wc -w <<<"$cmds") commands"

# The completion is the one the build tests (tests/install/completion.sh): here,
# only that it loads and completes.
got=$(bash -c 'source "$1"; COMP_WORDS=(dafu sea); COMP_CWORD=1; _dafu; echo "${COMPREPLY[*]}"' \
    x "$p/share/bash-completion/completions/dafu")
[[ $got == search ]] || fail "installed completion gives '$got' for 'dafu sea'"
# bash-completion finds it where it looks (XDG_DATA_DIRS, here pointing into DESTDIR).
if [[ -f /usr/share/bash-completion/bash_completion ]]; then
    got=$(XDG_DATA_DIRS=$p/share BASH_COMPLETION_USER_DIR=$work/none bash -c '
        source /usr/share/bash-completion/bash_completion
        __load_completion dafu && complete -p dafu')
    [[ $got == "complete -F _dafu dafu" ]] || fail "bash-completion does not load it: '$got'"
    echo "install.sh: bash-completion loads the completion from share/bash-completion/completions"
else
    echo "install.sh: no bash-completion: its loader is not tried"
fi

# The unit: installed with --prefix, so that its ExecStart exists for the check.
grep -qx "ExecStart=/usr/bin/dafu serve .*" "$p/lib/systemd/system/dafu.service" ||
    fail "the unit does not run /usr/bin/dafu"
if command -v systemd-analyze >/dev/null; then
    cmake --install "$build" --prefix "$work/prefix" >/dev/null
    grep -qx "ExecStart=$work/prefix/bin/dafu serve .*" "$work/prefix/lib/systemd/system/dafu.service" ||
        fail "the unit installed with --prefix does not run the dafu beside it"
    out=$(MANPATH=$work/prefix/share/man systemd-analyze verify \
        "$work/prefix/lib/systemd/system/dafu.service" 2>&1) ||
        fail "systemd-analyze verify: $out"
    [[ -z $out ]] || fail "systemd-analyze verify says: $out"
    echo "install.sh: systemd-analyze verify accepts the unit"
else
    echo "install.sh: no systemd-analyze: the unit is not verified"
fi
echo "install.sh: ok"
