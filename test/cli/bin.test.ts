// The package's bin as a user's shell runs it: by its #! line, through a link named probectl on the PATH, with node's flags in force.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { binFlags } from '../../bench/cli-path.js';
import { repoRoot } from '../recordings.js';
import { until } from '../e2e/until.js';
import { MAIN } from './cli-process.js';

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('the bin', () => {
  // What `npm link` or a global install makes: a link named probectl, found on the PATH.
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bin-'));
  const link = join(dir, 'probectl');
  symlinkSync(MAIN, link);
  const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs by its #! line through a link on the PATH', () => {
    const result = spawnSync('probectl', ['--version'], { env, encoding: 'utf8' });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `${version}\n`);
  });

  it('starts node with the flags its #! line names, and the bench reads the same flags', async () => {
    const flags = binFlags(MAIN);
    assert.deepEqual(flags, ['--no-concurrent-recompilation']);
    // A parse waiting on its stdin: once env has exec'd node, its command line is node, the flags, then the link as run.
    const child = spawn('probectl', ['parse', 'opensnoop'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let cmdline: string[] = [];
      await until('node to run the bin', () => {
        cmdline = commandLineOf(child.pid!);
        return /(^|\/)node$/.test(cmdline[0] ?? '');
      });
      assert.deepEqual(cmdline.slice(1), [...flags, link, 'parse', 'opensnoop']);
    } finally {
      child.stdin.end();
      await new Promise((resolve) => child.on('close', resolve));
    }
    assert.equal(child.exitCode, 0);
  });
});

describe('binFlags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-binflags-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const flagsOf = (text: string): string[] => {
    const file = join(dir, 'main.js');
    writeFileSync(file, text);
    return binFlags(file);
  };
  it('reads node flags after env -S, none after a plain env node, none without a #! line', () => {
    assert.deepEqual(flagsOf('#!/usr/bin/env -S node --a --b=1\nx'), ['--a', '--b=1']);
    assert.deepEqual(flagsOf('#!/usr/bin/env node\nx'), []);
    assert.deepEqual(flagsOf('// no #! line\nx'), []);
  });
});

/** A process's command line, words; none while it cannot be read. */
function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((word) => word !== '');
  } catch {
    return [];
  }
}
