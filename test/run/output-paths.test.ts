// Paths probectl cannot write are refused before any probe starts: one line saying why, one saying what to do, exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../recordings.js';
import { type Fakes, removeFakeRun, setUpFakeRun } from './fakes.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');

describe('output paths that cannot be written', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    ({ fakes, work, env } = setUpFakeRun('paths', ['tcplife']));
    writeFileSync(join(work, 'a-file'), 'kept\n');
  });
  after(() => removeFakeRun(fakes, work));

  const probectl = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { env, encoding: 'utf8', timeout: 15_000 });

  /** Exit 2 within the timeout, nothing on stdout, two lines on stderr, and no probe started. */
  function assertRefused(result: ReturnType<typeof probectl>, message: RegExp, suggestion: RegExp): void {
    assert.equal(result.signal, null, `it hung: ${result.stderr}`);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout, '');
    const [first, second, ...rest] = result.stderr.split('\n');
    assert.match(first ?? '', message);
    assert.match(second ?? '', suggestion);
    assert.deepEqual(rest, ['']);
    assert.deepEqual(fakes.pids(), [], 'a probe was started');
  }

  const refused: [string, string[], RegExp, RegExp][] = [
    [
      '--record under /proc',
      ['--record', '/proc/probectl-rec'],
      /^probectl: --record \/proc\/probectl-rec: cannot create this directory: the filesystem holding \/proc does not take new directories \(ENOENT\)\. Nothing was started\.$/,
      /^Give --record a directory on a filesystem you can write to/,
    ],
    [
      '--output under a directory /proc does not have',
      ['--output', '/proc/probectl-out/x'],
      /^probectl: --output \/proc\/probectl-out\/x: cannot write this file: the directory \/proc\/probectl-out does not exist \(ENOENT\)\. Nothing was started\.$/,
      /^Give --output a file in a directory you can write to/,
    ],
    [
      '--output in /proc',
      ['--output', '/proc/probectl-out'],
      /cannot write this file: the filesystem holding \/proc does not take new files \(ENOENT\)/,
      /^Give --output a file/,
    ],
    ['--output naming a directory', ['--output', tmpdir()], /cannot write this file: it is a directory \(EISDIR\)/, /^Give --output a file/],
    [
      '--record naming a file',
      ['--record', 'A_FILE'],
      /--record .*a-file: cannot create this directory: .*a-file exists and is not a directory \(EEXIST\)/,
      /^Give --record/,
    ],
    ['--record below a file', ['--record', 'A_FILE/rec'], /cannot create this directory: .*a-file is not a directory \(ENOTDIR\)/, /^Give --record/],
  ];
  for (const [what, args, message, suggestion] of refused) {
    it(`refuses ${what} with exit 2 before any probe starts`, () => {
      fakes.clearPids();
      const result = probectl(['run', 'tcplife', '--duration', '5', ...args.map((a) => a.replace('A_FILE', join(work, 'a-file')))]);
      assertRefused(result, message, suggestion);
    });
  }

  it('leaves nothing behind where it tried a path that works, and then records there', () => {
    const rec = join(work, 'new', 'rec');
    const out = join(work, 'events.jsonl');
    const result = probectl(['run', 'tcplife', '--duration', '0.2', '--grace', '0.3', '--record', rec, '--output', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(readdirSync(rec), ['tcplife']);
    assert.ok(existsSync(out));
    assert.deepEqual(
      readdirSync(work).filter((name) => name.startsWith('.probectl-check')),
      [],
    );
  });

  it('refuses a runbook --report under /proc before the runbook runs', () => {
    fakes.clearPids();
    const result = probectl([
      'runbook',
      'run',
      join(repoRoot, 'runbooks', 'tcp-health.yaml'),
      '--replay',
      join(repoRoot, 'recordings', 'runbooks', 'tcp-clean'),
      '--report',
      '/proc/probectl-report.html',
    ]);
    assertRefused(
      result,
      /^probectl: --report \/proc\/probectl-report\.html: cannot write this file: the filesystem holding \/proc does not take new files/,
      /^Give --report a file/,
    );
  });
});
