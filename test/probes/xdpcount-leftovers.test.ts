// doctor --fix's choice of XDP programs to detach: probectl's, held by no process; never another program.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { attachedPrograms, heldProgramIds, staleOf } from '../../src/probes/xdpcount/leftovers.js';

const links = JSON.stringify([
  { ifname: 'lo' },
  { ifname: 'pctl-vb', xdp: { mode: 2, prog: { id: 41, name: 'pctl_xdpcount' } } },
  { ifname: 'eth1', xdp: { mode: 1, prog: { id: 42, name: 'xdp_fw' } } },
  { ifname: 'pctl-xb', xdp: { mode: 1, prog: { id: 43, name: 'pctl_xdpcount' } } },
]);

describe('stale XDP programs', () => {
  it('reads the programs and modes from ip -j link', () => {
    assert.deepEqual(
      attachedPrograms(links, 'pctl-b').map((p) => [p.netns, p.iface, p.id, p.mode]),
      [
        ['pctl-b', 'pctl-vb', 41, 2],
        ['pctl-b', 'eth1', 42, 1],
        ['pctl-b', 'pctl-xb', 43, 1],
      ],
    );
    assert.deepEqual(attachedPrograms('not json'), []);
  });

  it('picks only pctl_xdpcount programs that no process holds, never another name', () => {
    assert.deepEqual(
      staleOf(attachedPrograms(links), new Set([43])).map((p) => p.id),
      [41],
    );
    assert.deepEqual(
      staleOf(attachedPrograms(links), new Set()).map((p) => p.id),
      [41, 43],
    );
  });

  it('finds the program ids held open in /proc/PID/fdinfo', async () => {
    const proc = mkdtempSync(join(tmpdir(), 'pctl-proc-'));
    try {
      mkdirSync(join(proc, '12', 'fdinfo'), { recursive: true });
      writeFileSync(join(proc, '12', 'fdinfo', '5'), 'pos:\t0\nflags:\t02000002\nprog_type:\t6\nprog_id:\t43\n');
      writeFileSync(join(proc, '12', 'fdinfo', '6'), 'pos:\t0\nflags:\t02\n');
      mkdirSync(join(proc, 'self'));
      assert.deepEqual([...(await heldProgramIds(proc))], [43]);
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});
