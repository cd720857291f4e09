#!/usr/bin/env bash
# Builds the XDP counter's BPF object and its libbpf loader from bcc-tools/xdpcount/ into dist/native/ (never committed).
# With --if-possible, a machine without clang, bpftool or the libbpf headers skips the build, saying why, and exits 0;
# the live tests then skip (or fail under CI=true). scripts/setup.sh installs them: clang llvm libbpf-dev bpftool.
set -euo pipefail
cd "${0%/*}/.."
optional=0
[ "${1:-}" = "--if-possible" ] && optional=1
src=bcc-tools/xdpcount
out=dist/native

PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v clang >/dev/null || missing+=("clang (apt-get install clang llvm)")
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
