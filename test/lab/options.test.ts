import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { checkLabOptions, labTrafficOptionsSchema, labUpOptionsSchema } from '../../src/lab/options.js';

const usageError = (pattern: RegExp) => (e: unknown) => e instanceof ProbectlError && e.code === 'USAGE' && pattern.test(e.message);

describe('lab up options', () => {
  it('defaults loss to 5 %', () => {
    assert.deepEqual(checkLabOptions(labUpOptionsSchema, {}), { loss: 5 });
  });

  it('takes whole percentages from 0 to 50, as numbers or as the strings the command line gives', () => {
    assert.deepEqual(checkLabOptions(labUpOptionsSchema, { loss: '0' }), { loss: 0 });
    assert.deepEqual(checkLabOptions(labUpOptionsSchema, { loss: 50 }), { loss: 50 });
  });

  it('refuses loss above 50, below 0, fractional or not a number, naming the option', () => {
    for (const loss of ['51', -1, '2.5', 'lots'])
      assert.throws(() => checkLabOptions(labUpOptionsSchema, { loss }), usageError(/--loss must be a whole percentage from 0 to 50/));
  });

  it('refuses options it does not know', () => {
    assert.throws(() => checkLabOptions(labUpOptionsSchema, { los: 5 }), usageError(/los/));
  });
});

describe('lab traffic options', () => {
  it('defaults to 3 connections of 1 MiB with a 64 KiB reply and 30 s each', () => {
    assert.deepEqual(checkLabOptions(labTrafficOptionsSchema, undefined), { connections: 3, bytes: 1_048_576, reply: 65_536, timeout: 30 });
  });

  it('is bounded in count, size and time', () => {
    assert.deepEqual(checkLabOptions(labTrafficOptionsSchema, { connections: '100', bytes: '0', reply: '268435456', timeout: '300' }), {
      connections: 100,
      bytes: 0,
      reply: 268_435_456,
      timeout: 300,
    });
    assert.throws(() => checkLabOptions(labTrafficOptionsSchema, { connections: 101 }), usageError(/--connections/));
    assert.throws(() => checkLabOptions(labTrafficOptionsSchema, { connections: 0 }), usageError(/--connections/));
    assert.throws(() => checkLabOptions(labTrafficOptionsSchema, { bytes: 268_435_457 }), usageError(/--bytes/));
    assert.throws(() => checkLabOptions(labTrafficOptionsSchema, { timeout: 0 }), usageError(/--timeout/));
  });

  it('names every bad option in one error', () => {
    assert.throws(() => checkLabOptions(labTrafficOptionsSchema, { bytes: 'x', reply: -1 }), usageError(/--bytes .*; --reply /));
  });
});
