#!/usr/bin/env python3
"""The straightforward reader of syscount's stock output, for the layouts benchmark: libbpf-tools' tables (-P, -L, -m;
the layout chosen from the header, "[HH:MM:SS]" above each) and syscount.bt's maps (bt); one regex per line,
json.dumps per event, the same envelope and fields as `probectl parse syscount`. Usage: baseline_syscount.py < FILE"""
import json
import math
import re
import socket
import sys
import time

HEADERS = {
    'SYSCALL                   COUNT': ('libbpf', False, None),
    'SYSCALL                   COUNT        TIME (us)': ('libbpf-L', False, 1e3),
    'SYSCALL                   COUNT        TIME (ms)': ('libbpf-Lm', False, 1e6),
    'PID    COMM               COUNT': ('libbpf-P', True, None),
    'PID    COMM               COUNT        TIME (us)': ('libbpf-PL', True, 1e3),
    'PID    COMM               COUNT        TIME (ms)': ('libbpf-PLm', True, 1e6),
}
CALL_ROW = re.compile(r'^(?:\[unknown: (\d+)\]|(\S+)) +(\d+)(?: +(\d+\.\d+))?$')
PROCESS_ROW = re.compile(r'^(\d+) +(.*?) +(\d+)(?: +(\d+\.\d+))?$')
MAP_ROW = re.compile(r'^@(syscall|process)\[(.*)\]: (\d+)$')
CLOCK = re.compile(r'^\[(\d\d:\d\d:\d\d)\]$')
SKIP = re.compile(r'^(?:Tracing syscalls, printing top \d+\.\.\. Ctrl\+C to quit\.|Detaching\.\.\.|Attaching \d+ probes\.\.\.)$')
BT_LINE = re.compile(r'^(?:Counting syscalls\.\.\. Hit Ctrl-C to end\.|Top \d+ (?:syscalls IDs|processes):)$')


def main():
    host = socket.gethostname()
    out = sys.stdout
    seq = 0
    layout = None
    process = False
    scale = None
    clock = None
    for raw in sys.stdin.buffer:
        ts = int(time.time() * 1000)
        line = raw.decode('utf-8', 'backslashreplace').rstrip('\r\n')
        if not line or SKIP.match(line):
            continue
        m = CLOCK.match(line)
        if m:
            clock = m.group(1)
            continue
        if line.rstrip() in HEADERS:
            layout, process, scale = HEADERS[line.rstrip()]
            continue
        if BT_LINE.match(line):
            layout = 'bt'
            continue
        body = None
        if layout == 'bt' or layout is None:
            m = MAP_ROW.match(line)
            if m and (m.group(1) == 'process' or m.group(2).isdigit()):
                layout = 'bt'
                body = {"nr": int(m.group(2))} if m.group(1) == 'syscall' else {"comm": m.group(2)}
                body["count"] = int(m.group(3))
        else:
            m = (PROCESS_ROW if process else CALL_ROW).match(line)
            if m and (m.group(4) is None) == (scale is None):
                body = {}
                if clock is not None:
                    body["time"] = clock
                if process:
                    body.update(pid=int(m.group(1)), comm=m.group(2))
                elif m.group(1) is None:
                    body["syscall"] = m.group(2)
                else:
                    body["nr"] = int(m.group(1))
                body["count"] = int(m.group(3))
                if scale is not None:
                    body["total_ns"] = math.floor(float(m.group(4)) * scale + 0.5)
        if layout == 'bt':
            source = {"impl": "bpftrace", "tool": "syscount.bt", "layout": "bt"}
        else:
            source = {"impl": "libbpf" if layout else "probectl", "tool": "syscount", "layout": layout or "undetected"}
        seq += 1
        if body is None:
            event = {"type": "tool.diagnostic", "ts": ts, "probe": "syscount", "source": source, "host": host, "seq": seq,
                     "level": "unparsed", "message": line, "stream": "stdout"}
        else:
            event = {"type": "syscall.count", "ts": ts, "probe": "syscount", "source": source, "host": host, "seq": seq, **body}
        out.write(json.dumps(event) + '\n')


if __name__ == '__main__':
    main()
