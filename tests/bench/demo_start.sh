#!/bin/sh
# How fast the in-process demo server starts (tests/bench/demo_start.c):
# builds build/libinventui.a, links the program against it, runs it.
# Usage: sh tests/bench/demo_start.sh [RUNS]   (default 5; KEEP=1 keeps
# the temporary data dir, whose path it prints)
set -eu
cd "$(dirname "$0")/../.."
make -s build/libinventui.a
pkgs="libcurl libcjson libjwt libmicrohttpd inih sqlite3 openssl ncursesw"
cc -std=c11 -O2 -g -D_GNU_SOURCE -Isrc -pthread $(pkg-config --cflags $pkgs) \
    -o build/bench_demo_start tests/bench/demo_start.c build/libinventui.a \
    $(pkg-config --libs $pkgs)
exec build/bench_demo_start "${1:-5}"
