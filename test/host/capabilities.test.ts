// CapEff decoding: capability names from the hex mask in /proc/self/status.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { capEffOf, decodeCapabilities, effectiveBpfCapabilities } from '../../src/host/capabilities.js';

test('decodes a full root mask into every capability name, CAP_BPF and CAP_PERFMON included', () => {
  const names = decodeCapabilities('000001ffffffffff')!;
  assert.equal(names.length, 41);
  assert.equal(names[0], 'CAP_CHOWN');
  assert.ok(names.includes('CAP_BPF') && names.includes('CAP_PERFMON') && names.includes('CAP_CHECKPOINT_RESTORE'));
});

test('leaves out the bits that are clear (CAP_SYS_RESOURCE is bit 24)', () => {
  const names = decodeCapabilities('000001fffeffffff')!;
  assert.ok(!names.includes('CAP_SYS_RESOURCE'));
  assert.ok(names.includes('CAP_SYS_ADMIN'));
});

test('names bits beyond the known table by number', () => {
  assert.deepEqual(decodeCapabilities('0000040000000000'), ['CAP_42']);
});

test('decodes an empty mask to no capabilities and rejects a malformed one', () => {
  assert.deepEqual(decodeCapabilities('0000000000000000'), []);
  assert.equal(decodeCapabilities('xyz'), undefined);
  assert.equal(decodeCapabilities(''), undefined);
});

test('finds CapEff among the lines of /proc/self/status, not CapPrm or CapBnd', () => {
  const status = 'Name:\tnode\nCapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\nCapEff:\t0000000000003000\nCapBnd:\t000001ffffffffff\n';
  assert.equal(capEffOf(status), '0000000000003000');
  assert.equal(capEffOf('Name:\tnode\n'), undefined);
});

test('reports only the BPF-relevant effective capabilities, and none when the file cannot be read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'probectl-caps-'));
  try {
    // bits 12 (NET_ADMIN), 38 (PERFMON), 39 (BPF)
    await writeFile(join(dir, 'status'), 'CapEff:\t000000c000001000\n');
    assert.deepEqual(await effectiveBpfCapabilities(join(dir, 'status')), ['CAP_BPF', 'CAP_PERFMON', 'CAP_NET_ADMIN']);
    assert.deepEqual(await effectiveBpfCapabilities(join(dir, 'absent')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
