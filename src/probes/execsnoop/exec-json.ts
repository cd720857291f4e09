// A call of probectl's execsnoop program as JSON: its file name and arguments written as JSON text when their lines
// arrive, from the bytes bpftrace printed, and its event's members written from that text when the call completes.
import { putJsonNumberAt, putStringMember } from '../../core/json-bytes-members.js';
import { asciiKey, putJsonCharsDecoding, putKey, putUint } from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import { jsonString } from '../../core/json-text.js';
import { unescapePrinted } from './buf-text.js';

const FILENAME = Buffer.from(',"filename":');
const ARGS = Buffer.from(',"args":[');
const TRUNCATED = Buffer.from(',"args_truncated":true');
const PID = asciiKey(',"pid":');
const PPID = asciiKey(',"ppid":');
const UID = asciiKey(',"uid":');
const COMM = asciiKey(',"comm":');
const RETVAL = asciiKey(',"retval":');
const ERRNO = asciiKey(',"errno":');
/** The most a key and a number take: 12 bytes of key (putKey's most) and 24 of number. */
const NUMBER_MEMBER = 36;

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * A call's `,"filename":…` member (when its FILE line came before any argument) and `,"args":[` with each argument's
 * JSON text, comma-separated: the arguments stay contiguous however the call's lines arrive. One is reused for call
 * after call (ProbectlExecs keeps them), so that a call costs no allocation.
 */
export class CallJson {
  bytes = Buffer.allocUnsafe(256);
  /** A view of `bytes` of its own, made when an escape needs it: core's viewOf keeps one view, of the raw bytes here. */
  private view: DataView | undefined;
  length = 0;
  /** `,"filename":…` of a FILE line that came after an argument (the program prints it before them: input from elsewhere). */
  private lateFile: Buffer | undefined;
  private argsOpen = false;
  /** The end of the `,"filename":…` member before the arguments; 0 when there is none. */
  private fileEnd = 0;

  reset(): void {
    this.length = 0;
    this.lateFile = undefined;
    this.argsOpen = false;
    this.fileEnd = 0;
  }

  /** The FILE line's text, as %r printed it: printable ASCII, `\xNN` escapes (see buf-text.ts), up to its first \x00. */
  fileBytes(line: Uint8Array, start: number, nul: number): void {
    if (this.argsOpen) this.setLateFile(Buffer.concat([FILENAME, Buffer.from(printedJson(line, start, nul))]));
    else {
      this.length = 0; // a FILE line again: the last one is the call's, as the text path keeps it
      this.put(FILENAME);
      this.putPrinted(line, start, nul);
      this.fileEnd = this.length;
    }
  }

  /** The file name as the text path decoded it. */
  fileText(text: string): void {
    if (this.argsOpen) this.setLateFile(Buffer.from(`,"filename":${jsonString(text)}`));
    else {
      this.length = 0;
      this.put(FILENAME);
      this.putText(text);
      this.fileEnd = this.length;
    }
  }

  /** A file name after an argument: it replaces any before it, the one before the arguments too. */
  private setLateFile(member: Buffer): void {
    if (this.fileEnd > 0) {
      this.bytes.copyWithin(0, this.fileEnd, this.length);
      this.length -= this.fileEnd;
      this.fileEnd = 0;
    }
    this.lateFile = member;
  }

  argBytes(line: Uint8Array, start: number, nul: number): void {
    this.nextArg();
    this.putPrinted(line, start, nul);
  }

  argText(text: string): void {
    this.nextArg();
    this.putText(text);
  }

  /** `,"filename":…,"args":[…]`, in that order, to `out`. */
  writeTo(out: JsonBytes): void {
    if (this.lateFile !== undefined) putBuffer(out, this.lateFile);
    if (!this.argsOpen) this.put(ARGS);
    out.reserve(this.length + 1);
    this.bytes.copy(out.bytes, out.length, 0, this.length);
    out.length += this.length;
    out.bytes[out.length++] = 93; // ]
  }

