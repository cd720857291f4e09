// One-shot commands: output, exit codes, missing commands and time limits, reported and never thrown; an error only when a caller asks for one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkedStdout, howItEnded, oneShot, OneShotFailed } from '../../src/core/one-shot.js';

test('collects stdout, stderr and the exit code of a command', async () => {
  const result = await oneShot(['sh', '-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 5000 });
  assert.deepEqual([result.stdout, result.stderr, result.code, result.timedOut], ['out\n', 'err\n', 3, false]);
  assert.equal(howItEnded(result), 'exit code 3');
});

test('reports a command that does not exist instead of throwing', async () => {
  const result = await oneShot(['/nonexistent/probectl-tool'], { timeoutMs: 5000 });
  assert.equal(result.code, null);
  assert.equal(result.spawnError, 'ENOENT');
  assert.equal(howItEnded(result), 'could not start /nonexistent/probectl-tool: ENOENT');
});

test('stops a command that outlives its time limit and says so', async () => {
  const started = Date.now();
  const result = await oneShot(['sleep', '30'], { timeoutMs: 200 });
  assert.equal(result.timedOut, true);
  assert.equal(result.signal, 'SIGINT');
  assert.ok(Date.now() - started < 5000);
  assert.equal(howItEnded(result), 'no answer within 0.2 s');
});

test('goes on to SIGKILL when a command ignores SIGINT and SIGTERM', async () => {
  const started = Date.now();
  const result = await oneShot(['sh', '-c', "trap '' INT TERM; exec sleep 30"], { timeoutMs: 200 });
  assert.equal(result.signal, 'SIGKILL');
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test('keeps multi-byte characters whole and cuts each stream at 1 MiB', async () => {
  const result = await oneShot([process.execPath, '-e', "process.stdout.write('é'.repeat(300_000)); process.stderr.write('x'.repeat(2_000_000))"], {
    timeoutMs: 10_000,
  });
  assert.equal(result.code, 0);
  assert.equal(result.stdout, 'é'.repeat(300_000));
  assert.equal(result.stderr.length, 1024 * 1024);
});

test('checkedStdout gives the stdout of a command that exited 0', async () => {
  assert.equal(checkedStdout(await oneShot(['sh', '-c', 'echo ok'], { timeoutMs: 5000 })), 'ok\n');
});

test('checkedStdout throws the command line with what it said on stderr, or how it ended when it said nothing', async () => {
  const said = await oneShot(['sh', '-c', 'echo "no such table" >&2; exit 1'], { timeoutMs: 5000 });
  assert.throws(
    () => checkedStdout(said),
    (error: unknown) =>
      error instanceof OneShotFailed && error.message === 'sh -c echo "no such table" >&2; exit 1: no such table' && error.detail === 'no such table',
  );
  const silent = await oneShot(['sh', '-c', 'exit 4'], { timeoutMs: 5000 });
  assert.throws(() => checkedStdout(silent), { name: 'OneShotFailed', message: 'sh -c exit 4: exit code 4' });
  const missing = await oneShot(['/nonexistent/probectl-tool'], { timeoutMs: 5000 });
  assert.throws(
    () => checkedStdout(missing),
    (error: unknown) => error instanceof OneShotFailed && error.errno === 'ENOENT',
  );
});
