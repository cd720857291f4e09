// The rows of libbpf-tools' and BCC's syscount tables, and syscount.bt's map lines, from their bytes straight to JSON: the hot path of `probectl parse syscount`.
import { putJsonNumberAt } from '../../core/json-bytes-members.js';
import { asciiKey, digitsEnd, putDigits, putJsonChars, putKey } from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import type { TableShape } from './layouts.js';

const SPACE = 32;
const DOT = 46;
/** integerField's longest digit run. */
const MAX_DIGITS = 15;

const TIME_KEY = asciiKey(',"time":"');
const PID_KEY = asciiKey(',"pid":');
const COMM_KEY = asciiKey(',"comm":"');
const SYSCALL_KEY = asciiKey(',"syscall":"');
const COUNT_KEY = asciiKey(',"count":');
const ERRORS_KEY = asciiKey(',"errors":');
const TOTAL_NS_KEY = asciiKey(',"total_ns":');

/** Start of the last run of ASCII digits ending at `end` in line[from, end), or `end` when none. */
function digitsStart(line: Uint8Array, from: number, end: number): number {
  let i = end;
  while (i > from && line[i - 1]! >= 48 && line[i - 1]! <= 57) i--;
  return i;
}

/** Where the spaces before `at` begin (at least one space must be there; else -1). */
function spacesStart(line: Uint8Array, from: number, at: number): number {
  let i = at;
  while (i > from && line[i - 1] === SPACE) i--;
  return i === at ? -1 : i;
}

/**
 * TIME's "INTEGER.FRACTION" (digits in line[intStart, stop), the point before fractionStart) in nanoseconds, as the text
 * path computes it: Math.round(Number(text) * 10^scale). Up to 9 integer digits and `scale` fraction digits the value
 * is an integer under 10^15, summed here exactly: the text path's two roundings err by under value * 2^-52, less than
 * 0.5 below 2^51, so Math.round gives the same integer. Other values are computed its way.
 */
function totalNsOf(line: Uint8Array, intStart: number, fractionStart: number, stop: number, scale: number): number {
  const fraction = stop - fractionStart;
  if (fraction > scale || fractionStart - 1 - intStart > 9) {
    let text = '';
    for (let i = intStart; i < stop; i++) text += String.fromCharCode(line[i]!);
    return Math.round(Number(text) * 10 ** scale);
  }
  let ns = 0;
  for (let i = intStart; i < fractionStart - 1; i++) ns = ns * 10 + line[i]! - 48;
  for (let i = fractionStart; i < stop; i++) ns = ns * 10 + line[i]! - 48;
  for (let k = fraction; k < scale; k++) ns *= 10;
  return ns;
}

/**
 * Appends the members of the row's syscall.count event: what parseTableRow gives for it, through jsonMembers. It
 * takes only the plain rows: a call's name of printable ASCII without spaces ("[unknown: N]" has one), or a PID of digits,
 * the spaces up to COMM's column and a COMM of any valid UTF-8; then COUNT of 1 to 15 digits and, under -L, TIME as
 * digits, a point and digits. Anything else is left to the text path. `time` is the clock line above the table, if any.
 */
