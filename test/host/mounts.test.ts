// tracefs/debugfs: reading the mounts table, the checks, and what --fix would mount.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingMounts, mountCheck, parseMounts, tracefsDir } from '../../src/host/mounts.js';

const table = [
  'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
  'tracefs /sys/kernel/debug/tracing tracefs rw,relatime 0 0',
  'debugfs /sys/kernel/debug debugfs rw,relatime 0 0',
  'tmpfs /mnt/with\\040space tmpfs rw 0 0',
  '',
].join('\n');

test('reads mount points and types, decoding octal escapes', () => {
  const mounts = parseMounts(table);
  assert.equal(mounts.length, 4);
  assert.deepEqual(mounts[3], { fstype: 'tmpfs', target: '/mnt/with space' });
});

test('lists tracefs as missing when it is only under debugfs, and debugfs as present', () => {
  assert.deepEqual(missingMounts(parseMounts(table)), [{ fstype: 'tracefs', target: '/sys/kernel/tracing' }]);
});

test('lists both as missing on a fresh machine', () => {
  assert.deepEqual(
    missingMounts(parseMounts('sysfs /sys sysfs rw 0 0\n')).map((m) => m.fstype),
    ['tracefs', 'debugfs'],
  );
});

test('fails the tracefs check with the mount command as remedy, saying where it is mounted instead', () => {
  const check = mountCheck('tracefs', parseMounts(table));
  assert.equal(check.ok, false);
  assert.match(check.detail, /mounted on \/sys\/kernel\/debug\/tracing \(not on \/sys\/kernel\/tracing\)/);
  assert.match(check.remedy!, /probectl doctor --fix/);
  assert.match(check.remedy!, /mount -t tracefs tracefs \/sys\/kernel\/tracing/);
});

test('passes the debugfs check without a remedy', () => {
  assert.deepEqual(mountCheck('debugfs', parseMounts(table)), { ok: true, detail: 'mounted on /sys/kernel/debug' });
});

test('picks the tracefs directory the tools can read, preferring /sys/kernel/tracing', () => {
  assert.equal(tracefsDir(parseMounts(table)), '/sys/kernel/debug/tracing');
  assert.equal(tracefsDir(parseMounts(table + 'tracefs /sys/kernel/tracing tracefs rw 0 0\n')), '/sys/kernel/tracing');
  assert.equal(tracefsDir([]), undefined);
});
