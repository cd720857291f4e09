// Where a command's events go: a JSONL or table sink on a stream, and a closing count on stderr.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { JsonBytes } from '../core/json-bytes.js';
import type { ProbeEvent } from '../events/index.js';
import { JsonlSink } from '../sinks/jsonl.js';
import { TableSink, type TableOptions } from '../sinks/table.js';

export const formatSchema = z.enum(['jsonl', 'table'], { error: () => 'must be jsonl or table' });
export type Format = z.infer<typeof formatSchema>;

export interface EventWriter {
  write(event: ProbeEvent): void;
  /** Writes what is batched; false when the reader is behind. */
  flush(): boolean;
  /** Present for JSONL: the batch the pipeline writes its JSON lines to (PipelineOptions.jsonOut). */
  jsonOut?: JsonBytes;
  /** Resolves once the reader has taken what was written (respects backpressure). */
  drain(): Promise<void>;
}

export function eventWriter(format: Format, out: Writable, table: TableOptions = {}): EventWriter {
  const sink = format === 'table' ? new TableSink(out, table) : new JsonlSink(out);
  return {
    write: (event) => sink.write(event),
    flush: () => sink.flush(),
    jsonOut: sink instanceof JsonlSink ? sink.batch : undefined,
    async drain() {
      if (!sink.flush() && !out.destroyed) await once(out, 'drain');
    },
  };
}

/** "1000 events, 3 diagnostics (2 unparsed), 1 lost-event report" for stderr. */
export function closingLine(counts: Map<string, number>, unparsed: number): string {
  let events = 0;
  for (const n of counts.values()) events += n;
  const diagnostics = counts.get('tool.diagnostic') ?? 0;
  const lost = counts.get('tool.lost') ?? 0;
  let line = `probectl: ${events} events, ${diagnostics} diagnostics`;
  if (unparsed > 0) line += ` (${unparsed} unparsed lines)`;
  if (lost > 0) line += `, ${lost} lost-event reports`;
  return line;
}

/** Exits quietly when the reader closes our stdout (probectl ... | head). */
export function quietOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
