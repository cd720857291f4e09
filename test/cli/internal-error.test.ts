// An error that is not a ProbectlError is a bug: the CLI prints its stack, asks for a report and exits 70, apart from refusals (2) and failures (1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import { describeError, exitCodeOf, internalErrorExitCode, ProbectlError } from '../../src/core/errors.js';
import { repoRoot } from '../recordings.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const REPORT = 'This is a bug in probectl, please report it (with the command line and this output).';

describe('an internal error', () => {
  it('is described by its stack, its causes and a request to report it', () => {
    const error = new TypeError('cannot read properties of undefined', { cause: new RangeError('index 9 out of range') });
    const text = describeError(error);
    assert.ok(text.startsWith('probectl: internal error: TypeError: cannot read properties of undefined\n    at '), text);
    assert.match(text, /\ncaused by: RangeError: index 9 out of range\n {4}at /);
    assert.ok(text.endsWith(`\n${REPORT}`), text);
    assert.equal(describeError('a thrown string'), `probectl: internal error: a thrown string\n${REPORT}`);
  });

  it('exits 70, apart from a failed probe (1) and a refusal (2), which are not bugs', () => {
    assert.equal(internalErrorExitCode, 70);
    assert.equal(exitCodeOf(new Error('x')), 70);
    assert.equal(exitCodeOf(new ProbectlError('CHILD_FAILED', 'x', 'y')), 1);
    assert.equal(exitCodeOf(new ProbectlError('USAGE', 'x', 'y')), 2);
    assert.equal(
      describeError(new ProbectlError('USAGE', 'invalid option: --port.', 'See probectl help.')),
      'probectl: invalid option: --port.\nSee probectl help.',
    );
  });

  it('reaches the command line as a stack, the request to report it and exit code 70', () => {
    // The test seam's plan file is read with JSON.parse unguarded: text that is not JSON throws a plain SyntaxError inside probectl.
    const work = mkdtempSync(join(tmpdir(), 'probectl-internal-'));
    try {
      const planFile = join(work, 'plans.json');
      writeFileSync(planFile, 'not json');
      const result = spawnSync(process.execPath, [MAIN, 'run', 'tcplife'], {
        env: { ...process.env, [PLAN_FILE_VARIABLE]: planFile },
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(result.status, 70, result.stderr);
      // The CLI is bundled (scripts/bundle-cli.mjs): the frames name the function that threw and the bundle file's line.
      assert.match(result.stderr, /^probectl: internal error: SyntaxError: .*is not valid JSON\n {4}at [\s\S]*\bplansFromTestSeam\d* \(file:\S+\.js:\d+:\d+\)/);
      assert.ok(result.stderr.endsWith(`${REPORT}\n`), result.stderr);
      assert.equal(result.stdout, '');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
