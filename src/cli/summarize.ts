// probectl summarize [file]: probectl's JSONL (a file or stdin) read back into the summary report, as text or JSON.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { eventSchema } from '../probes/registry.js';
import { renderSummary } from '../summary/render.js';
import { colorLevel } from '../summary/render-style.js';
import { Summary } from '../summary/summary.js';
import { checkedOptions } from './options.js';
import { quietOnClosedStdout } from './output.js';
import { outliveWriterInterrupt } from './pipe-interrupt.js';

const summarizeOptions = z.strictObject({
  json: z._default(z.boolean(), false),
  top: z._default(
    z.coerce
      .number({ error: () => 'must be a whole number from 1' })
      .check(z.int('must be a whole number from 1'), z.positive('must be a whole number from 1')),
    10,
  ),
});

/** Lines that were not probectl events: how many, and the first one's number and why. */
export interface BadLines {
  count: number;
  first?: { line: number; why: string };
}

/** Feeds every event of a JSONL stream to the summary; a line that is not a probectl event is counted, not fatal. */
export async function summarizeLines(input: Readable, summary: Summary): Promise<BadLines> {
  const bad: BadLines = { count: 0 };
  let number = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    number++;
    if (line.trim() === '') continue;
    let why: string | undefined;
    try {
      const checked = eventSchema.safeParse(JSON.parse(line));
      if (checked.success) summary.add(checked.data);
      else
        why =
          checked.error.issues[0] === undefined ? 'not an event' : `${checked.error.issues[0].path.join('.') || 'event'}: ${checked.error.issues[0].message}`;
    } catch {
      why = 'not JSON';
    }
    if (why !== undefined) {
      bad.count++;
      bad.first ??= { line: number, why };
    }
  }
  return bad;
}

export async function summarizeCommand(file: string | undefined, raw: unknown): Promise<void> {
  const options = checkedOptions(summarizeOptions, raw);
  quietOnClosedStdout();
  const stopOutliving = outliveWriterInterrupt(file);
  const input = file === undefined || file === '-' ? process.stdin : createReadStream(file);
  const summary = new Summary({ top: options.top });
  let bad: BadLines;
  try {
    bad = await summarizeLines(input, summary);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProbectlError(
      'INPUT',
      `cannot read ${file ?? 'stdin'}: ${(error as Error).message}`,
      code === 'ENOENT' ? 'Check the file name.' : 'Check that the file is readable.',
      { cause: error },
    );
  }
  const report = summary.report();
  stopOutliving();
  process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : renderSummary(report, { level: colorLevel(process.stdout) }));
  if (bad.first !== undefined)
    process.stderr.write(
      `probectl: ${bad.count} ${bad.count === 1 ? 'line was' : 'lines were'} not probectl events and left out (first: line ${bad.first.line}, ${bad.first.why})\n`,
    );
}
