#!/usr/bin/env python3
"""The straightforward reader of execsnoop's stock tables, for the layouts benchmark: libbpf-tools' (with any of -T, -t,
-U, -q; the layout chosen from the header, and -q from how a row's arguments look) and execsnoop.bt's (bt); one regex
per line, json.dumps per event, the same envelope and fields as `probectl parse execsnoop`. Usage: baseline_execsnoop.py < FILE"""
import json
import re
import socket
import sys
import time

COLUMNS = 'PCOMM            PID    PPID   RET ARGS'
BT_HEADER = 'TIME(ms)   PID   ARGS'
BT_ROW = re.compile(r'^(\d+) +(\d+) (.*)$')
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
UNESCAPE = {'"': '"', 't': '\t', 'n': '\n'}


def libbpf_header(flags):
    """The libbpf-tools header for a set of flags among T, t and U."""
    return ('TIME     ' if 'T' in flags else '') + ('TIME(s)  ' if 't' in flags else '') + ('UID    ' if 'U' in flags else '') + COLUMNS


HEADERS = {libbpf_header(f): f for f in ['', 'T', 't', 'U', 'Tt', 'TU', 'tU', 'TtU']}


def libbpf_row(flags):
    """HH:MM:SS, seconds, UID (each if its flag is on), then COMM in 16 columns, PID, PPID, RET and the arguments."""
    return re.compile('^' + (r'(\d\d:\d\d:\d\d) ' if 'T' in flags else '') + (r'(\d+\.\d{3}) *' if 't' in flags else '')
                      + (r'(\d+) *' if 'U' in flags else '') + r'(.{16}) (\d+) +(\d+) +(-?\d+)(?: (.*))?$')


def number(x):
    return int(x) if x == int(x) else x


def joined(text, truncated):
    """Arguments joined by spaces: kept whole, marked as joined when a space could sit inside one."""
    out = {"args": [text]}
    if ' ' in text:
        out["args_joined"] = True
    if truncated:
        out["args_truncated"] = True
    return out


def plain_args(text):
    """Each argument followed by a space, "  ..." past --max-args; no final space: cut by a newline in an argument."""
    if text.endswith('  ...'):
        return joined(text[:-5], True)
    if text.endswith(' '):
        return joined(text[:-1], False)
    return joined(text, True)


def quoted_args(text):
    """-q: "a" "b c" and a space after each, \\" \\t \\n escaped inside; '" ...' past --max-args."""
    truncated = text.endswith('" ...')
    body = text[:-5] if truncated else text
    if not body.endswith(' '):
        return joined(text, True)
    args = [re.sub(r'\\(["tn])', lambda m: UNESCAPE[m.group(1)], a) for a in QUOTED.findall(body)]
    return {"args": args, "args_truncated": True} if truncated else {"args": args}


def main():
    host = socket.gethostname()
    out = sys.stdout
    seq = 0
    layout = None
    flags = ''
    row = None
    for raw in sys.stdin.buffer:
        ts = int(time.time() * 1000)
        line = raw.decode('utf-8', 'backslashreplace').rstrip('\r\n')
        if not line or line.startswith('Attaching '):
            continue
        header = line.rstrip()
        if header in HEADERS:
            flags = HEADERS[header]
            layout = 'libbpf-' + flags if flags else 'libbpf'
            row = libbpf_row(flags)
            continue
        if header == BT_HEADER:
            layout = 'bt'
            continue
        body = None
        if layout == 'bt':
            m = BT_ROW.match(line)
            if m:
                body = {"elapsed_s": number(int(m.group(1)) / 1000), "pid": int(m.group(2)), **joined(m.group(3), False)}
        elif layout is not None:
            m = row.match(line)
            if m:
                g = list(m.groups())
                body = {}
                if 'T' in flags:
                    body["time"] = g.pop(0)
                if 't' in flags:
                    body["elapsed_s"] = number(float(g.pop(0)))
                if 'U' in flags:
                    body["uid"] = int(g.pop(0))
                comm, pid, ppid, ret, args = g
                body.update(comm=comm.rstrip(), pid=int(pid), ppid=int(ppid), retval=int(ret))
                if body["retval"] < 0:
                    body["errno"] = -body["retval"]
                args = args or ''
                quoted = args.startswith('"') and (args.endswith('" ') or args.endswith('" ...'))
                body.update(quoted_args(args) if quoted else plain_args(args))
                layout = 'libbpf-' + flags + 'q' if quoted else ('libbpf-' + flags if flags else 'libbpf')
        if layout == 'bt':
            source = {"impl": "bpftrace", "tool": "execsnoop.bt", "layout": "bt"}
        else:
            source = {"impl": "libbpf" if layout else "probectl", "tool": "execsnoop", "layout": layout or "undetected"}
        seq += 1
        if body is None:
            event = {"type": "tool.diagnostic", "ts": ts, "probe": "execsnoop", "source": source, "host": host, "seq": seq,
                     "level": "unparsed", "message": line, "stream": "stdout"}
        else:
            event = {"type": "process.exec", "ts": ts, "probe": "execsnoop", "source": source, "host": host, "seq": seq, **body}
        out.write(json.dumps(event) + '\n')


if __name__ == '__main__':
    main()
