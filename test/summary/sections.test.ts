// Sections as data: each renderer (text, HTML, Markdown) reads a column's unit, the notes, the tagged cells and the "more" lines alike.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { ProbeModule } from '../../src/probes/probe-module.js';
import { probeModules } from '../../src/probes/registry.js';
import { sectionHtml } from '../../src/runbook/html-section.js';
import { sectionMarkdown } from '../../src/runbook/markdown-section.js';
import { sectionLines } from '../../src/summary/render-section.js';
import { styleFor } from '../../src/summary/render-style.js';
import { reportSections, summarySections } from '../../src/summary/sections.js';
import { Summary } from '../../src/summary/summary.js';
import type { Section } from '../../src/tally/section.js';
import { recordingDirs } from '../recordings.js';

const section: Section = {
  id: 'things',
  title: 'Things',
  total: 1234,
  note: [', ', { text: '3 failed', tone: 'bad' }],
  lead: [{ count: 1234, id: 'things' }, ' things', { detail: [', ', { count: 7 }, ' of them odd'] }, '.'],
  tables: [
    {
      caption: 'biggest',
      columns: [
        { key: 'name', heading: 'NAME', max: 6, code: true },
        { key: 'n', heading: 'N', align: 'right', unit: 'count', tag: { name: 'thing', from: 'name' } },
        { key: 'size', heading: 'SIZE', align: 'right', unit: 'bytes' },
        { key: 'kb', heading: 'KB', align: 'right', unit: 'kib' },
        { key: 'took', heading: 'TOOK', align: 'right', unit: 'duration' },
        { key: 'pps', heading: 'RATE', align: 'right', unit: 'rate', per: 'pps' },
        { key: 'bps', heading: 'BITS', align: 'right', unit: 'bitRate' },
      ],
      rows: [
        { name: '<a>|long name', n: 12345, size: 2048, kb: 3, took: 1500, pps: 12.5, bps: 2_500_000 },
        { name: 'b', n: 1, size: undefined, kb: undefined, took: 0.5, pps: 250, bps: 999 },
      ],
      more: { count: 4321, what: 'elsewhere' },
    },
    { columns: [{ key: 'x', heading: 'X' }], rows: [{ x: 'y' }] },
  ],
};

describe('a section', () => {
  it('reads as text: the title with its total and note, each unit, "-" for a missing value, cut text, the more line, a blank between tables', () => {
    assert.deepEqual(sectionLines(section, styleFor(0)), [
      'Things: 1,234, 3 failed',
      '  biggest',
      '  NAME         N      SIZE        KB    TOOK      RATE         BITS',
      '  <a>|l…  12,345  2.00 KiB  3.00 KiB  1.50 s  12.5 pps  2.50 Mbit/s',
      '  b            1         -         -  500 µs   250 pps    999 bit/s',
      '  … and 4,321 elsewhere',
      '',
      '  X',
      '  y',
    ]);
    assert.match(sectionLines(section, styleFor(1))[0]!, /\x1b\[31m3 failed\x1b\[39m/, 'bad news in red on a terminal');
  });

  it('reads as HTML: marked totals, details, escaped and tagged cells, code, right-aligned numbers and the more line as a row', () => {
    const html = sectionHtml(section);
    assert.ok(html.startsWith('<h2>Things</h2><p><span data-total="things">1,234</span> things, 7 of them odd.</p>'), html);
    assert.ok(html.includes('<td><code>&lt;a&gt;|long name</code></td><td class="n"><span data-thing="&lt;a&gt;|long name">12,345</span></td>'));
    assert.ok(html.includes('<tr><td>elsewhere</td><td class="n">4,321</td><td class="n"></td>'));
    assert.ok(!html.includes('<a>'));
  });

  it('reads as Markdown without the details, every cell escaped, the more line as a row', () => {
    const md = sectionMarkdown(section);
    assert.deepEqual(md.slice(0, 4), ['## Things', '', '1,234 things.', '']);
    assert.equal(md[6], '| &lt;a>\\|long name | 12,345 | 2.00 KiB | 3.00 KiB | 1.50 s | 12.5 pps | 2.50 Mbit/s |');
    assert.equal(md[8], '| elsewhere | 4,321 |  |  |  |  |  |');
    assert.deepEqual(sectionMarkdown({ id: 'x', title: 'X', lead: [{ detail: ['only in HTML'] }], tables: [] }), ['## X', '']);
  });
});

describe('the summary sections of the recordings', () => {
  it("are each module's under its report key, then the flow view's, in the registry's order", async () => {
    const summary = new Summary();
    for (const dir of recordingDirs()) for await (const e of replay(dir)) summary.add(e);
    const report = summary.report();
    const keys = (probeModules as readonly ProbeModule[]).flatMap((m) => (m.summary === undefined ? [] : [m.summary.key]));
    assert.deepEqual(
      summarySections(report).map((s) => s.id),
      [...keys, 'flows'],
    );
    const inReports = reportSections(report);
    assert.deepEqual(
      inReports.headline.map((s) => s.id),
      ['drops'],
      'drops by reason head the runbook reports',
    );
    assert.deepEqual(
      inReports.flows.map((s) => s.id),
      ['flows'],
    );
    assert.deepEqual(
      inReports.rest.map((s) => s.id),
      keys.filter((k) => k !== 'drops'),
    );
  });
});
