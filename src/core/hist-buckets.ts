// Histogram buckets as bpftrace prints them (hist() and lhist() text lines), checked into inclusive integer bounds.
import { digitsEnd as digitsEndBytes, digitsValue, viewOf } from './json-from-bytes.js';
import { digitsEnd, skipSpaces } from './scan.js';

/** Inclusive integer bounds, as bpftrace -f json prints them; null for an open end. */
export interface Bucket {
  min: number | null;
  max: number | null;
  count: number;
}

/** The line is a bucket line but its numbers cannot be carried exactly (past 2^53, or min > max). */
export const BAD_BUCKET = 'bad';

/** Multiplier of a bound's suffix: bpftrace labels powers of 1024 as K, M, G, T, P, E. */
function suffixOf(c: number): number {
  switch (c) {
    case 75:
      return 2 ** 10; // K
    case 77:
      return 2 ** 20; // M
    case 71:
      return 2 ** 30; // G
    case 84:
      return 2 ** 40; // T
    case 80:
      return 2 ** 50; // P
    case 69:
      return 2 ** 60; // E
    default:
      return 1;
  }
}

/** A bound label at pos ("-10", "512", "4K"): its value and the index after it. */
function boundAt(text: string, pos: number): { value: number; end: number } | undefined {
  const negative = text.charCodeAt(pos) === 45;
  const from = negative ? pos + 1 : pos;
  const end = digitsEnd(text, from);
  if (end === from || end - from > 20) return undefined;
  const mult = suffixOf(text.charCodeAt(end));
  const value = Number(text.slice(from, end)) * mult;
  return { value: negative ? -value : value, end: mult === 1 ? end : end + 1 };
}

/** Checks a bucket's numbers: exact integers, min <= max, a non-negative count. */
export function checkBucket(min: number | null, max: number | null, count: number): Bucket | typeof BAD_BUCKET {
  if (min !== null && !Number.isSafeInteger(min)) return BAD_BUCKET;
  if (max !== null && !Number.isSafeInteger(max)) return BAD_BUCKET;
  if (min !== null && max !== null && min > max) return BAD_BUCKET;
  if (!Number.isSafeInteger(count) || count < 0) return BAD_BUCKET;
  return { min, max, count };
}

/**
 * True when next can follow prev in one histogram: buckets rise and do not overlap, and only
 * the first may be open below, only the last open above.
 */
export function follows(prev: Bucket | undefined, next: Bucket): boolean {
  if (prev === undefined) return true;
  return prev.max !== null && next.min !== null && next.min > prev.max;
}

/**
 * One text bucket line, `[4, 8)    1 |@@@@   |`, with its label turned into inclusive bounds:
 * `[4, 8)` is 4..7, `[0]` is 0..0, `(..., 0)` is ..-1 and `[100, ...)` is 100.. .
 * Returns undefined when the line is not a bucket line.
 */
export function parseBucketLine(text: string): Bucket | typeof BAD_BUCKET | undefined {
  let min: number | null;
  let max: number | null;
  let pos: number;
  const first = text.charCodeAt(0);
  if (first === 40) {
    // (..., hi)
    if (!text.startsWith('(..., ')) return undefined;
    const hi = boundAt(text, 6);
    if (hi === undefined || text.charCodeAt(hi.end) !== 41) return undefined;
    min = null;
    max = hi.value - 1;
    pos = hi.end + 1;
  } else if (first === 91) {
    // [n], [lo, hi) or [lo, ...)
    const lo = boundAt(text, 1);
    if (lo === undefined) return undefined;
    min = lo.value;
    if (text.charCodeAt(lo.end) === 93) {
      max = lo.value;
      pos = lo.end + 1;
    } else if (!text.startsWith(', ', lo.end)) {
      return undefined;
    } else if (text.startsWith('...)', lo.end + 2)) {
      max = null;
      pos = lo.end + 6;
    } else {
      const hi = boundAt(text, lo.end + 2);
      if (hi === undefined || text.charCodeAt(hi.end) !== 41) return undefined;
      max = hi.value - 1;
      pos = hi.end + 1;
    }
  } else {
    return undefined;
  }
  // The label is padded to 16 columns and the count to 8; a long label leaves no space.
  const countStart = skipSpaces(text, pos);
  const countEnd = digitsEnd(text, countStart);
  if (countEnd === countStart || !text.startsWith(' |', countEnd)) return undefined;
  const last = text.length - 1;
  if (last < countEnd + 2 || text.charCodeAt(last) !== 124) return undefined;
  for (let i = countEnd + 2; i < last; i++) {
    const c = text.charCodeAt(i);
    if (c !== 64 && c !== 32) return undefined;
  }
  return checkBucket(min, max, Number(text.slice(countStart, countEnd)));
}

