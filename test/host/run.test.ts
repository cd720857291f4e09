// Running children for checks: output, exit codes, missing commands and time limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEnd, runCommand } from '../../src/host/run.js';

test('collects stdout, stderr and the exit code of a child', async () => {
  const result = await runCommand(['sh', '-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 5000 });
  assert.deepEqual([result.stdout, result.stderr, result.code, result.timedOut], ['out\n', 'err\n', 3, false]);
  assert.equal(describeEnd(result), 'exit code 3');
});

test('reports a command that does not exist instead of throwing', async () => {
  const result = await runCommand(['/nonexistent/probectl-tool'], { timeoutMs: 5000 });
  assert.equal(result.code, null);
  assert.match(describeEnd(result), /could not start \/nonexistent\/probectl-tool: ENOENT/);
});

test('stops a child that outlives its time limit and says so', async () => {
  const started = Date.now();
  const result = await runCommand(['sleep', '30'], { timeoutMs: 200 });
  assert.equal(result.timedOut, true);
  assert.ok(Date.now() - started < 5000);
  assert.equal(describeEnd(result), 'no answer within 0.2 s');
});
