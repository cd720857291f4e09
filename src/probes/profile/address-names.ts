// Names for the user addresses bpftrace printed bare: the same process's same address, named in an earlier interval.
import type { StackFrame } from './events.js';

/** Addresses remembered across all processes; past it, new ones are not kept (names already learnt still serve). */
const CAPACITY = 1 << 16;

/**
 * bpftrace names user frames when it prints, so a process that exited since its last print shows bare addresses
 * ("0x55c8aad7e28d"). A hot loop's instructions recur from interval to interval: the name bpftrace gave an address of
 * that pid while it lived is the name of the same address now, and is used for it. An address never named stays bare.
 */
export class AddressNames {
  private readonly names = new Map<string, StackFrame>();

  /** The stack with bare frames named where this pid's address was named before; learns the named ones. */
  resolve(pid: number | undefined, stack: StackFrame[]): StackFrame[] {
    if (pid === undefined) return stack;
    let out: StackFrame[] | undefined;
    for (let i = 0; i < stack.length; i++) {
      const frame = stack[i]!;
      if (frame.addr === undefined) continue;
      const key = `${pid}:${frame.addr}`;
      if (frame.module !== undefined || !frame.fn.startsWith('0x')) {
        if (this.names.size < CAPACITY && !this.names.has(key)) this.names.set(key, frame);
        continue;
      }
      const known = this.names.get(key);
      if (known === undefined) continue;
      out ??= stack.slice();
      out[i] = known;
    }
    return out ?? stack;
  }
}