/**
 * A bar's bytes, line[from, to): a run of `mark` then spaces only, as the tools print it ("@@@@    ").
 * Other mixes of marks and spaces are left to the text path, which reads them.
 */
export function isPlainBar(line: Uint8Array, from: number, to: number, mark: number): boolean {
  let i = from;
  while (i < to && line[i] === mark) i++;
  const view = viewOf(line);
  for (; i + 4 <= to; i += 4) if (view.getInt32(i, true) !== SPACES4) return false;
  for (; i < to; i++) if (line[i] !== 32) return false;
  return true;
}

const SPACES4 = 0x20202020;

/** A bound label's bytes at pos ("512", "4K"): its value and the index after it; negative, long or inexact ones are left to the text path. */
function boundBytes(line: Uint8Array, pos: number, end: number, into: { value: number; end: number }): boolean {
  const digits = digitsEndBytes(line, pos, end);
  const value = digitsValue(line, pos, digits);
  if (value < 0) return false;
  const mult = digits < end ? suffixOf(line[digits]!) : 1;
  into.value = value * mult;
  into.end = mult === 1 ? digits : digits + 1;
  return Number.isSafeInteger(into.value);
}

const lowBound = { value: 0, end: 0 };
const highBound = { value: 0, end: 0 };

/**
 * parseBucketLine from a line's bytes, for the lines that are plainly buckets: `[lo, hi)`, `[n]` and `[lo, ...)`
 * with a bar of "@" then spaces. Undefined for any other line, which the text path reads (and reports when it must):
 * what this returns is always what parseBucketLine returns for the same line. Reads nothing outside line[start, end).
 */
export function bucketFromBytes(line: Uint8Array, start: number, end: number): Bucket | undefined {
  if (end - start < 7 || line[start] !== 91 || !boundBytes(line, start + 1, end, lowBound)) return undefined;
  const min = lowBound.value;
  let max: number | null;
  let pos = lowBound.end;
  if (end - pos < 6) return undefined;
  if (line[pos] === 93) {
    max = min;
    pos++;
  } else if (line[pos] !== 44 || line[pos + 1] !== 32) {
    return undefined;
  } else if (line[pos + 2] === 46 && line[pos + 3] === 46 && line[pos + 4] === 46 && line[pos + 5] === 41) {
    max = null;
    pos += 6;
  } else {
    if (!boundBytes(line, pos + 2, end, highBound) || highBound.end >= end || line[highBound.end] !== 41) return undefined;
    max = highBound.value - 1;
    pos = highBound.end + 1;
    if (min > max) return undefined;
  }
  while (pos < end && line[pos] === 32) pos++;
  const countEnd = digitsEndBytes(line, pos, end);
  const count = digitsValue(line, pos, countEnd);
  const last = end - 1;
  if (count < 0 || countEnd + 2 > last || line[countEnd] !== 32 || line[countEnd + 1] !== 124) return undefined;
  if (line[last] !== 124 || !isPlainBar(line, countEnd + 2, last, 64)) return undefined;
  return { min, max, count };
}
