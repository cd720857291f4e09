// Scans one stock execsnoop row by its columns' printf widths, tolerating values that overflow them.
import { digitsEnd, intAt, isClockAt, onlySpaces, skipSpaces } from '../../core/scan.js';
import type { EventBody } from '../../events/index.js';
import { type ExecArgs, libbpfPlainArgs, quotedArgs, spacedArgs } from './args.js';
import type { ExecsnoopShape } from './layouts.js';

type ProcessExec = EventBody<'process.exec'>;

/** Fallback for a COMM that does not fit 16 columns (bytes escaped as \xNN): COMM, PID, [PPID], RET. */
const looseWithPpid = /^(.*?) +(\d+) +(\d+|\?) +(-?\d+) /;
const looseNoPpid = /^(.*?) +(\d+) +(-?\d+) /;

/** A number padded to `width` columns ("%-Nd"): its value and where the next column starts (after `gap` separators). */
function paddedNumber(text: string, pos: number, width: number, gap: number): { value: number; next: number } | undefined {
  const end = digitsEnd(text, pos);
  if (end === pos) return undefined;
  const next = Math.max(pos + width, end) + gap;
  if (!onlySpaces(text, end, next)) return undefined;
  return { value: intAt(text, pos, end), next };
}

/** -q cannot be told from the header: a row is quoted when its arguments open and close with quotes as -q writes them. */
function looksQuoted(text: string, s: ExecsnoopShape): boolean {
  return text.charCodeAt(0) === 34 && (s.impl === 'libbpf' ? text.endsWith('" ') || text.endsWith('" ...') : text.endsWith('"'));
}

function argsOf(text: string, s: ExecsnoopShape): ExecArgs | undefined {
  if (s.impl === 'bpftrace') return spacedArgs(text);
  if (s.quote !== looksQuoted(text, s)) return undefined;
  if (s.quote) return quotedArgs(text, s.impl === 'libbpf' ? 'libbpf' : 'bcc');
  return s.impl === 'libbpf' ? libbpfPlainArgs(text) : spacedArgs(text);
}

function btRow(text: string, s: ExecsnoopShape): ProcessExec | undefined {
  let pos = 0;
  const body = {} as ProcessExec;
  if (s.elapsedMs) {
    const ms = paddedNumber(text, 0, 10, 1);
    if (ms === undefined) return undefined;
    body.elapsed_s = ms.value / 1000;
    pos = ms.next;
  } else {
    // "%-15s " of HH:MM:SS.micro
    if (!isClockAt(text, 0) || text.charCodeAt(8) !== 46) return undefined;
    const end = digitsEnd(text, 9);
    if (end === 9 || text.charCodeAt(end) !== 32) return undefined;
    body.time = text.slice(0, end);
    pos = skipSpaces(text, end);
  }
  const pid = paddedNumber(text, pos, s.pidWidth, 1);
  if (pid === undefined) return undefined;
  body.pid = pid.value;
  pos = pid.next;
  if (s.ppid) {
    const ppid = paddedNumber(text, pos, s.pidWidth, 1);
    if (ppid === undefined) return undefined;
    body.ppid = ppid.value;
    pos = ppid.next;
  }
  return withArgs(body, argsOf(text.slice(pos), s));
}

function withArgs(body: ProcessExec, a: ExecArgs | undefined): ProcessExec | undefined {
  if (a === undefined) return undefined;
  body.args = a.args;
  if (a.joined) body.args_joined = true;
  if (a.truncated) body.args_truncated = true;
  return body;
}

/** What both readings of COMM onward need: " 1 1 1 " at least for the loose match (" 1 1 " without PPID), 17 characters for the strict one. */
const fromCommAtLeast = (s: ExecsnoopShape): number => (s.ppid ? 7 : 5);

/**
 * The fewest characters a row of the shape has: parseExecsnoopRow refuses every shorter line. libbpf-tools and BCC:
 * the columns before COMM at their narrowest (TIME 9, TIME(s) 8 and UID 6, each padded at least that far), then what
 * COMM onward needs. execsnoop.bt: TIME(ms) padded to 10 and a space, or HH:MM:SS.micro and a space, then a PID's digit.
 */
export function shortestExecsnoopRow(s: ExecsnoopShape): number {
  if (s.impl === 'bpftrace') return 12;
  return (s.time ? 9 : 0) + (s.timestamp ? 8 : 0) + (s.uid ? 6 : 0) + fromCommAtLeast(s);
}

