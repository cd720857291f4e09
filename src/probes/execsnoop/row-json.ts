// libbpf-tools' and execsnoop.bt 0.17's rows from their bytes straight to JSON: the hot path of `probectl parse execsnoop`.
import {
  asciiKey,
  digitsEnd,
  isPrintableAscii,
  putBytes,
  putDecimalText,
  putDigits,
  putJsonChars,
  putJsonCharsDecoding,
  putKey,
  putScaledDigits,
} from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import type { RowJson } from '../../core/row-json-writer.js';
import type { ExecsnoopShape } from './layouts.js';

const SPACE = 32;
const QUOTE = 34;
const DOT = 46;
const MINUS = 45;
const COLON = 58;
const BACKSLASH = 92;
/** The longest digit run taken here: the text path reads longer ones as -1, and decides such rows itself. */
const MAX_DIGITS = 15;

const TIME_KEY = asciiKey(',"time":"');
const ELAPSED_KEY = asciiKey(',"elapsed_s"');
const UID_KEY = asciiKey(',"uid":');
const COMM_KEY = asciiKey(',"comm":"');
const PID_KEY = asciiKey(',"pid":');
const PPID_KEY = asciiKey(',"ppid":');
const RETVAL_KEY = asciiKey(',"retval":');
const ERRNO_KEY = asciiKey(',"errno":');
const ARGS_KEY = asciiKey(',"args":["');
const ARGS_OPEN = Buffer.from(',"args":[');
const JOINED = Buffer.from(',"args_joined":true');
const TRUNCATED = Buffer.from(',"args_truncated":true');

/** How an argument's characters are written: putJsonChars, or putJsonCharsDecoding for a line that is not valid UTF-8. */
type PutChars = typeof putJsonChars;

/**
 * The writer of a shape's rows, for libbpf-tools' layouts and execsnoop.bt 0.17's ("TIME(ms) PID ARGS"); undefined
 * for BCC's and the newer execsnoop.bt's, read as text. It gives exactly what parseExecsnoopRow and jsonMembers give,
 * for the rows it takes: every column before ARGS printable ASCII in its printf width (so byte and character positions
 * agree), COMM exactly 16 columns, no PPID of "?", and under -q arguments that quotedArgs splits. Every other line
 * (a COMM that overflows, escapes, a row the text path would refuse) is left to the text path. Arguments may hold bytes
 * that are not UTF-8 (execsnoop prints them raw): they are written as the text path decodes them.
 */
export function execsnoopRowJson(shape: ExecsnoopShape): RowJson | undefined {
  if (shape.impl === 'bpftrace')
    return shape.elapsedMs
      ? { type: 'process.exec', notUtf8: true, write: (line, start, end, out, notUtf8) => btRow(line, start, end, shape, out, charsOf(notUtf8)) }
      : undefined;
  if (shape.impl !== 'libbpf' || !shape.ppid) return undefined;
  // Headers and banners have letters where the PID's digits go, so this writer takes none of them.
  return {
    type: 'process.exec',
    neverHeader: true,
    notUtf8: true,
    write: (line, start, end, out, notUtf8) => libbpfRow(line, start, end, shape, out, charsOf(notUtf8)),
  };
}

const charsOf = (notUtf8: boolean): PutChars => (notUtf8 ? putJsonCharsDecoding : putJsonChars);

/** "%-Nd" and `gap` spaces: where the next column starts, or -1 when the digits are absent, too many, or run into text. */
function paddedEnd(line: Uint8Array, pos: number, end: number, width: number, gap: number): number {
  const digits = digitsEnd(line, pos, end);
  if (digits === pos || digits - pos > MAX_DIGITS) return -1;
  const next = Math.max(pos + width, digits) + gap;
  if (next > end) return -1;
  for (let i = digits; i < next; i++) if (line[i] !== SPACE) return -1;
  return next;
}

function isClock(line: Uint8Array, pos: number): boolean {
  for (let i = 0; i < 8; i++) {
    const c = line[pos + i]!;
    if (i === 2 || i === 5 ? c !== COLON : c < 48 || c > 57) return false;
  }
  return true;
}

/** The number text line[from, to) as JSON writes it (Number then String: "12.300" is 12.3), for more digits than putDecimalText takes. */
function putNumberText(bytes: Uint8Array, at: number, line: Uint8Array, from: number, to: number): number {
  let text = '';
  for (let i = from; i < to; i++) text += String.fromCharCode(line[i]!);
  const digits = String(Number(text));
  for (let i = 0; i < digits.length; i++) bytes[at++] = digits.charCodeAt(i);
  return at;
}

