import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuListCount, smapsPageBytes } from '../../src/host/ring-facts.js';

describe('the facts ring buffers are sized by', () => {
  it('counts the CPUs of a kernel CPU list, ranges and single CPUs alike', () => {
    assert.equal(cpuListCount('0-1\n'), 2);
    assert.equal(cpuListCount('0'), 1);
    assert.equal(cpuListCount('0-3,5,7-8'), 7);
  });

  it('knows no count from text that is not a CPU list', () => {
    for (const text of ['', 'x', '0-', '3-1', '0,,1', '0-1 2']) assert.equal(cpuListCount(text), undefined, JSON.stringify(text));
  });

  it("reads the page size from smaps' first KernelPageSize line", () => {
    const smaps = '55d0-55d1 r--p 00000000 08:01 1 /usr/bin/node\nSize:                  4 kB\nKernelPageSize:       64 kB\nMMUPageSize:          64 kB\n';
    assert.equal(smapsPageBytes(smaps), 65536);
    assert.equal(smapsPageBytes('Size: 4 kB\n'), undefined);
  });
});
