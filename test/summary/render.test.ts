import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { SummarySink } from '../../src/sinks/summary.js';
import { renderSummary } from '../../src/summary/render.js';
import { colorLevel } from '../../src/summary/render-style.js';
import { Summary } from '../../src/summary/summary.js';
import { recordingDirs, repoRoot } from '../recordings.js';

const ESC = '\x1b[';

async function summaryOf(dirs: string[]): Promise<Summary> {
  const summary = new Summary();
  for (const dir of dirs) for await (const e of replay(dir)) summary.add(e);
  return summary;
}

/** The section titles a rendering shows, in order. */
const SECTIONS: Array<[RegExp, (r: ReturnType<Summary['report']>) => boolean]> = [
  [/^Activity$/m, (r) => Object.values(r.series.by_type).some((c) => c.length >= 3)],
  [/^Retransmits: /m, (r) => r.retransmits.total > 0],
  [/^Drops: /m, (r) => r.drops.total > 0],
  [/^Sessions: /m, (r) => r.sessions.total > 0],
  [/^Opens: /m, (r) => r.opens.total > 0],
  [/^XDP traffic/m, (r) => r.xdp.length > 0],
  [/^Flows /m, (r) => r.flows.length > 0],
  [/^Probes$/m, (r) => r.probes.length > 0],
  [/^Lost events: /m, (r) => r.lost.reports > 0],
  [/^Diagnostics: /m, (r) => Object.keys(r.diagnostics.by_level).length > 0],
];

describe('the summary as text', () => {
  it('prints one clear line for no events', () => {
    assert.equal(renderSummary(new Summary().report()), 'probectl summary: no events\n');
  });

  for (const dir of recordingDirs().filter((d) => existsSync(join(d, 'meta.json')))) {
    const name = dir.slice(join(repoRoot, 'recordings').length + 1);
    it(`${name}: shows a section only when it has data, without colour, and says whether the picture is complete`, async () => {
      const report = (await summaryOf([dir])).report();
      const text = renderSummary(report);
      assert.ok(!text.includes(ESC), 'an escape code without colour');
      for (const [title, has] of SECTIONS) if (title.source !== '^Activity$') assert.equal(title.test(text), has(report), `${title} in:\n${text}`);
      assert.match(text.trimEnd().split('\n').at(-1)!, report.complete ? /^Complete: / : /^Incomplete: /);
    });
  }

  it('tells why a picture is incomplete', async () => {
    const summary = await summaryOf([join(repoRoot, 'recordings/opensnoop/libbpf-lost')]);
    const lost = summary.report().lost.events;
    summary.add({
      type: 'probe.status',
      ts: 1,
      probe: 'tcplife',
      source: { impl: 'probectl', tool: 'probectl', layout: 'status' },
      host: 'h',
      seq: 1,
      backend: 'bcc',
      state: 'failed',
      message: 'exited with code 3',
    });
    summary.add({
      type: 'tool.diagnostic',
      ts: 2,
      probe: 'tcplife',
      source: { impl: 'bcc', tool: 'tcplife', layout: 'bcc' },
      host: 'h',
      seq: 2,
      level: 'unparsed',
      message: '??',
    });
    summary.add({
      type: 'tool.diagnostic',
      ts: 3,
      probe: 'tcplife',
      source: { impl: 'probectl', tool: 'probectl', layout: 'lines' },
      host: 'h',
      seq: 3,
      level: 'warning',
      message: 'line longer than the bound, 5 bytes dropped: abc',
    });
    const last = renderSummary(summary.report()).trimEnd().split('\n').at(-1)!;
    assert.equal(last, `Incomplete: opensnoop lost ${lost.toLocaleString('en-US')} events; tcplife failed; 1 line not parsed; 1 line cut at the length bound.`);
  });

  it('draws a sparkline of a type whose rate changes, and none for a flat one', () => {
    const summary = new Summary();
    const source = { impl: 'bcc', tool: 't', layout: 'l' } as const;
    let seq = 0;
    const add = (type: 'tool.lost', second: number, n: number) => {
      for (let i = 0; i < n; i++) summary.add({ type, ts: 1_000_000 + second * 1000 + i, probe: 'p', source, host: 'h', seq: ++seq, count: 1 } as ProbeEvent);
    };
    [1, 8, 0, 4].forEach((n, second) => add('tool.lost', second, n));
    const text = renderSummary(summary.report());
    assert.match(text, /^ {2}tool\.lost +8 +│▁█ ▄│$/m);
  });

  it('colours only for a terminal without NO_COLOR, and never into a pipe', async () => {
    assert.equal(colorLevel({ isTTY: false }, {}), 0);
    assert.equal(colorLevel({}, {}), 0);
    assert.equal(colorLevel({ isTTY: true }, { NO_COLOR: '1' }), 0);
    const report = (await summaryOf([join(repoRoot, 'recordings/opensnoop/libbpf-lost')])).report();
    assert.ok(renderSummary(report, { level: 1 }).includes(ESC), 'colour at level 1');
    const coloured = renderSummary(report, { level: 1 }).replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(coloured, renderSummary(report), 'colour changes nothing but the colour');

    const out = new PassThrough();
    const sink = new SummarySink(out);
    for await (const e of replay(join(repoRoot, 'recordings/opensnoop/libbpf-lost'))) sink.write(e);
    assert.equal(sink.flush(), true);
    assert.equal(out.read(), null, 'nothing is written before the end');
    const text = sink.end();
    assert.equal(String(out.read()), text);
    assert.equal(text, renderSummary(report));
    assert.ok(!text.includes(ESC));
  });
});
