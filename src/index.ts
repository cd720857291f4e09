// probectl as a library: parse, replay and run tools into schema-checked events, and the schemas.
export { parse, type ParseOptions, type ByteSource } from './api/parse.js';
export { replay, type ReplayOptions } from './api/replay.js';
export { run, planRun, type RunOptions } from './api/run.js';
export type { ProbePlan } from './plan/plan.js';
export { Pipeline, type PipelineOptions } from './core/pipeline.js';
export { ProbectlError } from './core/errors.js';
export { readRecording, writeRecording, recordingMetaSchema, type Recording, type RecordingMeta } from './recording/format.js';
export { toolParsers } from './probes/registry.js';
export * from './events/index.js';
