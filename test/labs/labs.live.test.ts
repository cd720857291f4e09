// Live: every lab in docs/labs works as written: its live steps run as the page gives them, and what the page says holds in every run holds against this run's ground truth.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, type TestContext } from 'node:test';
import { liveOrSkip } from '../live.js';
import { libbpfLoaderBlocker } from '../xdpcount/blockers.js';
import { labChecks } from './checks/index.js';
import type { LabCheck } from './checks/lab-check.js';
import { LabRun } from './lab-run.js';
import { runLiveSteps } from './live-steps.js';

/** The XDP lab runs xdpcount's libbpf loader, which npm run build:native makes where clang and libbpf-dev exist. */
function runnable(t: TestContext, check: LabCheck): boolean {
  if (!liveOrSkip(t)) return false;
  const blocker = check.probes.includes('xdpcount') ? libbpfLoaderBlocker() : undefined;
  if (blocker === undefined) return true;
  if (process.env.CI === 'true') assert.fail(`${blocker}; CI=true requires the live tests to run`);
  t.skip(blocker);
  return false;
}

for (const check of labChecks) {
  // The lab may be in another test's hands for a while: the steps wait for it (up to ten minutes) before they start.
  it(`docs/labs/${check.name}.md: the live steps run as written and the page's claims hold (live: root)`, { timeout: 12 * 60_000 }, async (t) => {
    if (!runnable(t, check)) return;
    const dir = mkdtempSync(join(tmpdir(), `pctl-lab-${check.name}-`));
    try {
      await runLiveSteps(check, dir);
      t.diagnostic(`${check.name}: ${await check.claims(new LabRun(dir))}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
