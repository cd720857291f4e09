// The pipeline for one tool's output, as parse() and replay() build it: the tool's parser from the registry, the event schemas, the envelope's fields.
import type { Pipeline } from '../core/pipeline.js';
import { eventSchemas, toolParser, toolParsers } from '../probes/registry.js';
import { type PipelineOutput, parserPipeline, type ToolPipelineOptions, unknownTool } from './parser-pipeline.js';

export type { ToolPipelineOptions };

export function pipelineFor(options: ToolPipelineOptions, output: PipelineOutput): Pipeline {
  const parser = toolParser(options.tool);
  if (parser === undefined) throw unknownTool(options.tool, Object.keys(toolParsers));
  return parserPipeline(parser, eventSchemas, options, output);
}
