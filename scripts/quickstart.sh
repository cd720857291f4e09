#!/usr/bin/env bash
# The README's first command: install, build, then show probectl at work — live where root and
# BPF allow (opensnoop traced for 10 seconds), else a replay of a bundled recording.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent

probectl=(node dist/src/cli/main.js)
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }

if as_root bpftrace -e 'BEGIN { exit(); }' >/dev/null 2>&1 && command -v opensnoop >/dev/null; then
  echo "quickstart: live — opensnoop (libbpf-tools) for 10 s, parsed by probectl into a table. Open some files meanwhile."
  ( sleep 2; cat /etc/hostname /nonexistent-file-for-the-demo >/dev/null 2>&1 || true ) &
  as_root timeout -s INT 10 stdbuf -oL opensnoop | "${probectl[@]}" parse opensnoop --format table
else
  echo "quickstart: no root or no BPF here — replaying a bundled recording instead."
  "${probectl[@]}" replay recordings/opensnoop/libbpf-default --speed 1 --format table
fi
