// probectl as a library: parse and replay tool output into schema-checked events, and the schemas.
export { parse, type ParseOptions, type ByteSource } from './api/parse.js';
export { replay, type ReplayOptions } from './api/replay.js';
export { Pipeline, type PipelineOptions } from './core/pipeline.js';
export { ProbectlError } from './core/errors.js';
export { readRecording, writeRecording, recordingMetaSchema, type Recording, type RecordingMeta } from './recording/format.js';
export { toolParsers } from './probes/registry.js';
export * from './events/index.js';
