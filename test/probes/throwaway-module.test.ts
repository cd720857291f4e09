// A probe module added in a temporary registry, and nothing else changed: it is listed, planned, parsed, summarized,
// counted in metrics and rendered in every report format, by the same code that serves the registry's own modules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from '../../src/events/zod.js';
import { loadRunbook } from '../../src/runbook/load.js';
import { runRunbook } from '../../src/runbook/execute.js';
import { renderHtml } from '../../src/runbook/html-report.js';
import { renderMarkdown } from '../../src/runbook/markdown-report.js';
import { Pipeline } from '../../src/core/pipeline.js';
import { probectlLayout } from '../../src/core/probectl-layout.js';
import { tableTool } from '../../src/core/table-parser.js';
import { envelopeShape, pid } from '../../src/events/envelope.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import type { ProbeDefinition } from '../../src/plan/catalog.js';
import type { ProbeModule } from '../../src/probes/probe-module.js';
import type { ProbeEntry } from '../../src/probes/probe-entry.js';
import { probeEntries } from '../../src/probes/probe-list.js';
import { probeModules } from '../../src/probes/registry.js';
import { listProbes } from '../../src/run/listing.js';
import { planProbes } from '../../src/run/resolve.js';
import { renderSummary } from '../../src/summary/render.js';
import { Summary } from '../../src/summary/summary.js';
import { labFacts } from '../plan/host-facts.js';
import { recording, runbookFile } from '../runbook/fixtures.js';

// Its type is not declared into EventSchemas: that would be a change outside this file (and the registry would then
// refuse to compile without the module). The casts below stand where a real module's declarations would.
const tickSchema = z.strictObject({ type: z.literal('demo.tick'), ...envelopeShape, pid, work: z.number().check(z.int(), z.nonnegative()) });
type Tick = z.infer<typeof tickSchema>;

const definition: ProbeDefinition = {
  name: 'demo',
  description: 'ticks of work, for this test',
  backends: [
    {
      backend: 'bpftrace',
      tool: "probectl's demo.bt",
      filters: ['pid'],
      unavailable: () => undefined,
      plan: (filters) => ({
        probe: 'demo',
        backend: 'bpftrace',
        argv: ['bpftrace', '-e', 'BEGIN { printf("PROBECTL demo v1\\n") }'],
        env: {},
        parser: 'demo' as never,
        impl: 'bpftrace',
        ready: /^PROBECTL demo v1$/m,
        filters,
      }),
    },
  ],
};

const demo = {
  name: 'demo',
  events: { 'demo.tick': tickSchema },
  parser: tableTool({
    tool: 'demo',
    layouts: [
      probectlLayout({
        tool: 'probectl-demo.bt',
        header: 'PROBECTL demo v1',
        type: 'demo.tick' as never,
        fields: 'TICK pid work',
        parse(line) {
          const m = /^TICK\t(\d+)\t(\d+)$/.exec(line);
          return (m === null ? undefined : { pid: Number(m[1]), work: Number(m[2]) }) as never;
        },
      }),
    ],
    banners: [],
  }),
  summary: {
    key: 'demo' as never,
    tally() {
      let ticks = 0;
      let work = 0;
      return {
        handlers: {
          'demo.tick': (e: Tick) => {
            ticks++;
            work += e.work;
          },
        },
        report: () => ({ ticks, work }),
        approximate: () => [],
        trackedKeys: () => 0,
      };
    },
    sections: (r: { ticks: number; work: number }) => [
      {
        id: 'demo',
        title: 'Demo ticks',
        total: r.ticks,
        tables: [{ columns: [{ key: 'work', heading: 'WORK UNITS', align: 'right', unit: 'count' }], rows: [{ work: r.work }] }],
      },
    ],
    reportSections: (r: { ticks: number; work: number }) => [
      {
        id: 'demo',
        title: 'Demo ticks',
        headline: true,
        lead: [{ count: r.ticks, id: 'demo' }, ' ticks.'],
        tables: [{ columns: [{ key: 'work', heading: 'work units', unit: 'count' }], rows: [{ work: r.work }] }],
      },
    ],
  },
  metrics: (kit: { counter(name: string, help: string, labels: readonly string[]): { inc(labels: Record<string, string>, value?: number): void } }) => {
    const work = kit.counter('probectl_demo_work_total', 'Work units the demo ticks did.', ['probe']);
    return { 'demo.tick': (e: Tick) => work.inc({ probe: e.probe }, e.work) };
  },
} as unknown as ProbeModule;