export function writeSyscountRow(line: Uint8Array, start: number, end: number, shape: TableShape, time: string | undefined, out: JsonBytes): boolean {
  let stop = end;
  let totalNs: number | undefined;
  if (shape.latency !== 'none') {
    const fractionStart = digitsStart(line, start, stop);
    const fraction = stop - fractionStart;
    if (fraction === 0 || fraction > 9 || fractionStart - 1 <= start || line[fractionStart - 1] !== DOT) return false;
    const intStart = digitsStart(line, start, fractionStart - 1);
    const integer = fractionStart - 1 - intStart;
    if (integer === 0 || integer > MAX_DIGITS) return false;
    const before = spacesStart(line, start, intStart);
    if (before < 0) return false;
    totalNs = totalNsOf(line, intStart, fractionStart, stop, shape.latency === 'ms' ? 6 : 3);
    stop = before;
  }
  const countStart = digitsStart(line, start, stop);
  if (countStart === stop || stop - countStart > MAX_DIGITS) return false;
  const headEnd = spacesStart(line, start, countStart);
  if (headEnd <= start) return false;

  let pidEnd = start;
  let commStart = start;
  if (shape.process) {
    while (pidEnd < headEnd && line[pidEnd]! >= 48 && line[pidEnd]! <= 57) pidEnd++;
    if (pidEnd === start || pidEnd === headEnd || pidEnd - start > MAX_DIGITS || line[pidEnd] !== SPACE) return false;
    commStart = Math.max(start + 7, pidEnd + 1);
    if (commStart >= headEnd) return false;
    for (let i = pidEnd; i < commStart; i++) if (line[i] !== SPACE) return false;
  } else {
    for (let i = start; i < headEnd; i++) if (line[i]! <= SPACE || line[i]! > 0x7e) return false;
  }

  out.reserve(256 + (headEnd - start) * 6);
  const { bytes, view } = out;
  let at = out.length;
  if (time !== undefined) {
    at = putKey(view, at, TIME_KEY);
    for (let i = 0; i < time.length; i++) bytes[at++] = time.charCodeAt(i);
    bytes[at++] = 34;
  }
  if (shape.process) {
    at = putKey(view, at, PID_KEY);
    at = putDigits(bytes, at, line, start, pidEnd);
    at = putKey(view, at, COMM_KEY);
    at = putJsonChars(bytes, view, at, line, commStart, headEnd);
  } else {
    at = putKey(view, at, SYSCALL_KEY);
    at = putJsonChars(bytes, view, at, line, start, headEnd);
  }
  bytes[at++] = 34;
  at = putKey(view, at, COUNT_KEY);
  const countAt = at;
  at = putDigits(bytes, at, line, countStart, stop);
  if (shape.failures) {
    const countEnd = at;
    at = putKey(view, at, ERRORS_KEY);
    for (let i = countAt; i < countEnd; i++) bytes[at++] = bytes[i]!;
  }
  if (totalNs !== undefined) {
    at = putKey(view, at, TOTAL_NS_KEY);
    at = putJsonNumberAt(bytes, at, totalNs);
  }
  out.length = at;
  return true;
}

const AT = 64;
const OPEN = 91; // [
const CLOSE = 93; // ]
const COLON = 58;
const NR_KEY = asciiKey(',"nr":');
const SYSCALL_MAP = Buffer.from('syscall');
const PROCESS_MAP = Buffer.from('process');

/**
 * Appends the members of syscount.bt's map line as an event: what parseMapLine and the stock reader give for it,
 * through jsonMembers. "@syscall[NR]: COUNT" is {nr, count}, "@process[COMM]: COUNT" {comm, count}: the map's name up
 * to the first "[", the key up to the last "]: ", a COUNT (and an NR) of 1 to 15 digits. Any other line, another map's
 * among them, is left to the text path. ASCII delimiters sit at the same places in bytes and in text: in UTF-8 no byte
 * of a longer character is below 0x80.
 */
export function writeStockMapLine(line: Uint8Array, start: number, end: number, out: JsonBytes): boolean {
  if (end - start < 6 || line[start] !== AT) return false;
  let open = start + 1;
  while (open < end && line[open] !== OPEN) open++;
  let close = end - 3;
  while (close > open && !(line[close] === CLOSE && line[close + 1] === COLON && line[close + 2] === SPACE)) close--;
  if (close <= open || open - start < 2) return false;
  const countAt = close + 3;
  if (!isCount(line, countAt, end)) return false;
  const isSyscall = sameBytes(line, start + 1, open, SYSCALL_MAP);
  if (!isSyscall && !sameBytes(line, start + 1, open, PROCESS_MAP)) return false;
  if (isSyscall && !isCount(line, open + 1, close)) return false;
  out.reserve(32 + (close - open) * 6);
  const { bytes, view } = out;
  let at = out.length;
  if (isSyscall) {
    at = putKey(view, at, NR_KEY);
    at = putDigits(bytes, at, line, open + 1, close);
  } else {
    at = putKey(view, at, COMM_KEY);
    at = putJsonChars(bytes, view, at, line, open + 1, close);
    bytes[at++] = 34; // "
  }
  at = putKey(view, at, COUNT_KEY);
  out.length = putDigits(bytes, at, line, countAt, end);
  return true;
}

/** 1 to 15 ASCII digits filling line[from, to): integerField's numbers. */
const isCount = (line: Uint8Array, from: number, to: number): boolean => to > from && to - from <= MAX_DIGITS && digitsEnd(line, from, to) === to;

/** line[from, to) is exactly `word`. */
export function sameBytes(line: Uint8Array, from: number, to: number, word: Uint8Array): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (line[from + i] !== word[i]) return false;
  return true;
}
