// A sampled stack as folded text, the form FlameGraph and speedscope read: "comm;root;...;leaf", kernel frames marked _[k].
import type { EventOf } from '../../events/index.js';
import type { StackFrame } from './events.js';

/** FlameGraph's mark of a kernel frame (flamegraph.pl colours them apart), as BCC's profile -a writes it. */
export const KERNEL_MARK = '_[k]';

/** A frame's name without its offset: samples at different instructions of a function are one frame of the graph. */
export const frameName = (frame: StackFrame): string => frame.fn;

/** The frames root first: the user's (main first), then the kernel's (its entry first, the leaf last). */
export function foldedFrames(event: Pick<EventOf<'profile.stack'>, 'kstack' | 'ustack'>): string[] {
  const frames: string[] = [];
  for (let i = event.ustack.length - 1; i >= 0; i--) frames.push(frameName(event.ustack[i]!));
  for (let i = event.kstack.length - 1; i >= 0; i--) frames.push(frameName(event.kstack[i]!) + KERNEL_MARK);
  return frames;
}

/**
 * The folded key: the comm, then the frames, joined by ";". A ";" inside a name (none is in C, C++ or Rust symbols) would
 * split it, so it is replaced by ":"; a comm with none of its own stays whole.
 */
export function foldedKey(event: Pick<EventOf<'profile.stack'>, 'comm' | 'kstack' | 'ustack'>): string {
  return [event.comm, ...foldedFrames(event)].map((name) => name.replaceAll(';', ':')).join(';');
}
