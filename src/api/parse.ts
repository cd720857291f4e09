// parse(): a tool's text output (any byte or string stream) to schema-checked events.
import type { ProbeEvent } from '../events/index.js';
import { pipelineFor, type ToolPipelineOptions } from '../run/tool-pipeline.js';

/** Which tool printed the text, and what to stamp on its events. */
export type ParseOptions = ToolPipelineOptions;
/** The command line's parse and the benchmarks build their pipeline here too. */
export { pipelineFor };

export type ByteSource = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

export const toBuffer = (chunk: Buffer | Uint8Array | string): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * Parses what a tool printed on stdout. Each event's ts is the time its line arrived.
 * @example for await (const e of parse(process.stdin, { tool: '<tool>' })) console.log(e.type);
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
