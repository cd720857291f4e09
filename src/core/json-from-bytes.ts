// Writing JSON straight from input bytes: keys, digits and string characters, four bytes at a time where that pays.
//
// These run once or more per line of a large capture, where a byte loop costs a few nanoseconds per
// byte: keys are stored as 32-bit words and strings are checked and copied a word at a time. Words
// are little-endian int32 read and written through DataViews, at any offset.

import { asciiEnd, utf8SequenceLength } from './utf8.js';

/** An ASCII constant of 4 to 12 bytes, such as a key prefix (,"pid":), as the three 32-bit words putKey stores. */
export interface AsciiKey {
  readonly first: number;
  readonly second: number;
  readonly last: number;
  readonly length: number;
}

export function asciiKey(text: string): AsciiKey {
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  if (bytes.length < 4 || bytes.length > 12) throw new RangeError(`a key of ${bytes.length} bytes: putKey writes 4 to 12`);
  const padded = new DataView(new ArrayBuffer(12));
  bytes.forEach((b, i) => padded.setUint8(i, b));
  return { first: padded.getInt32(0, true), second: padded.getInt32(4, true), last: padded.getInt32(bytes.length - 4, true), length: bytes.length };
}

/**
 * Writes a key at `at` with three overlapping 32-bit stores. Up to 4 bytes past the key may be
 * stored too: they lie where the next value goes (reserve room for them).
 */
export function putKey(view: DataView, at: number, key: AsciiKey): number {
  view.setInt32(at, key.first, true);
  view.setInt32(at + 4, key.second, true);
  view.setInt32(at + key.length - 4, key.last, true);
  return at + key.length;
}

let viewed: Uint8Array | undefined;
let viewedAs: DataView | undefined;
/** A DataView of the bytes a line is in: made once per chunk, as consecutive lines share it. */
export function viewOf(bytes: Uint8Array): DataView {
  if (bytes !== viewed || viewedAs === undefined) {
    viewed = bytes;
    viewedAs = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return viewedAs;
}

/** End of the run of ASCII digits in line[pos, end). */
export function digitsEnd(line: Uint8Array, pos: number, end: number): number {
  while (pos < end) {
    const c = line[pos]!;
    if (c < 48 || c > 57) break;
    pos++;
  }
  return pos;
}

/** The most digits a number read from bytes may have: 15 are always exact in a double (a longer run is left to the text path). */
export const MAX_EXACT_DIGITS = 15;

/** The value of line[from, to) when it is 1 to 15 ASCII digits; else -1. */
export function digitsValue(line: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > MAX_EXACT_DIGITS) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = line[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** End of the digit run at pos if it has 1 to `max` digits (15 unless told) and a TAB follows it; else -1. */
export function digitsToTab(line: Uint8Array, pos: number, end: number, max = MAX_EXACT_DIGITS): number {
  const stop = Math.min(end, pos + max + 1);
  let i = pos;
  while (i < stop) {
    const c = line[i]!;
    if (c < 48 || c > 57) break;
    i++;
  }
  return i === pos || i - pos > max || i >= end || line[i] !== TAB ? -1 : i;
}

const TAB = 9;

/** The decimal digits line[from, to) as a JSON number: String(n) of their value, leading zeros dropped. */
export function putDigits(out: Uint8Array, at: number, line: Uint8Array, from: number, to: number): number {
  while (from < to - 1 && line[from] === 48) from++;
  while (from < to) out[at++] = line[from++]!;
  return at;
}

/** Copies constant bytes (a whole member such as ,"args_joined":true) to `at`. */
export function putBytes(out: Uint8Array, at: number, constant: Uint8Array): number {
  out.set(constant, at);
  return at + constant.length;
}

/** A non-negative integer's decimal digits (a seq). */
export function putUint(out: Uint8Array, at: number, n: number): number {
  let digits = 1;
  for (let power = 10; power <= n; power *= 10) digits++;
  const stop = at + digits;
  for (let i = stop - 1; i >= at; i--) {
    const quotient = Math.floor(n / 10);
    out[i] = 48 + (n - quotient * 10);
    n = quotient;
  }
  return stop;
}

// Tests of four bytes at once (from "Bit Twiddling Hacks"): (w - 0x01010101 * n) & ~w & 0x80808080 is
// non-zero exactly when some byte of w is below n (n <= 128), so with w ^ c for n = 1, when some byte equals c.

/** True when one of the word's bytes needs escaping in a JSON string: below 0x20, a quote or a backslash. */
export function needsJsonEscape(w: number): boolean {
  const quote = w ^ 0x22222222;
  const backslash = w ^ 0x5c5c5c5c;
  return ((((w - 0x20202020) & ~w) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)) & 0x80808080) !== 0;
}

/** True when every byte of line[from, to) is printable ASCII (0x20 to 0x7e). */
export function isPrintableAscii(line: Uint8Array, from: number, to: number): boolean {
  const view = viewOf(line);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const w = view.getInt32(i, true);
    const del = w ^ 0x7f7f7f7f;
    // Bytes below 0x20, bytes with the high bit set, and 0x7f.
    if (((((w - 0x20202020) & ~w) | w | ((del - 0x01010101) & ~del)) & 0x80808080) !== 0) return false;
  }
  for (; i < to; i++) if (line[i]! < 0x20 || line[i]! > 0x7e) return false;
  return true;
}

