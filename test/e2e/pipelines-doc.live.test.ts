// docs/pipelines.md's worked examples, run as written against a VictoriaMetrics the test starts (its address in place of 127.0.0.1:8428): each prints what the page shows.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runShell } from '../labs/shell.js';
import { pipelineExamples } from '../pipelines-examples.js';
import { repoRoot } from '../recordings.js';
import { installedOrSkip } from './installed.js';
import { startVictoriaMetrics, VICTORIA_METRICS, type VictoriaMetrics } from './victoria-metrics.js';

const SHOWN_ADDRESS = '127.0.0.1:8428';
/** The sections whose examples push to VictoriaMetrics (the page's other sections have tests of their own). */
const SECTIONS = ['Prometheus remote write', 'XTrace-Catch metric names'];

describe('docs/pipelines.md', () => {
  let vm: VictoriaMetrics | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'pctl-pipelines-doc-'));
  before(async () => {
    if (existsSync(VICTORIA_METRICS)) vm = await startVictoriaMetrics(dir);
  });
  after(async () => {
    await vm?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the worked examples of its remote write and XTrace-Catch sections', () => {
    const sections = pipelineExamples().map((e) => e.section);
    for (const wanted of SECTIONS) assert.ok(sections.includes(wanted), sections.join(', '));
  });

  for (const example of pipelineExamples().filter((e) => SECTIONS.includes(e.section)))
    it(`${example.section}: the example prints what the page shows`, { timeout: 120_000 }, async (t) => {
      if (!installedOrSkip(t, VICTORIA_METRICS, 'victoria-metrics') || vm === undefined) return;
      const end = await runShell(example.script.replaceAll(SHOWN_ADDRESS, vm.address), { cwd: repoRoot, timeoutMs: 60_000 });
      assert.equal(end.code, 0, end.stderr);
      assert.equal(end.stdout, example.output);
    });
});
