#!/usr/bin/env python3
# xdpcount.py: the BCC loader of the XDP counter: attaches by netlink, prints counts every interval, detaches on every exit it can catch.
#
# usage: xdpcount.py --iface IF [--interval-ms N] [--mode auto|native|skb] [--class-mask M] [--exclude-dns] [--top N]
#
# A netlink XDP attach outlives the process that made it, so this loader detaches in a finally block
# on SIGINT, SIGTERM, SIGHUP, end of stdin (its parent died) and errors. SIGKILL cannot be caught: a
# program left behind that way is recognised at the next start (an XDP program named pctl_xdpcount
# that no process holds open) and removed, as `probectl doctor --fix` does. Any other program on the
# interface is refused, by id and name. Output: the layout bcc-v1 (docs/layouts.md), the same lines as
# the libbpf loader (xdpcount.c) after a ready line "PROBECTL xdpcount v1 bcc<TAB>iface=...".
# BCC compiles xdpcount_bcc.c at start against /lib/modules/$(uname -r)/build (kernel headers).
import argparse
import ctypes
import json
import os
import select
import signal
import socket
import subprocess
import sys
import time

PROG = "pctl_xdpcount"
XDP_FLAGS_UPDATE_IF_NOEXIST, XDP_FLAGS_SKB_MODE, XDP_FLAGS_DRV_MODE = 1 << 0, 1 << 1, 1 << 2
# Index = enum xdpcount_class in xdpcount.h (xdpcount-names.h holds the same table for the libbpf loader).
CLASSES = [("tcp", "4"), ("udp", "4"), ("icmp", "4"), ("other", "4"), ("tcp", "6"), ("udp", "6"), ("icmp", "6"), ("other", "6"),
           ("roce_v2", "4"), ("roce_v2", "6"), ("roce_v1", "-"), ("arp", "-"), ("other", "-")]
PROTOCOLS = {6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}
HERE = os.path.dirname(os.path.abspath(__file__))


def fail(code, message):
    sys.stderr.write("xdpcount: error: %s\n" % message)
    sys.exit(code)


def attached(iface):
    """(id, name, mode) of the XDP program on iface, or None."""
    out = subprocess.run(["ip", "-j", "link", "show", "dev", iface], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    xdp = (json.loads(out.stdout or "[]") or [{}])[0].get("xdp") or {}
    prog = xdp.get("prog")
    if not prog:
        return None
    return prog.get("id"), prog.get("name", ""), {1: "native", 2: "skb", 3: "hw"}.get(xdp.get("mode"), "multi")


def held_open(prog_id):
    """True when some process holds a descriptor of this program (a live loader, or a bpf_link)."""
    needle = "prog_id:\t%d\n" % prog_id
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            for fd in os.listdir("/proc/%s/fdinfo" % pid):
                with open("/proc/%s/fdinfo/%s" % (pid, fd)) as f:
                    if needle in f.read():
                        return True
        except OSError:
            continue
    return False


def refuse_or_clean(iface):
    found = attached(iface)
    if found is None:
        return
    prog_id, name, mode = found
    detail = "id %s, name %s, %s mode" % (prog_id, name or "(unnamed)", mode)
    if name != PROG:
        fail(3, "%s already has an XDP program attached (%s); nothing was attached. Detach it first if it is not needed" % (iface, detail))
    if held_open(prog_id):
        fail(3, "%s already has an XDP program attached (%s): another probectl xdpcount is counting there" % (iface, detail))
    off = {"native": "xdpdrv", "skb": "xdpgeneric", "hw": "xdpoffload"}.get(mode, "xdp")
    if subprocess.run(["ip", "link", "set", "dev", iface, off, "off"], capture_output=True).returncode != 0:
        fail(3, "%s has a stale probectl xdpcount (%s) that could not be detached; try 'probectl doctor --fix'" % (iface, detail))
    sys.stderr.write("xdpcount: detached a stale probectl xdpcount from %s (%s)\n" % (iface, detail))


def main():
    p = argparse.ArgumentParser(description="probectl's XDP counter (BCC loader)")
    p.add_argument("--iface", required=True)
    p.add_argument("--interval-ms", type=int, default=1000)
    p.add_argument("--mode", choices=["auto", "native", "skb"], default="auto")
    p.add_argument("--class-mask", type=lambda s: int(s, 0), default=0x1FFF)
    p.add_argument("--exclude-dns", action="store_true")
    p.add_argument("--top", type=int, default=10)
    a = p.parse_args()
    if not 0 < len(a.iface) < 16 or not 10 <= a.interval_ms <= 3600000 or not 0 <= a.top <= 10000:
        fail(2, "give --iface of at most 15 characters, --interval-ms 10 to 3600000 and --top 0 to 10000")
    try:
        socket.if_nametoindex(a.iface)
    except OSError as e:
        fail(2, "there is no interface %s in this network namespace (%s); list them with 'ip link', or run inside the right one with 'ip netns exec NS'" % (a.iface, e.strerror))
    if os.geteuid() != 0:
        fail(4, "loading an XDP program needs root (or CAP_BPF and CAP_NET_ADMIN)")
    refuse_or_clean(a.iface)

    stop = []
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, lambda *_: stop.append(1))
    try:
        from bcc import BPF
    except ImportError:
        fail(5, "BCC's Python module is missing (apt-get install python3-bpfcc)")
    try:
        b = BPF(src_file=os.path.join(HERE, "xdpcount_bcc.c").encode(),
                cflags=["-I" + HERE, "-DCLASS_MASK=%du" % a.class_mask, "-DEXCLUDE_DNS=%d" % (1 if a.exclude_dns else 0), "-w"])
        fn = b.load_func(PROG.encode(), BPF.XDP)
    except Exception as e:  # BCC raises Exception for compile and load errors
        fail(5, "BCC could not build or load the XDP program: %s" % e)

    used = None
    attached_flags = 0
    try:
        for mode, flags in (("native", XDP_FLAGS_DRV_MODE), ("skb", XDP_FLAGS_SKB_MODE)):
            if a.mode not in ("auto", mode):
                continue
            try:
                b.attach_xdp(a.iface, fn, flags | XDP_FLAGS_UPDATE_IF_NOEXIST)
                used, attached_flags = mode, flags
                break
            except Exception as e:
                last = e
        if used is None:
            fail(5, "cannot attach to %s in %s mode: %s" % (a.iface, a.mode, last))
        info = attached(a.iface)
        sys.stdout.write("PROBECTL xdpcount v1 bcc\tiface=%s\tmode=%s\tprog_id=%s\tprog=%s\n" % (a.iface, used, info[0] if info else 0, PROG))
        sys.stdout.flush()
        run(b, a, stop)
    finally:
        if used is not None:
            b.remove_xdp(a.iface, attached_flags)


