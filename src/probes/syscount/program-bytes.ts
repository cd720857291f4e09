// probectl's syscount program from its bytes: a map line's counts read without decoding the line, and an interval's
// events ordered and written as JSON members from its counts, without a body object.
import { putJsonNumber, putNumberMember, putRaw, putStringMember } from '../../core/json-bytes-members.js';
import { asciiKey, digitsValue } from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import { integerField } from '../../core/tab-fields.js';

/** One key's counts in the interval being read. */
export interface Counts {
  calls: number;
  failed: number;
  ns?: number;
  pid?: number;
  comm?: string;
  nr: number;
}

export type ProgramMap = 'calls' | 'failed' | 'ns';

/** A map line of the program whose key is a call's number: "@calls0[257]: 12". */
export interface NumberedMapLine {
  map: ProgramMap;
  nr: number;
  value: number;
}

const AT = 64;
const OPEN = 91; // [
const CLOSE = 93; // ]
const COLON = 58;
const SPACE = 32;
/** calls0, calls1, failed0, failed1, ns0 or ns1 (either generation of each map), by its bytes; else undefined. */
function programMap(line: Uint8Array, from: number, to: number): ProgramMap | undefined {
  const generation = line[to - 1];
  if (generation !== 48 && generation !== 49) return undefined;
  const n = to - from;
  const c = (i: number) => line[from + i];
  if (n === 6 && c(0) === 99 && c(1) === 97 && c(2) === 108 && c(3) === 108 && c(4) === 115) return 'calls';
  if (n === 7 && c(0) === 102 && c(1) === 97 && c(2) === 105 && c(3) === 108 && c(4) === 101 && c(5) === 100) return 'failed';
  if (n === 3 && c(0) === 110 && c(1) === 115) return 'ns';
  return undefined;
}

/**
 * "@<map><generation>[<nr>]: <value>" with the call's number written as the text path keys it by number (digits, no
 * leading zero) and a value of 1 to 15 digits, read into `into` (one object for every line: a program prints hundreds
 * of thousands); false for any other line, which the text path then reads (a key per process, "<pid>, <nr>, <comm>",
 * among them).
 */
export function readNumberedMapLine(line: Uint8Array, start: number, end: number, into: NumberedMapLine): boolean {
  if (line[start] !== AT) return false;
  let open = start + 1;
  while (open < end && line[open] !== OPEN) open++;
  const map = open < end ? programMap(line, start + 1, open) : undefined;
  if (map === undefined) return false;
  let close = open + 1;
  while (close < end && line[close] !== CLOSE) close++;
  if (close + 2 >= end || line[close + 1] !== COLON || line[close + 2] !== SPACE) return false;
  if (close - open > 2 && line[open + 1] === 48) return false; // a leading zero: the text path keys "007" apart from "7"
  const nr = digitsValue(line, open + 1, close);
  const value = digitsValue(line, close + 3, end);
  if (nr < 0 || value < 0) return false;
  into.map = map;
  into.nr = nr;
  into.value = value;
  return true;
}

/** The same, as a new object (tests); undefined for a line the text path reads. */
export function numberedMapLine(line: Uint8Array, start: number, end: number): NumberedMapLine | undefined {
  const read: NumberedMapLine = { map: 'calls', nr: 0, value: 0 };
  return readNumberedMapLine(line, start, end, read) ? read : undefined;
}

/** The call's number when the key is one the text path keys by number too (plain digits, no leading zero); else undefined. */
export function plainNumber(key: string): number | undefined {
  return key.length > 1 && key.charCodeAt(0) === 48 ? undefined : integerField(key);
}

/** The busiest first, then by call and process: the order an interval's events come in. */
export const busiestFirst = (a: Counts, b: Counts): number => b.calls - a.calls || a.nr - b.nr || (a.pid ?? 0) - (b.pid ?? 0);

/**
 * Sorts an interval's counts busiest first, stably, as Array.prototype.sort would: by insertion where there are a
 * few (an interval holds a handful of calls, tens of thousands of times a run: sort's own setup cost more than this).
 */
export function sortBusiestFirst(kept: Counts[]): void {
  if (kept.length > 16) {
    kept.sort(busiestFirst);
    return;
  }
  for (let i = 1; i < kept.length; i++) {
    const item = kept[i]!;
    let j = i - 1;
    while (j >= 0 && busiestFirst(kept[j]!, item) > 0) {
      kept[j + 1] = kept[j]!;
      j--;
    }
    kept[j + 1] = item;
  }
}

const PID = asciiKey(',"pid":');
const COMM = asciiKey(',"comm":');
const NR = asciiKey(',"nr":');
const COUNT = asciiKey(',"count":');
const ERRORS = asciiKey(',"errors":');
const TOTAL_NS = asciiKey(',"total_ns":');
/** Past putKey's 12 bytes: copied. */
const INTERVAL_MS = Buffer.from(',"interval_ms":');

/**
 * Appends the members of one key's syscall.count event, in the order the text path's row has them: exactly
 * jsonMembers of that row. `syscall` is the call's name member (',"syscall":"read"') when the program named it.
 */
export function writeCountsMembers(out: JsonBytes, counts: Counts, ms: number | undefined, syscall: Uint8Array | undefined): void {
  if (ms !== undefined) {
    putRaw(out, INTERVAL_MS);
    putJsonNumber(out, ms);
  }
  if (counts.pid !== undefined) {
    putNumberMember(out, PID, counts.pid);
    if (counts.comm !== undefined) putStringMember(out, COMM, counts.comm);
  }
  if (syscall !== undefined) putRaw(out, syscall);
  putNumberMember(out, NR, counts.nr);
  putNumberMember(out, COUNT, counts.calls);
  putNumberMember(out, ERRORS, counts.failed);
  if (counts.ns !== undefined) putNumberMember(out, TOTAL_NS, counts.ns);
}

/** The call's name as its member's bytes: ',"syscall":"read"' (names are identifiers: nothing to escape). */
export const syscallMember = (name: string): Uint8Array => Buffer.from(`,"syscall":${JSON.stringify(name)}`);
