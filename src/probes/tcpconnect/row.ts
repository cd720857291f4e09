// Scans one row of the stock connect tools: the prefixes and PID from the left, the space-free columns from the right
// ([IP] SADDR [LPORT] DADDR [SPORT] DPORT [LAT(ms)]), and COMM, spaces and all, between.
import type { EventBody } from '../../events/index.js';
import { digitsEnd, familyOf, intAt, isClockAt, onlySpaces, portOf } from '../../core/scan.js';
import { field, fieldBounds, fieldsFromRight } from '../../core/fields-from-right.js';
import type { ConnectShape, RowColumns } from './layouts.js';

type Connect = EventBody<'tcp.connect'>;

/** True for the text form of an IPv4 or IPv6 address: hex digits, dots and colons. */
function isAddress(text: string): boolean {
  if (text.length === 0 || text.length > 45) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 58) || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** End of a "%.Nf" number with exactly `decimals` decimals at pos, or -1. */
function decimalEnd(text: string, pos: number, decimals: number): number {
  const intEnd = digitsEnd(text, pos);
  if (intEnd === pos || text.charCodeAt(intEnd) !== 46) return -1;
  const end = digitsEnd(text, intEnd + 1);
  return end - intEnd - 1 === decimals ? end : -1;
}

/** At least `width` bytes once printed: C and Python bytes pad "%-12.12s" in bytes; an escaped \xNN stands for one byte. */
const fillsBytes = (text: string, width: number): boolean => text.length >= width || Buffer.byteLength(text) >= width;

export function parseConnectRow(text: string, s: ConnectShape, c: RowColumns): Connect | undefined {
  let pos = 0;
  const body = {} as Connect;
  if (c.clock) {
    // time("%H:%M:%S ")
    if (!isClockAt(text, 0) || text.charCodeAt(8) !== 32) return undefined;
    body.time = text.slice(0, 8);
    pos = 9;
  }
  if (s.timestamp) {
    // "%-9.3f", then a space only in libbpf tcpconnlat: a wider number runs into the next column
    const end = decimalEnd(text, pos, 3);
    if (end < 0) return undefined;
    const next = Math.max(pos + 9, end) + (c.timestampSpace ? 1 : 0);
    if (!onlySpaces(text, end, next)) return undefined;
    body.elapsed_s = Number(text.slice(pos, end));
    pos = next;
  }
  if (s.uid) {
    // "%-6d" with no space after: a UID of six digits or more cannot be told from the PID that follows
    const end = digitsEnd(text, pos);
    if (end === pos || end - pos >= 6 || !onlySpaces(text, end, pos + 6)) return undefined;
    body.uid = intAt(text, pos, end);
    pos += 6;
  }
  const pidEnd = digitsEnd(text, pos);
  const pid = intAt(text, pos, pidEnd);
  const commStart = Math.max(pos + c.pidWidth, pidEnd) + 1;
  if (pid < 0 || !onlySpaces(text, pidEnd, commStart)) return undefined;

  const ip = c.ipColumn ? 1 : 0;
  const port = s.localPort ? 1 : 0;
  const count = ip + 3 + port + (c.latency ? 1 : 0);
  if (!fieldsFromRight(text, commStart, count)) return undefined;
  const comm = text.slice(commStart, fieldBounds[0]! - 1);
  if (!fillsBytes(comm, c.commWidth)) return undefined;

  let family: 4 | 6 | undefined;
  if (c.ipColumn) {
    const column = field(text, 0);
    family = column === '4' ? 4 : column === '6' ? 6 : undefined;
    if (family === undefined) return undefined;
  }
  const saddrAt = ip;
  const sportAt = port === 0 ? -1 : c.localPortLast ? ip + 2 : ip + 1;
  const daddrAt = c.localPortLast ? ip + 1 : ip + 1 + port;
  const dportAt = ip + 2 + port;
  // "%-Ns " addresses: the next column starts at least N + 1 further on, else this is another layout's row
  const w = s.addrWidth + 1;
  if (fieldBounds[2 * (saddrAt + 1)]! < fieldBounds[2 * saddrAt]! + w || fieldBounds[2 * (daddrAt + 1)]! < fieldBounds[2 * daddrAt]! + w) return undefined;
  const saddr = field(text, saddrAt);
  const daddr = field(text, daddrAt);
  const dport = portOf(field(text, dportAt));
  const sport = sportAt < 0 ? undefined : portOf(field(text, sportAt));
  if (!isAddress(saddr) || !isAddress(daddr) || dport === undefined || (sportAt >= 0 && sport === undefined)) return undefined;
  let latency: number | undefined;
  if (c.latency) {
    const lat = field(text, dportAt + 1);
    if (decimalEnd(lat, 0, 2) !== lat.length) return undefined;
    latency = Number(lat);
  }
  body.pid = pid;
  body.comm = comm.trimEnd();
  body.family = family ?? familyOf(saddr);
  body.saddr = saddr;
  if (sport !== undefined) body.sport = sport;
  body.daddr = daddr;
  body.dport = dport;
  if (latency !== undefined) body.latency_ms = latency;
  return body;
}
