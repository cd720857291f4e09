#!/usr/bin/env python3
"""The straightforward reader of probectl's own TAB-separated layout (probectl-v1, what `run` uses with bpftrace),
for the layouts benchmark: split('\\t') per line, json.dumps per event, the same envelope and fields as
`probectl parse TOOL`. Usage: baseline_probectl.py tcpretrans|tcpdrop|tcplife|opensnoop|execsnoop|tcpconnect|syscount < FILE"""
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


def escaped(text):
    """%r of a buffer: the bytes up to the first \\x00, each \\xNN of a byte that is not printable decoded."""
    out = bytearray()
    i = 0
    while i < len(text):
        if text.startswith('\\x', i) and i + 4 <= len(text):
            byte = int(text[i + 2:i + 4], 16)
            if byte == 0:
                break
            if byte < 0x20 or byte > 0x7e:
                out.append(byte)
                i += 4
                continue
        out += text[i].encode()
        i += 1
    return out.decode('utf-8', 'backslashreplace')


def execs(lines, emit):
    """probectl's execsnoop.bt: FILE and ARG lines, then EXEC, paired by pid and id."""
    calls = {}
    for line in lines:
        f = line.split('\t')
        key = (f[1], f[2]) if len(f) > 2 else None
        if f[0] in ('FILE', 'ARG') and len(f) == 4:
            call = calls.setdefault(key, {"args": []})
            if f[0] == 'FILE':
                call["filename"] = escaped(f[3])
            else:
                call["args"].append(escaped(f[3]))
        elif f[0] == 'EXEC' and len(f) == 9:
            call = calls.pop(key, {"args": []})
            ret = int(f[5])
            body = {"pid": int(f[1]), "ppid": int(f[3]), "uid": int(f[4]), "comm": escaped(f[8]), "retval": ret}
            if ret < 0:
                body["errno"] = -ret
            if "filename" in call:
                body["filename"] = call["filename"]
            body["args"] = call["args"]
            emit('process.exec', body)
        else:
            emit(None, line)


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
    host = socket.gethostname()
    source = {"impl": "bpftrace", "tool": f"probectl-{tool}.bt", "layout": "probectl-v1"}
    out = sys.stdout
    seq = 0
    if tool == 'execsnoop':
        def emit(kind, body):
            nonlocal seq
            seq += 1
            ts = int(time.time() * 1000)
            if kind is None:
                body = {"level": "unparsed", "message": body, "stream": "stdout"}
                kind = 'tool.diagnostic'
            out.write(json.dumps({"type": kind, "ts": ts, "probe": tool, "source": source, "host": host, "seq": seq, **body}) + '\n')
        lines = (raw.decode('utf-8', 'backslashreplace').rstrip('\r\n') for raw in sys.stdin.buffer)
        execs((l for l in lines if l and l != 'PROBECTL execsnoop v1' and not l.startswith('Attaching ')), emit)
        return
    tag, count, read = READERS[tool]
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


def syscount_main():
    """syscount's maps: one block of @calls0/@failed0/@ns0 lines (or generation 1) per interval, events at INTERVAL."""
    host = socket.gethostname()
    source = {"impl": "bpftrace", "tool": "probectl-syscount.bt", "layout": "probectl-v1"}
    out = sys.stdout
    seq = 0
    names = {}
    block = {}
    for raw in sys.stdin.buffer:
        ts = int(time.time() * 1000)
        line = raw.decode('utf-8', 'backslashreplace').rstrip('\r\n')
        if not line or line == 'PROBECTL syscount v1' or line.startswith('Attaching '):
            continue
        if line.startswith('SYSCALLS\t'):
            words = line[9:].split(' ')
            names = {int(words[i]): words[i + 1] for i in range(0, len(words) - 1, 2)}
            continue
        if line.startswith('INTERVAL\t'):
            ms = int(line[9:])
            rows = sorted(block.values(), key=lambda c: (-c['calls'], c['nr'], c.get('pid', 0)))
            for c in rows:
                seq += 1
                body = {"interval_ms": ms}
                if 'pid' in c:
                    body.update(pid=c['pid'], comm=c['comm'])
                if c['nr'] in names:
                    body['syscall'] = names[c['nr']]
                body.update(nr=c['nr'], count=c['calls'], errors=c['failed'])
                if 'ns' in c:
                    body['total_ns'] = c['ns']
                out.write(json.dumps({"type": "syscall.count", "ts": ts, "probe": "syscount", "source": source, "host": host,
                                      "seq": seq, **body}) + '\n')
            block = {}
            continue
        name, _, rest = line[1:].partition('[')
        key, _, value = rest.rpartition(']: ')
        parts = key.split(', ', 2)
        counts = block.setdefault(key, {"calls": 0, "failed": 0, "nr": int(parts[0] if len(parts) == 1 else parts[1])})
        if len(parts) == 3:
            counts.update(pid=int(parts[0]), comm=parts[2])
        field = name[:-1]
        counts[field] = counts.get(field, 0) + int(value)


if __name__ == '__main__':
    if sys.argv[1] == 'syscount':
        syscount_main()
    else:
        main()
