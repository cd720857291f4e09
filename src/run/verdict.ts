// How a child's end reads: stopped (asked to, or finished cleanly) or failed, and the sentence that says why.
import { constants } from 'node:os';

export interface ChildExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why it could not be started at all (ENOENT, EACCES). */
  spawnError?: string;
}

export interface ExitContext {
  /** Its ready line had been seen. */
  ready: boolean;
  /** The signals probectl sent to stop it, before it ended; empty when it ended by itself. */
  sent: readonly NodeJS.Signals[];
  /** Set when probectl stopped it because it failed in another way (never became ready in time). */
  failure?: string;
  /** Its last lines of error output, for the message. */
  tail: string;
  readyPattern: RegExp;
  /** probectl asked it to stop by closing its stdin (a remote wrapper stops its backend then), with no signal sent yet. */
  stdinClosed?: boolean;
}

export interface Verdict {
  state: 'stopped' | 'failed';
  message: string;
}

const withTail = (sentence: string, tail: string): string => (tail === '' ? sentence : `${sentence}: ${tail}`);

/** A SIGKILL probectl did not send is worth saying so: the tool did not crash, something outside it ended it. */
export function describeExit(exit: ChildExit, sent: readonly NodeJS.Signals[] = []): string {
  if (exit.signal === 'SIGKILL' && !sent.includes('SIGKILL')) return 'killed by SIGKILL, sent by the OOM killer or another process, not by probectl';
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
}

/** An exit that a stop signal explains: 0, death by the signal, or the shell convention 128 + signal. */
function answersStop(exit: ChildExit, sent: readonly NodeJS.Signals[]): boolean {
  if (exit.exitCode === 0) return true;
  if (exit.signal !== null) return sent.includes(exit.signal);
  return sent.some((s) => exit.exitCode === 128 + constants.signals[s]);
}

export function judgeExit(exit: ChildExit, context: ExitContext): Verdict {
  const { ready, sent, tail } = context;
  if (exit.spawnError !== undefined) return { state: 'failed', message: `could not start: ${exit.spawnError}` };
  if (context.failure !== undefined) return { state: 'failed', message: withTail(context.failure, tail) };
  if (context.stdinClosed && sent.length === 0) {
    // The wrapper passes on its backend's end: 0, or 128 + the signal it stopped it with.
    if (exit.exitCode === 0 || exit.exitCode === 130 || exit.exitCode === 143)
      return { state: 'stopped', message: `stopped when its stdin closed (${describeExit(exit)})` };
    return { state: 'failed', message: withTail(`${describeExit(exit)} when its stdin closed`, tail) };
  }
  if (sent.length > 0) {
    if (!answersStop(exit, sent)) return { state: 'failed', message: withTail(`${describeExit(exit, sent)} when asked to stop`, tail) };
    const how = sent.length === 1 ? 'stopped on SIGINT' : `did not stop on ${sent.slice(0, -1).join(' or ')}; stopped with ${sent.at(-1)}`;
    return { state: 'stopped', message: ready ? how : `${how}, before it was ready (no line matched ${context.readyPattern})` };
  }
  if (!ready) return { state: 'failed', message: withTail(`ended before it was ready (${describeExit(exit, sent)})`, tail) };
  if (exit.exitCode !== 0) return { state: 'failed', message: withTail(describeExit(exit, sent), tail) };
  return { state: 'stopped', message: 'ended by itself (exit code 0)' };
}