def run(b, a, stop):
    counts, flows = b["class_counts"], b["flows"]
    prev_counts = [(0, 0)] * len(CLASSES)
    prev_flows = {}
    started = time.monotonic()
    deadline = started + a.interval_ms / 1000.0
    stdin_open = True
    while True:
        last = bool(stop) or not stdin_open
        now = time.monotonic()
        if not last and now < deadline:
            try:
                ready, _, _ = select.select([sys.stdin], [], [], deadline - now)
                if ready and not os.read(sys.stdin.fileno(), 256):
                    stdin_open = False
            except InterruptedError:
                pass
            continue
        now = time.monotonic()
        ms = int((now - started) * 1000)
        lines = []
        for c, (name, family) in enumerate(CLASSES):
            values = counts[ctypes.c_int(c)]
            packets, nbytes = sum(v.packets for v in values), sum(v.bytes for v in values)
            if packets != prev_counts[c][0]:
                lines.append("COUNT\t%s\t%s\t%s\t%d\t%d\t%d" % (a.iface, name, family, packets - prev_counts[c][0], nbytes - prev_counts[c][1], ms))
            prev_counts[c] = (packets, nbytes)
        current, deltas = {}, []
        for k, v in flows.items():
            key = bytes(k)
            old = prev_flows.get(key)
            same = old is not None and old[0] <= v.packets
            current[key] = (v.packets, v.bytes)
            if k.family in (4, 6) and v.packets - (old[0] if same else 0) > 0:
                deltas.append((v.packets - (old[0] if same else 0), v.bytes - (old[1] if same else 0), k))
        prev_flows = current
        deltas.sort(key=lambda d: (-d[0], -d[1]))
        for packets, nbytes, k in deltas[:a.top]:
            af, size = (socket.AF_INET, 4) if k.family == 4 else (socket.AF_INET6, 16)
            src, dst = socket.inet_ntop(af, bytes(k.src)[:size]), socket.inet_ntop(af, bytes(k.dst)[:size])
            lines.append("FLOW\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%d\t%d" % (a.iface, src, dst, k.sport, k.dport, PROTOCOLS.get(k.proto, str(k.proto)),
                                                             CLASSES[k.cls][0] if k.cls < len(CLASSES) else "other", packets, nbytes))
        sys.stdout.write("".join(l + "\n" for l in lines) + "\n")
        sys.stdout.flush()
        if last:
            return
        started = now
        deadline += a.interval_ms / 1000.0
        if deadline <= now:
            deadline = now + a.interval_ms / 1000.0


if __name__ == "__main__":
    main()
