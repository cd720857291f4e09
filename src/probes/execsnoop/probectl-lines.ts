// Joins the lines of probectl's execsnoop.bt into calls: FILE and ARG lines from the call's entry, EXEC from its return, in either order.
import { digitsToTab, digitsValue } from '../../core/json-from-bytes.js';
import { allDigits, integerField, tabFields } from '../../core/tab-fields.js';
import type { EventBody } from '../../events/index.js';
import { type BufText, decodeBufBytes, decodeBufText, latin1Text } from './buf-text.js';

export const PROBECTL_EXEC_HEADER = 'PROBECTL execsnoop v1';

type ProcessExec = EventBody<'process.exec'>;

interface Call {
  filename?: string;
  args: string[];
  truncated: boolean;
  /** From the EXEC line: the event but for its arguments, and how many arguments the entry printed. */
  exec?: { ts: number; body: ProcessExec; argc: number };
}

/** Calls in flight at most: a call whose return never comes (filtered out there, or lost) is dropped, the oldest first. */
const CAPACITY = 4096;

export interface CompletedExec {
  ts: number;
  body: ProcessExec;
}

/** What a line completes most often: nothing (one array for every such line). */
const NONE: readonly CompletedExec[] = Object.freeze([]);

/**
 * A call's id: the entry's nsecs, a u64 that bpftrace prints whole. Only told apart, never computed with, so it is kept
 * as its digits: past 10^15 ns (11.6 days of uptime) it no longer fits a double exactly.
 */
const MAX_ID_DIGITS = 20;

export type LineKind = 'arg' | 'exec' | 'file';

/**
 * The entry and the return of one call may run on two CPUs (exec moves the task), and bpftrace reads each CPU's buffer
 * in turn: a return can arrive before its arguments. Lines carry the pid and the entry's clock, so the parser pairs
 * them whatever the order and emits a call once its EXEC line and every argument it announced have arrived. Lines are
 * read from their text (line) or, the same way, from their bytes (lineBytes); both key a call by the text "<pid>\t<id>".
 */
export class ProbectlExecs {
  private readonly calls = new Map<string, Call>();
  /** The call the last line went to, and its key: a call's lines mostly come together, and this spares a key and a lookup. */
  private lastKey = '';
  private lastCall: Call | undefined;
  /** Calls dropped to make room whose return was seen: emitted with the line that made the room (takeEvicted). */
  private evicted: CompletedExec[] = [];

  /** Reads one line; what is returned is the calls it completed. Undefined when the line is not one of the program's. */
  line(text: string, ts: number): readonly CompletedExec[] | undefined {
    const kind = text.startsWith('ARG\t') ? 'arg' : text.startsWith('EXEC\t') ? 'exec' : text.startsWith('FILE\t') ? 'file' : undefined;
    if (kind === undefined) return undefined;
    if (kind === 'exec') return this.exec(text, ts);
    const f = tabFields(text, 4);
    if (f === undefined || integerField(f[1]!) === undefined || !isId(f[2]!)) return undefined;
    const value = decodeBufText(f[3]!);
    if (value === undefined) return undefined;
    return this.entryLine(kind, `${f[1]}\t${f[2]}`, value);
  }

  /**
   * Reads line[start, end), of the kind lineKind() found, as line() reads its text, without decoding it: the same calls,
   * in the same state. Undefined for a line line() would refuse (the caller then reads it as text, and reports it).
   */
  lineBytes(kind: LineKind, line: Uint8Array, start: number, end: number, ts: number): readonly CompletedExec[] | undefined {
    const pidStart = start + (kind === 'arg' ? 4 : 5);
    const pidEnd = digitsToTab(line, pidStart, end);
    if (pidEnd === -1) return undefined;
    const idEnd = digitsToTab(line, pidEnd + 1, end, MAX_ID_DIGITS);
    if (idEnd === -1) return undefined;
    if (kind === 'exec') return this.execBytes(line, pidStart, pidEnd, idEnd, end, ts);
    const value = decodeBufBytes(line, idEnd + 1, end);
    if (value === undefined) return undefined;
    return this.entryLine(kind, this.keyOf(line, pidStart, idEnd), value);
  }

  /** Input ended: calls whose return was seen are emitted with what arrived of their arguments, marked truncated. */
  end(): CompletedExec[] {
    const done: CompletedExec[] = [];
    for (const [key, call] of this.calls) if (call.exec !== undefined) done.push(this.close(key, call));
    this.calls.clear();
    this.lastCall = undefined;
    return done;
  }

  private entryLine(kind: 'arg' | 'file', key: string, value: BufText): readonly CompletedExec[] {
    const call = this.callOf(key) ?? this.open(key);
    const done = this.takeEvicted();
    if (kind === 'file') call.filename = value.text;
    else {
      call.args.push(value.text);
      if (value.full) call.truncated = true;
    }
    if (call.exec !== undefined && call.args.length >= call.exec.argc) return [...done, this.close(key, call)];
    return done;
  }

  private exec(text: string, ts: number): readonly CompletedExec[] | undefined {
    const f = tabFields(text, 9);
    if (f === undefined || !isId(f[2]!)) return undefined;
    const pid = integerField(f[1]!);
    const ppid = integerField(f[3]!);
    const uid = integerField(f[4]!);
    const retval = integerField(f[5]!, true);
    const argc = integerField(f[6]!);
    const more = f[7];
    const comm = decodeBufText(f[8]!);
    if (pid === undefined || ppid === undefined || uid === undefined || retval === undefined || argc === undefined) return undefined;
    if ((more !== '0' && more !== '1') || comm === undefined) return undefined;
    return this.returnLine(`${f[1]}\t${f[2]}`, ts, pid, ppid, uid, retval, argc, more === '1', comm.text);
  }

