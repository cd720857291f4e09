import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeExit, type ExitContext } from '../../src/run/verdict.js';

const context = (over: Partial<ExitContext> = {}): ExitContext => ({ ready: true, sent: [], tail: '', readyPattern: /MS\n/, ...over });

describe('judging how a probe ended', () => {
  it('counts a death by the stop signal, or its shell code 128+n, as stopped', () => {
    assert.equal(judgeExit({ exitCode: null, signal: 'SIGINT' }, context({ sent: ['SIGINT'] })).state, 'stopped');
    assert.equal(judgeExit({ exitCode: 130, signal: null }, context({ sent: ['SIGINT'] })).state, 'stopped');
    assert.equal(judgeExit({ exitCode: 143, signal: null }, context({ sent: ['SIGINT', 'SIGTERM'] })).state, 'stopped');
  });

  it('counts any other non-zero exit after a stop request as failed, with the tail', () => {
    assert.deepEqual(judgeExit({ exitCode: 1, signal: null }, context({ sent: ['SIGINT'], tail: 'boom' })), {
      state: 'failed',
      message: 'exit code 1 when asked to stop: boom',
    });
    assert.equal(judgeExit({ exitCode: null, signal: 'SIGSEGV' }, context({ sent: ['SIGINT'] })).state, 'failed');
  });

  it('counts an end by itself as failed unless it was ready and exited 0', () => {
    assert.equal(judgeExit({ exitCode: 0, signal: null }, context()).state, 'stopped');
    assert.equal(judgeExit({ exitCode: 0, signal: null }, context({ ready: false })).state, 'failed');
    assert.deepEqual(judgeExit({ exitCode: null, signal: 'SIGSEGV' }, context({ tail: 'x' })), { state: 'failed', message: 'killed by SIGSEGV: x' });
  });

  it('says when a SIGKILL came from outside probectl, and not when probectl sent it', () => {
    const outside = 'killed by SIGKILL, sent by the OOM killer or another process, not by probectl';
    assert.deepEqual(judgeExit({ exitCode: null, signal: 'SIGKILL' }, context({ tail: 'x' })), { state: 'failed', message: `${outside}: x` });
    assert.equal(judgeExit({ exitCode: null, signal: 'SIGKILL' }, context({ ready: false })).message, `ended before it was ready (${outside})`);
    assert.equal(judgeExit({ exitCode: null, signal: 'SIGKILL' }, context({ sent: ['SIGINT'] })).message, `${outside} when asked to stop`);
    assert.deepEqual(judgeExit({ exitCode: null, signal: 'SIGKILL' }, context({ sent: ['SIGINT', 'SIGTERM', 'SIGKILL'] })), {
      state: 'stopped',
      message: 'did not stop on SIGINT or SIGTERM; stopped with SIGKILL',
    });
  });

  it('puts a spawn error or a given failure before anything else', () => {
    assert.deepEqual(judgeExit({ exitCode: null, signal: null, spawnError: 'x: ENOENT' }, context()), {
      state: 'failed',
      message: 'could not start: x: ENOENT',
    });
    assert.equal(judgeExit({ exitCode: null, signal: 'SIGINT' }, context({ sent: ['SIGINT'], failure: 'not ready' })).message, 'not ready');
  });
});
