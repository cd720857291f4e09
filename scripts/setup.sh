#!/usr/bin/env bash
# Installs what probectl needs from Debian/Ubuntu packages: the tracing tools it drives, the lab's
# network tools, and Node.js where it is missing. Safe to run again. Needs root (uses sudo if not).
set -euo pipefail

packages=(
  bpftrace            # bpftrace and its tools (*.bt)
  bpfcc-tools         # BCC Python tools (tcpretrans-bpfcc, ...)
  python3-bpfcc
  libbpf-tools        # CO-RE tools (tcplife, opensnoop)
  iproute2 nftables   # the lab: network namespaces, veth, loss with counters
  clang llvm libbpf-dev bpftool  # build and load XDP programs: doctor's XDP attach test, the xdpcount loader (npm run build:native)
  procps kmod time    # ps/pgrep, modprobe, GNU time for the benchmarks
  faketime            # the clock-step tests: libfaketime steps the wall clock under a running probectl
  python3             # the benchmark's baseline reader
  prometheus victoria-metrics  # the metrics tests: a real Prometheus scrapes --metrics, a real VictoriaMetrics takes --push
  chromium            # the runbook tests open the HTML report in headless Chromium
  nats-server         # the publish and watch tests start their own JetStream server (never the system service)
  golang-go           # go tool pprof reads the profiles probectl writes (the profile tests)
  gcc libc6-dev       # the malloc live test compiles its workload (and a static binary) at test time
  openssh-client openssh-server  # the fleet tests: one sshd per namespace host
  sudo                # the fleet tests: a host whose login runs the probes through sudo -n
  ca-certificates
)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v apt-get >/dev/null; then
  echo "setup: this script needs apt-get (Debian or Ubuntu). Install these packages with your package manager: ${packages[*]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# BCC compiles its programs against kernel headers. Install the running kernel's own where the
# distribution has them; otherwise Debian's nearest (linux-headers-<arch>), which the BCC XDP
# loader's tests can use because it reads no kernel struct. doctor reports headers that do not
# match the running kernel, and `auto` never picks a struct-reading BCC tool behind them.
if ! ls /lib/modules/*/build/Makefile >/dev/null 2>&1; then
  [ "${#missing[@]}" -gt 0 ] || as_root apt-get update -qq
  for headers in "linux-headers-$(uname -r)" "linux-headers-$(dpkg --print-architecture)"; do
    if apt-cache show "$headers" >/dev/null 2>&1; then
      echo "setup: installing $headers"
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$headers" >/dev/null
      break
    fi
  done
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "setup: probectl needs Node.js 20 or newer; this machine has $(node --version). Install Node.js 20+ (e.g. from your distribution's backports or nodejs.org) and run this again." >&2
  exit 1
fi

# bpftrace and the tools read tracefs; a fresh machine may not have it mounted.
if [ -d /sys/kernel/tracing ] && ! mountpoint -q /sys/kernel/tracing; then as_root mount -t tracefs tracefs /sys/kernel/tracing || true; fi
if [ -d /sys/kernel/debug ] && ! mountpoint -q /sys/kernel/debug; then as_root mount -t debugfs debugfs /sys/kernel/debug || true; fi
echo "setup: done"
