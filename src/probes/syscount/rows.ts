// Reads one row of a libbpf-tools or BCC syscount table, and one map line of bpftrace's print(), by anchoring on the numbers at the end.
import type { EventBody } from '../../events/index.js';
import { integerField } from '../../core/tab-fields.js';
import type { TableShape } from './layouts.js';

type SyscallCount = EventBody<'syscall.count'>;

const UNKNOWN = /^\[unknown: (\d{1,6})\]$/;
const DECIMAL = /^\d{1,15}\.\d{1,9}$/;

/** The call as the tools print it: its name, or "[unknown: N]" for a number their table lacks. */
function callOf(text: string): Pick<SyscallCount, 'syscall' | 'nr'> | undefined {
  if (text.length === 0) return undefined;
  const unknown = UNKNOWN.exec(text);
  if (unknown !== null) return { nr: Number(unknown[1]) };
  return /\s/.test(text) ? undefined : { syscall: text };
}

/** "%-6u %-15s" (libbpf) or "%-6d %-15s" (BCC): COMM may hold spaces, so it runs from its column to the numbers. */
function processOf(text: string): Pick<SyscallCount, 'pid' | 'comm'> | undefined {
  let pidEnd = 0;
  while (pidEnd < text.length && text.charCodeAt(pidEnd) >= 48 && text.charCodeAt(pidEnd) <= 57) pidEnd++;
  const pid = integerField(text.slice(0, pidEnd));
  if (pid === undefined || text.charCodeAt(pidEnd) !== 32) return undefined;
  const commStart = Math.max(7, pidEnd + 1);
  if (text.slice(pidEnd, commStart).trim() !== '') return undefined;
  return { pid, comm: text.slice(commStart) };
}

/** The line's last space-separated token, and where the text before it ends (its padding trimmed). */
function lastToken(text: string, end: number): { token: string; before: number } | undefined {
  const space = text.lastIndexOf(' ', end - 1);
  if (space === -1 || space === end - 1) return undefined;
  let before = space;
  while (before > 0 && text.charCodeAt(before - 1) === 32) before--;
  return { token: text.slice(space + 1, end), before };
}

/** "%-22s %8llu", with " %16.3f" (TIME in µs or ms) under -L; time is the clock line above the table, if any. */
export function parseTableRow(text: string, shape: TableShape, time?: string): SyscallCount | undefined {
  let end = text.length;
  let total_ns: number | undefined;
  if (shape.latency !== 'none') {
    const time = lastToken(text, end);
    if (time === undefined || !DECIMAL.test(time.token)) return undefined;
    total_ns = Math.round(Number(time.token) * (shape.latency === 'ms' ? 1e6 : 1e3));
    end = time.before;
  }
  const counted = lastToken(text, end);
  if (counted === undefined) return undefined;
  const count = integerField(counted.token);
  if (count === undefined) return undefined;
  const head = text.slice(0, counted.before);
  const who: Pick<SyscallCount, 'syscall' | 'nr' | 'pid' | 'comm'> | undefined = shape.process ? processOf(head) : callOf(head);
  if (who === undefined) return undefined;
  // Fields assigned in order: conditional spreads make slow dictionary-mode objects in the hot loop.
  const row = {} as SyscallCount;
  if (time !== undefined) row.time = time;
  if (who.pid !== undefined) {
    row.pid = who.pid;
    row.comm = who.comm;
  }
  if (who.syscall !== undefined) row.syscall = who.syscall;
  if (who.nr !== undefined) row.nr = who.nr;
  row.count = count;
  if (shape.failures) row.errors = count;
  if (total_ns !== undefined) row.total_ns = total_ns;
  return row;
}

/** One line of bpftrace's print() of a map: the map's name, its key as printed (between the brackets) and an integer value. */
export interface MapLine {
  map: string;
  key: string;
  value: number;
}

export function parseMapLine(text: string): MapLine | undefined {
  if (text.charCodeAt(0) !== 64) return undefined; // '@'
  const open = text.indexOf('[');
  const close = text.lastIndexOf(']: ');
  if (open < 2 || close < open) return undefined;
  const value = integerField(text.slice(close + 3));
  if (value === undefined) return undefined;
  return { map: text.slice(1, open), key: text.slice(open + 1, close), value };
}

/** The key of probectl's maps: "<nr>", or "<pid>, <nr>, <comm>" counted per process. */
export function parseProbectlKey(key: string): { nr: number; pid?: number; comm?: string } | undefined {
  const comma = key.indexOf(', ');
  if (comma === -1) {
    const nr = integerField(key);
    return nr === undefined ? undefined : { nr };
  }
  const second = key.indexOf(', ', comma + 2);
  if (second === -1) return undefined;
  const pid = integerField(key.slice(0, comma));
  const nr = integerField(key.slice(comma + 2, second));
  if (pid === undefined || nr === undefined) return undefined;
  return { pid, nr, comm: key.slice(second + 2) };
}
