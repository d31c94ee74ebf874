#!/usr/bin/env bash
# The habits the build cannot check: every C source formatted as .clang-format
# says, no #include that climbs out of its folder ("../"), which would get
# round the layers' include paths, and no C source under src/ or import/ over
# 1000 lines (a file that grows past that holds more than one concern: split it).
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
[ $status = 0 ] && echo "lint: ${#files[@]} files ok"
exit $status
