// Small cursor helpers for hand-written row scanners: no regex backtracking in the hot loop.

/** Index of the first non-space at or after pos. */
export function skipSpaces(text: string, pos: number): number {
  while (text.charCodeAt(pos) === 32) pos++;
  return pos;
}

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** True when text holds HH:MM:SS at pos (strftime("%H:%M:%S") or bpftrace time(), always eight characters). */
export function isClockAt(text: string, pos: number): boolean {
  return (
    isDigit(text.charCodeAt(pos)) &&
    isDigit(text.charCodeAt(pos + 1)) &&
    text.charCodeAt(pos + 2) === 58 &&
    isDigit(text.charCodeAt(pos + 3)) &&
    isDigit(text.charCodeAt(pos + 4)) &&
    text.charCodeAt(pos + 5) === 58 &&
    isDigit(text.charCodeAt(pos + 6)) &&
    isDigit(text.charCodeAt(pos + 7))
  );
}

/** True when the line opens with "HH:MM:SS " (a clock column and its separator). */
export const startsWithClock = (text: string): boolean => isClockAt(text, 0) && text.charCodeAt(8) === 32;

/** End of the word starting at pos: the next space, or the end of the line. */
export function wordEnd(text: string, pos: number): number {
  const space = text.indexOf(' ', pos);
  return space === -1 ? text.length : space;
}

/** A run of digits that is the whole of text[pos, end), or -1. */
export function numberWord(text: string, pos: number, end: number): number {
  return end > pos && digitsEnd(text, pos) === end ? intAt(text, pos, end) : -1;
}

/** End index of the run of ASCII digits starting at pos (pos itself when there is none). */
export function digitsEnd(text: string, pos: number): number {
  let c = text.charCodeAt(pos);
  while (c >= 48 && c <= 57) c = text.charCodeAt(++pos);
  return pos;
}

/** True when text[from, to) holds only spaces. */
export function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/** A decimal integer that fits a JS number exactly, or NaN. */
export function toInt(text: string): number {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : NaN;
}

/** The non-negative integer text[from, to), or -1 when it is empty or too long to be exact. */
export function intAt(text: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

/** Splits "addr:port" at the last colon (IPv6 addresses are printed without brackets). */
export function splitHostPort(text: string): { addr: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = intAt(text, colon + 1, text.length);
  if (port < 0 || port > 65535 || digitsEnd(text, colon + 1) !== text.length) return undefined;
  return { addr: text.slice(0, colon), port };
}

/** 6 when the address has a colon (IPv6 text form), else 4. */
export const familyOf = (addr: string): 4 | 6 => (addr.includes(':') ? 6 : 4);

/** A TCP or UDP port number, or undefined. */
export function portOf(text: string): number | undefined {
  const n = intAt(text, 0, text.length);
  return n >= 0 && n <= 65535 && digitsEnd(text, 0) === text.length ? n : undefined;
}

/** "HH:MM:SS PID" at the start of a row (the BCC layouts that open with a clock): the clock, the pid, and where the pid ends. */
export function clockAndPid(text: string): { time: string; pid: number; end: number } | undefined {
  if (!startsWithClock(text)) return undefined;
  const pos = skipSpaces(text, 9);
  const end = wordEnd(text, pos);
  const pid = numberWord(text, pos, end);
  return pid < 0 ? undefined : { time: text.slice(0, 8), pid, end };
}

/** bcc's "%-2d" IP column at the first non-space at or after pos: the family, and the index after its separator. */
export function ipColumnAt(text: string, pos: number): { family: 4 | 6; end: number } | undefined {
  pos = skipSpaces(text, pos);
  const ip = text.charCodeAt(pos);
  if ((ip !== 52 && ip !== 54) || text.charCodeAt(pos + 1) !== 32) return undefined;
  return { family: ip === 52 ? 4 : 6, end: pos + 1 };
}
