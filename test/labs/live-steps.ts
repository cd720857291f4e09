// Runs a lab page's live steps as written, in a directory of their own, holding the lab throughout when they use it.
import { holdLab, labDown } from '../../src/lab/index.js';
import type { LabCheck } from './checks/lab-check.js';
import { liveScript, readLabDoc } from './lab-doc.js';
import { runShell, type ShellEnd } from './shell.js';

/**
 * Every lab's steps take about a minute at most on an idle machine (traffic of a few MiB, probes for at most 30 seconds); on a
 * busy one, a `probectl run` may first spend most of a minute measuring the host facts (the steps' PATH is new each time).
 */
const STEPS_TIMEOUT_MS = 180_000;

/** The ```sh live blocks of docs/labs/<lab>.md, run in dir; fails unless they exit 0. The lab is down afterwards whatever happened. */
export async function runLiveSteps(check: LabCheck, dir: string): Promise<ShellEnd> {
  const script = liveScript(readLabDoc(check.name));
  if (script === '') throw new Error(`docs/labs/${check.name}.md has no \`\`\`sh live block`);
  const release = check.usesLab ? await holdLab({ waitMs: 10 * 60_000 }) : () => {};
  let end: ShellEnd;
  try {
    end = await runShell(script, { cwd: dir, timeoutMs: STEPS_TIMEOUT_MS, labBroker: check.usesLab });
  } finally {
    if (check.usesLab) await labDown().finally(release);
  }
  if (end.code !== 0) throw new Error(`the live steps of ${check.name} ended with ${end.code ?? end.signal}:\n${end.stderr}`);
  return end;
}