  private nextArg(): void {
    if (this.argsOpen) {
      this.reserve(1);
      this.bytes[this.length++] = 44; // ,
    } else {
      this.put(ARGS);
      this.argsOpen = true;
    }
  }

  /**
   * The JSON string of what line[start, nul) stands for, as JSON.stringify writes decodeBufText's text of it: printable
   * ASCII copied (a quote escaped) until a backslash, and from there every `\xNN` of a byte %r does not print as
   * itself decoded, the bytes then written as decodeBytes reads them (a byte that starts no valid UTF-8 as `\xNN`).
   */
  private putPrinted(line: Uint8Array, start: number, nul: number): void {
    this.reserve((nul - start) * 6 + 2);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = QUOTE;
    for (let i = start; i < nul; i++) {
      const c = line[i]!;
      if (c === BACKSLASH) {
        at = this.putEscaped(line, i, nul, at);
        break;
      }
      if (c === QUOTE) bytes[at++] = BACKSLASH;
      bytes[at++] = c;
    }
    bytes[at++] = QUOTE;
    this.length = at;
  }

  /** line[from, nul) unescaped (buf-text.ts) and written at `at` as JSON string characters. */
  private putEscaped(line: Uint8Array, from: number, nul: number, at: number): number {
    if (raw.length < nul - from) raw = new Uint8Array(2 * (nul - from));
    const n = unescapePrinted(line, from, nul, raw);
    this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return putJsonCharsDecoding(this.bytes, this.view, at, raw, 0, n);
  }

  private putText(text: string): void {
    const json = jsonString(text);
    this.reserve(json.length * 3);
    this.length += this.bytes.write(json, this.length);
  }

  private put(constant: Buffer): void {
    this.reserve(constant.length);
    this.bytes.set(constant, this.length);
    this.length += constant.length;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.length + n));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
    this.view = undefined;
  }
}

/** The bytes an argument's escapes stand for, decoded before they are written as JSON (one call at a time uses it). */
let raw = new Uint8Array(256);

/** The JSON string of a %r-printed range, on its own (a late FILE line). */
function printedJson(line: Uint8Array, start: number, nul: number): Uint8Array {
  const json = new CallJson();
  json.argBytes(line, start, nul);
  return json.bytes.subarray(ARGS.length, json.length);
}

function putBuffer(out: JsonBytes, bytes: Buffer): void {
  out.reserve(bytes.length);
  bytes.copy(out.bytes, out.length);
  out.length += bytes.length;
}

/** What the EXEC line of a call said. */
export interface ExecLine {
  ts: number;
  pid: number;
  ppid: number;
  uid: number;
  retval: number;
  /** The arguments the entry printed. */
  argc: number;
  comm: string;
}

/**
 * A completed call's members, as jsonMembers writes the body bodyOf() (probectl-lines.ts) gives: pid, ppid, uid,
 * comm, retval, errno (a failed call), filename (when its FILE line came), args and args_truncated (when true).
 */
export function putCallMembers(out: JsonBytes, exec: ExecLine, json: CallJson, truncated: boolean): void {
  out.reserve(3 * NUMBER_MEMBER);
  let at = putUint(out.bytes, putKey(out.view, out.length, PID), exec.pid);
  at = putUint(out.bytes, putKey(out.view, at, PPID), exec.ppid);
  at = putUint(out.bytes, putKey(out.view, at, UID), exec.uid);
  out.length = at;
  putStringMember(out, COMM, exec.comm);
  out.reserve(2 * NUMBER_MEMBER);
  at = putJsonNumberAt(out.bytes, putKey(out.view, out.length, RETVAL), exec.retval);
  if (exec.retval < 0) at = putJsonNumberAt(out.bytes, putKey(out.view, at, ERRNO), -exec.retval);
  out.length = at;
  json.writeTo(out);
  if (truncated) putBuffer(out, TRUNCATED);
}
