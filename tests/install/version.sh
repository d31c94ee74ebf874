#!/usr/bin/env bash
# version.sh DAFU SRC: dafu --version names the project's version and the commit
# the program was built from (rebuild after committing: the build computes it).
set -euo pipefail
dafu=$1
src=$2
got=$("$dafu" --version)
version=$(sed -n 's/^project(dafu VERSION \([0-9.]*\) .*/\1/p' "$src/CMakeLists.txt")
if [[ $(git -C "$src" rev-parse --show-toplevel 2>/dev/null) == "$(realpath "$src")" ]]; then
    commit=$(git -C "$src" rev-parse --short=12 HEAD)
else
    commit=unknown
fi
want="dafu $version (commit $commit; SQLite "
if [[ $got != "$want"* ]]; then
    echo "version.sh: dafu --version says '$got', want it to start with '$want'"
    exit 1
fi
echo "version.sh: ok: $got"
