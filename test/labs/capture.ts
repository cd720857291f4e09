// Captures the labs' bundled recordings from each page's live steps: node dist/test/labs/capture.js [lab...] (root).
// It keeps each probe's recording and the files the answers read under recordings/labs/<lab>/, once the lab's claims hold.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay } from '../../src/api/replay.js';
import { recordingMetaSchema } from '../../src/recording/format.js';
import { repoRoot } from '../recordings.js';
import { labChecks } from './checks/index.js';
import type { LabCheck } from './checks/lab-check.js';
import { LabRun } from './lab-run.js';
import { runLiveSteps } from './live-steps.js';

async function replayedLines(dir: string): Promise<string> {
  let text = '';
  for await (const event of replay(dir, { validate: true })) text += JSON.stringify(event) + '\n';
  return text;
}

/** The recording as the bundle keeps it: paths inside this checkout made relative to it, the workload named, expected.jsonl as replay gives it. */
async function bundleRecording(check: LabCheck, from: string, to: string): Promise<void> {
  cpSync(from, to, { recursive: true });
  const metaPath = join(to, 'meta.json');
  const meta = recordingMetaSchema.parse(JSON.parse(readFileSync(metaPath, 'utf8')));
  meta.argv = meta.argv.map((word) => word.replaceAll(`${repoRoot}/`, ''));
  meta.workload = `The live steps of docs/labs/${check.name}.md; ${check.files.join(', ')} beside this directory hold what the lab's commands and the workload printed.`;
  writeFileSync(metaPath, JSON.stringify(meta, null, 2) + '\n');
  const expected = await replayedLines(to);
  if (expected !== readFileSync(join(from, 'expected.jsonl'), 'utf8')) throw new Error(`${from}: replay does not give the events the live run emitted`);
  writeFileSync(join(to, 'expected.jsonl'), expected);
}

async function capture(check: LabCheck): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), `pctl-lab-${check.name}-`));
  try {
    await runLiveSteps(check, work);
    const run = new LabRun(work);
    await check.claims(run);
    const bundle = join(repoRoot, 'recordings', 'labs', check.name);
    rmSync(bundle, { recursive: true, force: true });
    for (const probe of check.probes) await bundleRecording(check, join(work, probe), join(bundle, probe));
    for (const file of check.files) cpSync(join(work, file), join(bundle, file));
    console.log(`${check.name}: ${JSON.stringify(await check.facts(new LabRun(bundle)))}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const wanted = process.argv.slice(2);
let failures = 0;
for (const check of labChecks.filter((c) => wanted.length === 0 || wanted.includes(c.name))) {
  try {
    await capture(check);
  } catch (error) {
    failures++;
    console.error(`${check.name}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failures > 0 ? 1 : 0;
