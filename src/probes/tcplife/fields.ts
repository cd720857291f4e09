// The checks every tcplife layout shares: clock and timestamp prefixes, addresses, ports, numbers.
import type { EventBody } from '../../events/index.js';
import { digitsEnd, familyOf, isDigit, portOf } from '../../core/scan.js';

export type TcpSession = EventBody<'tcp.session'>;

/** End of a "%.6f" number at pos (bcc -t seconds), or -1. */
export function secondsEnd(text: string, pos: number): number {
  const intEnd = digitsEnd(text, pos);
  if (intEnd === pos || text.charCodeAt(intEnd) !== 46) return -1;
  const end = digitsEnd(text, intEnd + 1);
  return end - intEnd - 1 === 6 ? end : -1;
}

/**
 * A non-negative number as printed: digits only ("%d"), or digits, a point and exactly two
 * decimals ("%.2f"). -1 when the text is neither, or too large to be held exactly.
 */
export function numberOf(text: string, decimals: boolean): number {
  const intEnd = digitsEnd(text, 0);
  if (intEnd === 0) return -1;
  if (decimals) {
    if (text.charCodeAt(intEnd) !== 46 || digitsEnd(text, intEnd + 1) !== text.length || text.length - intEnd !== 3) return -1;
  } else if (intEnd !== text.length) return -1;
  const n = Number(text);
  return Number.isSafeInteger(Math.trunc(n)) ? n : -1;
}

/** True for the text form of an IPv4 or IPv6 address (also the junk old bpftrace ntop() printed). */
export function isAddress(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 0-9 : .  a-f A-F
    if (!(isDigit(c) || c === 58 || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** The IP column of bcc -w and -s: the family as printed. */
export function familyColumn(text: string): 4 | 6 | undefined {
  return text === '4' ? 4 : text === '6' ? 6 : undefined;
}

export interface SessionTexts {
  laddr: string;
  lport: string;
  raddr: string;
  rport: string;
  tx: string;
  rx: string;
  ms: string;
}

export interface Prefix {
  time?: string;
  elapsed?: number;
}

/** Checks the fields right of COMM and builds the event body; undefined when one is malformed. */
export function sessionBody(
  prefix: Prefix,
  pid: number,
  comm: string,
  family: 4 | 6 | undefined,
  f: SessionTexts,
  kbDecimals: boolean,
  msDecimals: boolean,
): TcpSession | undefined {
  if (!isAddress(f.laddr) || !isAddress(f.raddr)) return undefined;
  const lport = portOf(f.lport);
  const rport = portOf(f.rport);
  if (lport === undefined || rport === undefined) return undefined;
  const tx = numberOf(f.tx, kbDecimals);
  const rx = numberOf(f.rx, kbDecimals);
  const ms = numberOf(f.ms, msDecimals);
  if (tx < 0 || rx < 0 || ms < 0) return undefined;
  // The clock columns first, as the tool prints them. Built member by member: spreading an object into a literal
  // with more members after it made a dictionary-mode object, 8 times slower to build and to serialise.
  const body = {} as TcpSession;
  if (prefix.time !== undefined) body.time = prefix.time;
  if (prefix.elapsed !== undefined) body.elapsed_s = prefix.elapsed;
  body.pid = pid;
  body.comm = comm;
  body.family = family ?? familyOf(f.laddr);
  body.laddr = f.laddr;
  body.lport = lport;
  body.raddr = f.raddr;
  body.rport = rport;
  body.tx_kb = tx;
  body.rx_kb = rx;
  body.duration_ms = ms;
  return body;
}