function libbpfRow(line: Uint8Array, start: number, end: number, s: ExecsnoopShape, out: JsonBytes, chars: PutChars): boolean {
  let pos = start;
  const timeAt = pos;
  if (s.time) {
    // "%-8s " of HH:MM:SS
    if (pos + 9 > end || !isClock(line, pos) || line[pos + 8] !== SPACE) return false;
    pos += 9;
  }
  const elapsedAt = pos;
  let elapsedEnd = pos;
  let elapsedPoint = pos;
  if (s.timestamp) {
    // "%-8.3f" with no separator: exactly three decimals end the number.
    const intEnd = digitsEnd(line, pos, end);
    if (intEnd === pos || intEnd - pos > MAX_DIGITS || line[intEnd] !== DOT || digitsEnd(line, intEnd + 1, end) < intEnd + 4) return false;
    elapsedPoint = intEnd;
    elapsedEnd = intEnd + 4;
    const next = Math.max(pos + 8, elapsedEnd);
    for (let i = elapsedEnd; i < next; i++) if (line[i] !== SPACE) return false;
    pos = next;
  }
  const uidAt = pos;
  let uidEnd = pos;
  if (s.uid) {
    // "%-6d" with no separator
    uidEnd = digitsEnd(line, pos, end);
    pos = paddedEnd(line, pos, end, 6, 0);
    if (pos < 0) return false;
  }
  const commStart = pos;
  const commEnd = commStart + 16;
  if (commEnd >= end || line[commEnd] !== SPACE || !isPrintableAscii(line, commStart, commEnd)) return false;
  let commStop = commEnd;
  while (commStop > commStart && line[commStop - 1] === SPACE) commStop--;
  const pidAt = commEnd + 1;
  const pidEnd = digitsEnd(line, pidAt, end);
  pos = paddedEnd(line, pidAt, end, s.pidWidth, 1);
  if (pos < 0) return false;
  const ppidAt = pos;
  const ppidEnd = digitsEnd(line, ppidAt, end);
  pos = paddedEnd(line, ppidAt, end, s.pidWidth, 1);
  if (pos < 0) return false;
  while (pos < end && line[pos] === SPACE) pos++;
  const negative = line[pos] === MINUS && pos < end;
  const retAt = negative ? pos + 1 : pos;
  const retEnd = digitsEnd(line, retAt, end);
  if (retEnd === retAt || retEnd - retAt > MAX_DIGITS || (retEnd !== end && line[retEnd] !== SPACE)) return false;
  let errnoAt = retAt;
  while (errnoAt < retEnd - 1 && line[errnoAt] === 48) errnoAt++;
  const failed = negative && line[errnoAt] !== 48;
  const argsAt = Math.min(retEnd + 1, end);

  out.reserve(160 + (end - start) * 6);
  const { bytes, view } = out;
  let at = out.length;
  if (s.time) {
    at = putKey(view, at, TIME_KEY);
    for (let i = timeAt; i < timeAt + 8; i++) bytes[at++] = line[i]!;
    bytes[at++] = QUOTE;
  }
  if (s.timestamp) {
    at = putKey(view, at, ELAPSED_KEY);
    bytes[at++] = COLON;
    // Up to 15 digits the text is the number: putDecimalText writes it without making a string.
    at =
      elapsedEnd - elapsedAt <= 16
        ? putDecimalText(bytes, at, line, elapsedAt, elapsedPoint, elapsedEnd)
        : putNumberText(bytes, at, line, elapsedAt, elapsedEnd);
  }
  if (s.uid) {
    at = putKey(view, at, UID_KEY);
    at = putDigits(bytes, at, line, uidAt, uidEnd);
  }
  at = putKey(view, at, COMM_KEY);
  at = putJsonChars(bytes, view, at, line, commStart, commStop);
  bytes[at++] = QUOTE;
  at = putKey(view, at, PID_KEY);
  at = putDigits(bytes, at, line, pidAt, pidEnd);
  at = putKey(view, at, PPID_KEY);
  at = putDigits(bytes, at, line, ppidAt, ppidEnd);
  at = putKey(view, at, RETVAL_KEY);
  if (failed) bytes[at++] = MINUS;
  at = putDigits(bytes, at, line, retAt, retEnd);
  if (failed) {
    at = putKey(view, at, ERRNO_KEY);
    at = putDigits(bytes, at, line, retAt, retEnd);
  }
  at = s.quote ? quotedArgs(line, argsAt, end, bytes, view, at, chars) : plainArgs(line, argsAt, end, bytes, view, at, chars);
  if (at < 0) return false;
  out.length = at;
  return true;
}

/**
 * libbpf without -q (libbpfPlainArgs): every argument and a space, then " ..." past --max-args; a row that ends
 * otherwise was cut by a newline in an argument. One string, marked joined when it holds a space.
 */
function plainArgs(line: Uint8Array, from: number, end: number, bytes: Uint8Array, view: DataView, at: number, chars: PutChars): number {
  // What -q would print: parseExecsnoopRow refuses it here, so the text path reports it.
  if (from < end && line[from] === QUOTE) return -1;
  let stop = end;
  let truncated = true;
  if (end - from >= 5 && line[end - 1] === DOT && line[end - 2] === DOT && line[end - 3] === DOT && line[end - 4] === SPACE && line[end - 5] === SPACE)
    stop = end - 5;
  else if (end > from && line[end - 1] === SPACE) {
    stop = end - 1;
    truncated = false;
  }
  return putJoined(line, from, stop, truncated, bytes, view, at, chars);
}

