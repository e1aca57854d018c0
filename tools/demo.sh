#!/bin/sh
# Starts the bundled server on 127.0.0.1:8080 with a throw-away data dir.
# Usage: tools/demo.sh path/to/inventui
set -eu
bin=${1:-build/inventui}
dir=${INVENTUI_DEMO_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/inventui/demo}
listen=${INVENTUI_DEMO_LISTEN:-127.0.0.1:8080}
mkdir -p "$dir"
echo "demo: data in $dir; stop with Ctrl-C"
exec "$bin" serve --listen "$listen" --data-dir "$dir"
