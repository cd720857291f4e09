// The reports: one self-contained HTML page, the same in Markdown, the result as JSON; whatever events carried is escaped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { runRunbook } from '../../src/runbook/execute.js';
import { renderHtml } from '../../src/runbook/html-report.js';
import { loadRunbook, runbookFromSource } from '../../src/runbook/load.js';
import { renderMarkdown } from '../../src/runbook/markdown-report.js';
import { checkReportPath, writeReport } from '../../src/runbook/report-file.js';
import { RunbookSource } from '../../src/runbook/source.js';
import { writeRecording } from '../../src/recording/format.js';
import { recording, runbookFile } from './fixtures.js';
import { tempDir } from '../temp-dir.js';

const EVIL_COMM = '<b>x</b>|y';
const EVIL_PATH = '/tmp/"><script>alert(1)</script>|`x`*';

/** A recording of probectl's opensnoop.bt output with a hostile comm and path, as a tool could print them. */
async function hostileRecording(): Promise<string> {
  const dir = tempDir('pctl-hostile-');
  const row = (fd: number, errno: number, path: string) => `OPEN\t9\t9\t0\t${fd}\t${errno}\t0\t-1\t${EVIL_COMM}\t${path}\n`;
  const stdout = Buffer.from('PROBECTL opensnoop v1\n' + row(-1, 2, EVIL_PATH) + row(3, 0, '/etc/hostname'));
  const meta = JSON.parse(readFileSync(recording('runbooks', 'files-failing', 'opensnoop', 'meta.json'), 'utf8'));
  await writeRecording(
    join(dir, 'opensnoop'),
    { ...meta, workload: 'hand-written rows with markup in comm and path', synthetic: true },
    {
      stdout,
      stderr: Buffer.alloc(0),
      chunks: [{ t: 10, stream: 'stdout', bytes: stdout.length }],
      endedAt: 20,
    },
  );
  return dir;
}

const RUNBOOK = `name: hostile
duration: 1
probes:
  opensnoop: {}
assertions:
  - name: failed opens <i>by</i> process
    count:
      type: file.open
      where:
        errno:
          not: 0
    by: comm
    equals: 0
    message: "\${comm} failed \${value}"
`;

describe('reports', () => {
  it('escape every string that came from events in HTML and Markdown, and the HTML fetches nothing', async () => {
    const result = await runRunbook(runbookFromSource(RunbookSource.parse('hostile.yaml', RUNBOOK)), { replay: await hostileRecording() });
    assert.equal(result.assertions[0]!.messages[0], `${EVIL_COMM} failed 1`);
    const html = renderHtml(result);
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!html.includes(EVIL_COMM) && !html.includes('<b>x</b>') && !html.includes('<i>by</i>'), 'no markup from events or the runbook');
    assert.ok(html.includes('&lt;b&gt;x&lt;/b&gt;|y failed 1'));
    assert.ok(html.includes('/tmp/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.doesNotMatch(html, /\b(src|href)\s*=|url\(|@import|<link|<iframe|<object|<embed/i, 'nothing is fetched');
    const md = renderMarkdown(result);
    assert.ok(!md.includes('<script') && !md.includes('<b>'));
    assert.ok(md.includes('&lt;b>x&lt;/b>\\|y failed 1'), 'a pipe cannot end a table cell early');
  });

  it('write HTML, Markdown or JSON by the extension, and refuse any other before anything runs', async () => {
    const result = await runRunbook(await loadRunbook(runbookFile('tcp-health')), { replay: recording('runbooks', 'tcp-loss') });
    const dir = tempDir('pctl-report-');
    for (const ext of ['html', 'md', 'json']) await writeReport(join(dir, `r.${ext}`), result);
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /^<!doctype html>/);
    assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /^# Runbook tcp-health: FAIL/);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    assert.deepEqual(json, JSON.parse(JSON.stringify(result)));
    assert.equal(json.summary.drops.total, result.assertions[1]!.value);
    assert.throws(
      () => checkReportPath('out.pdf'),
      (e: unknown) => e instanceof ProbectlError && e.code === 'USAGE' && /\.html, \.md or \.json/.test(e.suggestion),
    );
    assert.throws(() => checkReportPath('report'), ProbectlError);
  });
});
