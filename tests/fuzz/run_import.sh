#!/usr/bin/env bash
# Builds the import fuzz targets with clang (libFuzzer + ASan + UBSan) in their
# own folder and runs each for SECONDS (default 60), seeded with the sample
# letters and the import fixtures. Crashes are left in the build folder as
# crash-* files, and the script exits non-zero.
# Usage: tests/fuzz/run_import.sh [SECONDS] [BUILD_DIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
build=${2:-$src/build-fuzz}
command -v clang >/dev/null || { echo "skip: the fuzz targets need clang"; exit 77; }
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; (void)n; return 0; }\n' >"$probe/f.c"
if ! clang -fsanitize=fuzzer,address "$probe/f.c" -o "$probe/f" 2>/dev/null; then
    rm -rf "$probe"
    echo "skip: clang cannot link libFuzzer (Debian: apt-get install libclang-rt-dev)"
    exit 77
fi
rm -rf "$probe"
CC=clang cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DENABLE_FUZZ=ON \
      -DENABLE_ASAN=ON -DENABLE_UBSAN=ON -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link \
      -DDAFU_SANITIZER_TEST=OFF -DDAFU_WERROR=ON >/dev/null
cmake --build "$build" -j2 --target fuzz_import fuzz_json >/dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Seeds: each file with a leading byte for every name and encoding choice.
seeds=$build/fuzz-seeds
rm -rf "$seeds" && mkdir -p "$seeds/import" "$seeds/json"
for f in "$src"/tests/letters/*.txt "$src"/tests/import-fixtures/*.txt \
         "$src"/tests/import-fixtures/*.html "$src"/tests/import-fixtures/bad/*.txt; do
    for b in '\x00' '\x01' '\x02' '\x84' '\x88'; do
        { printf "$b"; head -c 16384 "$f"; } >"$seeds/import/$(basename "$f").$(printf %s "$b" | tr -dc 0-9)"
    done
done
for f in "$src"/tests/import-fixtures/*.json "$src"/tests/import-fixtures/bad/*.jsonl; do
    { printf '\x00'; cat "$f"; } >"$seeds/json/$(basename "$f").0"
    { printf '\x01'; cat "$f"; } >"$seeds/json/$(basename "$f").1"
done

status=0
for t in import json; do
    mkdir -p "$build/corpus-$t"
    echo "fuzz_$t: ${secs}s"
    (cd "$build" && ./tests/fuzz_$t -max_total_time="$secs" -max_len=65536 -timeout=10 \
        -print_final_stats=1 "corpus-$t" "$seeds/$t" 2>&1 | tail -12) || status=1
done
exit $status
