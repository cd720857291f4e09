import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { runSteps, type Step } from '../../src/lab/steps.js';

/** Steps that record what they do and undo in `log`. */
function recorded(log: string[], names: string[], failing?: string, failingUndo?: string): Step[] {
  return names.map((name) => ({
    describe: name,
    run: async () => {
      if (name === failing) throw new Error(`${name} broke`);
      log.push(`run ${name}`);
    },
    undo: async () => {
      if (name === failingUndo) throw new Error(`${name} would not go`);
      log.push(`undo ${name}`);
    },
  }));
}

describe('runSteps', () => {
  it('runs every step in order and undoes nothing when all succeed', async () => {
    const log: string[] = [];
    await runSteps(recorded(log, ['a', 'b', 'c']));
    assert.deepEqual(log, ['run a', 'run b', 'run c']);
  });

  it('undoes the steps done, newest first, when one fails, and names the step and the cause', async () => {
    const log: string[] = [];
    await assert.rejects(runSteps(recorded(log, ['a', 'b', 'c', 'd'], 'c')), (e: unknown) => {
      assert.ok(e instanceof ProbectlError && e.code === 'LAB');
      assert.match(e.message, /failed at "c": c broke/);
      assert.match(e.suggestion, /removed/);
      return true;
    });
    assert.deepEqual(log, ['run a', 'run b', 'undo b', 'undo a']);
  });

  it('keeps undoing past an undo that fails, and tells the user to run lab down', async () => {
    const log: string[] = [];
    await assert.rejects(runSteps(recorded(log, ['a', 'b', 'c'], 'c', 'b')), (e: unknown) => {
      assert.ok(e instanceof ProbectlError);
      assert.match(e.message, /undoing failed: b: b would not go/);
      assert.match(e.suggestion, /probectl lab down/);
      return true;
    });
    assert.deepEqual(log, ['run a', 'run b', 'undo a']);
  });

  it('stops between steps when aborted and undoes what it made', async () => {
    const log: string[] = [];
    const abort = new AbortController();
    const steps = recorded(log, ['a', 'b', 'c']);
    steps.splice(1, 0, { describe: 'interrupt', run: async () => abort.abort() });
    await assert.rejects(runSteps(steps, abort.signal), /interrupted before "b"/);
    assert.deepEqual(log, ['run a', 'undo a']);
  });
});
