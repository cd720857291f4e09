// The layouts benchmark's Python baselines give the events `probectl parse` gives from every recording of the layouts they read, all but ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { baseline, PROBECTL_READERS } from '../../bench/layouts.js';
import { layoutSamples } from '../../bench/layout-inputs.js';
import { pipelineFor } from '../../src/api/parse.js';
import { repoRoot } from '../recordings.js';

interface Baseline {
  script: string;
  tool: string;
  /** The layouts it reads: each must show up in a recording it is compared on. */
  layouts: string[];
}

const baselines: Baseline[] = [
  { script: 'baseline_opensnoop.py', tool: 'opensnoop', layouts: ['libbpf'] },
  { script: 'baseline_biolatency.py', tool: 'biolatency', layouts: ['libbpf', 'probectl-v1'] },
  { script: 'baseline_execsnoop.py', tool: 'execsnoop', layouts: ['libbpf', 'libbpf-T', 'libbpf-t', 'libbpf-U', 'libbpf-q', 'libbpf-TtUq', 'bt'] },
  { script: 'baseline_syscount.py', tool: 'syscount', layouts: ['libbpf', 'libbpf-L', 'libbpf-P', 'libbpf-PLm', 'bt'] },
  ...[...PROBECTL_READERS].map((tool) => ({ script: 'baseline_probectl.py', tool, layouts: ['probectl-v1'] })),
];

type Event = Record<string, unknown> & { type: string; source: { layout: string } };

const jsonl = (text: string): Event[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Event);

const withoutTs = ({ ts: _ts, ...rest }: Event): object => rest;

/** What `probectl parse TOOL FILE` writes, through the pipeline it builds (in process: a CLI start per recording is slow). */
function probectlParse(tool: string, file: string): Event[] {
  const events: Event[] = [];
  const pipeline = pipelineFor({ tool, validate: false }, { onEvent: (e) => events.push(JSON.parse(JSON.stringify(e)) as Event) });
  pipeline.chunk('stdout', readFileSync(file), Date.now());
  pipeline.end(Date.now());
  return events;
}

function pythonParse(b: Baseline, file: string): Event[] {
  const args = [join(repoRoot, 'bench', b.script), ...(b.script === 'baseline_probectl.py' ? [b.tool] : [])];
  return jsonl(execFileSync('sh', ['-c', 'exec python3 "$@" < "$0"', file, ...args], { encoding: 'utf8' }));
}

describe('Python baselines of the layouts benchmark', () => {
  for (const b of baselines) {
    it(`${b.script} reads ${b.tool} ${b.layouts.join(', ')} as probectl parse does`, () => {
      const dir = join(repoRoot, 'recordings', b.tool);
      const covered = new Set<string>();
      for (const name of readdirSync(dir).sort()) {
        const file = join(dir, name, 'stdout');
        const expected = probectlParse(b.tool, file);
        const layouts = new Set(expected.filter((e) => e.type !== 'tool.diagnostic').map((e) => e.source.layout));
        // A recording of another layout, or of a tool that failed here (no rows), is not this baseline's to read.
        if (layouts.size === 0 || [...layouts].some((l) => !b.layouts.includes(l))) continue;
        assert.deepEqual(pythonParse(b, file).map(withoutTs), expected.map(withoutTs), `${b.script} on recordings/${b.tool}/${name}`);
        for (const l of layouts) covered.add(l);
      }
      assert.deepEqual([...covered].sort(), [...b.layouts].sort(), 'every layout the baseline reads is compared on a recording');
    });
  }
});

describe("the layouts benchmark's choice of baseline", () => {
  it('names a Python reader only for the layouts one of these reads, for every recording (bench:layouts runs them all)', () => {
    for (const sample of layoutSamples(join(repoRoot, 'recordings'))) {
      const command = baseline(sample);
      if (command === undefined) continue;
      const [script, tool] = command.split(' ').slice(1);
      const reads = baselines.find((b) => script!.endsWith(`/bench/${b.script}`) && (b.script !== 'baseline_probectl.py' || b.tool === tool));
      assert.ok(reads !== undefined, `${sample.name}: ${command}`);
      assert.ok(
        sample.layouts.every((l) => reads.layouts.includes(l)),
        `${sample.name} (${sample.layouts.join('+')}) is not read by ${reads.script}`,
      );
    }
  });
});
