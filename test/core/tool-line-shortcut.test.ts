import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { classifyByEachPattern, classifyToolLine } from '../../src/core/diagnostics.js';

/** Pieces of the lines the patterns know, and of lines close to them: put together, they reach every branch. */
const pieces = [
  'Possibly lost ',
  'Lost ',
  ' events',
  ' events on CPU #',
  '!',
  ' samples',
  'Attaching ',
  'Attached ',
  ' probes',
  ' probe',
  '...',
  'ERROR',
  'Error',
  'error',
  'FATAL',
  'fatal ',
  'WARNING',
  'Warning',
  'warn',
  'WARN',
  'Traceback (most recent call last):',
  '  File "',
  'ValueError',
  'KeyboardInterrupt',
  'Exception',
  ': ',
  ':',
  'stdin',
  'tcplife.bt',
  '/usr/sbin/x.bt',
  'a.c',
  '-',
  'modprobe',
  'bpf',
  'chdir',
  'Failed',
  'No such file',
  'Permission denied',
  'Unable to find kernel headers',
  "couldn't set RLIMIT_MEMLOCK",
  'WARNING: tcp_drop() kernel function not found or traceable. Use tracpoint:skb:kfree_skb instead.',
  'x',
  'q"u',
  '\\xff',
  ' ',
  '\t',
  '0',
  '12',
  '3456',
];

describe('classifyToolLine', () => {
  it('gives every line the class its patterns give one by one: the one-test shortcut never changes an answer', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
        const line = parts.join('');
        // A line that starts with a digit is a data row in every layout, and no tool line: it is not classified at all.
        const expected = /^\d/.test(line) ? undefined : classifyByEachPattern(line);
        assert.deepEqual(classifyToolLine(line), expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('still knows each kind of line, and leaves a line of argument text unknown', () => {
    assert.deepEqual(classifyToolLine('Lost 3 events on CPU #1'), { kind: 'lost', count: 3, cpu: 1 });
    assert.deepEqual(classifyToolLine('Attaching 2 probes...'), { kind: 'skip' });
    assert.deepEqual(classifyToolLine('ValueError: bad'), { kind: 'diagnostic', level: 'error' });
    assert.deepEqual(classifyToolLine('stdin:1:5: WARNING: x'), { kind: 'diagnostic', level: 'warning' });
    assert.equal(classifyToolLine('x '), undefined);
    assert.equal(classifyToolLine('nl" rest of an argument'), undefined);
  });
});
