#!/bin/sh
# make serve-demo: the bare bundled server on 127.0.0.1:8080 with the
# demo shop, for curl or the CLI.
# Usage: tools/demo.sh path/to/inventui
# INVENTUI_DEMO_DIR and INVENTUI_DEMO_LISTEN override where and on what:
#   make serve-demo INVENTUI_DEMO_LISTEN=127.0.0.1:8081
# (port 0: any free port, which the server prints).
#
# The data dir is the one `inventui --demo` keeps (same shop, same demo
# password). Both hold DIR/lock while they run, so the two never serve the
# same data at once and `--demo-reset` never removes it from under this one.
set -eu
bin=${1:-build/inventui}
dir=${INVENTUI_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/inventui/demo}
listen=${INVENTUI_DEMO_LISTEN:-127.0.0.1:8080}
umask 077 # the data dir and all in it are private
mkdir -p "$dir"
if command -v flock >/dev/null 2>&1; then
    # Held on fd 9, which the server inherits: the lock lasts as long as
    # the server, and the server is this script's own child (so a signal
    # to stop it reaches it, not a flock(1) in between).
    exec 9>>"$dir/lock"
    if ! flock -n 9; then
        echo "demo: another inventui is using $dir; quit it first" >&2
        exit 1
    fi
fi
echo "demo: data in $dir (delete it to start afresh); stop with Ctrl-C"
echo "demo: API docs at http://$listen/docs"
echo "demo: from another terminal: $bin --api http://$listen login --username demo@inventui.local"
# Not exec: when the server cannot start (most often because something
# else has the port) this script says how to pick another. Ctrl-C stops
# the server as before; the script waits for it to finish its requests.
"$bin" serve --listen "$listen" --data-dir "$dir" --seed-demo &
pid=$!
stopping=
trap 'stopping=1; kill -TERM "$pid" 2>/dev/null' INT TERM
status=0
wait "$pid" || status=$?
if [ -n "$stopping" ]; then
    wait "$pid" 2>/dev/null || : # a trapped signal ends the first wait early
    exit 0
fi
if [ "$status" -ne 0 ]; then
    echo "demo: the server stopped with status $status. If it could not listen on $listen" >&2
    echo "demo: because the port is taken, pick another address:" >&2
    echo "demo:   make serve-demo INVENTUI_DEMO_LISTEN=127.0.0.1:8081" >&2
    echo "demo: (or INVENTUI_DEMO_LISTEN=127.0.0.1:0 for any free port; the server prints it)" >&2
fi
exit "$status"
