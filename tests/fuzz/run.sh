#!/usr/bin/env bash
# Builds the letter parser's libFuzzer target with clang (ASan + UBSan) in its own
# build folder and runs it for SECONDS (default 30), seeded with the fixture letters.
# Exits non-zero when the fuzzer finds a crash, a leak or a timeout; the input that
# caused it is left in the build folder (crash-*, leak-*, timeout-*).
#
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-30}
build=${2:-$src/build-fuzz}
cc=${CC:-clang}
if ! command -v "$cc" >/dev/null; then
    echo "skip: $cc not found; the fuzz target needs clang" >&2
    exit 77
fi
# clang builds with the same warnings as errors as the gcc build.
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
      -DENABLE_FUZZ=ON -DDAFU_SANITIZER_TEST=OFF -DDAFU_WERROR=ON >/dev/null
cmake --build "$build" -j2 --target fuzz_parse >/dev/null
corpus=$build/fuzz-corpus
mkdir -p "$corpus"
cp "$src"/tests/letters/*.txt "$corpus"/
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
./tests/fuzz_parse -max_total_time="$seconds" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -dict="$src/tests/fuzz/letter.dict" -print_final_stats=1 "$corpus"
