// The plain opensnoop rows (no TIME, UID or FLAGS column) from their bytes straight to JSON: the hot path of `probectl parse opensnoop`.
import { asciiKey, digitsEnd, digitsValue, isPrintableAscii, putDigits, putJsonChars, putKey, type AsciiKey } from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import type { RowJson } from '../../core/row-json-writer.js';
import type { OpensnoopShape } from './layouts.js';

const SPACE = 32;
const MINUS = 45;
const QUOTE = 34;
const COMM_KEY = asciiKey(',"comm":"');
const FD_KEY = asciiKey('","fd":');
const ERRNO_KEY = asciiKey(',"errno":');
const PATH_KEY = asciiKey(',"path":"');
/** Longest digit run taken here: parseOpensnoopRow reads longer ones as -1, which the text path reproduces. */
const MAX_DIGITS = 15;

/**
 * The same reading as parseOpensnoopRow for these shapes, on bytes: "%-6d %-16s %3d %3d %s". It takes
 * only rows whose columns before PATH are ASCII with a printable COMM of exactly its width (so byte
 * and character positions agree), and leaves every other line to the text path: a COMM that
 * overflows, holds other bytes or needs the loose match, an FD below -1, digit runs over 15.
 */
export function opensnoopRowJson(shape: OpensnoopShape): RowJson | undefined {
  if (shape.time || shape.uid || shape.extended !== 'none') return undefined;
  const idKey = asciiKey(shape.tid ? ',"tid":' : ',"pid":');
  const commWidth = shape.commWidth;
  return { type: 'file.open', write: (line, start, end, out) => writeRow(line, start, end, out, idKey, commWidth) };
}

function writeRow(line: Uint8Array, start: number, end: number, out: JsonBytes, idKey: AsciiKey, commWidth: number): boolean {
  // PID or TID: "%-6d ", so COMM starts after six columns or after the digits, and one space.
  const idEnd = digitsEnd(line, start, end);
  if (idEnd === start || idEnd - start > MAX_DIGITS) return false;
  const commStart = Math.max(start + 6, idEnd) + 1;
  const commEnd = commStart + commWidth;
  if (commEnd >= end || line[commEnd] !== SPACE) return false;
  for (let i = idEnd; i < commStart; i++) if (line[i] !== SPACE) return false;
  // COMM: printable ASCII, its padding trimmed (trimEnd removes only spaces from such text).
  if (!isPrintableAscii(line, commStart, commEnd)) return false;
  let commStop = commEnd;
  while (commStop > commStart && line[commStop - 1] === SPACE) commStop--;
  // FD ("%3d", -1 on failure) and ERR ("%3d"), each after spaces; ERR ends the line or a space follows.
  let pos = commEnd;
  while (pos < end && line[pos] === SPACE) pos++;
  const negative = pos < end && line[pos] === MINUS;
  const fdStart = negative ? pos + 1 : pos;
  const fdEnd = digitsEnd(line, fdStart, end);
  if (fdEnd === fdStart || fdEnd - fdStart > MAX_DIGITS || fdEnd >= end || line[fdEnd] !== SPACE) return false;
  let errStart = fdEnd;
  while (errStart < end && line[errStart] === SPACE) errStart++;
  const errEnd = digitsEnd(line, errStart, end);
  if (errEnd === errStart || errEnd - errStart > MAX_DIGITS || (errEnd !== end && line[errEnd] !== SPACE)) return false;
  const pathStart = Math.min(errEnd + 1, end);

  // Only -1 (and -0, which JSON writes as 0) is a row; anything lower is left to the text path.
  const fdValue = negative ? digitsValue(line, fdStart, fdEnd) : 0;
  if (fdValue > 1) return false;

  out.reserve(64 + (commStop - commStart + end - pathStart) * 6);
  const { bytes, view } = out;
  let at = putKey(view, out.length, idKey);
  at = putDigits(bytes, at, line, start, idEnd);
  at = putKey(view, at, COMM_KEY);
  at = putJsonChars(bytes, view, at, line, commStart, commStop);
  at = putKey(view, at, FD_KEY);
  if (!negative) at = putDigits(bytes, at, line, fdStart, fdEnd);
  else if (fdValue === 0) bytes[at++] = 48;
  else {
    bytes[at++] = MINUS;
    bytes[at++] = 49;
  }
  at = putKey(view, at, ERRNO_KEY);
  at = putDigits(bytes, at, line, errStart, errEnd);
  at = putKey(view, at, PATH_KEY);
  at = putJsonChars(bytes, view, at, line, pathStart, end);
  bytes[at++] = QUOTE;
  out.length = at;
  return true;
}
