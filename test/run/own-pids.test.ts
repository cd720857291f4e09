// The pids a run leaves out: probectl's and its probes', on the events that carry a pid, never on status or diagnostics.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { probeModules } from '../../src/probes/registry.js';
import { OwnPids } from '../../src/run/own-pids.js';

const open = (pid: number) => ({ type: 'file.open', pid, path: '/etc/hostname' }) as unknown as ProbeEvent;

it("leaves out the events of probectl's pid and of the probes it added, and no other", () => {
  const own = new OwnPids(100, probeModules);
  own.add(200);
  assert.deepEqual(
    [100, 200, 300].map((pid) => own.has(open(pid))),
    [true, true, false],
  );
  assert.equal(own.has({ type: 'probe.status', pid: 100 } as unknown as ProbeEvent), false);
  assert.equal(own.has({ type: 'tcp.retransmit', saddr: '10.0.0.1' } as unknown as ProbeEvent), false);
});

it('keeps a drop or a retransmit whose pid is only the task on the CPU, even when that task is a backend', () => {
  const own = new OwnPids(100, probeModules);
  own.add(200);
  assert.equal(own.has({ type: 'tcp.drop', pid: 200, saddr: '10.0.0.1' } as unknown as ProbeEvent), false);
  assert.equal(own.has({ type: 'tcp.retransmit', pid: 100, laddr: '10.0.0.1' } as unknown as ProbeEvent), false);
  assert.equal(own.has({ type: 'tcp.session', pid: 200, laddr: '10.0.0.1' } as unknown as ProbeEvent), true);
});

it("knows the on-CPU types from the modules it is given alone: a run's own", () => {
  const tcpdrop = probeModules.filter((m) => m.name === 'tcpdrop');
  const own = new OwnPids(100, tcpdrop);
  assert.equal(own.has({ type: 'tcp.drop', pid: 100, saddr: '10.0.0.1' } as unknown as ProbeEvent), false);
  // tcpretrans is not among them: its pid would be taken as the process's own.
  assert.equal(own.has({ type: 'tcp.retransmit', pid: 100, laddr: '10.0.0.1' } as unknown as ProbeEvent), true);
});
