// V8 held lean while a run starts: docs/architecture.md#why-a-run-starts-with-v8-held-lean
import { commandOf } from './help-lists.js';

/** node:v8's setter of V8's flags, loaded only for a run: a static import costs every command a few ms of its start. */
let setFlags: ((flags: string) => void) | undefined;

/** V8's own default growth factor of the young generation (`node --v8-options`), given back at the release. */
export const SEMI_SPACE_GROWTH_FACTOR = 2;

/**
 * For `run` only, holds back what V8 would otherwise grow into while the run starts, and would keep for as long as the
 * run waits for events:
 * - Sparkplug and TurboFan. The start executes node's module loader hot for a moment, and V8 compiled 7 of its
 *   functions with TurboFan there, paging the compiler's own code into the process.
 * - The young generation's growth. Nearly every object the modules build survives, and after such a collection V8
 *   doubles the young generation, to 4-8 MB that stay until its memory reducer runs, some 8 s after node starts.
 * main.ts imports this module first, so that this runs before the run's modules load. The flags are set here, not on
 * the `#!` line, where any of them made every command start slower.
 */
export async function holdWhileRunStarts(args: readonly string[]): Promise<void> {
  if (setFlags !== undefined || commandOf(args) !== 'run') return;
  setFlags = (await import('node:v8')).setFlagsFromString;
  setFlags('--no-sparkplug');
  setFlags('--no-opt');
  setFlags('--semi-space-growth-factor=1');
}

/** Gives V8 back its compilers and growth, if they were held: a run calls it at its first event other than a probe's start. */
export function releaseStartHold(): void {
  if (setFlags === undefined) return;
  setFlags('--sparkplug');
  setFlags('--opt');
  setFlags(`--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`);
  setFlags = undefined;
}

await holdWhileRunStarts(process.argv.slice(2));
