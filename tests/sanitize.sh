#!/usr/bin/env bash
# Rebuilds dafu with ASan + UBSan in its own folder and runs the whole suite there.
# Usage: sanitize.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DENABLE_ASAN=ON -DENABLE_UBSAN=ON \
      -DDAFU_SANITIZER_TEST=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j2
