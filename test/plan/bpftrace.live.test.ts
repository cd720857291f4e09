// Live: probectl's bpftrace programs compile for every filter and variant, and what they print matches independent ground truth.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { EventOf } from '../../src/events/index.js';
import type { HostFacts } from '../../src/host/facts.js';
import { planProbe, type ProbeDefinition } from '../../src/plan/catalog.js';
import type { Filters } from '../../src/plan/filters.js';
import { fixedTracefs, hostTracefs } from '../../src/plan/tracefs.js';
import { opensnoopProbe } from '../../src/probes/opensnoop/probe.js';
import { tcpdropProbe } from '../../src/probes/tcpdrop/probe.js';
import { tcplifeProbe } from '../../src/probes/tcplife/probe.js';
import { tcpretransProbe } from '../../src/probes/tcpretrans/probe.js';
import { liveOrSkip } from '../live.js';
import { labFacts, yes } from './host-facts.js';
import { dropCounter, NET, netDown, netUp, transfer } from './live-lab.js';
import { startPlan } from './live-run.js';

const exec = promisify(execFile);
const tracefs = hostTracefs();
const probes = { tcpretrans: tcpretransProbe(tracefs), tcpdrop: tcpdropProbe(tracefs), tcplife: tcplifeProbe(tracefs), opensnoop: opensnoopProbe(tracefs) };

/** This host as far as planning bpftrace needs: what attaches is forced per test; bpftrace from PATH. */
function facts(variant: 'tracepoint' | 'kprobe' = 'tracepoint'): HostFacts {
  const f = labFacts();
  f.bpftrace.path = 'bpftrace';
  if (variant === 'kprobe') {
    f.attach.kprobe = yes('forced: compile the kprobe variant');
    f.attach.tracepoint = { ok: false, detail: 'forced: compile the kprobe variant' };
  }
  return f;
}

const every: Record<keyof typeof probes, Filters> = {
  tcpretrans: { port: 443, lport: 1024, rport: 443, family: 4 },
  tcpdrop: { port: 443, family: 6 },
  tcplife: { pid: 1, comm: 'a.b-c:d/e+f_0', port: 443, lport: 1024, rport: 443, family: 4 },
  opensnoop: { pid: 1, comm: 'a.b-c:d/e+f_0', failed: true },
};

