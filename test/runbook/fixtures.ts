// Runbook test fixtures: replay directories built from the project's recordings, and their events read independently.
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ProbeEvent } from '../../src/events/index.js';
import { repoRoot } from '../recordings.js';
import { tempDir } from '../temp-dir.js';

export const RUNBOOKS = join(repoRoot, 'runbooks');
export const runbookFile = (name: string): string => join(RUNBOOKS, `${name}.yaml`);
export const recording = (...parts: string[]): string => join(repoRoot, 'recordings', ...parts);

/** A --replay directory: <probe> → a recording directory, linked. */
export function replayDir(probes: Record<string, string>): string {
  const dir = tempDir('pctl-runbook-');
  for (const [probe, target] of Object.entries(probes)) symlinkSync(target, join(dir, probe));
  return dir;
}

/** The events a recording replays to, from its expected.jsonl (not through the runbook code). */
export function expectedEvents(dir: string): ProbeEvent[] {
  return readFileSync(join(dir, 'expected.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);
}

/**
 * The observation window of recordings, from their files: every probe observing from its first stdout chunk
 * (started_at + t) until the first recording ended.
 */
export function windowSeconds(dirs: string[]): number {
  const spans = dirs.map((dir) => {
    const started = (JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { started_at: number }).started_at;
    const timing = readFileSync(join(dir, 'timing.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { t: number; s?: string; end?: boolean });
    return { start: started + Math.round(timing.find((c) => c.s === 'o')!.t), end: started + Math.round(timing.find((c) => c.end)!.t) };
  });
  return (Math.min(...spans.map((s) => s.end)) - Math.max(...spans.map((s) => s.start))) / 1000;
}
