// Scans one opensnoop row by its columns' printf widths, tolerating overflowing values.
import type { EventBody } from '../../events/index.js';
import { digitsEnd, intAt, onlySpaces, skipSpaces } from '../../core/scan.js';
import type { OpensnoopShape } from './layouts.js';

type FileOpen = EventBody<'file.open'>;

/** Fallback for a COMM that does not fit 16 columns (bytes escaped as \xNN): COMM, FD, ERR. */
const looseComm = /^(.*?) +(-?\d+) +(\d+) /;

function octalAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 7) return -1;
    n = n * 8 + d;
  }
  return n;
}

export function parseOpensnoopRow(text: string, s: OpensnoopShape): FileOpen | undefined {
  let pos = 0;
  let time: string | undefined;
  let elapsed: number | undefined;
  let uid: number | undefined;
  if (s.time) {
    if (s.impl === 'libbpf') {
      // "%-8s " of HH:MM:SS
      if (text.charCodeAt(2) !== 58 || text.charCodeAt(5) !== 58 || text.charCodeAt(8) !== 32) return undefined;
      time = text.slice(0, 8);
      pos = 9;
    } else {
      // "%-14.9f" with no separator: exactly nine decimals end the number.
      const intEnd = digitsEnd(text, 0);
      if (intEnd === 0 || text.charCodeAt(intEnd) !== 46 || digitsEnd(text, intEnd + 1) - intEnd - 1 < 9) return undefined;
      elapsed = Number(text.slice(0, intEnd + 10));
      pos = skipSpaces(text, intEnd + 10);
    }
  }
  if (s.uid) {
    const end = digitsEnd(text, pos);
    // bcc's "%-6d" has no separator: a UID of six digits or more runs into the PID and cannot be split.
    if (end === pos || text.charCodeAt(end) !== 32) return undefined;
    uid = intAt(text, pos, end);
    pos = skipSpaces(text, end);
  }
  const idStart = pos;
  const idEnd = digitsEnd(text, pos);
  if (idEnd === idStart) return undefined;
  const id = intAt(text, idStart, idEnd);
  // "%-6d " : the field is at least 6 wide, then one space.
  const commStart = Math.max(idStart + 6, idEnd) + 1;
  if (!onlySpaces(text, idEnd, commStart)) return undefined;

  let comm: string;
  let fd: number;
  let errno: number;
  let rest: number;
  const commEnd = commStart + s.commWidth;
  const fdEnd = parseFdErr(text, commEnd);
  if (text.charCodeAt(commEnd) === 32 && fdEnd !== undefined) {
    comm = text.slice(commStart, commEnd).trimEnd();
    ({ fd, errno, rest } = fdEnd);
  } else {
    const m = looseComm.exec(text.slice(commStart));
    if (m === null) return undefined;
    comm = m[1]!;
    fd = Number(m[2]);
    errno = Number(m[3]);
    rest = commStart + m[0].length;
  }
  if (!Number.isSafeInteger(fd) || fd < -1 || !Number.isSafeInteger(errno)) return undefined;

  let flags: number | undefined;
  let mode: number | undefined;
  if (s.extended !== 'none') {
    // "%08o " then, with MODE, "%04o " or "n/a  "
    const flagsEnd = text.indexOf(' ', rest);
    if (flagsEnd < rest + 8) return undefined;
    flags = octalAt(text, rest, flagsEnd);
    if (flags < 0) return undefined;
    rest = flagsEnd + 1;
    if (s.extended === 'flags-mode') {
      if (text.startsWith('n/a  ', rest)) rest += 5;
      else {
        const modeEnd = text.indexOf(' ', rest);
        if (modeEnd < rest + 4) return undefined;
        mode = octalAt(text, rest, modeEnd);
        if (mode < 0) return undefined;
        rest = modeEnd + 1;
      }
    }
  }
  const path = text.slice(rest);
  if (time === undefined && elapsed === undefined && uid === undefined && flags === undefined) {
    // The common layouts: one literal, so every event shares one object shape.
    return s.tid ? { tid: id, comm, fd, errno, path } : { pid: id, comm, fd, errno, path };
  }
  // Keys in the order the tool prints its columns: the clock first.
  const body = {} as FileOpen;
  if (time !== undefined) body.time = time;
  if (elapsed !== undefined) body.elapsed_s = elapsed;
  if (uid !== undefined) body.uid = uid;
  if (s.tid) body.tid = id;
  else body.pid = id;
  body.comm = comm;
  body.fd = fd;
  body.errno = errno;
  if (flags !== undefined) body.flags = flags;
  if (mode !== undefined) body.mode = mode;
  body.path = path;
  return body;
}

/** FD ("%4d" or "%3d", may be -1) and ERR ("%3d") after COMM, each followed by a space. */
function parseFdErr(text: string, pos: number): { fd: number; errno: number; rest: number } | undefined {
  pos = skipSpaces(text, pos);
  const negative = text.charCodeAt(pos) === 45;
  const fdStart = negative ? pos + 1 : pos;
  const fdEnd = digitsEnd(text, fdStart);
  if (fdEnd === fdStart || text.charCodeAt(fdEnd) !== 32) return undefined;
  const fdAbs = intAt(text, fdStart, fdEnd);
  const errStart = skipSpaces(text, fdEnd);
  const errEnd = digitsEnd(text, errStart);
  if (errEnd === errStart) return undefined;
  // The row ends right after ERR's separator when the path is empty; tolerate a missing one too.
  if (errEnd !== text.length && text.charCodeAt(errEnd) !== 32) return undefined;
  return { fd: negative ? -fdAbs : fdAbs, errno: intAt(text, errStart, errEnd), rest: Math.min(errEnd + 1, text.length) };
}
