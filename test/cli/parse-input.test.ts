// probectl parse refuses what is not the named tool's output (binary files, another tool's text) and bounds its unparsed-line diagnostics.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { recordingDirs, repoRoot } from '../recordings.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const OPENSNOOP = join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default', 'stdout');
const TCPRETRANS = join(repoRoot, 'recordings', 'tcpretrans', 'bcc-default', 'stdout');

const probectl = (args: string[], input?: string | Buffer) =>
  spawnSync(process.execPath, [MAIN, ...args], { input, encoding: 'utf8', timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });

const events = (text: string): ProbeEvent[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);

/** Exit 2, nothing on stdout, the reason on one line and what to do on the next. */
function assertRefused(result: ReturnType<typeof probectl>, reason: RegExp, todo: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stdout, '');
  const [first, second, ...rest] = result.stderr.split('\n');
  assert.match(first ?? '', reason);
  assert.match(second ?? '', todo);
  assert.deepEqual(rest, ['']);
}

describe('what probectl parse accepts', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'probectl-parse-input-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a binary file (the node executable) with exit 2 and nothing on stdout', () => {
    assertRefused(
      probectl(['parse', 'opensnoop', process.execPath]),
      /^probectl: .*node holds NUL bytes: it is a binary file, not the text output of a tool\.$/,
      /^Give/,
    );
  });

  it('refuses NUL bytes on stdin, even after lines that parse', () => {
    const input = Buffer.concat([readFileSync(OPENSNOOP), Buffer.from([0, 1, 2, 10])]);
    const result = probectl(['parse', 'opensnoop'], input);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^probectl: stdin holds NUL bytes/);
  });

  it("refuses another tool's output with exit 2, naming the tool it is from", () => {
    assertRefused(
      probectl(['parse', 'tcpretrans', OPENSNOOP]),
      /^probectl: none of the \d+ lines of .*stdout reads as tcpretrans output; they read as opensnoop output\.$/,
      /^Try: probectl parse opensnoop .*stdout$/,
    );
    assertRefused(
      probectl(['parse', 'opensnoop'], readFileSync(TCPRETRANS)),
      /none of the \d+ lines of stdin reads as opensnoop output; they read as tcpretrans output/,
      /^Try: probectl parse tcpretrans$/,
    );
  });

  it('refuses text no tool printed, looking at the first 200 lines only', () => {
    const prose = Array.from({ length: 5000 }, (_, i) => `line ${i} of some prose that no tracing tool prints`).join('\n') + '\n';
    const started = performance.now();
    assertRefused(
      probectl(['parse', 'tcplife'], prose),
      /^probectl: none of the first 200 lines of stdin reads as tcplife output, nor as the output of any tool probectl knows\.$/,
      /layouts/,
    );
    assert.ok(performance.now() - started < 10_000);
  });

  it('accepts input of status lines only, and empty input', () => {
    for (const [tool, input] of [
      ['tcpretrans', 'Tracing retransmits ... Hit Ctrl-C to end\n'],
      ['opensnoop', ''],
    ] as const) {
      const result = probectl(['parse', tool], input);
      assert.equal(result.status, 0, result.stderr);
    }
  });

  it("parses every recording's real output, status lines first and all, as its tool", () => {
    const refused: string[] = [];
    for (const recording of recordingDirs()) {
      const meta = JSON.parse(readFileSync(join(recording, 'meta.json'), 'utf8')) as { parser: string; layout?: string };
      const result = probectl(['parse', meta.parser, join(recording, 'stdout'), ...(meta.layout === undefined ? [] : ['--layout', meta.layout])]);
      if (result.status !== 0) refused.push(`${recording}: ${result.stderr}`);
    }
    assert.deepEqual(refused, []);
  });

  it('emits the first 100 unparsed-line diagnostics one by one, then one warning counting the rest, and says so on its closing line', () => {
    const garbage = Array.from({ length: 500 }, (_, i) => `garbage ${i}`).join('\n') + '\n';
    const file = join(dir, 'mixed');
    writeFileSync(file, readFileSync(OPENSNOOP, 'utf8') + garbage);
    const result = probectl(['parse', 'opensnoop', file]);
    assert.equal(result.status, 0, result.stderr);
    const out = events(result.stdout);
    const unparsed = out.filter((e) => e.type === 'tool.diagnostic' && e.level === 'unparsed');
    assert.equal(unparsed.length, 100);
    assert.deepEqual(
      unparsed.map((e) => (e.type === 'tool.diagnostic' ? e.message : '')),
      Array.from({ length: 100 }, (_, i) => `garbage ${i}`),
    );
    const last = out.at(-1);
    assert.equal(last?.type === 'tool.diagnostic' && `${last.level}: ${last.message}`, 'warning: 400 more unparsed lines not shown (only the first 100 are)');
    assert.deepEqual(
      out.map((e) => e.seq),
      out.map((_, i) => i + 1),
    );
    const diagnostics = out.filter((e) => e.type === 'tool.diagnostic').length;
    assert.equal(result.stderr, `probectl: ${out.length} events, ${diagnostics} diagnostics (500 unparsed lines, 400 of them not shown)\n`);
  });
});
