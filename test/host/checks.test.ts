// The BCC and libbpf-tools checks: when they pass, and the remedies when they do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bccCheck, libbpfCheck } from '../../src/host/tool-checks.js';
import { hostToolNames } from '../../src/probes/registry.js';

const release = '6.18.44-fc-v669';
const tools = { tcplife: '/usr/sbin/tcplife-bpfcc' };
const dir = `/lib/modules/${release}/build`;

test('distrusts BCC through headers of another kernel, naming both kernels', () => {
  const check = bccCheck(tools, { state: 'mismatch', dir, version: '6.1.0-56-amd64' }, release, hostToolNames.bcc);
  assert.equal(check.ok, false);
  assert.match(check.detail, /for 6\.1\.0-56-amd64, not 6\.18\.44-fc-v669: BCC tools that read kernel structs print wrong numbers/);
  assert.match(check.remedy!, /libbpf or bpftrace backends/);
});

test('fails BCC without headers with the package to install', () => {
  const check = bccCheck(tools, { state: 'missing', dir }, release, hostToolNames.bcc);
  assert.equal(check.ok, false);
  assert.match(check.remedy!, /linux-headers-6\.18\.44-fc-v669/);
});

test('passes BCC with its tools and matching headers', () => {
  assert.equal(bccCheck(tools, { state: 'match', dir, version: release }, release, hostToolNames.bcc).ok, true);
});

test('fails BCC when no tool is installed, whatever the headers', () => {
  const check = bccCheck({}, { state: 'match', dir, version: release }, release, hostToolNames.bcc);
  assert.equal(check.ok, false);
  assert.match(check.remedy!, /bpfcc-tools/);
});

test('fails libbpf-tools without kernel BTF, passing on the BTF remedy', () => {
  const check = libbpfCheck({ tcplife: '/usr/sbin/tcplife' }, { ok: false, detail: 'absent', remedy: 'boot a kernel with BTF' }, hostToolNames.libbpf);
  assert.deepEqual([check.ok, check.remedy], [false, 'boot a kernel with BTF']);
  assert.equal(libbpfCheck({ tcplife: '/usr/sbin/tcplife' }, { ok: true, detail: 'present' }, hostToolNames.libbpf).ok, true);
  assert.match(libbpfCheck({}, { ok: true, detail: 'present' }, hostToolNames.libbpf).remedy!, /apt-get install libbpf-tools/);
});

test('names the tools the probe modules look for when none is found', () => {
  assert.match(
    bccCheck({}, { state: 'match', dir, version: release }, release, hostToolNames.bcc).detail,
    /none of tcpretrans, tcpdrop, tcplife, opensnoop found/,
  );
  assert.match(libbpfCheck({}, { ok: true, detail: 'present' }, ['execsnoop']).detail, /none of execsnoop found as a native binary/);
});
