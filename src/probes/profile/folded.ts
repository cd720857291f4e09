// Reads one line of folded stacks, as BCC's profile -f prints them: "comm;root;...;leaf count".
import type { EventBody } from '../../events/index.js';
import type { StackFrame } from './events.js';
import { parseFrame } from './frames.js';

const KERNEL_MARK = '_[k]';
const DELIMITER = '-';
/** BCC prints these where get_stackid failed (map full, hash collision); its closing warning counts them, they are no frames. */
const MISSED = new Set(['[Missed User Stack]', '[Missed Kernel Stack]']);

/**
 * The frames after the comm are root first: the user's, then (after "-" with -d) the kernel's, which -a marks with _[k].
 * Without either mark every frame is taken as the user's. Frames are returned leaf first, as bpftrace prints them.
 */
export function parseFoldedLine(text: string): EventBody<'profile.stack'> | undefined {
  const space = text.lastIndexOf(' ');
  if (space <= 0) return undefined;
  const countText = text.slice(space + 1);
  if (!/^[1-9]\d{0,15}$/.test(countText)) return undefined;
  const names = text.slice(0, space).split(';');
  if (names.length < 2) return undefined;
  const comm = names[0]!;
  const kstack: StackFrame[] = [];
  const ustack: StackFrame[] = [];
  let kernel = false;
  for (const name of names.slice(1)) {
    if (MISSED.has(name)) continue;
    if (name === DELIMITER) {
      kernel = true;
      continue;
    }
    const marked = name.endsWith(KERNEL_MARK);
    const frame = parseFrame(marked ? name.slice(0, -KERNEL_MARK.length) : name, false);
    if (frame === undefined) return undefined;
    (kernel || marked ? kstack : ustack).push(frame);
  }
  kstack.reverse();
  ustack.reverse();
  return { comm, kstack, ustack, count: Number(countText) };
}

/** BCC profile's closing warning: the stacks it could not display, as lost samples. */
export function parseMissingStacks(text: string): number | undefined {
  const m = /^WARNING: (\d+) stack traces (?:lost and )?could not be displayed\./.exec(text);
  return m === null ? undefined : Number(m[1]);
}
