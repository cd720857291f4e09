// Live: a runbook over namespace hosts with their own sshd: a per-host drop assertion breached on the lossy host only, its count equal to that host's nftables counter.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { RunbookResult } from '../../src/runbook/result.js';
import { liveOrSkip } from '../live.js';
import { startCli } from './cli-process.js';
import { addRule, counted, traffic } from './namespace-loss.js';
import { withSshHosts, type SshHost } from './ssh-hosts.js';

// Each host's port comes from its inventory label: the hosts share one kernel, so each host's tcpdrop must be filtered to
// its own port to see its own drops only (on separate machines a label would pick, say, each host's service port).
const RUNBOOK = `name: drops-per-host
parameters:
  port: {type: port}
probes:
  tcpdrop:
    filters:
      port: \${port}
duration: 600
assertions:
  - name: no netfilter drops
    per: host
    count:
      type: tcp.drop
      where:
        reason: NETFILTER_DROP
        dport: \${port}
    below: 1
    message: \${host} dropped \${value} packets to port \${port}
print: [assertions]
`;

it('runbook over three hosts, loss on one: the per-host assertion fails for the lossy host only, with its nftables count; the one down makes it 2 of 3; exit 1', {
  timeout: 300_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  const dir = mkdtempSync(join(tmpdir(), 'pcrunbook-'));
  try {
    await withSshHosts([{}, {}, {}], async (hosts) => {
      const [lossy, clean, down] = hosts.hosts as [SshHost, SshHost, SshHost];
      const port = new Map([
        [lossy.name, 5111],
        [clean.name, 5112],
        [down.name, 5113],
      ]);
      addRule(lossy, 5111, 'drop');
      addRule(clean, 5112, 'count');
      await hosts.stopSshd(down);
      const runbook = join(dir, 'drops.yaml');
      const inventory = join(dir, 'inventory.yaml');
      const report = join(dir, 'report.json');
      writeFileSync(runbook, RUNBOOK);
      writeFileSync(
        inventory,
        hosts.hosts.map((h) => `- {host: ${h.addr}, user: ${h.user}, name: ${h.name}, labels: {port: ${port.get(h.name)}}}`).join('\n') + '\n',
      );
      const cli = startCli([
        'runbook',
        'run',
        runbook,
        '--inventory',
        inventory,
        `--ssh-option=${hosts.sshOptions.join(' ')}`,
        '--ready-timeout',
        '150',
        '--report',
        report,
      ]);
      for (const h of [lossy, clean]) await cli.said(new RegExp(`${h.name} is ready`), 160_000);
      const before = [counted(lossy), counted(clean)];
      await Promise.all([traffic(lossy, 5111, 4), traffic(clean, 5112, 4)]);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the last events cross the connection
      const after = [counted(lossy), counted(clean)];
      cli.signal('SIGINT');
      const end = await cli.ended;
      t.diagnostic(end.stdout);
      assert.equal(end.code, 1, end.stderr);
      assert.equal(before[0], 0, 'no drop before the traffic');
      const drops = after[0]!;
      assert.ok(drops > 0, 'the drop rule dropped nothing: no ground truth');
      assert.ok(after[1]! - before[1]! > 0, "the clean host's traffic did not pass its counting rule");

      const result = JSON.parse(readFileSync(report, 'utf8')) as RunbookResult;
      const [assertion] = result.assertions;
      assert.equal(assertion!.per, 'host');
      assert.equal(assertion!.passed, false);
      const byHost = new Map(assertion!.hosts!.map((h) => [h.host, h]));
      t.diagnostic(`${lossy.name}: ${byHost.get(lossy.name)!.value} reported, nft counter ${drops}; ${clean.name}: ${byHost.get(clean.name)!.value} reported`);
      assert.deepEqual(
        { observed: byHost.get(lossy.name)!.observed, passed: byHost.get(lossy.name)!.passed, value: byHost.get(lossy.name)!.value },
        { observed: true, passed: false, value: drops },
      );
      // The clean host has no drop rule: its kernel counter of drops is 0, and so is its count.
      assert.deepEqual(
        { observed: byHost.get(clean.name)!.observed, passed: byHost.get(clean.name)!.passed, value: byHost.get(clean.name)!.value },
        { observed: true, passed: true, value: 0 },
      );
      assert.deepEqual({ observed: byHost.get(down.name)!.observed, value: byHost.get(down.name)!.value }, { observed: false, value: null });
      assert.deepEqual(
        assertion!.breaches.map((b) => [b.key.host, b.value]),
        [[lossy.name, drops]],
      );
      assert.deepEqual(assertion!.messages, [`${lossy.name} dropped ${drops} packets to port 5111`]);
      assert.deepEqual(result.hosts && { ran: result.hosts.ran, total: result.hosts.total }, { ran: 2, total: 3 });
      assert.deepEqual(
        result.hosts!.rows.map((r) => [r.host, r.state, r.reason ?? null]),
        [
          [lossy.name, 'stopped', null],
          [clean.name, 'stopped', null],
          [down.name, 'failed', 'unreachable'],
        ],
      );

      // The text names the lossy host as the breach, each host's verdict, and the hosts that ran.
      assert.match(end.stdout, /1 of 1 assertion breached on 2 of 3 hosts/);
      assert.match(end.stdout, new RegExp(`breaching: host ${lossy.name}: ${drops} events?`));
      assert.match(end.stdout, new RegExp(`${lossy.name} +FAIL +${drops} events?`));
      assert.match(end.stdout, new RegExp(`${clean.name} +PASS +0 events`));
      assert.match(end.stdout, new RegExp(`${down.name} +not run`));
      assert.match(end.stdout, /Hosts: 2 of 3 hosts ran/);
      assert.match(end.stdout, new RegExp(`from the hosts' labels: ${lossy.name} port=5111, ${clean.name} port=5112, ${down.name} port=5113`));
      assert.match(end.stdout, new RegExp(`${lossy.name} +FAIL +.*where reason = NETFILTER_DROP, dport = 5111`));
      assert.match(end.stderr, /1 of 1 assertion breached on the 2 of 3 hosts that ran/);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
