#!/bin/sh
# Installs the Debian packages inventui needs to build and test, by name.
# As root it runs apt-get itself; otherwise it prints the exact line to run.
# Nothing is downloaded from anywhere but the machine's Debian mirrors.
set -eu

# package:kind:name that proves it is there; kind is cmd (a command),
# pc (a pkg-config name) or clangrt (a clang runtime library, e.g. the
# libFuzzer one `make fuzz` and `make test` link: clang -print-file-name
# gives its path only when the file is there)
need="
build-essential:cmd:cc
make:cmd:make
pkg-config:cmd:pkg-config
libncurses-dev:pc:ncursesw
libcurl4-openssl-dev:pc:libcurl
libcjson-dev:pc:libcjson
libjwt-dev:pc:libjwt
check:pc:check
libmicrohttpd-dev:pc:libmicrohttpd
libinih-dev:pc:inih
libvterm-dev:pc:vterm
libsqlite3-dev:pc:sqlite3
libssl-dev:pc:openssl
curl:cmd:curl
openssl:cmd:openssl
clang:cmd:clang
libclang-rt-14-dev:clangrt:libclang_rt.fuzzer
"
# wrk is only needed by `make bench`; it is asked for there.
[ "${INVENTUI_BOOTSTRAP_BENCH:-0}" = 1 ] && need="$need wrk:cmd:wrk"

missing=""
for entry in $need; do
    pkg=${entry%%:*}
    rest=${entry#*:}
    kind=${rest%%:*}
    name=${rest#*:}
    case $kind in
        cmd) command -v "$name" >/dev/null 2>&1 && continue ;;
        pc)  command -v pkg-config >/dev/null 2>&1 &&
             pkg-config --exists "$name" 2>/dev/null && continue ;;
        clangrt)
            lib=$(clang -print-file-name="$name-$(uname -m).a" 2>/dev/null) &&
                [ -f "$lib" ] && continue ;;
    esac
    missing="$missing $pkg"
done

[ -z "$missing" ] && exit 0

echo "bootstrap: missing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "bootstrap: run this as root, then try again:"
        echo "    apt-get update && apt-get install -y$missing"
        exit 1
    fi
else
    SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $missing ||
    { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends $missing; }