const dir = mkdtempSync(join(tmpdir(), 'probectl-bt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** bpftrace --emit-elf: parses, checks types against BTF and tracefs, and compiles, without attaching. */
async function compiles(label: string, program: string, env: Record<string, string>): Promise<void> {
  const file = join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.bt`);
  writeFileSync(file, program);
  const result = await exec('bpftrace', ['--emit-elf', `${file}.o`, file], { env: { ...process.env, ...env }, timeout: 60_000 }).then(
    () => undefined,
    (e: { stderr?: string }) => e.stderr ?? String(e),
  );
  assert.equal(result, undefined, `${label} does not compile:\n${result}\n${program}`);
}

describe('live: every generated program compiles (bpftrace --emit-elf)', () => {
  for (const [name, probe] of Object.entries(probes) as [keyof typeof probes, ProbeDefinition][]) {
    it(`${name}: both variants, without filters and with every filter`, async (t) => {
      if (!liveOrSkip(t)) return;
      const jobs: Promise<void>[] = [];
      for (const variant of ['tracepoint', 'kprobe'] as const)
        for (const filters of [{}, every[name]]) {
          // With every filter, also probectl's own pid left out (the default); without filters, as with --include-self.
          const plan = planProbe(probe, 'bpftrace', filters, facts(variant), {}, filters === every[name] ? { selfPid: process.pid } : {});
          jobs.push(compiles(`${name}-${variant}-${Object.keys(filters).join('-') || 'none'}`, plan.script!, plan.env));
        }
      await Promise.all(jobs);
    });
  }

  it('opensnoop without open and openat2, tcpdrop without rx_sk', async (t) => {
    if (!liveOrSkip(t)) return;
    const formats: Record<string, string> = {};
    for (const tp of ['syscalls/sys_enter_openat', 'syscalls/sys_exit_openat']) formats[tp] = '';
    const opensnoop = planProbe(opensnoopProbe(fixedTracefs(formats)), 'bpftrace', { comm: 'x' }, facts());
    assert.doesNotMatch(opensnoop.script!, /openat2|sys_enter_open\n/);
    const format = tracefs.format('skb/kfree_skb') ?? '';
    const tcpdrop = planProbe(tcpdropProbe(fixedTracefs({ 'skb/kfree_skb': format.replace(/\tfield:void \* rx_sk;[^\n]*\n/, '') })), 'bpftrace', {}, facts());
    assert.doesNotMatch(tcpdrop.script!, /rx_sk/);
    await Promise.all([compiles('opensnoop-openat-only', opensnoop.script!, opensnoop.env), compiles('tcpdrop-no-rx-sk', tcpdrop.script!, tcpdrop.env)]);
  });
});

const body = <T extends 'tcp.session' | 'tcp.drop' | 'tcp.retransmit' | 'file.open'>(events: { type: string }[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

describe('live: what the programs print, against ground truth', () => {
  it('tcplife: the bytes each end moved, within 1 %, the owner of each end, the lifetime', async (t) => {
    if (!liveOrSkip(t)) return;
    const port = 5191;
    const running = await startPlan(planProbe(probes.tcplife, 'bpftrace', { port }, facts()));
    const sizes = [1_000_000, 3_000_000];
    const transfers: Awaited<ReturnType<typeof transfer>>[] = [];
    for (const bytes of sizes) transfers.push(await transfer({ host: '127.0.0.1', port, bytes }));
    const { events, stderr } = await running.stop();
    const sessions = body(events, 'tcp.session');
    assert.equal(sessions.length, 2 * sizes.length, `sessions: ${JSON.stringify(events)}\n${stderr}`);
    sizes.forEach((bytes, i) => {
      const { client, server } = transfers[i]!;
      const clientEnd = sessions.find((s) => s.lport === client.lport && s.rport === port)!;
      const serverEnd = sessions.find((s) => s.lport === port && s.rport === client.lport)!;
      t.diagnostic(
        `${bytes} B: client tx ${clientEnd.tx_kb * 1024} B rx ${clientEnd.rx_kb * 1024} B, server rx ${serverEnd.rx_kb * 1024} B tx ${serverEnd.tx_kb * 1024} B, ${clientEnd.duration_ms} ms`,
      );
      const near = (kib: number, want: number) => Math.abs(kib * 1024 - want) <= want * 0.01;
      assert.ok(near(clientEnd.tx_kb, bytes) && near(serverEnd.rx_kb, server.received!), JSON.stringify({ clientEnd, serverEnd }));
      assert.ok(near(clientEnd.rx_kb, client.received!) && near(serverEnd.tx_kb, client.received!));
      assert.deepEqual([clientEnd.pid, clientEnd.comm, serverEnd.pid, serverEnd.comm], [client.pid, 'pctl-bt-cli', server.pid, 'pctl-bt-srv']);
      assert.ok(clientEnd.duration_ms > 0 && clientEnd.duration_ms < 60_000);
    });
  });

  it('opensnoop: every open of a process, in order, with its result, and nothing of other processes', async (t) => {
    if (!liveOrSkip(t)) return;
    const running = await startPlan(planProbe(probes.opensnoop, 'bpftrace', { comm: 'pctl-bt-open' }, facts()));
    const script = [
      "process.title = 'pctl-bt-open';",
      "const fs = require('node:fs');",
      "for (const p of ['/etc/hostname', '/etc/pctl-bt-missing', '/tmp/pctl-bt \\t tab']) { try { fs.closeSync(fs.openSync(p, p.startsWith('/tmp') ? 'w' : 'r', 0o640)); } catch {} }",
      "fs.rmSync('/tmp/pctl-bt \\t tab');",
    ].join('\n');
    await exec(process.execPath, ['-e', script]);
    const { events } = await running.stop();
    const opens = body(events, 'file.open');
    assert.deepEqual(
      opens.map((o) => [o.comm, o.path, o.fd >= 0, o.errno, o.mode]),
      [
        ['pctl-bt-open', '/etc/hostname', true, 0, undefined],
        ['pctl-bt-open', '/etc/pctl-bt-missing', false, 2, undefined],
        ['pctl-bt-open', '/tmp/pctl-bt \t tab', true, 0, 0o640],
      ],
    );
  });

  it('tcpdrop and tcpretrans on a lossy link: NETFILTER_DROP drops = the nftables counter, retransmits = an independent count', async (t) => {
    if (!liveOrSkip(t)) return;
    await netUp();
    try {
      const filters = { port: NET.port };
      const [drops, retrans] = await Promise.all([
        startPlan(planProbe(probes.tcpdrop, 'bpftrace', filters, facts())),
        startPlan(planProbe(probes.tcpretrans, 'bpftrace', filters, facts())),
      ]);
      const counting = await startPlan({
        ...planProbe(probes.tcpretrans, 'bpftrace', {}, facts()),
        argv: [
          'bpftrace',
          '-e',
          `BEGIN { printf("counting\\n"); } tracepoint:tcp:tcp_retransmit_skb /args->sport == ${NET.port} || args->dport == ${NET.port}/ { @retransmits = count(); }`,
        ],
        parser: 'bpftrace',
        ready: /^counting$/m,
      });
      const before = await dropCounter();
      const moved = await transfer({ host: NET.serverAddr, port: NET.port, bytes: 16 * 1_048_576, serverNetns: NET.server, clientNetns: NET.client });
      // The client's last FIN may still be retransmitted (and dropped) after both peers have exited: let the link go quiet.
      await new Promise((r) => setTimeout(r, 1500));
      const counted = (await dropCounter()) - before;
      const [dropRun, retransRun, countRun] = await Promise.all([drops.stop(), retrans.stop(), counting.stop()]);
      const countedAfter = (await dropCounter()) - before;
      const netfilter = body(dropRun.events, 'tcp.drop').filter((d) => d.reason === 'NETFILTER_DROP');
      const independent = Number(/@retransmits: (\d+)/.exec(countRun.stdout)?.[1] ?? 0);
      const retransmits = body(retransRun.events, 'tcp.retransmit');
      t.diagnostic(
        `moved ${moved.client.sent} B; nft counter ${counted} (${countedAfter} once stopped), NETFILTER_DROP events ${netfilter.length}; retransmits ${retransmits.length}, independent count ${independent}; tcpdrop's program skipped by the kernel ${dropRun.recursionMisses ?? 'an unknown number of'} times`,
      );
      assert.ok(counted > 0, 'the lossy rule dropped nothing: no ground truth');
      // What a failure needs to be told apart: lines bpftrace never printed (the kernel skipped its program, or its
      // buffer lost them), lines not parsed, drops with other addresses.
      const why = () =>
        `; tcpdrop's program skipped by the kernel ${dropRun.recursionMisses ?? 'an unknown number of'} times; lost: ${JSON.stringify(dropRun.events.filter((e) => e.type === 'tool.lost'))}; ` +
        `unparsed: ${JSON.stringify(dropRun.events.filter((e) => e.type === 'tool.diagnostic' && e.level === 'unparsed'))}; ` +
        `DROP lines printed: ${dropRun.stdout.split('\n').filter((l) => l.startsWith('DROP\t')).length}; the drops: ${JSON.stringify(body(dropRun.events, 'tcp.drop').map((d) => [d.ts, d.saddr, d.sport, d.daddr, d.dport, d.reason]))}`;
      if (countedAfter === counted) assert.equal(netfilter.length, counted, `NETFILTER_DROP events against the nftables counter${why()}`);
      else assert.ok(netfilter.length >= counted && netfilter.length <= countedAfter, `a drop while the tools stopped${why()}`);
      for (const d of netfilter)
        assert.deepEqual([d.family, d.saddr, d.daddr, d.dport, d.reason_code! > 0], [4, NET.clientAddr, NET.serverAddr, NET.port, true]);
      assert.equal(retransmits.length, independent);
      // Either end of the one connection: the rule drops what goes to the server, its data and the client's ACKs of the
      // server's data and FIN, which the server then retransmits.
      for (const r of retransmits) {
        const fromClient = r.laddr === NET.clientAddr && r.raddr === NET.serverAddr && r.rport === NET.port;
        const fromServer = r.laddr === NET.serverAddr && r.lport === NET.port && r.raddr === NET.clientAddr;
        assert.ok(fromClient || fromServer, `a retransmit outside the lab connection: ${JSON.stringify(r)}`);
      }
    } finally {
      await netDown();
    }
  });
});
