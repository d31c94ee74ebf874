#!/usr/bin/env bash
# The habits the build cannot check: every C source formatted as .clang-format
# says, no #include that climbs out of its folder ("../"), which would get
# round the layers' include paths, and no C source under src/ or import/ over
# 1000 lines (a file that grows past that holds more than one concern: split it),
# and no two golden CLI folders with the same number.
# Usage: lint.sh SOURCE_DIR
set -u
cd "$1" || exit 2
status=0
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find src import tests -name '*.[ch]')
if command -v clang-format >/dev/null; then
    if ! clang-format --dry-run -Werror "${files[@]}"; then
        echo "lint: not formatted as .clang-format says (run clang-format -i on the files above)"
        status=1
    fi
else
    echo "lint: clang-format is not installed; formatting not checked"
fi
if grep -n '#include "\.\./' "${files[@]}"; then
    echo "lint: an #include climbs out of its folder; spell the layer instead (\"store/db.h\")"
    status=1
fi
for f in "${files[@]}"; do
    case $f in
    src/* | import/*)
        n=$(wc -l <"$f")
        if [ "$n" -gt 1000 ]; then
            echo "lint: $f is $n lines, over 1000; split it by concern"
            status=1
        fi
        ;;
    esac
done
# Golden CLI cases are named by number (tests/cli/NNNN-name): two folders with one
# number make the numbering ambiguous, and the ordering of the cases with it.
dups=$(for d in tests/cli/[0-9]*/; do d=${d%/}; d=${d##*/}; echo "${d%%-*}"; done | sort | uniq -d)
for n in $dups; do
    echo "lint: golden folders share the number $n:" tests/cli/"$n"-*
    status=1
done
[ $status = 0 ] && echo "lint: ${#files[@]} files ok"
exit $status
