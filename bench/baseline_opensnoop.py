#!/usr/bin/env python3
"""The straightforward reader probectl's parser is measured against: one regex per line,
json.dumps per event, the same envelope and fields as `probectl parse opensnoop` (libbpf layout)."""
import json
import re
import socket
import sys
import time

ROW = re.compile(r'^(\d+)\s+(.{16}) +(-?\d+) +(\d+) (.*)$')
HEADER = 'PID    COMM              FD ERR PATH'


def main():
    host = socket.gethostname()
    source = {"impl": "libbpf", "tool": "opensnoop", "layout": "libbpf"}
    out = sys.stdout
    seq = 0
    for raw in sys.stdin.buffer:
        ts = int(time.time() * 1000)
        line = raw.decode('utf-8', 'backslashreplace').rstrip('\r\n')
        if not line or line.rstrip() == HEADER:
            continue
        seq += 1
        m = ROW.match(line)
        if m is None:
            event = {"type": "tool.diagnostic", "ts": ts, "probe": "opensnoop", "source": source,
                     "host": host, "seq": seq, "level": "unparsed", "message": line, "stream": "stdout"}
        else:
            event = {"type": "file.open", "ts": ts, "probe": "opensnoop", "source": source, "host": host,
                     "seq": seq, "pid": int(m.group(1)), "comm": m.group(2).rstrip(), "fd": int(m.group(3)),
                     "errno": int(m.group(4)), "path": m.group(5)}
        out.write(json.dumps(event) + '\n')


if __name__ == '__main__':
    main()
