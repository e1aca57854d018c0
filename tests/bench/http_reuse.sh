#!/bin/sh
# Times N (default 100) sequential GET /health through one struct api
# against a local `inventui serve`: the figure for connection reuse.
#
#   sh tests/bench/http_reuse.sh [BUILD_DIR] [N]     (BUILD_DIR: build)
#
# Builds tests/bench/http_reuse.c against BUILD_DIR/libinventui.a (run
# `make` first). Not part of make test: the numbers depend on the machine.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
n=${2:-100}
dir=$(mktemp -d /tmp/inventui-reuse-XXXXXX)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

pkgs="libcurl libcjson libjwt libmicrohttpd inih sqlite3 openssl ncursesw panelw formw menuw"
# shellcheck disable=SC2046
cc -std=c11 -O2 -D_GNU_SOURCE -I"$root/src" $(pkg-config --cflags $pkgs) -pthread \
    -o "$dir/http_reuse" "$here/http_reuse.c" "$build/libinventui.a" \
    $(pkg-config --libs $pkgs)

printf '[server]\nrate_limit = 0\n' > "$dir/s.conf"
"$build/inventui" serve --listen 127.0.0.1:0 --data-dir "$dir/data" --config "$dir/s.conf" \
    > "$dir/server.out" 2> /dev/null &
server_pid=$!
i=0
until grep -q 'listening on' "$dir/server.out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 200 ] && { echo "http_reuse: server did not start"; exit 1; }
    sleep 0.05
done
base=$(sed -n 's/.*listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$dir/server.out")
XDG_CACHE_HOME="$dir/cache" "$dir/http_reuse" "$base" "$n" /health
