#!/bin/sh
# make install-check (part of make test): `make install DESTDIR=tmp
# PREFIX=/usr` puts the binary, the man page, the example config and the
# themes where they belong, the installed binary and man page work, and
# `make uninstall` takes every file away again. The man page must render
# without a warning (groff -ww, or mandoc -T lint; skipped, with a note,
# when neither is installed).
#
#   sh tests/install_check.sh MAKE BUILD
set -eu
make=${1:-make}
build=${2:-build}
dest=$(mktemp -d /tmp/inventui-install-XXXXXX)
trap 'rm -rf "$dest"' EXIT INT TERM
fail() { echo "install-check: $*" >&2; exit 1; }

# The man page, as it is in the tree.
if command -v groff >/dev/null 2>&1; then
    out=$(groff -man -ww -z inventui.1 2>&1) || fail "groff failed: $out"
    [ -z "$out" ] || fail "inventui.1 renders with warnings:
$out"
elif command -v mandoc >/dev/null 2>&1; then
    out=$(mandoc -T lint -W warning inventui.1 2>&1) ||
        fail "inventui.1 has lint warnings:
$out"
else
    echo "install-check: neither groff nor mandoc: the man page is not linted"
fi

$make -s install DESTDIR="$dest" PREFIX=/usr BUILD="$build" > "$dest.log" 2>&1 ||
    { cat "$dest.log" >&2; rm -f "$dest.log"; fail "make install failed"; }
rm -f "$dest.log"

[ -x "$dest/usr/bin/inventui" ] || fail "no /usr/bin/inventui"
"$dest/usr/bin/inventui" --version | grep -q '^inventui ' ||
    fail "the installed binary does not run"
man1="$dest/usr/share/man/man1/inventui.1"
[ -f "$man1" ] || fail "no man page in /usr/share/man/man1"
[ "$(stat -c %a "$man1")" = 644 ] || fail "the man page is not 0644"
grep -q '/usr/share/inventui/themes' "$man1" ||
    fail "the installed man page does not name /usr/share/inventui"
! grep -q '/usr/local' "$man1" || fail "the installed man page names /usr/local"
[ -f "$dest/usr/share/inventui/inventui.conf.example" ] ||
    fail "no inventui.conf.example in /usr/share/inventui"
[ -d "$dest/usr/share/inventui/themes" ] || fail "no themes directory"
for t in themes/*.theme; do
    [ -e "$t" ] || continue
    cmp -s "$t" "$dest/usr/share/inventui/themes/$(basename "$t")" ||
        fail "$t is not installed"
done
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -l "$man1" 2>&1 | grep -q 'inventui' ||
        fail "man -l does not show the installed page"
fi

$make -s uninstall DESTDIR="$dest" PREFIX=/usr BUILD="$build" > /dev/null
left=$(find "$dest" -type f)
[ -z "$left" ] || fail "make uninstall left:
$left"
echo "install-check: make install and uninstall, man page: ok"
