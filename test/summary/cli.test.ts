import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { renderSummary } from '../../src/summary/render.js';
import { Summary } from '../../src/summary/summary.js';
import { repoRoot } from '../recordings.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const recording = (name: string): string => join(repoRoot, 'recordings', name);
/** Without NO_COLOR: output into a pipe must come without colour all the same. */
const { NO_COLOR: _n, ...env } = process.env;
const probectl = (args: string[], input?: string) => spawnSync(process.execPath, [MAIN, ...args], { input, encoding: 'utf8', timeout: 30_000, env });

/** The events of a recording as probectl replays them, and their summary made in this process. */
async function replayed(name: string, top?: number): Promise<{ events: ProbeEvent[]; summary: Summary }> {
  const events: ProbeEvent[] = [];
  const summary = new Summary({ top });
  for await (const e of replay(recording(name))) {
    events.push(e);
    summary.add(e);
  }
  return { events, summary };
}

describe('probectl summarize', () => {
  let work: string;
  before(() => (work = mkdtempSync(join(tmpdir(), 'probectl-summarize-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('summarizes a JSONL file as text, the same from stdin', async () => {
    const { summary } = await replayed('tcpdrop/probectl');
    const file = recording('tcpdrop/probectl/expected.jsonl');
    const fromFile = probectl(['summarize', file]);
    assert.equal(fromFile.status, 0, fromFile.stderr);
    assert.equal(fromFile.stdout, renderSummary(summary.report()));
    assert.equal(fromFile.stderr, '');
    const fromStdin = probectl(['summarize'], readFileSync(file, 'utf8'));
    assert.equal(fromStdin.status, 0, fromStdin.stderr);
    assert.equal(fromStdin.stdout, fromFile.stdout);
    assert.equal(probectl(['summarize', '-'], readFileSync(file, 'utf8')).stdout, fromFile.stdout);
  });

  it('--json prints the report, --top N bounds its lists', async () => {
    const names = ['tcpretrans/bcc-default', 'tcplife/libbpf-default', 'opensnoop/libbpf-lost', 'xdpcount/libbpf'];
    const summary = new Summary({ top: 2 });
    const lines: string[] = [];
    for (const name of names) for await (const e of replay(recording(name))) summary.add(e), lines.push(JSON.stringify(e));
    const result = probectl(['summarize', '--json', '--top', '2'], lines.join('\n') + '\n');
    assert.equal(result.status, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as ReturnType<Summary['report']>;
    assert.deepEqual(printed, JSON.parse(JSON.stringify(summary.report())));
    assert.equal(printed.events.total, lines.length);
    assert.ok(printed.sessions.longest.length === 2 && printed.flows.length <= 2);
  });

  it('counts the lines that are not probectl events, says which came first, and summarizes the rest', async () => {
    const { events } = await replayed('tcpretrans/bcc-default');
    const good = events.map((e) => JSON.stringify(e));
    const file = join(work, 'mixed.jsonl');
    writeFileSync(
      file,
      [good[0], 'not json at all', good[1], '', JSON.stringify({ type: 'tcp.retransmit', ts: 1 }), '{"hello":1}', ...good.slice(2)].join('\r\n') + '\r\n',
    );
    const result = probectl(['summarize', file, '--json']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { retransmits: { total: number } }).retransmits.total, events.length);
    assert.equal(result.stderr, 'probectl: 3 lines were not probectl events and left out (first: line 2, not JSON)\n');
  });

  it('prints "no events" for an empty input', () => {
    const result = probectl(['summarize'], '');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'probectl summary: no events\n');
  });

  it('refuses a bad --top and a missing file with a clear message', () => {
    const top = probectl(['summarize', '--top', '0'], '');
    assert.equal(top.status, 2);
    assert.match(top.stderr, /--top must be a whole number from 1/);
    const missing = probectl(['summarize', join(work, 'nope.jsonl')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^probectl: cannot read .*nope\.jsonl.*\nCheck the file name\.\n$/);
  });
});

describe('--format summary', () => {
  it('replay prints the summary of the recording at its end, without colour into a pipe', async () => {
    for (const name of ['xdpcount/libbpf', 'tcpdrop/probectl', 'opensnoop/libbpf-e']) {
      const { summary } = await replayed(name);
      const result = probectl(['replay', recording(name), '--format', 'summary']);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, renderSummary(summary.report()));
      assert.ok(!result.stdout.includes('\x1b['));
      assert.match(result.stderr, /^probectl: \d+ events/);
    }
  });

  it('parse prints the summary of what it parsed', () => {
    const dir = recording('tcpretrans/bcc-default');
    const retransmits = readFileSync(join(dir, 'expected.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"tcp.retransmit"')).length;
    const result = probectl(['parse', 'tcpretrans', join(dir, 'stdout'), '--format', 'summary']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Retransmits: ${retransmits}$`, 'm'));
    assert.match(result.stdout, /^Complete: /m);
  });
});
