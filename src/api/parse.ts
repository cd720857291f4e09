// parse(): a tool's text output (any byte or string stream) to schema-checked events.
import { hostname } from 'node:os';
import { ProbectlError } from '../core/errors.js';
import { Pipeline, type PipelineOptions } from '../core/pipeline.js';
import type { Implementation, ProbeEvent } from '../events/index.js';
import { toolParser, toolParsers } from '../probes/registry.js';

export interface ParseOptions {
  /** Which tool printed the text: tcpretrans, tcpdrop, tcplife, opensnoop or bpftrace. */
  tool: string;
  /** Forces a layout by name when the text carries no header. */
  layout?: string;
  /** Which implementation printed the text, when known (bcc, libbpf, bpftrace). */
  impl?: Implementation;
  /** Stamped on every event; defaults to the tool. */
  probe?: string;
  /** Stamped on every event; defaults to this machine's host name. */
  host?: string;
  /** Checks every event against its schema (default true). */
  validate?: boolean;
  /** Lines that are longer are cut to this many bytes and reported. */
  maxLineBytes?: number;
  /** Unparsed-line diagnostics after this many are counted, not emitted, and reported by one warning at the end. */
  maxUnparsed?: number;
}

export type ByteSource = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

export function pipelineFor(options: ParseOptions, output: Pick<PipelineOptions, 'onEvent' | 'onJson' | 'jsonOut'>): Pipeline {
  const parser = toolParser(options.tool);
  if (parser === undefined)
    throw new ProbectlError('UNKNOWN_TOOL', `there is no parser for "${options.tool}".`, `Use one of: ${Object.keys(toolParsers).join(', ')}.`);
  return new Pipeline({
    parser,
    probe: options.probe,
    host: options.host ?? hostname(),
    layout: options.layout,
    impl: options.impl,
    validate: options.validate ?? true,
    maxLineBytes: options.maxLineBytes,
    maxUnparsed: options.maxUnparsed,
    ...output,
  });
}

export const toBuffer = (chunk: Buffer | Uint8Array | string): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * Parses what a tool printed on stdout. Each event's ts is the time its line arrived.
 * @example for await (const e of parse(process.stdin, { tool: 'opensnoop' })) console.log(e.type);
 */
export async function* parse(input: ByteSource, options: ParseOptions): AsyncGenerator<ProbeEvent> {
  const batch: ProbeEvent[] = [];
  const pipeline = pipelineFor(options, { onEvent: (event) => batch.push(event) });
  for await (const chunk of input) {
    pipeline.chunk('stdout', toBuffer(chunk), Date.now());
    yield* batch.splice(0);
  }
  pipeline.end(Date.now());
  yield* batch.splice(0);
}
