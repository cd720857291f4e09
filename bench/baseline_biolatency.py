#!/usr/bin/env python3
"""The straightforward reader of biolatency's histograms, for the layouts benchmark: libbpf-tools' and BCC's log2
histograms ("disk = NAME", "flags = A-B", "HH:MM:SS" before them) and bpftrace's hist() blocks of probectl's program,
closed by its INTERVAL line; one regex per line, json.dumps per histogram, the same envelope and fields as
`probectl parse biolatency`. Usage: baseline_biolatency.py < FILE"""
import json
import re
import socket
import sys
import time

HEADER = re.compile(r'^ +(usecs|msecs) +: count( +)distribution$')
ROW = re.compile(r'^ *(\d+) -> (\d+) *: (\d+) *\|[*+ ]*\|$')
BT_MAP = re.compile(r'^@(usecs|usecs_dev\[(\d+), (\d+)\]):\s?$')
BT_ROW = re.compile(r'^\[(\d+)([KMG]?)(?:, (\d+)([KMG]?)\)|\]) +(\d+) \|[@ ]*\|$')
INTERVAL = re.compile(r'^INTERVAL\t(\d+)\t([01])\t([01])$')
CLOCK = re.compile(r'^\d\d:\d\d:\d\d *$')
SUFFIX = {'': 1, 'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}


def main():
    host = socket.gethostname()
    out = sys.stdout
    seq = 0
    state = {'open': None, 'pending': [], 'disk': None, 'flags': None, 'time': None}
    probectl = False

    def source(layout):
        tool = 'probectl-biolatency.bt' if layout == 'probectl-v1' else 'biolatency'
        impl = 'bpftrace' if layout == 'probectl-v1' else layout
        return {"impl": impl, "tool": tool, "layout": layout}

    def emit(hist, extra):
        nonlocal seq
        seq += 1
        body = {"device": hist['device']}
        if 'dev' in hist:
            body["dev"] = hist['dev']
        if hist.get('flags'):
            body["flags"] = hist['flags']
        body.update({"unit": hist['unit'], "buckets": hist['buckets'], "count": sum(b['count'] for b in hist['buckets'])})
        body.update(extra)
        if hist['layout'] != 'probectl-v1' and state['time']:
            body["time"] = state['time']
        event = {"type": "block.latency", "ts": hist['ts'], "probe": "biolatency", "source": source(hist['layout']),
                 "host": host, "seq": seq, **body}
        out.write(json.dumps(event) + '\n')

    def close():
        hist = state['open']
        state['open'] = None
        if hist is None:
            return
        if hist['layout'] == 'probectl-v1':
            state['pending'].append(hist)
        else:
            emit(hist, {})

    for raw in sys.stdin.buffer:
        ts = int(time.time() * 1000)
        line = raw.decode('utf-8', 'backslashreplace').rstrip('\r\n')
        hist = state['open']
        if hist is not None:
            m = (ROW if hist['layout'] != 'probectl-v1' else BT_ROW).match(line)
            if m:
                if hist['layout'] != 'probectl-v1':
                    hist['buckets'].append({"min": int(m.group(1)), "max": int(m.group(2)), "count": int(m.group(3))})
                else:
                    low = int(m.group(1)) * SUFFIX[m.group(2)]
                    high = low if m.group(3) is None else int(m.group(3)) * SUFFIX[m.group(4)] - 1
                    hist['buckets'].append({"min": low, "max": high, "count": int(m.group(5))})
                continue
            close()
        if not line or line.startswith('Attaching ') or line.startswith('Tracing block device'):
            continue
        if line == 'PROBECTL biolatency v1':
            probectl = True
            continue
        m = INTERVAL.match(line) if probectl else None
        if m:
            for h in state['pending']:
                h['ts'] = ts
                emit(h, {"interval_ms": int(m.group(1)), "queued": m.group(2) == '1'})
            state['pending'] = []
            continue
        m = BT_MAP.match(line)
        if m:
            hist = {'ts': ts, 'layout': 'probectl-v1', 'unit': 'usecs', 'buckets': [], 'device': 'all'}
            if m.group(2) is not None:
                hist['dev'] = f'{m.group(2)}:{m.group(3)}'
                hist['device'] = hist['dev']
            state['open'] = hist
            continue
        m = HEADER.match(line)
        if m:
            layout = 'libbpf' if len(m.group(2)) == 4 else 'bcc'
            state['open'] = {'ts': ts, 'layout': layout, 'unit': m.group(1), 'buckets': [],
                             'device': state['disk'] or 'all', 'flags': state['flags']}
            state['disk'] = state['flags'] = None
            continue
        if line.startswith('disk = '):
            state['disk'] = line[7:].strip().strip("'")
            continue
        if line.startswith('flags = '):
            state['flags'] = line[8:].strip()
            continue
        if CLOCK.match(line):
            state['time'] = line[:8]
            continue
        seq += 1
        event = {"type": "tool.diagnostic", "ts": ts, "probe": "biolatency", "source": source('libbpf'), "host": host,
                 "seq": seq, "level": "unparsed", "message": line, "stream": "stdout"}
        out.write(json.dumps(event) + '\n')
    close()


if __name__ == '__main__':
    main()
