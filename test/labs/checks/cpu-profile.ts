// Lab "cpu-profile": profile --pid on a C program spinning 2 s of CPU in crunch_numbers() and 1 s in tidy_up(); samples against the CPU time it measured itself.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import type { LabRun } from '../lab-run.js';
import type { LabCheck } from './lab-check.js';

const HZ = 99;
const COMM = 'cpu-hungry';
const HOT = 'crunch_numbers';
const WARM = 'tidy_up';

/** What the program printed: "crunch_numbers 2.000" and "tidy_up 1.000", the CPU seconds each function had, as it wrote them. */
function cpuSeconds(text: string): { hot: string; warm: string } {
  const seconds = (fn: string) => {
    const m = new RegExp(`^${fn} (\\d+\\.\\d+)$`, 'm').exec(text);
    if (m === null) throw new Error(`the program printed no CPU time for ${fn}: ${text}`);
    return m[1]!;
  };
  return { hot: seconds(HOT), warm: seconds(WARM) };
}

const total = (stacks: readonly EventOf<'profile.stack'>[]): number => stacks.reduce((n, e) => n + e.count, 0);
const within = (stacks: readonly EventOf<'profile.stack'>[], fn: string) => stacks.filter((e) => e.ustack.some((f) => f.fn === fn));

/** The folded file's counts added up: the number at the end of each "comm;root;...;leaf count" line. */
const foldedTotal = (text: string): number =>
  text
    .split('\n')
    .filter((l) => l.length > 0)
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);

/** go tool pprof -top's first row: flat, flat%, sum%, cum, cum%, then the function. */
function pprofFirst(text: string): { fn: string; cum: string } {
  const row = text.split('\n').find((l) => /^\s+[\d.]+m?s\s+[\d.]+%/.test(l));
  if (row === undefined) throw new Error(`go tool pprof listed no function:\n${text}`);
  const fields = row.trim().split(/\s+/);
  return { fn: fields.slice(5).join(' '), cum: fields[3]! };
}

async function measured(run: LabRun) {
  const stacks = await run.eventsOf('profile', 'profile.stack');
  const cpu = cpuSeconds(run.text('cpu-seconds.txt'));
  const samples = total(stacks);
  const expected = Math.round((Number(cpu.hot) + Number(cpu.warm)) * HZ);
  return { stacks, cpu, samples, expected, hot: total(within(stacks, HOT)), warm: total(within(stacks, WARM)) };
}

const percent = (n: number, of: number): string => ((n * 100) / of).toFixed(1);

/** The stack sampled most, as the summary ranks them: its leaf, the function on the CPU. */
function topLeaf(stacks: readonly EventOf<'profile.stack'>[]): string {
  const counts = new Map<string, { leaf: string; count: number }>();
  for (const e of stacks) {
    const key = JSON.stringify([e.kstack.map((f) => f.fn), e.ustack.map((f) => f.fn)]);
    const leaf = (e.kstack[0] ?? e.ustack[0])?.fn ?? '-';
    counts.set(key, { leaf, count: (counts.get(key)?.count ?? 0) + e.count });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count)[0]!.leaf;
}

export const cpuProfileLab: LabCheck = {
  name: 'cpu-profile',
  probes: ['profile'],
  files: ['cpu-hungry.c', 'cpu-seconds.txt', 'cpu.folded', 'pprof-top.txt'],
  usesLab: false,

  async facts(run: LabRun) {
    const m = await measured(run);
    const pprof = pprofFirst(run.text('pprof-top.txt'));
    return {
      samples: m.samples,
      crunch_cpu: m.cpu.hot,
      tidy_cpu: m.cpu.warm,
      expected: m.expected,
      of_expected: percent(m.samples, m.expected),
      top_leaf: topLeaf(m.stacks),
      crunch_samples: m.hot,
      crunch_share: percent(m.hot, m.samples),
      tidy_samples: m.warm,
      tidy_share: percent(m.warm, m.samples),
      kernel_samples: total(m.stacks.filter((e) => e.kstack.length > 0)),
      unnamed_samples: total(m.stacks.filter((e) => e.ustack.some((f) => f.fn.startsWith('0x')))),
      folded_total: foldedTotal(run.text('cpu.folded')),
      pprof_first: pprof.fn,
      pprof_cum: pprof.cum,
    };
  },

  async claims(run: LabRun) {
    const m = await measured(run);
    assert.ok(Number(m.cpu.hot) >= 2 && Number(m.cpu.warm) >= 1, `the program spun its 2 s and 1 s of CPU time: ${JSON.stringify(m.cpu)}`);
    assert.ok(
      m.stacks.every((e) => e.comm === COMM),
      `every sample is of ${COMM}, the process --pid named`,
    );
    // Ground truth: the CPU time the program's own clock measured; the timer samples it 99 times per second of it.
    assert.ok(Math.abs(m.samples - m.expected) <= 0.1 * m.expected, `${m.samples} samples, expected ${HZ} × CPU seconds = ${m.expected} ± 10 %`);
    assert.ok(m.hot + m.warm >= 0.9 * m.samples, `${m.hot} + ${m.warm} of ${m.samples} samples are in ${HOT} or ${WARM}`);
    assert.ok(m.hot > m.warm, `${HOT}, given twice the CPU time, is in more samples than ${WARM}: ${m.hot} and ${m.warm}`);
    assert.equal(topLeaf(m.stacks), HOT, `the stack sampled most has ${HOT} on the CPU`);
    const folded = run.text('cpu.folded');
    assert.equal(foldedTotal(folded), m.samples, 'the folded file holds every sample');
    assert.match(folded, new RegExp(`^${COMM};.*;main;${HOT} \\d+$`, 'm'), `a folded line of ${HOT} called by main`);
    assert.equal(pprofFirst(run.text('pprof-top.txt')).fn, HOT, `go tool pprof -top lists ${HOT} first`);
    return `${m.samples} samples for ${m.cpu.hot} + ${m.cpu.warm} s of CPU (${m.expected} expected); ${m.hot} in ${HOT}, ${m.warm} in ${WARM}`;
  },
};
