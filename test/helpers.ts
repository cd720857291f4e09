// Test helpers: run text through the real pipeline and collect the events.
import { Pipeline } from '../src/core/pipeline.js';
import type { ToolParser } from '../src/core/layout.js';
import { eventSchemas } from '../src/probes/registry.js';
import type { ProbeEvent } from '../src/events/index.js';

export interface ParseTextOptions {
  layout?: string;
  stderr?: string;
}

/** Parses stdout text (and optional stderr) through the validating pipeline. */
export function parseText(parser: ToolParser, stdout: string | Buffer, options: ParseTextOptions = {}): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  const pipeline = new Pipeline({ parser, host: 'test', layout: options.layout, validate: true, schemas: eventSchemas, onEvent: (e) => events.push(e) });
  pipeline.chunk('stdout', Buffer.isBuffer(stdout) ? stdout : Buffer.from(stdout), 1000);
  if (options.stderr !== undefined) pipeline.chunk('stderr', Buffer.from(options.stderr), 1000);
  pipeline.end(2000);
  return events;
}

/** The events without their envelope, for compact assertions. */
export function bodies(events: ProbeEvent[]): Record<string, unknown>[] {
  return events.map(({ ts: _ts, probe: _p, source: _s, host: _h, seq: _q, ...rest }) => rest);
}

export const layoutsOf = (events: ProbeEvent[]): string[] => events.map((e) => e.source.layout);
