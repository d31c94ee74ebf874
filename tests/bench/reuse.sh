#!/bin/bash
# tests/bench/run --reuse-index: an index built outside the run is searched, never built
# again in its place, and --build-figures adds up the /usr/bin/time -v outputs of a build's
# parts (wall clock and CPU summed, the highest peak RSS); the raw text is that of the
# letters truth.jsonl lists.
# Usage: reuse.sh PYTHON DAFU HARNESS WORK
set -u
py=$1 dafu=$2 harness=$3 work=$4
run=$(dirname "$0")/run
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work" || exit 1
common=(--tools dafu,trigram --dafu "$dafu" --harness "$harness" --work "$work")
"$py" "$run" --smoke "${common[@]}" > "$work/1.out" 2>&1
rc=$?
[ $rc = 77 ] && { cat "$work/1.out"; exit 77; }
[ $rc = 0 ] || { cat "$work/1.out"; fail "the first smoke run exited $rc"; }
# the runs below reuse the smoke run's corpus (a smoke run generates it again)
args=(--corpus "$work/corpus-200-s1" --repeat 1 --inproc-repeat 1 "${common[@]}")
db=$work/index-200/dafu.db
before=$(stat -c '%i %Y %s' "$db") || exit 1
printf '\tCommand being timed: "dafu import"\n\tUser time (seconds): 1.25\n\tSystem time (seconds): 0.50\n\tElapsed (wall clock) time (h:mm:ss or m:ss): 0:02.50\n\tMaximum resident set size (kbytes): 30000\n' > "$work/a.time"
printf '\tUser time (seconds): 2.00\n\tSystem time (seconds): 0.25\n\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:00:01.50\n\tMaximum resident set size (kbytes): 40000\n' > "$work/b.time"
sleep 1.1  # a rebuilt archive would have a later mtime
# a letter truth.jsonl does not list is not the corpus's text
raw=$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["raw_bytes"])' "$work/results-200.json")
printf '县县县\n' > "$work/corpus-200-s1/letters/zz-stray.txt"
"$py" "$run" "${args[@]}" --reuse-index --build-figures "dafu=$work/a.time" \
    --build-figures "dafu=$work/b.time" > "$work/2.out" 2>&1 || { cat "$work/2.out"; fail "the run with --build-figures"; }
[ "$(stat -c '%i %Y %s' "$db")" = "$before" ] || fail "the archive was built again"
"$py" - "$work/results-200.json" "$raw" <<'PY' || fail "the build figures of --build-figures"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["raw_bytes"] == int(sys.argv[2]), (r["raw_bytes"], sys.argv[2])
b = r["build"]["dafu"]
want = {"seconds": 3604.0, "cpu_seconds": 4.0, "rss_kb": 40000}
got = {k: b[k] for k in want}
assert all(abs(got[k] - want[k]) < 1e-6 for k in want), got
assert len(b["parts"]) == 2 and b["size"] > 0, b
PY
# without figures nor results-200.builds.json: refused, and the archive is not built again
rm "$work/results-200.builds.json"
"$py" "$run" "${args[@]}" --reuse-index > "$work/3.out" 2>&1
[ $? = 2 ] || { cat "$work/3.out"; fail "the run without figures did not exit 2"; }
[ "$(stat -c '%i %Y %s' "$db")" = "$before" ] || fail "the archive was built again without figures"
grep -q "index-200/dafu.db has no figures of its build" "$work/3.out" || fail "no message naming the archive"
# --build-figures is refused without --reuse-index, and a file that is not time's output
"$py" "$run" "${args[@]}" --build-figures "dafu=$work/a.time" > "$work/4.out" 2>&1
[ $? = 2 ] && grep -q -- "--build-figures goes with --reuse-index" "$work/4.out" || fail "no --reuse-index accepted"
echo nothing > "$work/c.time"
"$py" "$run" "${args[@]}" --reuse-index --build-figures "dafu=$work/c.time" > "$work/5.out" 2>&1
[ $? = 2 ] && grep -q "is not the output of /usr/bin/time -v (no 'User time' line)" "$work/5.out" || fail "a bad file accepted"
[ "$(stat -c '%i %Y %s' "$db")" = "$before" ] || fail "the archive changed"
echo "reuse: ok"
