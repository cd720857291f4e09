// The XDP check's helpers: namespace names, sweeping leftovers of dead runs, reading ip's JSON.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newNetnsName, staleNamespaces } from '../../src/host/netns.js';
import { attachedXdpId } from '../../src/host/xdp.js';

test('names a throw-away namespace after this process', () => {
  assert.match(newNetnsName(4242), /^probectl-doctor-4242-[0-9a-f]{6}$/);
});

test('sweeps only probectl namespaces whose process is gone', () => {
  const list = 'probectl-doctor-111-abcdef (id: 3)\nprobectl-doctor-222-123456\nlab-a (id: 1)\nprobectl-doctor-x-1\n';
  assert.deepEqual(
    staleNamespaces(list, (pid) => pid === 222),
    ['probectl-doctor-111-abcdef'],
  );
});

test('reads the attached XDP program id from ip -j link show', () => {
  const shown = '[{"ifindex":3,"ifname":"pdx0","xdp":{"mode":1,"prog":{"id":864,"name":"probectl_pass"}}}]';
  assert.equal(attachedXdpId(shown), 864);
  assert.equal(attachedXdpId('[{"ifindex":3,"ifname":"pdx0"}]'), undefined);
  assert.equal(attachedXdpId('not json'), undefined);
});
