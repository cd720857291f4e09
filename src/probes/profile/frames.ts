// Reads one stack frame as bpftrace prints it: "sym+off" (bpftrace mode) or "addr sym+off (module)" (perf mode), C++ and Rust names whole.
import type { StackFrame } from './events.js';

/** The symbol (anything, taken as short as the rest allows), then an optional "+offset" and " (module)" that end the text. */
const SYMBOL = /^(.+?)(?:\+(\d+))?(?: \(([^()]*)\))?$/;
/** Perf mode opens with the address in hex, no 0x. */
const PERF_ADDRESS = /^([0-9a-f]{1,16}) (?=\S)/;
const UNKNOWN_MODULE = '[unknown]';

/** A frame's text without its indentation; undefined for an empty one. `perf`: the stack's frames open with an address. */
export function parseFrame(text: string, perf: boolean): StackFrame | undefined {
  let rest = text;
  let addr: string | undefined;
  if (perf) {
    const a = PERF_ADDRESS.exec(text);
    if (a !== null) {
      addr = a[1]!;
      rest = text.slice(a[0].length);
    }
  }
  const m = SYMBOL.exec(rest);
  if (m === null) return undefined;
  const [, fn, offset, module] = m;
  return {
    fn: fn!,
    ...(offset !== undefined && { offset: Number(offset) }),
    ...(module !== undefined && module !== UNKNOWN_MODULE && module.length > 0 && { module }),
    ...(addr !== undefined && { addr }),
  };
}

/** Whether the stack's lines are perf mode: every one opens with a hex address and a space. */
export const isPerfStack = (lines: readonly string[]): boolean => lines.length > 0 && lines.every((l) => PERF_ADDRESS.test(l));

/** The frames of a stack's lines (indentation already removed), in the order printed (leaf first). */
export function parseFrames(lines: readonly string[]): StackFrame[] {
  const perf = isPerfStack(lines);
  const frames: StackFrame[] = [];
  for (const line of lines) {
    const frame = parseFrame(line, perf);
    if (frame !== undefined) frames.push(frame);
  }
  return frames;
}

/** Whether a perf-mode frame's address is in the kernel's half of the address space (x86_64, arm64). */
export const isKernelAddress = (frame: StackFrame): boolean => frame.addr !== undefined && frame.addr.length === 16 && frame.addr.startsWith('ffff');