const modules: readonly ProbeModule[] = [...probeModules, demo];
const demoEntry: ProbeEntry = { name: 'demo', probe: definition, load: async () => demo };
const definitions = [...probeEntries, demoEntry].flatMap((e: ProbeEntry) => (e.probe === undefined ? [] : [e.probe]));

function parseDemo(text: string): ProbeEvent[] {
  const events: ProbeEvent[] = [];
  const pipeline = new Pipeline({ parser: demo.parser, schemas: demo.events, host: 'h', probe: 'demo', validate: true, onEvent: (e) => events.push(e) });
  pipeline.chunk('stdout', Buffer.from(text), 1_000);
  pipeline.end(2_000);
  return events;
}

describe('a probe module in a temporary registry, with no other change', () => {
  const events = parseDemo('PROBECTL demo v1\nTICK\t41\t5\nTICK\t42\t7\nnot a tick\n');

  it('is listed with its backend and filters, and planned', () => {
    const listing = listProbes(labFacts(), definitions).find((l) => l.probe === 'demo');
    assert.deepEqual(listing, {
      probe: 'demo',
      description: 'ticks of work, for this test',
      auto: 'bpftrace',
      backends: [{ backend: 'bpftrace', available: true, trusted: true, filters: ['pid'] }],
    });
    const [plan] = planProbes(['demo'], 'auto', { pid: 41 }, labFacts(), definitions);
    assert.equal(plan?.probe, 'demo');
    assert.deepEqual(plan?.filters, { pid: 41 });
  });

  it('is parsed and schema-checked by the shared pipeline, its odd line kept as a diagnostic', () => {
    assert.deepEqual(
      events.map((e) =>
        e.type === 'tool.diagnostic'
          ? `${e.level}: ${e.message}`
          : `${e.type} ${JSON.stringify({ pid: (e as never as Tick).pid, work: (e as never as Tick).work })}`,
      ),
      ['demo.tick {"pid":41,"work":5}', 'demo.tick {"pid":42,"work":7}', 'unparsed: not a tick'],
    );
  });

  it('is summarized, and its section printed', () => {
    const summary = new Summary({ modules });
    for (const e of events) summary.add(e);
    const report = summary.report() as unknown as { demo: { ticks: number; work: number }; events: { by_type: Record<string, number> } };
    assert.deepEqual(report.demo, { ticks: 2, work: 12 });
    assert.equal(report.events.by_type['demo.tick'], 2);
    const text = renderSummary(summary.report(), { modules });
    assert.match(text, /^Demo ticks: 2\n {2}WORK UNITS\n {2}\s*12$/m);
  });

  it('is counted in metrics', async () => {
    const metrics = new ProbeMetrics({ modules });
    for (const e of events) metrics.observe(e);
    const text = await metrics.text();
    assert.match(text, /^probectl_demo_work_total\{probe="demo"\} 12$/m);
    assert.match(text, /^probectl_events_total\{probe="demo",type="demo.tick"\} 2$/m);
  });

  it('is rendered in the HTML and Markdown reports', async () => {
    const runbook = await loadRunbook(runbookFile('tcp-health'));
    const result = await runRunbook(runbook, { replay: recording('runbooks', 'tcp-clean') });
    const summary = new Summary({ modules });
    for (const e of events) summary.add(e);
    const withDemo = { ...result, summary: summary.report() };
    assert.match(renderHtml(withDemo, modules), /<h2>Demo ticks<\/h2>.*<span data-total="demo">2<\/span> ticks\./s);
    assert.match(renderHtml(withDemo, modules), /<td[^>]*>12<\/td>/);
    const markdown = renderMarkdown(withDemo, modules);
    assert.match(markdown, /^## Demo ticks\n\n2 ticks\.\n\n\| work units \|\n\| -+:? \|\n\| 12 \|$/m);
  });
});
