// The BCC and libbpf-tools checks: when they pass, and the remedies when they do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PackageOffers } from '../../src/host/packages.js';
import { bccCheck, libbpfCheck } from '../../src/host/tool-checks.js';
import { hostToolNames } from '../../src/probes/probe-list.js';

const release = '6.18.44-fc-v669';
const tools = { tcplife: '/usr/sbin/tcplife-bpfcc' };
const dir = `/lib/modules/${release}/build`;
/** Debian's repositories on a kernel built elsewhere: the tools are packaged, its headers are not. */
const debian: PackageOffers = { 'bpfcc-tools': true, 'python3-bpfcc': true, 'libbpf-tools': true, [`linux-headers-${release}`]: false };

test('distrusts BCC through headers of another kernel, naming both kernels', () => {
  const check = bccCheck(tools, { state: 'mismatch', dir, version: '6.1.0-56-amd64' }, release, hostToolNames.bcc, debian);
  assert.equal(check.ok, false);
  assert.match(check.detail, /for 6\.1\.0-56-amd64, not 6\.18\.44-fc-v669: BCC tools that read kernel structs print wrong numbers/);
  assert.match(check.remedy!, /^no headers for 6\.18\.44-fc-v669 are packaged .*; the libbpf and bpftrace backends need none \(or remove \/lib\/modules/);
});

test('fails BCC without headers with the package to install, when the repositories offer it', () => {
  const check = bccCheck(tools, { state: 'missing', dir }, release, hostToolNames.bcc, { ...debian, [`linux-headers-${release}`]: true });
  assert.equal(check.ok, false);
  assert.equal(check.remedy, "install this kernel's headers: apt-get install linux-headers-6.18.44-fc-v669");
});

test('fails BCC without headers naming no package when none is offered, but the backends that need none', () => {
  const check = bccCheck(tools, { state: 'missing', dir }, release, hostToolNames.bcc, debian);
  assert.equal(check.remedy, 'no headers for 6.18.44-fc-v669 are packaged in the configured apt repositories; the libbpf and bpftrace backends need none');
  const unknown = bccCheck(tools, { state: 'missing', dir }, release, hostToolNames.bcc, undefined);
  assert.doesNotMatch(unknown.remedy!, /apt-get|dnf/);
  assert.match(unknown.remedy!, /could not be looked up \(apt-cache is absent or did not answer\); the libbpf and bpftrace backends need none/);
});

test('passes BCC with its tools and matching headers', () => {
  assert.equal(bccCheck(tools, { state: 'match', dir, version: release }, release, hostToolNames.bcc).ok, true);
});

test('fails BCC when no tool is installed, whatever the headers', () => {
  const check = bccCheck({}, { state: 'match', dir, version: release }, release, hostToolNames.bcc, debian);
  assert.equal(check.ok, false);
  assert.equal(check.remedy, 'install the BCC tools: apt-get install bpfcc-tools python3-bpfcc');
  const remedy = bccCheck({}, { state: 'match', dir, version: release }, release, hostToolNames.bcc, { ...debian, 'python3-bpfcc': false }).remedy;
  assert.equal(remedy, 'python3-bpfcc is not in the configured apt repositories; the libbpf and bpftrace backends need no BCC');
});

test('fails libbpf-tools without kernel BTF, passing on the BTF remedy', () => {
  const check = libbpfCheck({ tcplife: '/usr/sbin/tcplife' }, { ok: false, detail: 'absent', remedy: 'boot a kernel with BTF' }, hostToolNames.libbpf);
  assert.deepEqual([check.ok, check.remedy], [false, 'boot a kernel with BTF']);
  assert.equal(libbpfCheck({ tcplife: '/usr/sbin/tcplife' }, { ok: true, detail: 'present' }, hostToolNames.libbpf).ok, true);
  assert.equal(libbpfCheck({}, { ok: true, detail: 'present' }, hostToolNames.libbpf, debian).remedy, 'install libbpf-tools: apt-get install libbpf-tools');
  assert.equal(
    libbpfCheck({}, { ok: true, detail: 'present' }, hostToolNames.libbpf, {}).remedy,
    'libbpf-tools is not in the configured apt repositories; the bpftrace and BCC backends need no libbpf-tools',
  );
});

test('names the tools the probe modules look for when none is found', () => {
  assert.match(
    bccCheck({}, { state: 'match', dir, version: release }, release, hostToolNames.bcc).detail,
    /none of tcpretrans, tcpdrop, tcplife, opensnoop, syscount, execsnoop, biolatency, tcpconnect, tcpconnlat found/,
  );
  assert.match(libbpfCheck({}, { ok: true, detail: 'present' }, ['execsnoop']).detail, /none of execsnoop found as a native binary/);
});
