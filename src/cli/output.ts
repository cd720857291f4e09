// Where a command's events go: a JSONL or table sink on a stream, and a closing count on stderr.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { JsonBytes } from '../core/json-line-batch.js';
import { describeError, exitCodeOf } from '../core/errors.js';
import { plural } from '../core/plural.js';
import type { ProbeEvent } from '../events/index.js';
import { JsonlSink } from '../sinks/jsonl.js';
import { outputFailure } from './output-failure.js';
import type { SummarySinkOptions } from '../sinks/summary.js';
import type { TableOptions } from '../sinks/table.js';
import type { Format } from './format-option.js';

export interface EventWriter {
  write(event: ProbeEvent): void;
  /** Writes what is batched; false when the reader is behind. */
  flush(): boolean;
  /** Present for JSONL: the batch the pipeline writes its JSON lines to (PipelineOptions.jsonOut). */
  jsonOut?: JsonBytes;
  /** Resolves once the reader has taken what was written (respects backpressure), or the stream's 'error' listeners have had a turn after a failed write. */
  drain(): Promise<void>;
  /** What the format left out, for the closing line (xctl: events without a pid); undefined when nothing. */
  note?(): string | undefined;
  /** Called once when the stream has ended: writes what a format prints at the end (summary) and drains. */
  end?(): Promise<void>;
}

/** The sink of a format; all but JSONL load only when asked for, so that a JSONL parse starts without the summary's modules. */
const sinks = {
  jsonl: async (out: Writable) => new JsonlSink(out),
  table: async (out: Writable, table: TableOptions) => new (await import('../sinks/table.js')).TableSink(out, table),
  xctl: async (out: Writable) => new (await import('../sinks/xctl.js')).XctlSink(out),
  summary: async (out: Writable, _table: TableOptions, summary: SummarySinkOptions) => new (await import('../sinks/summary.js')).SummarySink(out, summary),
} satisfies Record<Format, unknown>;

export async function eventWriter(format: Format, out: Writable, table: TableOptions = {}, summary: SummarySinkOptions = {}): Promise<EventWriter> {
  const sink: { write(event: ProbeEvent): void; flush(): boolean; note?(): string | undefined; end?(): void } = await sinks[format](out, table, summary);
  const failed = () => sink instanceof JsonlSink && sink.failed;
  const drain = async (): Promise<void> => {
    if (!sink.flush() && !out.destroyed) await once(out, 'drain');
    // A write that failed told the stream's 'error' listeners on the next tick, which a caller reading a file with
    // blocking reads never reaches: it is given a turn of the event loop here, for them to end the command.
    if (failed()) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    write: (event) => sink.write(event),
    note: () => sink.note?.(),
    flush: () => sink.flush(),
    jsonOut: sink instanceof JsonlSink ? sink.batch : undefined,
    drain,
    async end() {
      if (!out.destroyed) sink.end?.();
      await drain();
    },
  };
}

/**
 * "1000 events, 3 diagnostics (2 unparsed lines), 1 lost-event report" for stderr, then the sinks' notes (those that have one);
 * unshown: unparsed lines counted but not emitted.
 */
export function closingLine(counts: Map<string, number>, unparsed: number, notes: ReadonlyArray<string | undefined> = [], unshown = 0): string {
  let events = 0;
  for (const n of counts.values()) events += n;
  const diagnostics = counts.get('tool.diagnostic') ?? 0;
  const lost = counts.get('tool.lost') ?? 0;
  let line = `probectl: ${plural(events, 'event')}, ${plural(diagnostics, 'diagnostic')}`;
  if (unparsed > 0) line += unshown > 0 ? ` (${plural(unparsed, 'unparsed line')}, ${unshown} of them not shown)` : ` (${plural(unparsed, 'unparsed line')})`;
  if (lost > 0) line += `, ${plural(lost, 'lost-event report')}`;
  for (const note of notes) if (note !== undefined && note !== '') line += `; ${note}`;
  return line;
}

/**
 * Exits quietly when the reader closes our stdout (probectl ... | head); any other failure to write it (a full disk
 * under `> events.jsonl`) ends the command with what happened and what to do, the file cut to whole lines.
 */
export function quietOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    const failure = outputFailure(error, undefined, false);
    process.stderr.write(describeError(failure) + '\n');
    process.exit(exitCodeOf(failure));
  });
}
