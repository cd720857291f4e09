// The worked examples of docs/pipelines.md: each section's ```sh example and the ```text output it prints, for the tests that run them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './recordings.js';

export interface PipelineExample {
  /** The section's heading, without its ##. */
  section: string;
  script: string;
  output: string;
}

/** The sections of docs/pipelines.md with a ```sh example followed by its ```text output. */
export function pipelineExamples(): PipelineExample[] {
  const doc = readFileSync(join(repoRoot, 'docs', 'pipelines.md'), 'utf8');
  return doc
    .split(/^## /m)
    .slice(1)
    .flatMap((part) => {
      const m = /```sh\n([\s\S]*?)```\n\n```text output\n([\s\S]*?)```/.exec(part);
      return m === null ? [] : [{ section: part.slice(0, part.indexOf('\n')), script: m[1]!, output: m[2]! }];
    });
}
