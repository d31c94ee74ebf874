#!/usr/bin/env bash
# version.sh DAFU SRC BUILD: dafu --version names the project's version and the git
# commit the build computed (BUILD/version_commit.c), which is a commit of SRC's
# repository; and the computation (dist/version.cmake, run at every build) gives
# HEAD in the repository now, and "unknown" outside git.
set -euo pipefail
dafu=$1
src=$(realpath "$2")
build=$(realpath "$3")
work=$(mktemp -d /tmp/dafu-version.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "version.sh: $*" >&2
    exit 1
}
commit_of() { sed -n 's/^const char dafu_commit\[\] = "\(.*\)";$/\1/p' "$1"; }

in_git=
[[ $(git -C "$src" rev-parse --show-toplevel 2>/dev/null) == "$src" ]] && in_git=1
built=$(commit_of "$build/version_commit.c")
[[ -n $built ]] || fail "no commit in $build/version_commit.c"
if [[ -n $in_git ]]; then
    git -C "$src" cat-file -e "$built^{commit}" 2>/dev/null ||
        fail "the build names '$built', no commit of $src"
    [[ ${#built} == 12 ]] || fail "'$built' is not 12 hex digits"
else
    [[ $built == unknown ]] || fail "outside git the build names '$built'"
fi
version=$(sed -n 's/^project(dafu VERSION \([0-9.]*\) .*/\1/p' "$src/CMakeLists.txt")
got=$("$dafu" --version)
want="dafu $version (commit $built; SQLite "
[[ $got == "$want"* ]] || fail "dafu --version says '$got', want it to start with '$want'"

# The computation as the build runs it: HEAD now; unknown in a folder outside git
# (also one inside another repository).
cmake -DSRC="$src" -DOUT="$work/head.c" -P "$src/dist/version.cmake"
if [[ -n $in_git ]]; then
    head=$(git -C "$src" rev-parse --short=12 HEAD)
    [[ $(commit_of "$work/head.c") == "$head" ]] || fail "version.cmake gives '$(commit_of "$work/head.c")', HEAD is $head"
fi
mkdir -p "$work/repo/plain"
git -C "$work/repo" init -q
cmake -DSRC="$work/repo/plain" -DOUT="$work/plain.c" -P "$src/dist/version.cmake"
[[ $(commit_of "$work/plain.c") == unknown ]] || fail "outside git version.cmake gives '$(commit_of "$work/plain.c")'"
echo "version.sh: ok: $got"