export function parseExecsnoopRow(text: string, s: ExecsnoopShape): ProcessExec | undefined {
  if (s.impl === 'bpftrace') return btRow(text, s);
  let pos = 0;
  let time: string | undefined;
  let elapsed: number | undefined;
  let uid: number | undefined;
  if (s.time) {
    // libbpf "%-8s ", BCC "%-9s": HH:MM:SS and a space either way
    if (!isClockAt(text, 0) || text.charCodeAt(8) !== 32) return undefined;
    time = text.slice(0, 8);
    pos = 9;
  }
  if (s.timestamp) {
    // "%-8.3f" with no separator: exactly three decimals end the number.
    const intEnd = digitsEnd(text, pos);
    if (intEnd === pos || text.charCodeAt(intEnd) !== 46 || digitsEnd(text, intEnd + 1) < intEnd + 4) return undefined;
    elapsed = Number(text.slice(pos, intEnd + 4));
    const next = Math.max(pos + 8, intEnd + 4);
    if (!onlySpaces(text, intEnd + 4, next)) return undefined;
    pos = next;
  }
  if (s.uid) {
    // "%-6d" with no separator: a UID of six digits or more runs into COMM.
    const u = paddedNumber(text, pos, 6, 0);
    if (u === undefined) return undefined;
    uid = u.value;
    pos = u.next;
  }
  const commStart = pos;
  // A shorter line (an argument's end after its newline) is no row, without a regex run on it.
  if (text.length - commStart < fromCommAtLeast(s)) return undefined;
  const commEnd = commStart + 16;
  let comm: string;
  let pid: number;
  let ppid: number | undefined;
  let retval: number;
  let rest: number;
  const strict = text.charCodeAt(commEnd) === 32 ? columnsAfterComm(text, commEnd + 1, s) : undefined;
  if (strict !== undefined) {
    comm = text.slice(commStart, commEnd).trimEnd();
    ({ pid, ppid, retval, rest } = strict);
  } else {
    const m = (s.ppid ? looseWithPpid : looseNoPpid).exec(text.slice(commStart));
    if (m === null) return undefined;
    comm = m[1]!;
    pid = Number(m[2]);
    if (s.ppid) ppid = m[3] === '?' ? undefined : Number(m[3]);
    retval = Number(m[s.ppid ? 4 : 3]);
    rest = commStart + m[0].length;
  }
  if (!Number.isSafeInteger(pid) || !Number.isSafeInteger(retval)) return undefined;
  // Keys in the order the tool prints its columns.
  const body = {} as ProcessExec;
  if (time !== undefined) body.time = time;
  if (elapsed !== undefined) body.elapsed_s = elapsed;
  if (uid !== undefined) body.uid = uid;
  body.comm = comm;
  body.pid = pid;
  if (ppid !== undefined) body.ppid = ppid;
  body.retval = retval;
  if (retval < 0) body.errno = -retval;
  return withArgs(body, argsOf(text.slice(rest), s));
}

/** PID, PPID (a number, or "?" in BCC when the parent had gone) and RET ("%3d "), each followed by a space. */
function columnsAfterComm(text: string, pos: number, s: ExecsnoopShape): { pid: number; ppid?: number; retval: number; rest: number } | undefined {
  const pid = paddedNumber(text, pos, s.pidWidth, 1);
  if (pid === undefined) return undefined;
  pos = pid.next;
  let ppid: number | undefined;
  if (s.ppid) {
    if (text.charCodeAt(pos) === 63) {
      const next = Math.max(pos + s.pidWidth, pos + 1) + 1;
      if (!onlySpaces(text, pos + 1, next)) return undefined;
      pos = next;
    } else {
      const p = paddedNumber(text, pos, s.pidWidth, 1);
      if (p === undefined) return undefined;
      ppid = p.value;
      pos = p.next;
    }
  }
  pos = skipSpaces(text, pos);
  const negative = text.charCodeAt(pos) === 45;
  const start = negative ? pos + 1 : pos;
  const end = digitsEnd(text, start);
  if (end === start || (end !== text.length && text.charCodeAt(end) !== 32)) return undefined;
  const abs = intAt(text, start, end);
  const retval = negative ? -abs : abs;
  return { pid: pid.value, ...(ppid !== undefined && { ppid }), retval, rest: Math.min(end + 1, text.length) };
}
