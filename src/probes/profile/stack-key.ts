// Splits a bpftrace map key holding stacks (text "@[k, u, comm, pid]" over lines, or a -f json key) into its stacks, comm and pid.
import type { StackFrame } from './events.js';
import { isKernelAddress, parseFrames } from './frames.js';

/** Which stacks a key holds, in order; probectl's program says so in its ready line, other programs' maps are guessed from. */
export type StackShape = readonly ('kernel' | 'user')[];

export interface StackKey {
  kstack: StackFrame[];
  ustack: StackFrame[];
  comm: string;
  pid?: number;
}

/** A stack inside a key: a newline, then lines indented by spaces or a TAB, each ending in a newline. */
const STACK = /\n((?:[ \t]+[^\n]*\n)+)/g;
/** Stands for a stack once cut out, so that the commas and spaces of C++ and Rust names cannot split the key. */
const MARK = '\u0000';
const INTEGER = /^(?:0|[1-9]\d{0,15})$/;

function stackLines(block: string): string[] {
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * The key's text between "[" and "]" (text: parts joined by ", ") or a -f json key (joined by ","). Leading empty parts are empty
 * stacks; after the stacks, the last part is the pid when it is a whole number and the rest is the comm (which may hold the
 * separator itself). With two stacks the first is the kernel's (bpftrace's kstack, ustack order); a lone stack is placed by
 * `shape`, else by its addresses in perf mode, else taken as the user's. Undefined when the key holds no stack.
 */
export function splitStackKey(content: string, separator: string, shape?: StackShape): StackKey | undefined {
  const stacks: string[][] = [];
  const marked = content.replace(STACK, (_block, lines: string) => {
    stacks.push(stackLines(lines));
    return MARK;
  });
  const parts = marked.split(separator);
  let first = 0;
  const blocks: string[][] = [];
  let next = 0;
  while (first < parts.length && (parts[first] === MARK || parts[first] === '')) {
    blocks.push(parts[first] === MARK ? stacks[next++]! : []);
    first++;
  }
  if (blocks.length === 0 || next !== stacks.length) return undefined;
  const scalars = parts.slice(first);
  if (scalars.some((p) => p.includes(MARK))) return undefined;
  let pid: number | undefined;
  if (scalars.length > 1 && INTEGER.test(scalars.at(-1)!)) pid = Number(scalars.pop());
  const comm = scalars.join(separator);
  const frames = blocks.map(parseFrames);
  const [kstack, ustack] = assign(frames, shape);
  return { kstack, ustack, comm, ...(pid !== undefined && { pid }) };
}

function assign(frames: StackFrame[][], shape: StackShape | undefined): [StackFrame[], StackFrame[]] {
  if (frames.length >= 2) return [frames[0]!, frames[1]!];
  const only = frames[0]!;
  const kernel = shape !== undefined && shape.length === 1 ? shape[0] === 'kernel' : only.length > 0 && only.every(isKernelAddress);
  return kernel ? [only, []] : [[], only];
}
