// The pipeline for one parser's output with the schemas of its events: what pipelineFor builds from the registry, a live probe (probe-run.ts) and `probectl parse --validate` from the one module they load.
import { Pipeline, type PipelineOptions } from '../core/pipeline.js';
import type { ToolParser } from '../core/layout.js';
import { type PipelineOutput, pipelineOptions, type ToolPipelineOptions } from './pipeline-options.js';

export { type PipelineOutput, type ToolPipelineOptions, unknownTool } from './pipeline-options.js';

export function parserPipeline(parser: ToolParser, schemas: PipelineOptions['schemas'], options: ToolPipelineOptions, output: PipelineOutput): Pipeline {
  return new Pipeline({ ...pipelineOptions(parser, options, output), schemas, validate: options.validate ?? true });
}
