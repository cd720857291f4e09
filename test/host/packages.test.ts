// The apt lookup behind every install remedy: what apt-cache policy says is offered, and the commands built only from that.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildXdpcountLoader, installClang } from '../../src/host/install-remedies.js';
import { aptInstall, notOffered, parseAptPolicy, remedyPackages } from '../../src/host/packages.js';

// `LC_ALL=C apt-cache policy bpftrace mail-transport-agent linux-headers-6.18.44-fc-v1252 libbpf-tools` on Debian 12.
const policy = `bpftrace:
  Installed: 0.17.0-1
  Candidate: 0.17.0-1
  Version table:
 *** 0.17.0-1 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
        100 /var/lib/dpkg/status
mail-transport-agent:
  Installed: (none)
  Candidate: (none)
  Version table:
libbpf-tools:
  Installed: 0.26.0+ds-1
  Candidate: 0.26.0+ds-1
  Version table:
 *** 0.26.0+ds-1 500
        500 http://deb.debian.org/debian bookworm/main amd64 Packages
        100 /var/lib/dpkg/status
`;

test('reads a package as offered only when apt has a candidate for it', () => {
  const names = ['bpftrace', 'mail-transport-agent', 'linux-headers-6.18.44-fc-v1252', 'libbpf-tools'];
  assert.deepEqual(parseAptPolicy(policy, names), {
    bpftrace: true,
    'mail-transport-agent': false, // virtual: provided by others, no candidate of its own
    'linux-headers-6.18.44-fc-v1252': false, // unknown to apt: it printed nothing
    'libbpf-tools': true,
  });
});

test('ignores blocks of packages it did not ask about, and reads nothing from empty output', () => {
  assert.deepEqual(parseAptPolicy(policy, ['bpftrace']), { bpftrace: true });
  assert.deepEqual(parseAptPolicy('', ['bpftrace']), { bpftrace: false });
});

test('suggests apt-get install only when every package is offered', () => {
  const offers = { clang: true, llvm: true, bpftool: false };
  assert.equal(aptInstall(offers, ['clang', 'llvm']), 'apt-get install clang llvm');
  assert.equal(aptInstall(offers, ['clang', 'bpftool']), undefined);
  assert.equal(aptInstall(offers, ['clang', 'libbpf-dev']), undefined, 'a package not looked up is not offered');
  assert.equal(aptInstall(undefined, ['clang']), undefined);
  assert.equal(notOffered(offers, ['clang', 'bpftool', 'libbpf-dev']), 'bpftool and libbpf-dev are not in the configured apt repositories');
});

test('looks up every package a remedy names, the running kernel’s headers among them', () => {
  const names = remedyPackages('6.18.44-fc-v1252');
  assert.ok(names.includes('linux-headers-6.18.44-fc-v1252'));
  const offers = Object.fromEntries(names.map((name) => [name, true]));
  for (const remedy of [installClang(offers), buildXdpcountLoader(offers)]) assert.match(remedy, /apt-get install/);
});

test("says what works instead when a loader's build packages are not offered", () => {
  assert.equal(
    buildXdpcountLoader({ clang: true, llvm: true, 'libbpf-dev': true, bpftool: false }),
    'build it with npm run build:native, which needs clang, libbpf-dev and bpftool (bpftool is not in the configured apt repositories); the bcc backend loads the XDP counter without them',
  );
});