function putJoined(line: Uint8Array, from: number, stop: number, truncated: boolean, bytes: Uint8Array, view: DataView, at: number, chars: PutChars): number {
  at = putKey(view, at, ARGS_KEY);
  at = chars(bytes, view, at, line, from, stop);
  bytes[at++] = QUOTE;
  bytes[at++] = 93; // ]
  let spaced = false;
  for (let i = from; i < stop && !spaced; i++) spaced = line[i] === SPACE;
  if (spaced) at = putBytes(bytes, at, JOINED);
  if (truncated) at = putBytes(bytes, at, TRUNCATED);
  return at;
}

/**
 * libbpf -q (quotedArgs): "a" "b c" and a space, then " ..." past --max-args. Inside quotes \" is a quote and \t, \n a
 * tab and a newline; \" before ' "' or the end is a backslash closing the argument. Where quotedArgs keeps the text
 * whole (a reading open to doubt, an argument that does not close), the row is left to the text path.
 */
function quotedArgs(line: Uint8Array, from: number, end: number, bytes: Uint8Array, view: DataView, at: number, chars: PutChars): number {
  let stop = end;
  let truncated = false;
  // looksQuoted: a quote opens the text, which ends '" ' or '" ...'.
  if (from >= end || line[from] !== QUOTE) return -1;
  if (end - from >= 5 && line[end - 1] === DOT && line[end - 2] === DOT && line[end - 3] === DOT && line[end - 4] === SPACE && line[end - 5] === QUOTE) {
    stop = end - 5;
    truncated = true;
  } else if (!(end - from >= 2 && line[end - 1] === SPACE && line[end - 2] === QUOTE)) return -1;
  if (stop <= from || line[stop - 1] !== SPACE) return -1;
  stop--;
  at = putBytes(bytes, at, ARGS_OPEN);
  let pos = from;
  let first = true;
  while (pos < stop) {
    if (line[pos] !== QUOTE) return -1;
    if (!first) bytes[at++] = 44; // ,
    first = false;
    bytes[at++] = QUOTE;
    let run = pos + 1;
    let i = run;
    let closed = -1;
    while (i < stop) {
      const c = line[i]!;
      if (c === QUOTE) {
        closed = i;
        break;
      }
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      const next = i + 1 < stop ? line[i + 1] : -1;
      if (next === QUOTE) {
        const after = i + 2;
        const endsHere = after === stop || (after + 1 < stop && line[after] === SPACE && line[after + 1] === QUOTE);
        if (endsHere && after < stop) return -1;
        at = chars(bytes, view, at, line, run, i);
        bytes[at++] = BACKSLASH;
        if (endsHere) {
          bytes[at++] = BACKSLASH;
          run = i + 1;
          closed = i + 1;
          i = closed;
          break;
        }
        bytes[at++] = QUOTE;
      } else if (next === 116 || next === 110) {
        // \t, \n: JSON writes the character they stand for the same way.
        at = chars(bytes, view, at, line, run, i);
        bytes[at++] = BACKSLASH;
        bytes[at++] = next;
      } else {
        i++;
        continue;
      }
      i += 2;
      run = i;
    }
    if (closed === -1) return -1;
    at = chars(bytes, view, at, line, run, closed);
    bytes[at++] = QUOTE;
    pos = closed + 1;
    if (pos === stop) break;
    if (line[pos] !== SPACE) return -1;
    pos++;
  }
  bytes[at++] = 93; // ]
  if (truncated) at = putBytes(bytes, at, TRUNCATED);
  return at;
}

/** execsnoop.bt 0.17: "%-10u %-5d %s", elapsed milliseconds since bpftrace started, the pid and the joined arguments. */
function btRow(line: Uint8Array, start: number, end: number, s: ExecsnoopShape, out: JsonBytes, chars: PutChars): boolean {
  const msEnd = digitsEnd(line, start, end);
  const pidAt = paddedEnd(line, start, end, 10, 1);
  if (pidAt < 0) return false;
  const pidEnd = digitsEnd(line, pidAt, end);
  const argsAt = paddedEnd(line, pidAt, end, s.pidWidth, 1);
  if (argsAt < 0) return false;
  out.reserve(96 + (end - start) * 6);
  const { bytes, view } = out;
  let at = putKey(view, out.length, ELAPSED_KEY);
  bytes[at++] = COLON;
  at = putScaledDigits(bytes, at, line, start, msEnd, 3); // at most MAX_DIGITS: exact
  at = putKey(view, at, PID_KEY);
  at = putDigits(bytes, at, line, pidAt, pidEnd);
  out.length = putJoined(line, argsAt, end, false, bytes, view, at, chars);
  return true;
}
