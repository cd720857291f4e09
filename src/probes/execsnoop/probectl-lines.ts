// Joins the lines of probectl's execsnoop.bt into calls: FILE and ARG lines from the call's entry, EXEC from its return, in either order.
import { integerField, tabFields } from '../../core/tab-fields.js';
import type { EventBody } from '../../events/index.js';
import { decodeBufText } from './buf-text.js';

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

/**
 * The entry and the return of one call may run on two CPUs (exec moves the task), and bpftrace reads each CPU's buffer
 * in turn: a return can arrive before its arguments. Lines carry the pid and the entry's clock, so the parser pairs
 * them whatever the order and emits a call once its EXEC line and every argument it announced have arrived.
 */
export class ProbectlExecs {
  private readonly calls = new Map<string, Call>();

  /** Reads one line; what is returned is the calls it completed. Undefined when the line is not one of the program's. */
  line(text: string, ts: number): CompletedExec[] | undefined {
    const kind = text.startsWith('ARG\t') ? 'arg' : text.startsWith('EXEC\t') ? 'exec' : text.startsWith('FILE\t') ? 'file' : undefined;
    if (kind === undefined) return undefined;
    if (kind === 'exec') return this.exec(text, ts);
    const f = tabFields(text, 4);
    if (f === undefined || integerField(f[1]!) === undefined || integerField(f[2]!) === undefined) return undefined;
    const value = decodeBufText(f[3]!);
    if (value === undefined) return undefined;
    const key = `${f[1]}:${f[2]}`;
    const done: CompletedExec[] = [];
    const call = this.calls.get(key) ?? this.open(key, done);
    if (kind === 'file') call.filename = value.text;
    else {
      call.args.push(value.text);
      if (value.full) call.truncated = true;
    }
    if (call.exec !== undefined && call.args.length >= call.exec.argc) done.push(this.close(key, call));
    return done;
  }

  /** Input ended: calls whose return was seen are emitted with what arrived of their arguments, marked truncated. */
  end(): CompletedExec[] {
    const done: CompletedExec[] = [];
    for (const [key, call] of this.calls) if (call.exec !== undefined) done.push(this.close(key, call));
    this.calls.clear();
    return done;
  }

  private exec(text: string, ts: number): CompletedExec[] | undefined {
    const f = tabFields(text, 9);
    if (f === undefined) return undefined;
    const pid = integerField(f[1]!);
    const id = integerField(f[2]!);
    const ppid = integerField(f[3]!);
    const uid = integerField(f[4]!);
    const retval = integerField(f[5]!, true);
    const argc = integerField(f[6]!);
    const more = f[7];
    const comm = decodeBufText(f[8]!);
    if (pid === undefined || id === undefined || ppid === undefined || uid === undefined || retval === undefined || argc === undefined) return undefined;
    if ((more !== '0' && more !== '1') || comm === undefined) return undefined;
    const body = { pid, ppid, uid, comm: comm.text } as ProcessExec;
    body.retval = retval;
    if (retval < 0) body.errno = -retval;
    const key = `${f[1]}:${f[2]}`;
    const done: CompletedExec[] = [];
    const call = this.calls.get(key) ?? this.open(key, done);
    if (more === '1') call.truncated = true;
    call.exec = { ts, body, argc };
    if (call.args.length >= argc) done.push(this.close(key, call));
    return done;
  }

  private open(key: string, done: CompletedExec[]): Call {
    // The older half goes at once: taking the oldest one at a time would walk the map's deleted slots again each time.
    if (this.calls.size >= CAPACITY) {
      let drop = CAPACITY / 2;
      for (const [key, call] of this.calls) {
        if (drop-- === 0) break;
        if (call.exec !== undefined) done.push(this.close(key, call));
        else this.calls.delete(key);
      }
    }
    const call: Call = { args: [], truncated: false };
    this.calls.set(key, call);
    return call;
  }

  private close(key: string, call: Call): CompletedExec {
    this.calls.delete(key);
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
