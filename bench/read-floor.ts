// The floor under `probectl run`'s cost per event: a backend started and read as probectl starts and reads it, its output copied to stdout, nothing parsed.
// Usage: node dist/bench/read-floor.js READY_SOURCE READY_FLAGS COMMAND [ARGS...]  (the plan's ready pattern: its source and flags)
import { writeSync } from 'node:fs';
import { ProbeChild } from '../src/run/child.js';

/**
 * ProbeChild is probectl's own: the native launcher (its 32 MiB stdout buffer), the gathered reads (read-gather.ts),
 * the ready line looked for in each chunk. What `probectl run` adds on top (splitting lines, parsing them, building
 * events, writing JSON) is what this leaves out, so its CPU at a rate is the least `probectl run` could cost at it.
 */
async function main(): Promise<void> {
  const [readySource, readyFlags, ...argv] = process.argv.slice(2);
  if (readySource === undefined || readyFlags === undefined || argv.length === 0) {
    process.stderr.write('usage: node dist/bench/read-floor.js READY_SOURCE READY_FLAGS COMMAND [ARGS...]\n');
    process.exit(2);
  }
  const child = new ProbeChild(
    { argv, ready: new RegExp(readySource, readyFlags) },
    {
      output: (stream, bytes) => {
        if (stream === 'stdout') writeSync(1, bytes);
      },
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void child.stop());
  await child.ended;
}

await main();
