// Joins the lines of probectl's execsnoop.bt into calls: FILE and ARG lines from the call's entry, EXEC from its return, in either order.
import { digitsToTab, digitsValue } from '../../core/json-from-bytes.js';
import { allDigits, integerField, tabFields } from '../../core/tab-fields.js';
import type { EventBody } from '../../events/index.js';
import { decodeBufBytes, decodeBufText, latin1Text, printedEnd } from './buf-text.js';
import { CallJson, type ExecLine } from './exec-json.js';

export const PROBECTL_EXEC_HEADER = 'PROBECTL execsnoop v1';

type ProcessExec = EventBody<'process.exec'>;

/** One call: what its lines brought so far. */
export interface Call {
  /** Reading for objects: the file name and the arguments' texts. */
  filename: string | undefined;
  args: string[];
  /** Reading for JSON: the file name's and the arguments' JSON text instead. */
  json: CallJson | undefined;
  /** Arguments that arrived. */
  count: number;
  truncated: boolean;
  exec: ExecLine | undefined;
}

/** Calls waiting at most: a call whose return never comes (filtered out there, or lost) is dropped, the oldest first. */
const CAPACITY = 4096;

/** What a line completes most often: nothing (one array for every such line). */
const NONE: readonly Call[] = Object.freeze([]);
/** A call's arguments when they are kept as JSON: never added to. */
const NO_ARGS: string[] = Object.freeze([]) as unknown as string[];

/**
 * A call's id: the entry's nsecs, a u64 that bpftrace prints whole. Only told apart, never computed with, so it is kept
 * as its digits: past 10^15 ns (11.6 days of uptime) it no longer fits a double exactly.
 */
const MAX_ID_DIGITS = 20;

export type LineKind = 'arg' | 'exec' | 'file';

/**
 * The entry and the return of one call may run on two CPUs (exec moves the task), and bpftrace reads each CPU's buffer
 * in turn: a return can arrive before its arguments. Lines carry the pid and the entry's clock, so the parser pairs
 * them whatever the order and completes a call once its EXEC line and every argument it announced have arrived. Lines
 * are read from their text (line) or, the same way, from their bytes (lineBytes); both key a call by the text
 * "<pid>\t<id>". A call's lines mostly come together: the call they go to is `current`, and a call waits in `waiting`
 * only while another call's lines come.
 *
 * Read `forJson`, a call keeps its file name and arguments as JSON text (CallJson) for putCallMembers to write, and
 * lineBytes writes that text from the line's bytes; else as texts, for bodyOf.
 */
export class ProbectlExecs {
  private readonly waiting = new Map<string, Call>();
  private current: Call | undefined;
  private currentKey = '';
  /** The digits of the pid at the start of currentKey. */
  private currentPidLength = 0;
  /** Calls dropped to make room whose return was seen: completed with the line that made the room (takeEvicted). */
  private evicted: Call[] = [];
  /** CallJson of completed calls, for the next calls (release). */
  private readonly spare: CallJson[] = [];

  constructor(private readonly forJson: boolean) {}

  /** Reads one line; what is returned is the calls it completed. Undefined when the line is not one of the program's. */
  line(text: string, ts: number): readonly Call[] | undefined {
    const kind = text.startsWith('ARG\t') ? 'arg' : text.startsWith('EXEC\t') ? 'exec' : text.startsWith('FILE\t') ? 'file' : undefined;
    if (kind === undefined) return undefined;
    if (kind === 'exec') return this.exec(text, ts);
    const f = tabFields(text, 4);
    if (f === undefined || integerField(f[1]!) === undefined || !isId(f[2]!)) return undefined;
    const value = decodeBufText(f[3]!);
    if (value === undefined) return undefined;
    const call = this.callOf(`${f[1]}\t${f[2]}`, f[1]!.length);
    const json = call.json;
    if (kind === 'file') {
      if (json === undefined) call.filename = value.text;
      else json.fileText(value.text);
      return this.takeEvicted();
    }
    if (json === undefined) call.args.push(value.text);
    else json.argText(value.text);
    return this.argAdded(call, value.full);
  }

  /**
   * Reads line[start, end), of the kind lineKind() found, as line() reads its text: the same calls, in the same state.
   * Undefined for a line line() would refuse (the caller then reads it as text, and reports it), and for every line
   * when not reading for JSON.
   */
  lineBytes(kind: LineKind, line: Uint8Array, start: number, end: number, ts: number): readonly Call[] | undefined {
    if (!this.forJson) return undefined;
    const pidStart = start + (kind === 'arg' ? 4 : 5);
    // The current call's key and a tab: its digits need no reading again.
    let idEnd = this.currentKeyEnd(line, pidStart, end);
    let pidEnd: number;
    let key: string;
    if (idEnd !== -1) {
      key = this.currentKey;
      pidEnd = pidStart + this.currentPidLength;
    } else {
      pidEnd = digitsToTab(line, pidStart, end);
      if (pidEnd === -1) return undefined;
      idEnd = digitsToTab(line, pidEnd + 1, end, MAX_ID_DIGITS);
      if (idEnd === -1) return undefined;
      key = latin1Text(line, pidStart, idEnd);
    }
    if (kind === 'exec') return this.execBytes(line, pidStart, pidEnd, idEnd, end, ts, key);
    const nul = printedEnd(line, idEnd + 1, end);
    if (nul === -1) return undefined;
    const call = this.callOf(key, pidEnd - pidStart);
    const json = call.json!;
    if (kind === 'file') {
      json.fileBytes(line, idEnd + 1, nul);
      return this.takeEvicted();
    }
    json.argBytes(line, idEnd + 1, nul);
    return this.argAdded(call, nul === end || nul + 4 === end);
  }

