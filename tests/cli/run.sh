#!/usr/bin/env bash
# Runs one CLI golden case: tests/cli/NNNN-name/ holds `cmd` (a shell script run
# in a fresh temporary folder with `dafu` on PATH), an optional `stdin`, and the
# expected `expected.out`, `expected.err` and `expected.rc` (absent = empty / 0).
# A case whose `requires` file says `shared` is skipped (exit 77) when ../shared is
# not beside the project, and one that says `pty` when no pseudo-terminal can be
# made, and one that says `reader` when no user without write access can be
# had. Paths in the output are written as $SRC and $SHARED.
#
# Usage: run.sh DAFU CASE_DIR         compare
#        DAFU_UPDATE=1 run.sh ...     rewrite the expected files from this run
set -u
dafu=$(realpath "$1")
case_dir=$(realpath "$2")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=$(realpath -m "${DAFU_SHARED:-$SRC/../shared}")
name=$(basename "$case_dir")

if [ -f "$case_dir/requires" ] && grep -qx shared "$case_dir/requires"; then
    if [ ! -d "$SHARED/seed" ]; then
        echo "skip: $name needs $SHARED (the shared letters), which is not present"
        exit 77
    fi
fi

if [ -f "$case_dir/requires" ] && grep -qx pty "$case_dir/requires"; then
    if ! script -qec true /dev/null >/dev/null 2>&1; then
        echo "skip: $name needs a pseudo-terminal (script(1)), which this machine cannot make"
        exit 77
    fi
fi

# `reader`: the case runs commands as a user who may read but not write (root
# drops to nobody with setpriv(1); any other user is already one).
if [ -f "$case_dir/requires" ] && grep -qx reader "$case_dir/requires"; then
    if [ "$(id -u)" = 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        echo "skip: $name needs setpriv(1) to run commands as nobody, which fails here"
        exit 77
    fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$dafu" "$work/bin/dafu"
cd "$work" || exit 2
export PATH="$work/bin:$PATH" SRC SHARED LETTERS="$SRC/tests/letters" LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1
unset DAFU_DB
stdin=/dev/null
[ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
bash "$case_dir/cmd" <"$stdin" >"$work/out" 2>"$work/err"
echo $? >"$work/rc"
for f in out err; do
    sed -i -e "s#$SHARED#\$SHARED#g" -e "s#$SRC#\$SRC#g" -e "s#$work#\$WORK#g" "$work/$f"
done

if [ -n "${DAFU_UPDATE:-}" ]; then
    for f in out err rc; do
        if [ -s "$work/$f" ] && ! { [ $f = rc ] && [ "$(cat "$work/rc")" = 0 ]; }; then
            cp "$work/$f" "$case_dir/expected.$f"
        else
            rm -f "$case_dir/expected.$f"
        fi
    done
    echo "updated $name"
    exit 0
fi

fail=0
for f in out err rc; do
    want="$case_dir/expected.$f"
    if [ -f "$want" ]; then
        cmp -s "$want" "$work/$f" || { echo "--- $name: $f differs (expected, got)"; diff "$want" "$work/$f" | head -40; fail=1; }
    elif [ $f = rc ]; then
        [ "$(cat "$work/rc")" = 0 ] || { echo "--- $name: exit status $(cat "$work/rc"), expected 0"; cat "$work/err" | head -20; fail=1; }
    elif [ -s "$work/$f" ]; then
        echo "--- $name: unexpected $f:"; head -20 "$work/$f"; fail=1
    fi
done
[ $fail = 0 ] && echo "ok $name"
exit $fail
