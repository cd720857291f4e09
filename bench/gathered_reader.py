"""The least a reader of a backend's stdout can cost it: what probectl's reads do, and nothing else.

usage: gathered_reader.py pipe|socket -- COMMAND [ARG...]

Starts COMMAND with its stdout on a pipe or on a socket pair (the channel a backend writes into under probectl:
a FIFO, or libuv's socket pair), reads it as probectl's gathered reads do through the launcher (all there is, then
nothing for 100 ms while lines come) and writes it to its own stdout. SIGINT is passed on to COMMAND, whose output is read to its end. Run
COMMAND through dist/native/launcher --stdout-buffer N to give the channel probectl's buffer.
"""

import os
import signal
import socket
import subprocess
import sys
import time

GATHER_SECONDS = 0.1
READ_BYTES = 1 << 20


def main() -> int:
    args = sys.argv[1:]
    if len(args) < 3 or args[0] not in ("pipe", "socket") or args[1] != "--":
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    kind, command = args[0], args[2:]
    if kind == "pipe":
        read_end, write_end = os.pipe()
    else:
        reader, writer = socket.socketpair()
        read_end, write_end = reader.detach(), writer.detach()
    child = subprocess.Popen(command, stdout=write_end)
    os.close(write_end)
    signal.signal(signal.SIGINT, lambda *_: child.send_signal(signal.SIGINT))
    out = sys.stdout.fileno()
    while True:
        data = os.read(read_end, READ_BYTES)
        if not data:
            break
        os.write(out, data)
        if len(data) < READ_BYTES:
            time.sleep(GATHER_SECONDS)
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