  /** exec() from the bytes after the id: ppid, uid, retval, the count of arguments, the flag of more, comm. */
  private execBytes(line: Uint8Array, pidStart: number, pidEnd: number, idEnd: number, end: number, ts: number): readonly CompletedExec[] | undefined {
    const ppidEnd = digitsToTab(line, idEnd + 1, end);
    if (ppidEnd === -1) return undefined;
    const uidEnd = digitsToTab(line, ppidEnd + 1, end);
    if (uidEnd === -1) return undefined;
    const negative = line[uidEnd + 1] === MINUS;
    const retvalEnd = digitsToTab(line, uidEnd + (negative ? 2 : 1), end);
    if (retvalEnd === -1) return undefined;
    const argcEnd = digitsToTab(line, retvalEnd + 1, end);
    if (argcEnd === -1 || argcEnd + 2 >= end || line[argcEnd + 2] !== TAB) return undefined;
    const more = line[argcEnd + 1];
    if (more !== ZERO && more !== ZERO + 1) return undefined;
    const comm = decodeBufBytes(line, argcEnd + 3, end);
    if (comm === undefined) return undefined;
    const pid = digitsValue(line, pidStart, pidEnd);
    const ppid = digitsValue(line, idEnd + 1, ppidEnd);
    const uid = digitsValue(line, ppidEnd + 1, uidEnd);
    const magnitude = digitsValue(line, uidEnd + (negative ? 2 : 1), retvalEnd);
    const argc = digitsValue(line, retvalEnd + 1, argcEnd);
    const retval = negative ? -magnitude : magnitude;
    return this.returnLine(this.keyOf(line, pidStart, idEnd), ts, pid, ppid, uid, retval, argc, more === ZERO + 1, comm.text);
  }

  private returnLine(
    key: string,
    ts: number,
    pid: number,
    ppid: number,
    uid: number,
    retval: number,
    argc: number,
    more: boolean,
    comm: string,
  ): readonly CompletedExec[] {
    const body = { pid, ppid, uid, comm } as ProcessExec;
    body.retval = retval;
    if (retval < 0) body.errno = -retval;
    const call = this.callOf(key) ?? this.open(key);
    const done = this.takeEvicted();
    if (more) call.truncated = true;
    call.exec = { ts, body, argc };
    if (call.args.length >= argc) return [...done, this.close(key, call)];
    return done;
  }

  /** The key of line[pidStart, idEnd), "<pid>\t<id>": the last line's, compared byte for byte, or a new string. */
  private keyOf(line: Uint8Array, pidStart: number, idEnd: number): string {
    const last = this.lastKey;
    if (this.lastCall !== undefined && last.length === idEnd - pidStart) {
      let same = true;
      for (let i = 0; i < last.length; i++) {
        if (last.charCodeAt(i) !== line[pidStart + i]) {
          same = false;
          break;
        }
      }
      if (same) return last;
    }
    return latin1Text(line, pidStart, idEnd);
  }

  private callOf(key: string): Call | undefined {
    if (this.lastCall !== undefined && key === this.lastKey) return this.lastCall;
    const call = this.calls.get(key);
    if (call !== undefined) {
      this.lastKey = key;
      this.lastCall = call;
    }
    return call;
  }

  /** Opens a call; when CAPACITY are in flight, the older half is dropped first, those whose return was seen into `evicted`. */
  private open(key: string): Call {
    // The older half goes at once: taking the oldest one at a time would walk the map's deleted slots again each time.
    if (this.calls.size >= CAPACITY) {
      let drop = CAPACITY / 2;
      for (const [key, call] of this.calls) {
        if (drop-- === 0) break;
        if (call.exec !== undefined) this.evicted.push(this.close(key, call));
        else this.forget(key, call);
      }
    }
    const call: Call = { args: [], truncated: false };
    this.calls.set(key, call);
    this.lastKey = key;
    this.lastCall = call;
    return call;
  }

  /** The calls open() dropped while reading this line, emitted with it. */
  private takeEvicted(): readonly CompletedExec[] {
    if (this.evicted.length === 0) return NONE;
    const evicted = this.evicted;
    this.evicted = [];
    return evicted;
  }

  private forget(key: string, call: Call): void {
    this.calls.delete(key);
    if (call === this.lastCall) this.lastCall = undefined;
  }

  private close(key: string, call: Call): CompletedExec {
    this.forget(key, call);
    const { ts, body, argc } = call.exec!;
    // The EXEC line's body, completed in place: a copy spread from it ({ ...body }) and given more members is an object
    // V8 builds and serialises slowly (docs/performance.md, tcpdrop and tcplife).
    const out = body;
    if (call.filename !== undefined) out.filename = call.filename;
    out.args = call.args;
    if (call.truncated || call.args.length < argc) out.args_truncated = true;
    return { ts, body: out };
  }
}

const TAB = 9;
const MINUS = 45;
const ZERO = 48;

/** Which of the program's lines line[start, end) opens as: ARG, EXEC or FILE and a tab; else undefined. */
export function lineKind(line: Uint8Array, start: number, end: number): LineKind | undefined {
  if (end - start < 5) return undefined;
  const a = line[start];
  const b = line[start + 1];
  const c = line[start + 2];
  const d = line[start + 3];
  if (a === 65 && b === 82 && c === 71) return d === TAB ? 'arg' : undefined; // ARG
  if (line[start + 4] !== TAB) return undefined;
  if (a === 69 && b === 88 && c === 69 && d === 67) return 'exec'; // EXEC
  return a === 70 && b === 73 && c === 76 && d === 69 ? 'file' : undefined; // FILE
}

/** The digits' id: 1 to 20 decimal digits. */
const isId = (text: string): boolean => allDigits(text, 0, MAX_ID_DIGITS);
