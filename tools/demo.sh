#!/bin/sh
# make demo: the bundled server on 127.0.0.1:8080 with the demo shop.
# Usage: tools/demo.sh path/to/inventui
# INVENTUI_DEMO_DIR and INVENTUI_DEMO_LISTEN override where and on what.
set -eu
bin=${1:-build/inventui}
dir=${INVENTUI_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/inventui/demo}
listen=${INVENTUI_DEMO_LISTEN:-127.0.0.1:8080}
echo "demo: data in $dir (delete it to start afresh); stop with Ctrl-C"
echo "demo: API docs at http://$listen/docs"
echo "demo: from another terminal: $bin --api http://$listen login --username demo@inventui.local"
exec "$bin" serve --listen "$listen" --data-dir "$dir" --seed-demo
