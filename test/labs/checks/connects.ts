// Lab "connects": tcpconnect while bash is refused on the lab's port and lab traffic connects to it: each connect against what its process measured.
import assert from 'node:assert/strict';
import type { EventOf } from '../../../src/events/index.js';
import { LAB } from '../../../src/lab/index.js';
import type { LabRun } from '../lab-run.js';
import { refusedConnects, type LabCheck, type LabTrafficResult } from './lab-check.js';

type Connect = EventOf<'tcp.connect'>;

const ours = (c: Connect) => c.saddr === LAB.client.addr && c.daddr === LAB.server.addr && c.dport === LAB.port;
const ms = (n: number) => Math.round(n * 1000) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length / 2) - 1]!;

export const connectsLab: LabCheck = {
  name: 'connects',
  probes: ['tcpconnect'],
  files: ['refused.txt', 'traffic.json'],
  usesLab: true,

  async facts(run: LabRun) {
    const connects = (await run.eventsOf('tcpconnect', 'tcp.connect')).filter(ours);
    const traffic = run.json<LabTrafficResult>('traffic.json');
    const established = connects.filter((c) => c.result === 'established');
    const refused = connects.filter((c) => c.result === 'refused');
    const first = traffic.connections[0]!.client!;
    const firstConnect = established.find((c) => c.sport === first.local!.port)!;
    return {
      connects: connects.length,
      established: established.length,
      refused: refused.length,
      shell_refused: refusedConnects(run.text('refused.txt')),
      connections: traffic.connections.length,
      established_p50_ms: ms(median(established.map((c) => c.latency_ms!))),
      established_max_ms: ms(Math.max(...established.map((c) => c.latency_ms!))),
      refused_p50_ms: ms(median(refused.map((c) => c.latency_ms!))),
      refused_errno: refused[0]!.errno!,
      first_port: first.local!.port,
      first_pid: first.pid,
      first_connect_pid: firstConnect.pid,
      refused_comm: refused[0]!.comm,
      refused_pids: new Set(refused.map((c) => c.pid)).size,
    };
  },

  async claims(run: LabRun) {
    const connects = (await run.eventsOf('tcpconnect', 'tcp.connect')).filter(ours);
    const traffic = run.json<LabTrafficResult>('traffic.json');
    assert.ok(traffic.complete, 'lab traffic did not complete');
    const shellRefused = refusedConnects(run.text('refused.txt'));
    const established = connects.filter((c) => c.result === 'established');
    const refused = connects.filter((c) => c.result === 'refused');
    assert.equal(connects.length, established.length + refused.length, `connects that neither were established nor refused: ${JSON.stringify(connects)}`);
    assert.equal(established.length, traffic.connections.length, 'established connects against the connections lab traffic made');
    assert.equal(refused.length, shellRefused, 'refused connects against the refusals bash printed');
    for (const c of traffic.connections) {
      const client = c.client!;
      const seen = established.filter((e) => e.sport === client.local!.port);
      assert.equal(seen.length, 1, `connection ${c.index}: one connect from port ${client.local!.port}`);
      assert.deepEqual([seen[0]!.pid, seen[0]!.comm], [client.pid, client.comm], `connection ${c.index}: the process that connected`);
      assert.ok(seen[0]!.latency_ms! > 0, `connection ${c.index}: a handshake of ${seen[0]!.latency_ms} ms`);
    }
    for (const c of refused) {
      assert.equal(c.comm, 'bash', 'a refused connect is one of the shell');
      assert.equal(c.errno, 111, 'ECONNREFUSED');
      assert.ok(c.latency_ms! > 0, `a refusal of ${c.latency_ms} ms`);
    }
    assert.equal(new Set(refused.map((c) => c.pid)).size, refused.length, 'each refusal from its own bash');
    const times = established.map((c) => c.latency_ms!);
    return `${established.length} established = ${traffic.connections.length} connections of lab traffic, each with its client's port, pid and comm; ${refused.length} refused = ${shellRefused} refusals bash printed; handshakes ${ms(Math.min(...times))} to ${ms(Math.max(...times))} ms`;
  },
};