/** How JSON.stringify writes each byte below 0x80 inside a string: 0 as itself, else the escape's second character (u: \u00XX). */
const ESCAPE = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) ESCAPE[c] = 117; // u
ESCAPE[8] = 98; // \b
ESCAPE[9] = 116; // \t
ESCAPE[10] = 110; // \n
ESCAPE[12] = 102; // \f
ESCAPE[13] = 114; // \r
ESCAPE[34] = 34; // \"
ESCAPE[92] = 92; // \\
const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * The characters of a JSON string (without quotes) for the valid UTF-8 line[from, to), as JSON.stringify
 * writes them: bytes of multi-byte characters copied (valid UTF-8 holds no lone surrogate), the rest
 * escaped where JSON needs it. Words without anything to escape are copied whole. Needs room for 6
 * bytes per input byte at `at` in out (whose view is `outView`).
 */
export function putJsonChars(out: Uint8Array, outView: DataView, at: number, line: Uint8Array, from: number, to: number): number {
  const view = viewOf(line);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const w = view.getInt32(i, true);
    if (needsJsonEscape(w)) break;
    outView.setInt32(at, w, true);
    at += 4;
  }
  for (; i < to; i++) {
    const c = line[i]!;
    const escape = c < 128 ? ESCAPE[c]! : 0;
    if (escape === 0) {
      out[at++] = c;
      continue;
    }
    out[at++] = 92;
    out[at++] = escape;
    if (escape === 117) {
      out[at++] = 48;
      out[at++] = 48;
      out[at++] = HEX[c >> 4]!;
      out[at++] = HEX[c & 15]!;
    }
  }
  return at;
}

/**
 * putJsonChars for line[from, to) that may not be valid UTF-8: each byte that starts no valid sequence is written as
 * the text \xNN (lower-case hex), as decodeBytes (core/lines.ts) reads it, its backslash escaped; the runs between
 * such bytes as putJsonChars writes them. Needs room for 6 bytes per input byte.
 */
export function putJsonCharsDecoding(out: Uint8Array, outView: DataView, at: number, line: Uint8Array, from: number, to: number): number {
  let run = from;
  let i = from;
  for (;;) {
    i = asciiEnd(line, i, to);
    if (i === to) break;
    const length = utf8SequenceLength(line, i, to);
    if (length > 0) {
      i += length;
      continue;
    }
    at = putJsonChars(out, outView, at, line, run, i);
    const c = line[i]!;
    out[at++] = 92;
    out[at++] = 92;
    out[at++] = 120; // x
    out[at++] = HEX[c >> 4]!;
    out[at++] = HEX[c & 15]!;
    run = ++i;
  }
  return putJsonChars(out, outView, at, line, run, to);
}

/**
 * Digits line[from, to) with `decimals` of them after a decimal point that is not in the text (milliseconds given as
 * seconds: 3), as JSON writes Number() of the value: leading zeros of the integer part and trailing zeros of the
 * fraction dropped, "0" for zero. Exact for at most 15 digits: two decimals of that many never round to the same
 * double, so String(Number(x)) gives x back, normalized. Callers pass no more.
 */
export function putScaledDigits(out: Uint8Array, at: number, line: Uint8Array, from: number, to: number, decimals: number): number {
  const intTo = Math.max(from, to - decimals);
  let i = from;
  while (i < intTo - 1 && line[i] === 48) i++;
  if (i === intTo) out[at++] = 48;
  while (i < intTo) out[at++] = line[i++]!;
  let fracTo = to;
  while (fracTo > intTo && line[fracTo - 1] === 48) fracTo--;
  if (fracTo === intTo) return at;
  out[at++] = 46; // .
  for (let pad = to - intTo; pad < decimals; pad++) out[at++] = 48;
  while (i < fracTo) out[at++] = line[i++]!;
  return at;
}

/** A decimal "ddd.ddd" line[from, to) with its point at `point`, as JSON writes Number() of it (putScaledDigits says when it is exact). */
export function putDecimalText(out: Uint8Array, at: number, line: Uint8Array, from: number, point: number, to: number): number {
  let i = from;
  while (i < point - 1 && line[i] === 48) i++;
  if (i === point) out[at++] = 48;
  while (i < point) out[at++] = line[i++]!;
  let fracTo = to;
  while (fracTo > point + 1 && line[fracTo - 1] === 48) fracTo--;
  if (fracTo === point + 1) return at;
  for (i = point; i < fracTo; i++) out[at++] = line[i]!;
  return at;
}
