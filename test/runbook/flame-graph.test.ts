// The flame graphs of a runbook's report: drawn inline in the HTML from a replayed profile or malloc recording, named in the Markdown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { writeRecording } from '../../src/recording/format.js';
import { runRunbook } from '../../src/runbook/execute.js';
import { renderHtml } from '../../src/runbook/html-report.js';
import { loadRunbook, runbookFromSource } from '../../src/runbook/load.js';
import { renderMarkdown } from '../../src/runbook/markdown-report.js';
import { RunbookSource } from '../../src/runbook/source.js';
import { expectedEvents, recording, replayDir, runbookFile } from './fixtures.js';
import { flameFrames, hotFunction } from './flame-frames.js';
import { tempDir } from '../temp-dir.js';

const PROFILE = recording('profile', 'probectl');
const MALLOC = recording('malloc', 'probectl');

const profileEvents = expectedEvents(PROFILE).filter((e): e is EventOf<'profile.stack'> => e.type === 'profile.stack');

describe('the flame graph in a runbook report', () => {
  it('draws every sample of a replayed profile recording, with the hot function as a frame of its samples', async () => {
    const result = await runRunbook(await loadRunbook(runbookFile('cpu-hot')), { replay: replayDir({ profile: PROFILE }) });
    const hot = hotFunction(profileEvents);
    assert.match(hot.fn, /^geo::Shape<double>::area\(int, /, 'the recording spun in the C++ area()');
    assert.equal(result.flame_graphs.length, 1);
    assert.equal(result.flame_graphs[0]!.kind, 'cpu');
    assert.equal(result.flame_graphs[0]!.total, hot.total);
    const html = renderHtml(result);
    assert.equal((html.match(/<svg /g) ?? []).length, 2, 'the events chart and the flame graph, both inline');
    assert.match(html, /<div class="flamegraph" data-flamegraph="cpu"><svg /);
    const frames = flameFrames(html);
    assert.equal(frames.find((f) => f.name === 'all')?.weight, hot.total);
    const hotFrames = frames.filter((f) => f.name === hot.fn);
    assert.equal(
      hotFrames.reduce((n, f) => n + f.weight, 0),
      hot.samples,
    );
    assert.ok(
      hotFrames.some((f) => f.label === hot.fn),
      'the widest frame carries the whole name',
    );
    assert.ok(!html.includes(hot.fn), 'the name is escaped (it holds < and >)');
  });

  it('is named in the Markdown report, which draws no SVG', async () => {
    const result = await runRunbook(await loadRunbook(runbookFile('cpu-hot')), { replay: replayDir({ profile: PROFILE }) });
    const md = renderMarkdown(result);
    assert.ok(!md.includes('<svg'));
    assert.match(
      md,
      new RegExp(
        `## Flame graph of the CPU samples\\n\\nDrawn in the HTML report of the same run \\(\`--report FILE.html\`\\): ${hotFunction(profileEvents).total} samples over \\d+ stacks`,
      ),
    );
  });

  it('is left out when the events hold no stacks', async () => {
    const result = await runRunbook(await loadRunbook(runbookFile('file-access-errors')), { replay: recording('runbooks', 'files-failing') });
    assert.deepEqual(result.flame_graphs, []);
    assert.ok(!renderHtml(result).includes('class="flamegraph"'));
    assert.ok(!renderMarkdown(result).includes('Flame graph'));
  });

  it("draws the memory a replayed malloc recording still holds, by bytes, from each process's last report", async () => {
    const runbook = `name: held
duration: 1
probes:
  malloc:
    filters: {pid: 17384}
assertions:
  - name: bytes held by the top stacks
    sum: {type: memory.outstanding, field: bytes}
    at_least: 0
`;
    const result = await runRunbook(runbookFromSource(RunbookSource.parse('held.yaml', runbook)), { replay: replayDir({ malloc: MALLOC }) });
    const reports = expectedEvents(MALLOC).filter((e): e is EventOf<'memory.outstanding'> => e.type === 'memory.outstanding');
    const lastStart = reports.map((e) => e.rank).lastIndexOf(1);
    const lastReport = reports.slice(lastStart);
    const held = lastReport.reduce((n, e) => n + e.bytes, 0);
    assert.ok(held > 0);
    const html = renderHtml(result);
    assert.match(html, /<div class="flamegraph" data-flamegraph="memory"><svg /);
    const frames = flameFrames(html);
    assert.equal(frames.find((f) => f.name === 'all')?.weight, held);
    assert.equal(frames.find((f) => f.name === `pid ${lastReport[0]!.pid}`)?.weight, held);
    const holder = lastReport[0]!.stack[0]!.replace(/\+\d+ \(.*\)$/, '');
    assert.equal(holder, 'hold_blocks');
    assert.equal(
      frames.find((f) => f.name === holder)?.weight,
      lastReport.filter((e) => e.stack[0]!.startsWith(`${holder}+`)).reduce((n, e) => n + e.bytes, 0),
    );
    assert.match(html, /<title>hold_blocks \(\d+ bytes, [\d.]+%\)<\/title>/);
  });

  it('escapes the names of frames and processes, whatever the tool printed', async () => {
    const dir = tempDir('pctl-hostile-stacks-');
    const evil = '<script>alert(1)</script>';
    const stdout = Buffer.from(
      `PROBECTL profile v1 hz=99 stacks=kernel,user\n@samples: 3\n@stacks[, \n\t55f51168d50f ${evil}+47 (/tmp/x)\n\t55f51168d49c main+66 (/tmp/x)\n, <b>x</b>, 1102]: 3\n\n`,
    );
    const meta = JSON.parse(readFileSync(join(PROFILE, 'meta.json'), 'utf8'));
    await writeRecording(
      join(dir, 'profile'),
      { ...meta, workload: 'hand-written stacks with markup in a frame and the comm', synthetic: true },
      { stdout, stderr: Buffer.alloc(0), chunks: [{ t: 10, stream: 'stdout', bytes: stdout.length }], endedAt: 20 },
    );
    const result = await runRunbook(await loadRunbook(runbookFile('cpu-hot')), { replay: dir });
    assert.equal(result.flame_graphs[0]?.total, 3, 'the hand-written samples were parsed');
    const html = renderHtml(result);
    assert.ok(!html.includes('<script') && !html.includes('<b>x</b>'));
    assert.deepEqual(
      flameFrames(html).map((f) => f.name),
      ['all', '<b>x</b>', 'main', evil],
    );
  });
});
