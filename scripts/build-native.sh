#!/usr/bin/env bash
# Builds probectl's native helpers into dist/native/ (never committed): the backend launcher (native/launcher.c, needs
# clang) and the XDP counter's BPF object and libbpf loader from bcc-tools/xdpcount/ (needs clang, bpftool, libbpf-dev).
# With --if-possible, a machine without them skips what it cannot build, saying why, and exits 0: probectl then starts
# backends through setpriv (default stdout buffer, docs/architecture.md) and the xdpcount live tests skip (or fail
# under CI=true). scripts/setup.sh installs them: clang llvm libbpf-dev bpftool.
set -euo pipefail
cd "${0%/*}/.."
optional=0
[ "${1:-}" = "--if-possible" ] && optional=1
src=bcc-tools/xdpcount
out=dist/native

PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v clang >/dev/null || missing+=("clang (apt-get install clang llvm)")

if [ "${#missing[@]}" -eq 0 ]; then
  mkdir -p "$out"
  clang -O2 -g -Wall -Wextra native/launcher.c -o "$out/launcher.tmp"
  mv "$out/launcher.tmp" "$out/launcher"
  echo "build:native: built $out/launcher" >&2
else
  echo "build:native: not building the launcher: missing ${missing[*]}" >&2
fi

command -v bpftool >/dev/null || missing+=("bpftool (apt-get install bpftool)")
[ -f /usr/include/bpf/libbpf.h ] || missing+=("the libbpf headers (apt-get install libbpf-dev)")
if [ "${#missing[@]}" -gt 0 ]; then
  echo "build:native: not building the xdpcount loader: missing ${missing[*]}" >&2
  [ "$optional" = 1 ] && exit 0
  exit 1
fi

mkdir -p "$out/tmp"
arch_inc="/usr/include/$(uname -m)-linux-gnu"
clang -O2 -g -Wall -target bpf -I"$arch_inc" -c "$src/xdpcount.bpf.c" -o "$out/tmp/xdpcount.bpf.o"
bpftool gen skeleton "$out/tmp/xdpcount.bpf.o" name xdpcount_bpf > "$out/tmp/xdpcount.skel.h"
clang -O2 -g -Wall -Wextra -Wno-unused-parameter -I"$out/tmp" -I"$src" "$src/xdpcount.c" -lbpf -lelf -lz -o "$out/xdpcount.tmp"
mv "$out/xdpcount.tmp" "$out/xdpcount"
cp "$out/tmp/xdpcount.bpf.o" "$out/xdpcount.bpf.o"
rm -rf "$out/tmp"
echo "build:native: built $out/xdpcount" >&2