  /** Input ended: calls whose return was seen are completed with what arrived of their arguments, marked truncated. */
  end(): Call[] {
    const done: Call[] = [];
    for (const call of this.waiting.values()) if (call.exec !== undefined) done.push(call);
    if (this.current?.exec !== undefined) done.push(this.current);
    this.waiting.clear();
    this.current = undefined;
    return done;
  }

  /** A completed call's CallJson, once written, for another call. */
  release(call: Call): void {
    if (call.json !== undefined && this.spare.length < 8) this.spare.push(call.json);
  }

  private argAdded(call: Call, full: boolean): readonly Call[] {
    call.count++;
    if (full) call.truncated = true;
    if (call.exec !== undefined && call.count >= call.exec.argc) return this.complete(call);
    return this.takeEvicted();
  }

  private exec(text: string, ts: number): readonly Call[] | undefined {
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
    return this.returnLine(`${f[1]}\t${f[2]}`, f[1]!.length, { ts, pid, ppid, uid, retval, argc, comm: comm.text }, more === '1');
  }

  /** exec() from the bytes after the id: ppid, uid, retval, the count of arguments, the flag of more, comm. */
  private execBytes(line: Uint8Array, pidStart: number, pidEnd: number, idEnd: number, end: number, ts: number, key: string): readonly Call[] | undefined {
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
    const magnitude = digitsValue(line, uidEnd + (negative ? 2 : 1), retvalEnd);
    const exec: ExecLine = {
      ts,
      pid: digitsValue(line, pidStart, pidEnd),
      ppid: digitsValue(line, idEnd + 1, ppidEnd),
      uid: digitsValue(line, ppidEnd + 1, uidEnd),
      retval: negative ? -magnitude : magnitude,
      argc: digitsValue(line, retvalEnd + 1, argcEnd),
      comm: comm.text,
    };
    return this.returnLine(key, pidEnd - pidStart, exec, more === ZERO + 1);
  }

  private returnLine(key: string, pidLength: number, exec: ExecLine, more: boolean): readonly Call[] {
    const call = this.callOf(key, pidLength);
    if (more) call.truncated = true;
    call.exec = exec;
    if (call.count >= exec.argc) return this.complete(call);
    return this.takeEvicted();
  }

  /** Where the current call's key ends when line[pidStart, end) starts with it and a tab; else -1. */
  private currentKeyEnd(line: Uint8Array, pidStart: number, end: number): number {
    if (this.current === undefined) return -1;
    const key = this.currentKey;
    const keyEnd = pidStart + key.length;
    if (keyEnd >= end || line[keyEnd] !== TAB) return -1;
    for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== line[pidStart + i]) return -1;
    return keyEnd;
  }

  /** The call of `key`, made current: the current one, one waiting, or a new one (the current one then waits). */
  private callOf(key: string, pidLength: number): Call {
    const current = this.current;
    if (current !== undefined && key === this.currentKey) return current;
    if (current !== undefined) this.waiting.set(this.currentKey, current);
    let call = this.waiting.size === 0 ? undefined : this.waiting.get(key);
    if (call !== undefined) this.waiting.delete(key);
    else call = this.open();
    this.current = call;
    this.currentKey = key;
    this.currentPidLength = pidLength;
    return call;
  }

  /** A new call; when CAPACITY are waiting, the older half is dropped first, those whose return was seen into `evicted`. */
  private open(): Call {
    // The older half goes at once: taking the oldest one at a time would walk the map's deleted slots again each time.
    if (this.waiting.size >= CAPACITY) {
      let drop = CAPACITY / 2;
      for (const [key, call] of this.waiting) {
        if (drop-- === 0) break;
        this.waiting.delete(key);
        if (call.exec !== undefined) this.evicted.push(call);
      }
    }
    let json: CallJson | undefined;
    if (this.forJson) {
      json = this.spare.pop() ?? new CallJson();
      json.reset();
    }
    return { filename: undefined, args: json === undefined ? [] : NO_ARGS, json, count: 0, truncated: false, exec: undefined };
  }

  /** The current call, completed: it leaves. The calls dropped while its line was read come first. */
  private complete(call: Call): readonly Call[] {
    this.current = undefined;
    if (this.evicted.length === 0) return [call];
    const done = this.evicted;
    this.evicted = [];
    done.push(call);
    return done;
  }

  /** The calls open() dropped while reading this line, completed with it. */
  private takeEvicted(): readonly Call[] {
    if (this.evicted.length === 0) return NONE;
    const evicted = this.evicted;
    this.evicted = [];
    return evicted;
  }
}

/** A completed call as its event's body, member by member in the order putCallMembers writes them. */
export function bodyOf(call: Call): ProcessExec {
  const exec = call.exec!;
  const body = { pid: exec.pid, ppid: exec.ppid, uid: exec.uid, comm: exec.comm } as ProcessExec;
  body.retval = exec.retval;
  if (exec.retval < 0) body.errno = -exec.retval;
  if (call.filename !== undefined) body.filename = call.filename;
  body.args = call.args;
  if (isTruncated(call)) body.args_truncated = true;
  return body;
}

/** Arguments cut: one filled its buffer, argv had more than the program prints, or some never arrived. */
export const isTruncated = (call: Call): boolean => call.truncated || call.count < call.exec!.argc;

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
