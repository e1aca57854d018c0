#!/bin/sh
# make serve-demo: the bare bundled server on 127.0.0.1:8080 with the
# demo shop, for curl or the CLI.
# Usage: tools/demo.sh path/to/inventui
# INVENTUI_DEMO_DIR and INVENTUI_DEMO_LISTEN override where and on what.
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
set --
if command -v flock >/dev/null 2>&1; then
    if ! flock -n "$dir/lock" true; then
        echo "demo: another inventui is using $dir; quit it first" >&2
        exit 1
    fi
    set -- flock -n "$dir/lock"
fi
echo "demo: data in $dir (delete it to start afresh); stop with Ctrl-C"
echo "demo: API docs at http://$listen/docs"
echo "demo: from another terminal: $bin --api http://$listen login --username demo@inventui.local"
exec "$@" "$bin" serve --listen "$listen" --data-dir "$dir" --seed-demo
