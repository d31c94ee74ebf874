#!/usr/bin/env bash
# The habits the build cannot check: every C source formatted as .clang-format
# says, and no #include that climbs out of its folder ("../"), which would get
# round the layers' include paths. Usage: lint.sh SOURCE_DIR
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
[ $status = 0 ] && echo "lint: ${#files[@]} files ok"
exit $status
