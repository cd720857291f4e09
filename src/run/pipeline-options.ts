// What a pipeline for one parser's output is made with, as parse(), replay(), a live probe and `probectl parse` give it;
// without zod, which only checking events needs (parser-pipeline.ts).
import { hostname } from 'node:os';
import { ProbectlError } from '../core/errors.js';
import type { ToolParser } from '../core/layout.js';
import type { UncheckedPipelineOptions } from '../core/unchecked-pipeline.js';
import type { Implementation } from '../events/index.js';

export interface ToolPipelineOptions {
  /** Which tool printed the text: a probe module's name (`probectl layouts` lists them). */
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

export type PipelineOutput = Pick<UncheckedPipelineOptions, 'onEvent' | 'onJson' | 'jsonOut'>;

/** The pipeline's options for this parser, without the schema check: the envelope's fields, the bounds, the output. */
export function pipelineOptions(parser: ToolParser, options: ToolPipelineOptions, output: PipelineOutput): UncheckedPipelineOptions {
  return {
    parser,
    probe: options.probe,
    host: options.host ?? hostname(),
    layout: options.layout,
    impl: options.impl,
    maxLineBytes: options.maxLineBytes,
    maxUnparsed: options.maxUnparsed,
    ...output,
  };
}

/** A tool no module parses, named with those that do. */
export const unknownTool = (tool: string, known: readonly string[]): ProbectlError =>
  new ProbectlError('UNKNOWN_TOOL', `there is no parser for "${tool}".`, `Use one of: ${known.join(', ')}.`);
