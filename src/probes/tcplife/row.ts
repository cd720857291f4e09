// Scans one tcplife table row: the time prefixes and PID from the left, the space-free fields
// from the right ([IP] LADDR LPORT RADDR RPORT TX_KB RX_KB MS), and COMM, spaces and all, between.
import { digitsEnd, intAt, onlySpaces } from '../../core/scan.js';
import { isClockAt } from '../../core/scan.js';
import { field, fieldBounds, fieldsFromRight } from '../../core/fields-from-right.js';
import { familyColumn, secondsEnd, sessionBody, type Prefix, type TcpSession } from './fields.js';
import type { TableColumns, TcplifeShape } from './layouts.js';

/** Code points, the unit of Python's "%-10.10s" (a character outside the BMP is two UTF-16 units). */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/** At least `width` bytes once printed: C's "%-16s" pads bytes; an escaped \xNN stands for one byte. */
const fillsBytes = (text: string, width: number): boolean => text.length >= width || Buffer.byteLength(text) >= width;

export function parseTcplifeRow(text: string, s: TcplifeShape, c: TableColumns): TcpSession | undefined {
  let pos = 0;
  const prefix: Prefix = {};
  if (s.time) {
    // bcc "%-8s " and libbpf "%8s " of an eight-character HH:MM:SS
    if (!isClockAt(text, 0) || text.charCodeAt(8) !== 32) return undefined;
    prefix.time = text.slice(0, 8);
    pos = 9;
  }
  if (s.timestamp) {
    // "%-9.6f ": at least nine wide, then a space
    const end = secondsEnd(text, pos);
    if (end < 0) return undefined;
    const next = Math.max(pos + 9, end) + 1;
    if (!onlySpaces(text, end, next)) return undefined;
    prefix.elapsed = Number(text.slice(pos, end));
    pos = next;
  }
  // "%-5d " or "%-7d ": a longer PID pushes COMM right
  const pidEnd = digitsEnd(text, pos);
  const pid = intAt(text, pos, pidEnd);
  const commStart = Math.max(pos + c.pidWidth, pidEnd) + 1;
  if (pid < 0 || !onlySpaces(text, pidEnd, commStart)) return undefined;

  const first = c.ipColumn ? 1 : 0;
  if (!fieldsFromRight(text, commStart, first + 7)) return undefined;
  const comm = text.slice(commStart, fieldBounds[0]! - 1);
  if (c.commExact ? codePoints(comm) !== c.commWidth : !fillsBytes(comm, c.commWidth)) return undefined;

  let family: 4 | 6 | undefined;
  if (c.ipColumn) {
    // "%-2s " then the address
    family = familyColumn(field(text, 0));
    if (family === undefined || fieldBounds[2]! < fieldBounds[0]! + 3) return undefined;
  }
  // "%-Ns " addresses: a port starting sooner means narrower columns, another layout
  const w = s.addrWidth + 1;
  if (fieldBounds[2 * (first + 1)]! < fieldBounds[2 * first]! + w || fieldBounds[2 * (first + 3)]! < fieldBounds[2 * (first + 2)]! + w) return undefined;

  const texts = {
    laddr: field(text, first),
    lport: field(text, first + 1),
    raddr: field(text, first + 2),
    rport: field(text, first + 3),
    tx: field(text, first + 4),
    rx: field(text, first + 5),
    ms: field(text, first + 6),
  };
  return sessionBody(prefix, pid, comm.trimEnd(), family, texts, c.kbDecimals, c.msDecimals);
}
