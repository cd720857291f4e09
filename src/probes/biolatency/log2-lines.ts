// The lines of BCC's and libbpf-tools' log2 histograms: the header naming the unit, the bucket rows, the disk, flags and clock lines.
import { type Bucket, isPlainBar } from '../../core/hist-buckets.js';
import { digitsEnd as digitsEndBytes, digitsValue } from '../../core/json-from-bytes.js';
import { digitsEnd, intAt, isClockAt, skipSpaces } from '../../core/scan.js';
import type { Implementation } from '../../events/index.js';

export type LatencyUnit = 'usecs' | 'msecs';

/**
 * "     usecs               : count    distribution": libbpf-tools prints `%*s%-*s : count    distribution`
 * (four spaces), BCC `     %-19s : count     distribution` (five); both widen it past 32 buckets.
 */
export function log2Header(text: string): { unit: LatencyUnit; impl: Extract<Implementation, 'bcc' | 'libbpf'> } | undefined {
  const start = skipSpaces(text, 0);
  if (start === 0) return undefined;
  const unit = text.startsWith('usecs', start) ? 'usecs' : text.startsWith('msecs', start) ? 'msecs' : undefined;
  if (unit === undefined) return undefined;
  const colon = skipSpaces(text, start + 5);
  if (!text.startsWith(': count ', colon)) return undefined;
  const word = skipSpaces(text, colon + 8);
  if (text.slice(word) !== 'distribution') return undefined;
  const gap = word - (colon + 7);
  return gap === 4 ? { unit, impl: 'libbpf' } : gap === 5 ? { unit, impl: 'bcc' } : undefined;
}

/** The digits text[from, to) as a number: summed in place when exact (up to 15 digits), through Number past that. */
const numberAt = (text: string, from: number, to: number): number => (to - from <= 15 ? intAt(text, from, to) : Number(text.slice(from, to)));

/** "         4 -> 7          : 1        |****      |": `%*lld -> %-*lld : %-8d |stars|` with inclusive bounds. */
export function log2Row(text: string): Bucket | undefined {
  const lowStart = skipSpaces(text, 0);
  const lowEnd = digitsEnd(text, lowStart);
  if (lowEnd === lowStart || !text.startsWith(' -> ', lowEnd)) return undefined;
  const highEnd = digitsEnd(text, lowEnd + 4);
  if (highEnd === lowEnd + 4) return undefined;
  const colon = skipSpaces(text, highEnd);
  if (!text.startsWith(': ', colon)) return undefined;
  const countEnd = digitsEnd(text, colon + 2);
  if (countEnd === colon + 2) return undefined;
  const bar = skipSpaces(text, countEnd);
  const last = text.length - 1;
  if (text.charCodeAt(bar) !== 124 || last <= bar || text.charCodeAt(last) !== 124) return undefined;
  for (let i = bar + 1; i < last; i++) {
    const c = text.charCodeAt(i);
    if (c !== 42 && c !== 43 && c !== 32) return undefined; // '*', '+' (BCC's overflow mark), ' '
  }
  const min = numberAt(text, lowStart, lowEnd);
  const max = numberAt(text, lowEnd + 4, highEnd);
  const count = numberAt(text, colon + 2, countEnd);
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || !Number.isSafeInteger(count) || min > max) return undefined;
  return { min, max, count };
}

/**
 * log2Row from a line's bytes, for the rows that are plainly rows: exact numbers and a bar of "*" then spaces.
 * Undefined for any other line, which the text path reads: what this returns is always what log2Row returns for
 * the same line. Reads nothing outside line[start, end).
 */
export function log2RowFromBytes(line: Uint8Array, start: number, end: number): Bucket | undefined {
  let lowStart = start;
  while (lowStart < end && line[lowStart] === 32) lowStart++;
  const lowEnd = digitsEndBytes(line, lowStart, end);
  const min = digitsValue(line, lowStart, lowEnd);
  if (min < 0 || end - lowEnd < 5 || line[lowEnd] !== 32 || line[lowEnd + 1] !== 45 || line[lowEnd + 2] !== 62 || line[lowEnd + 3] !== 32) return undefined;
  const highEnd = digitsEndBytes(line, lowEnd + 4, end);
  const max = digitsValue(line, lowEnd + 4, highEnd);
  if (max < min) return undefined;
  let colon = highEnd;
  while (colon < end && line[colon] === 32) colon++;
  if (end - colon < 3 || line[colon] !== 58 || line[colon + 1] !== 32) return undefined;
  const countEnd = digitsEndBytes(line, colon + 2, end);
  const count = digitsValue(line, colon + 2, countEnd);
  if (count < 0) return undefined;
  let bar = countEnd;
  while (bar < end && line[bar] === 32) bar++;
  const last = end - 1;
  if (last <= bar || line[bar] !== 124 || line[last] !== 124 || !isPlainBar(line, bar + 1, last, 42)) return undefined;
  return { min, max, count };
}

/**
 * The disk of the histogram that follows, with -D: libbpf-tools "disk = vda\t", BCC "disk = vda",
 * early BCC "Bucket disk = 'xvdb'" (the name as Python's repr).
 */
export function diskLine(text: string): string | undefined {
  const from = text.startsWith('disk = ') ? 7 : text.startsWith('Bucket disk = ') ? 14 : -1;
  if (from === -1) return undefined;
  let name = text.slice(from).trimEnd();
  if (name.startsWith("b'")) name = name.slice(1);
  if (name.length >= 2 && name.startsWith("'") && name.endsWith("'")) name = name.slice(1, -1);
  return name.length > 0 ? name : undefined;
}

/** The request flags of the histogram that follows, with -F: "flags = Sync-Write". */
export function flagsLine(text: string): string | undefined {
  if (!text.startsWith('flags = ')) return undefined;
  const flags = text.slice(8).trimEnd();
  return flags.length > 0 ? flags : undefined;
}

/** -T: "HH:MM:SS" alone on its line (printed %-8s, so possibly padded), before an interval's histograms. */
export function clockLine(text: string): string | undefined {
  return isClockAt(text, 0) && text.slice(8).trim() === '' ? text.slice(0, 8) : undefined;
}
