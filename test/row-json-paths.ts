// What the byte path and the text path of a JSON row writer give, for the tests that hold them to one output.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { JsonBytes } from '../src/core/json-line-batch.js';
import type { ToolParser } from '../src/core/layout.js';
import { Pipeline, type PipelineOptions } from '../src/core/pipeline.js';
import type { RowJson } from '../src/core/row-json-writer.js';
import { editLine } from './line-edits.js';

/**
 * The members the writer wrote for the line (text, or bytes that may not be UTF-8) placed inside other bytes (a writer
 * that reads past either end sees them), or undefined when it declined, or was not offered a line that is not UTF-8.
 */
export function writtenMembers(writer: RowJson, line: string | Buffer, before: string, after: string): string | undefined {
  const bytes = Buffer.concat([Buffer.from(before), Buffer.from(line), Buffer.from(after)]);
  const start = Buffer.byteLength(before);
  const end = bytes.length - Buffer.byteLength(after);
  const notUtf8 = !isUtf8(bytes.subarray(start, end));
  if (notUtf8 && writer.notUtf8 !== true) return undefined;
  const out = new JsonBytes(1 << 16, () => {});
  out.line('{"before":1}');
  out.reserve(0);
  const mark = out.length;
  if (!writer.write(bytes, start, end, out, notUtf8)) return undefined;
  return out.bytes.toString('utf8', mark, out.length);
}

/** A line and small edits of it: characters replaced, inserted or removed, cut short; newlines become spaces. */
export const mutatedLines = (lines: fc.Arbitrary<string>, pieces: readonly string[]) =>
  fc
    .tuple(
      lines,
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom('replace', 'insert', 'delete', 'cut'),
          fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.constantFrom(...pieces)),
        ),
        { maxLength: 4 },
      ),
    )
    .map(([line, edits]) => editLine(line, edits).replace(/\n/g, ' '));

/** The JSON lines of one input cut into chunks at `points`, through the object path (onEvent, JSON.stringify) and through the bytes path (jsonOut). */
export function bothPaths(
  parser: ToolParser,
  probe: string,
  input: Buffer,
  points: number[],
  options: Partial<PipelineOptions> = {},
): [bytes: string, objects: string] {
  const at = [...new Set(points.map((p) => p % (input.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...at].map((from, i) => ({ bytes: input.subarray(from, at[i] ?? input.length), ts: 100 + i }));
  const objects: string[] = [];
  const batches: Buffer[] = [];
  const out: JsonBytes = new JsonBytes(1 << 10, () => void batches.push(out.take()!));
  for (const output of [{ onEvent: (e: object) => void objects.push(JSON.stringify(e) + '\n') }, { jsonOut: out }]) {
    const pipeline = new Pipeline({ parser, host: 'h', probe, ...options, ...output });
    for (const { bytes, ts } of chunks) pipeline.chunk('stdout', bytes, ts);
    pipeline.end(9);
  }
  batches.push(out.take() ?? Buffer.alloc(0));
  return [Buffer.concat(batches).toString('utf8'), objects.join('')];
}
