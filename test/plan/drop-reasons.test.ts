// Drop-reason names come from the running kernel's skb:kfree_skb format, never from a table in code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reasonStatements } from '../../src/plan/bpftrace-reason-slot.js';
import { hasField, parseDropReasons } from '../../src/probes/tcpdrop/drop-reasons.js';
import { KFREE_SKB_FORMAT, KFREE_SKB_FORMAT_5_10 } from './tracefs-fixture.js';

describe('drop reasons from the kfree_skb format', () => {
  it('reads the __print_symbolic list of the reason field', () => {
    assert.deepEqual(
      [...parseDropReasons(KFREE_SKB_FORMAT)],
      [
        [2, 'NOT_SPECIFIED'],
        [3, 'NO_SOCKET'],
        [4, 'SOCKET_CLOSE'],
        [12, 'NETFILTER_DROP'],
        [128, 'MAX'],
      ],
    );
  });

  it('follows the kernel: the same name may have another number elsewhere', () => {
    const other = KFREE_SKB_FORMAT.replace('{ 12, "NETFILTER_DROP" }', '{ 16, "NETFILTER_DROP" }');
    assert.equal(parseDropReasons(other).get(16), 'NETFILTER_DROP');
    assert.equal(parseDropReasons(other).has(12), false);
  });

  it('reads nothing from a kernel without reasons, and tells which fields exist', () => {
    assert.equal(parseDropReasons(KFREE_SKB_FORMAT_5_10).size, 0);
    assert.equal(hasField(KFREE_SKB_FORMAT, 'reason'), true);
    assert.equal(hasField(KFREE_SKB_FORMAT, 'rx_sk'), true);
    assert.equal(hasField(KFREE_SKB_FORMAT_5_10, 'reason'), false);
    assert.equal(hasField(KFREE_SKB_FORMAT_5_10, 'rx_sk'), false);
  });

  it('keeps out of the program any name that is not an upper-case identifier, and symbolic keys', () => {
    const hostile = KFREE_SKB_FORMAT.replace('{ 3, "NO_SOCKET" }', '{ 3, "X\\"; system(\\"id\\"); \\"" }, { SKB_DROP_REASON_FOO, "FOO" }, { 5, "lower" }');
    const reasons = parseDropReasons(hostile);
    assert.deepEqual([...reasons.keys()], [2, 4, 12, 128]);
    for (const line of reasonStatements(reasons, '')) assert.match(line, /^@reason\[\d+\] = "[A-Z][A-Z0-9_]*";$/);
  });

  it('reads the real format of this machine when there is one', {
    skip: process.getuid?.() !== 0 ? 'needs root to read tracefs' : false,
  }, async () => {
    const { hostTracefs } = await import('../../src/plan/tracefs.js');
    const format = hostTracefs().format('skb/kfree_skb');
    if (format === undefined) return;
    const reasons = parseDropReasons(format);
    assert.ok(reasons.size > 10, `only ${reasons.size} reasons`);
    assert.ok([...reasons.values()].includes('NETFILTER_DROP'));
  });
});
