// probectl parse <tool> [file]: a tool's text output (stdin or a file) to events on stdout.
import { ProbectlError } from '../core/errors.js';
import type { ToolParser } from '../core/layout.js';
import { UncheckedPipeline } from '../core/unchecked-pipeline.js';
import type { ProbeEvent } from '../events/index.js';
import { loadProbeModule, loadToolParser } from '../probes/load.js';
import { type PipelineOutput, pipelineOptions, type ToolPipelineOptions, unknownTool } from '../run/pipeline-options.js';
import { inputChunks } from './input.js';
import { closingLine, eventWriter, quietOnClosedStdout } from './output.js';
import { checkedParseOptions, plainParseOptions } from './parse-options.js';
import { outliveWriterInterrupt } from './pipe-interrupt.js';
import { stackFilesFor } from './stack-file-output.js';
import { refuseBinary, ToolCheck } from './tool-check.js';

/** Unparsed-line diagnostics emitted one by one; the rest are counted, and told of once at the end. */
const MAX_UNPARSED = 100;

export async function parseCommand(tool: string, file: string | undefined, raw: unknown): Promise<void> {
  const options = plainParseOptions(raw) ?? (await checkedParseOptions(raw));
  // The tool's parser alone: the registry (every module) is loaded only to name the others when the input is not this tool's.
  const parser = await loadToolParser(tool);
  if (parser === undefined) throw unknownTool(tool, Object.keys((await import('../probes/registry.js')).toolParsers));
  quietOnClosedStdout();
  const stopOutliving = outliveWriterInterrupt(file);
  const stackFiles = await stackFilesFor(options);
  const writer = await eventWriter(options.format, process.stdout);
  const { pprof: _pprof, folded: _folded, flamegraph: _flamegraph, ...parsing } = options;
  // The stack files need the events as objects: the JSON fast path, which writes rows without making them, is left aside.
  const sinks =
    stackFiles !== undefined
      ? {
          onEvent: (event: ProbeEvent) => {
            stackFiles.add(event);
            writer.write(event);
          },
        }
      : writer.jsonOut === undefined
        ? { onEvent: writer.write }
        : { jsonOut: writer.jsonOut };
  const pipeline = await parsePipeline(parser, { tool, ...parsing, maxUnparsed: MAX_UNPARSED }, sinks);
  const what = file === undefined || file === '-' ? 'stdin' : file;
  const check = new ToolCheck(parser, options.layout, what);
  const parse = async (held: { chunk: Buffer; ts: number }[]) => {
    for (const { chunk, ts } of held) {
      pipeline.chunk('stdout', chunk, ts);
      await writer.drain();
    }
  };
  try {
    for await (const chunk of inputChunks(file)) {
      refuseBinary(chunk, what);
      if (!check.done) await parse(await check.push(chunk, Date.now()));
      else {
        pipeline.chunk('stdout', chunk, Date.now());
        await writer.drain();
      }
    }
    if (!check.done) await parse(await check.end());
  } catch (error) {
    if (error instanceof ProbectlError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ProbectlError(
      'INPUT',
      `cannot read ${file ?? 'stdin'}: ${(error as Error).message}`,
      code === 'ENOENT' ? 'Check the file name.' : 'Check that the file is readable.',
      { cause: error },
    );
  }
  pipeline.end(Date.now());
  await writer.end?.();
  await stackFiles?.write();
  stopOutliving();
  process.stderr.write(closingLine(pipeline.counts, pipeline.unparsed, [writer.note?.(), stackFiles?.note()], pipeline.unshownUnparsed) + '\n');
}

/** With --validate, the pipeline that checks events against the tool's schemas (its module and zod loaded for them); else one that loads neither. */
async function parsePipeline(parser: ToolParser, options: ToolPipelineOptions, output: PipelineOutput): Promise<UncheckedPipeline> {
  if (!options.validate) return new UncheckedPipeline(pipelineOptions(parser, options, output));
  const { parserPipeline } = await import('../run/parser-pipeline.js');
  return parserPipeline(parser, (await loadProbeModule(options.tool))?.events, options, output);
}
