// Planning xdpcount: the libbpf loader first, then BCC; settings checked by zod; the interface must exist; nothing runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planProbe } from '../../src/plan/catalog.js';
import { classMask, xdpcountOptionsSchema } from '../../src/probes/xdpcount/options.js';
import { xdpcountProbe, type XdpcountHost } from '../../src/probes/xdpcount/probe.js';
import { checkProbeOptions, checkSettings } from '../../src/run/probe-options.js';
import { labFacts } from '../plan/host-facts.js';

const host = (over: Partial<XdpcountHost> = {}): XdpcountHost => ({
  loader: '/pkg/dist/native/xdpcount',
  bccScript: '/pkg/bcc-tools/xdpcount/xdpcount.py',
  python: '/usr/bin/python3',
  hasInterface: (name) => name === 'pctl-vb',
  exists: () => true,
  ...over,
});
const settings = (raw: Record<string, unknown>) => ({ xdpcount: xdpcountOptionsSchema.parse(raw) });

describe('xdpcount plans', () => {
  it('runs the libbpf loader with a stdin pipe, the interval in ms and the class mask of the filter', () => {
    const plan = planProbe(
      xdpcountProbe(host()),
      'auto',
      {},
      labFacts(),
      settings({ iface: 'pctl-vb', interval: '0.5', filter: 'roce', top: '3', excludeDns: true }),
    );
    assert.equal(plan.backend, 'libbpf');
    assert.equal(plan.stdinPipe, true);
    assert.deepEqual(plan.argv, [
      '/pkg/dist/native/xdpcount',
      '--iface',
      'pctl-vb',
      '--interval-ms',
      '500',
      '--mode',
      'auto',
      '--class-mask',
      '0x700',
      '--top',
      '3',
      '--exclude-dns',
    ]);
    assert.match('PROBECTL xdpcount v1 libbpf\tiface=pctl-vb\tmode=skb', plan.ready);
  });

  it('falls back to BCC when the libbpf loader is not built, and BCC says it needs kernel headers when there are none', () => {
    const probe = xdpcountProbe(host({ exists: (p) => !p.endsWith('/xdpcount') }));
    const facts = labFacts();
    assert.throws(
      () => planProbe(probe, 'auto', {}, facts, settings({ iface: 'pctl-vb' })),
      /libbpf loader is not built.*npm run build:native|kernel headers/s,
    );
    facts.bcc.headers = 'mismatch';
    facts.bcc.check = { ok: true, detail: 'ok' };
    const plan = planProbe(probe, 'auto', {}, facts, settings({ iface: 'pctl-vb' }));
    assert.equal(plan.backend, 'bcc');
    assert.deepEqual(plan.argv.slice(0, 2), ['/usr/bin/python3', '/pkg/bcc-tools/xdpcount/xdpcount.py']);
  });

  it('refuses an interface that does not exist before anything runs', () => {
    assert.throws(
      () => planProbe(xdpcountProbe(host()), 'auto', {}, labFacts(), settings({ iface: 'eth9' })),
      /there is no interface eth9 in this network namespace; nothing was attached/,
    );
  });

  it('refuses interface names longer than IFNAMSIZ or with characters a shell would read', () => {
    for (const iface of ['a'.repeat(16), 'a b', 'x;rm', '../x', '', '..']) assert.ok(!xdpcountOptionsSchema.safeParse({ iface }).success, iface);
    assert.ok(xdpcountOptionsSchema.safeParse({ iface: 'pctl-vb' }).success);
    assert.throws(() => checkSettings(['xdpcount'], { xdpcount: { iface: 'a'.repeat(16) } }), /xdpcount --iface must be at most 15 characters/);
  });

  it('refuses a mode or filter it does not know, and xdpcount settings without xdpcount', () => {
    assert.ok(!xdpcountOptionsSchema.safeParse({ iface: 'x', mode: 'hw' }).success);
    assert.ok(!xdpcountOptionsSchema.safeParse({ iface: 'x', filter: 'sctp' }).success);
    assert.throws(() => checkProbeOptions(['tcplife'], { iface: 'lo' }), /^ProbectlError: --iface is an option of xdpcount\.$/m);
    assert.throws(() => checkSettings(['tcplife'], { xdpcount: { iface: 'lo' } }), /settings for xdpcount, which is not among the probes run/);
  });

  it('names the probe and the flag when an option is missing or wrong', () => {
    assert.throws(
      () => checkProbeOptions(['xdpcount'], {}),
      (e: Error & { suggestion?: string }) => e.message === 'xdpcount needs --iface.' && /ip link/.test(e.suggestion ?? ''),
    );
    assert.throws(
      () => checkProbeOptions(['xdpcount', 'tcplife'], { iface: 'lo', interval: '0' }),
      /^ProbectlError: xdpcount --interval must be at least 0\.1 s\.$/m,
    );
    assert.deepEqual(checkProbeOptions(['tcplife'], {}), {});
    assert.deepEqual(checkProbeOptions(['xdpcount'], { iface: 'lo', excludeDns: true }), {
      xdpcount: { iface: 'lo', interval: 1, mode: 'auto', filter: 'all', top: 10, excludeDns: true },
    });
  });

  it('refuses process and port filters, which packets do not carry', () => {
    assert.throws(
      () => planProbe(xdpcountProbe(host()), 'auto', { pid: 1 }, labFacts(), settings({ iface: 'pctl-vb' })),
      /UNSUPPORTED_FILTER|cannot filter by --pid/,
    );
  });

  it('masks classes as the kernel program numbers them: udp includes RoCE v2, roce both versions', () => {
    assert.equal(classMask('all'), 0x1fff);
    assert.equal(classMask('tcp'), 0b10001);
    assert.equal(classMask('udp'), 0b1100100010);
    assert.equal(classMask('roce_v1'), 1 << 10);
    assert.equal(classMask('roce_v2'), 0b1100000000);
  });
});

describe('xdpcount with no loader', () => {
  it("refuses with each loader's reason and how to get it, before anything runs", () => {
    const probe = xdpcountProbe(host({ exists: (p) => !p.endsWith('/xdpcount') }));
    assert.throws(
      () => planProbe(probe, 'auto', {}, labFacts(), settings({ iface: 'pctl-vb' })),
      (e: Error & { suggestion?: string }) => {
        assert.match(
          e.message,
          /no backend can run xdpcount truthfully here \(libbpf: the libbpf loader is not built .*; bcc: BCC compiles the XDP program at start against kernel headers/,
        );
        assert.match(e.suggestion ?? '', /libbpf: build it: apt-get install --no-install-recommends clang llvm libbpf-dev bpftool, then npm run build:native/);
        assert.match(e.suggestion ?? '', /bcc: no headers for [^ ]+ are packaged in the configured apt repositories; the libbpf loader needs none/);
        return true;
      },
    );
  });
});
