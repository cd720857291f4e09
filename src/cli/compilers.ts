// V8's optimising compilers held off while a run starts: docs/architecture.md#why-a-run-starts-without-the-optimising-compilers
import { commandOf } from './help-lists.js';

/** node:v8's setter of V8's flags, loaded only for a run: a static import costs every command a few ms of its start. */
let setFlags: ((flags: string) => void) | undefined;

/**
 * Turns Sparkplug and TurboFan off when the command is `run`. A run's start executes node's module loader hot for a
 * moment, and V8 compiled 7 of its functions with TurboFan there, paging the compiler's own code into the process for
 * as long as the run waits for events. main.ts imports this module first, so that this runs before the run's modules
 * load; the flags are set here, not on the `#!` line, where any of them made every command start slower.
 */
export async function holdCompilersIfRun(args: readonly string[]): Promise<void> {
  if (setFlags !== undefined || commandOf(args) !== 'run') return;
  setFlags = (await import('node:v8')).setFlagsFromString;
  setFlags('--no-sparkplug');
  setFlags('--no-opt');
}

/** Lets V8 compile hot functions again, if they were held: a run calls it at its first event other than a probe's start. */
export function releaseCompilers(): void {
  if (setFlags === undefined) return;
  setFlags('--sparkplug');
  setFlags('--opt');
  setFlags = undefined;
}

await holdCompilersIfRun(process.argv.slice(2));
