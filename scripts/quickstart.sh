#!/usr/bin/env bash
# The README's first command: install, build, then show probectl at work. Live where root and BPF allow:
# the lab (two network namespaces, 5 % loss on port 5001) carries known traffic while probectl runs the
# TCP probes; otherwise a replay of a bundled recording.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent

probectl() { node dist/cli/main.js "$@"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo "$@"; else return 1; fi; }

if as_root bpftrace -e 'BEGIN { exit(); }' >/dev/null 2>&1; then
  echo "quickstart: live. probectl lab up (5 % loss on port 5001), then tcpretrans, tcpdrop and tcplife for 15 s while 'probectl lab traffic' runs, summarized."
  as_root node dist/cli/main.js lab up --loss 5 >/dev/null
  trap 'as_root node dist/cli/main.js lab down >/dev/null' EXIT
  events=$(mktemp -d)/events.jsonl
  as_root node dist/cli/main.js run tcpretrans tcpdrop tcplife --port 5001 --duration 15 --output "$events" &
  run_pid=$!
  # The traffic starts once every probe has said it is ready (probe.status "ready"), so none misses the start.
  ready=0
  for _ in $(seq 1 600); do
    ready=$(grep -c '"type":"probe.status".*"state":"ready"' "$events" 2>/dev/null || true)
    [ "${ready:-0}" -ge 3 ] && break
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ "${ready:-0}" -lt 3 ]; then
    echo "quickstart: only ${ready:-0} of 3 probes were ready after 60 s; see the probe.status lines in $events, and 'probectl doctor'." >&2
    kill -INT "$run_pid" 2>/dev/null || true
    wait "$run_pid" || true
    exit 1
  fi
  as_root node dist/cli/main.js lab traffic --connections 3 >/dev/null
  wait "$run_pid"
  probectl summarize "$events"
  echo "quickstart: what the lab's own nftables counter says it dropped (compare with probectl's NETFILTER_DROP count):"
  as_root node dist/cli/main.js lab status | grep nftables
  echo "quickstart: the same as JSON lines: sudo node dist/cli/main.js run tcpretrans tcpdrop tcplife opensnoop"
else
  echo "quickstart: no root or no BPF here — replaying a recording made with probectl's own programs instead."
  probectl replay recordings/tcpdrop/probectl --speed 1 --format table
fi
