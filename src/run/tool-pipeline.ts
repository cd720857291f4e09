// The pipeline for one tool's output, as parse(), replay() and a live probe build it: the tool's parser from the registry, the event schemas, the envelope's fields.
import { hostname } from 'node:os';
import { ProbectlError } from '../core/errors.js';
import { Pipeline, type PipelineOptions } from '../core/pipeline.js';
import type { Implementation } from '../events/index.js';
import { eventSchemas, toolParser, toolParsers } from '../probes/registry.js';

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

export function pipelineFor(options: ToolPipelineOptions, output: Pick<PipelineOptions, 'onEvent' | 'onJson' | 'jsonOut'>): Pipeline {
  const parser = toolParser(options.tool);
  if (parser === undefined)
    throw new ProbectlError('UNKNOWN_TOOL', `there is no parser for "${options.tool}".`, `Use one of: ${Object.keys(toolParsers).join(', ')}.`);
  return new Pipeline({
    schemas: eventSchemas,
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
