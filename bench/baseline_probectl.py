#!/usr/bin/env python3
"""The straightforward reader of probectl's own TAB-separated layout (probectl-v1, what `run` uses with bpftrace),
for the layouts benchmark: split('\\t') per line, json.dumps per event, the same envelope and fields as
`probectl parse TOOL`. Usage: baseline_probectl.py tcpretrans|tcpdrop|tcplife|opensnoop|tcpconnect < FILE"""
import json
import socket
import sys
import time

STATES = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT',
          'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV', 'BOUND_INACTIVE']
FLAGS = [(0x01, 'FIN'), (0x02, 'SYN'), (0x04, 'RST'), (0x08, 'PSH'), (0x10, 'ACK'), (0x20, 'URG'), (0x40, 'ECE'),
         (0x80, 'CWR')]


def state(n):
    return STATES[n] if 0 < n < len(STATES) else str(n)


def comm(text):
    """bpftrace's %r of comm[16]: the text up to the first \\x00."""
    return text.split('\\x00', 1)[0]


def number(x):
    return int(x) if x == int(x) else x


def retrans(f):
    return 'tcp.retransmit', {"family": int(f[1]), "laddr": f[2], "lport": int(f[3]), "raddr": f[4],
                              "rport": int(f[5]), "state": state(int(f[6]))}


def drop(f):
    body = {"pid": int(f[10]), "comm": comm(f[11]), "family": int(f[1]), "saddr": f[2], "sport": int(f[3]),
            "daddr": f[4], "dport": int(f[5])}
    if f[6] != '0':
        body["state"] = state(int(f[6]))
    body["tcp_flags"] = [name for bit, name in FLAGS if int(f[7]) & bit]
    if f[9]:
        body["reason"] = f[9]
    if f[9] or f[8] != '0':
        body["reason_code"] = int(f[8])
    return 'tcp.drop', body


def session(f):
    owner = {} if f[9] == '0' else {"pid": int(f[9]), "comm": comm(f[10])}
    return 'tcp.session', {**owner, "family": int(f[1]), "laddr": f[2], "lport": int(f[3]), "raddr": f[4],
                           "rport": int(f[5]), "tx_kb": number(int(f[6]) / 1024), "rx_kb": number(int(f[7]) / 1024),
                           "duration_ms": number(int(f[8]) / 1000)}


def open_(f):
    body = {"pid": int(f[1]), "tid": int(f[2]), "comm": comm(f[8]), "fd": int(f[4]), "errno": int(f[5]),
            "path": f[9], "uid": int(f[3]), "flags": int(f[6])}
    if f[7] != '-1':
        body["mode"] = int(f[7])
    return 'file.open', body


CONNECT_FAILURES = {0: 'aborted', 111: 'refused', 110: 'timed_out', 113: 'unreachable', 101: 'unreachable'}


def connect(f):
    err = int(f[7])
    established = f[6] == '1'
    body = {"pid": int(f[9]), "comm": comm(f[10]), "family": int(f[1]), "saddr": f[2], "sport": int(f[3]),
            "daddr": f[4], "dport": int(f[5]), "latency_ms": number(int(f[8]) / 1e6),
            "result": 'established' if established else CONNECT_FAILURES.get(err, 'failed')}
    if not established and err != 0:
        body["errno"] = err
    return 'tcp.connect', body


READERS = {
    'tcpretrans': ('RETRANS', 7, retrans),
    'tcpdrop': ('DROP', 12, drop),
    'tcplife': ('SESSION', 11, session),
    'opensnoop': ('OPEN', 10, open_),
    'tcpconnect': ('CONNECT', 11, connect),
}


def main():
    tool = sys.argv[1]
    tag, count, read = READERS[tool]
    host = socket.gethostname()
    source = {"impl": "bpftrace", "tool": f"probectl-{tool}.bt", "layout": "probectl-v1"}
    out = sys.stdout
    seq = 0
    for raw in sys.stdin.buffer:
        ts = int(time.time() * 1000)
        line = raw.decode('utf-8', 'backslashreplace').rstrip('\r\n')
        if not line or line == f'PROBECTL {tool} v1' or line.startswith('Attaching '):
            continue
        seq += 1
        fields = line.split('\t', count - 1)
        if fields[0] == tag and len(fields) == count:
            kind, body = read(fields)
            event = {"type": kind, "ts": ts, "probe": tool, "source": source, "host": host, "seq": seq, **body}
        else:
            event = {"type": "tool.diagnostic", "ts": ts, "probe": tool, "source": source, "host": host, "seq": seq,
                     "level": "unparsed", "message": line, "stream": "stdout"}
        out.write(json.dumps(event) + '\n')


if __name__ == '__main__':
    main()
