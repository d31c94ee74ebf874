# Sourced by the golden cases that start `dafu serve` in the background.
#
# serve_wait FILE PID: waits until the server PID has written its "serving"
# line to FILE (its stderr), which it prints only once it listens, or has
# exited; then prints the port it named (nothing when it named none). It polls
# the file, up to 1,200 times 0.1 s, so a loaded machine only makes it slower:
# the shell may not even have created FILE yet when it starts.
serve_wait() {
    local i
    for i in $(seq 1200); do
        grep -qs '^dafu: serving .*/$' "$1" && break
        kill -0 "$2" 2>/dev/null || break
        sleep 0.1
    done
    sed -n 's#^dafu: serving .* on http://.*:\([0-9]*\)/$#\1#p' "$1" 2>/dev/null
}
