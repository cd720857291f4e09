import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventSchema } from '../../src/probes/registry.js';
import { repoRoot } from '../recordings.js';
import { assertPrintedEvents, runExample } from './examples.js';
import { probectl } from './cli-process.js';

/** The ```console and ```sh blocks of a Markdown file. */
function blocks(file: string): { lang: string; text: string }[] {
  const doc = readFileSync(join(repoRoot, file), 'utf8');
  return [...doc.matchAll(/^```(console|sh)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** Every command line of the blocks that runs probectl: `$ ...` lines of console blocks, every line of sh blocks. */
function probectlCommands(file: string): string[] {
  return blocks(file)
    .flatMap(({ lang, text }) => (lang === 'console' ? [...text.matchAll(/^\$ (.+)$/gm)].map((m) => m[1]!) : text.split('\n')))
    .map((line) => line.trim())
    .filter((line) => /(^|\| )(sudo )?probectl /.test(line));
}

/** The recording of what a tool in a README pipe prints, by the words that start it: its stdout stands in for the tool. */
const PRODUCERS: [RegExp, string][] = [
  [/^sudo opensnoop$/, 'recordings/opensnoop/libbpf-default/stdout'],
  [/^sudo PYTHONUNBUFFERED=1 tcpretrans-bpfcc$/, 'recordings/tcpretrans/bcc-default/stdout'],
  [/^sudo stdbuf -oL tcplife -T$/, 'recordings/tcplife/libbpf-T/stdout'],
  [/^sudo bpftrace -f json -e '.*'$/, 'recordings/bpftrace/json/stdout'],
];

describe("README.md's probectl commands", () => {
  const commands = probectlCommands('README.md');
  it('has some', () => assert.ok(commands.length >= 4, commands.join('\n')));

  for (const command of commands) {
    const pipe = /^(.*) \| (probectl parse .*)$/.exec(command);
    if (pipe !== null)
      it(`parses what the tool prints, from its recording: ${command}`, async () => {
        const recording = PRODUCERS.find(([producer]) => producer.test(pipe[1]!))?.[1];
        assert.ok(recording !== undefined, `no recording stands in for "${pipe[1]}": add one to PRODUCERS`);
        assertPrintedEvents(command, await runExample(`cat ${recording} | ${pipe[2]}`));
      });
    else if (/^sudo probectl run /.test(command))
      it(`plans as shown, without root (--dry-run): ${command}`, async () => {
        const end = await runExample(`${command} --dry-run`);
        assert.equal(end.code, 0, end.stderr);
        assert.ok((JSON.parse(end.stdout) as unknown[]).length > 0);
      });
    else
      it(`runs as shown: ${command}`, async () => {
        assertPrintedEvents(command, await runExample(command));
      });
  }

  it('shows output lines that are events as probectl prints them', () => {
    const shown = blocks('README.md')
      .filter((b) => b.lang === 'console')
      .flatMap((b) => b.text.split('\n').filter((l) => l.startsWith('{')));
    assert.ok(shown.length > 0);
    for (const line of shown) eventSchema.parse(JSON.parse(line));
  });
});

describe("docs/lab.md's session", () => {
  const session = blocks('docs/lab.md').find((b) => b.lang === 'console' && b.text.includes('$ probectl lab up'))!.text;
  const steps = session
    .split(/^\$ /m)
    .slice(1)
    .map((step) => ({ command: step.slice(0, step.indexOf('\n')), output: step.slice(step.indexOf('\n') + 1).trim() }));

  it('shows commands probectl takes', () => {
    for (const { command } of steps) {
      const args = command.replace(/^probectl /, '').split(' ');
      const help = probectl([...args, '--help']);
      assert.equal(help.code, 0, `${command}: ${help.stderr}`);
    }
  });

  it('shows one JSON value for each command that prints JSON, as they print exactly one', () => {
    for (const { command, output } of steps.filter((s) => s.output.startsWith('{'))) assert.doesNotThrow(() => JSON.parse(output), command);
  });

  it('shows lab down removing the lab, then finding nothing to remove', () => {
    const downs = steps.filter((s) => s.command === 'probectl lab down').map((s) => JSON.parse(s.output) as { removed: string[] });
    assert.equal(downs.length, 2);
    assert.ok(downs[0]!.removed.length > 0);
    assert.deepEqual(downs[1], { removed: [] });
  });
});

describe("docs/labs/xdp.md's account of the last interval after SIGINT", () => {
  it('matches the recording: an empty last block, and every count of a whole interval', () => {
    const page = readFileSync(join(repoRoot, 'docs', 'labs', 'xdp.md'), 'utf8');
    assert.match(page, /so it is empty \(a blank line at 3\.29 s/);
    const dir = join(repoRoot, 'recordings', 'labs', 'xdp', 'xdpcount');
    assert.ok(readFileSync(join(dir, 'stdout'), 'utf8').endsWith('\n\n\n'), 'the last block is only its blank line');
    const lastChunk = readFileSync(join(dir, 'timing.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: number; n?: number })
      .filter((c) => c.n !== undefined)
      .at(-1)!;
    assert.deepEqual([Math.round(lastChunk.t / 10) / 100, lastChunk.n], [3.29, 1]);
    const intervals = readFileSync(join(dir, 'expected.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; interval_ms?: number })
      .filter((e) => e.type === 'xdp.count')
      .map((e) => e.interval_ms!);
    assert.ok(intervals.length > 0 && intervals.every((ms) => ms >= 950 && ms <= 1050), String(intervals));
  });
});
