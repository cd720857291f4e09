// Live: counters past 32 bits (bytes of a long transfer, microseconds of a session over 36 minutes) come out whole from probectl's programs, through real bpftrace and the parser.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { parse } from '../../src/api/parse.js';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';

const root = join(import.meta.dirname, '..', '..', '..');

/** The format strings of a program's printf calls whose first word is tag. */
function formats(program: string, tag: string): string[] {
  const text = readFileSync(join(root, 'scripts-bt', program), 'utf8');
  return [...text.matchAll(/printf\("([^"]*)"/g)].map((m) => m[1]!).filter((f) => f.startsWith(`${tag}\\t`));
}

it("tcplife's program prints bytes and lifetimes past 2^32 whole (bpftrace's %d keeps only the low 32 bits), on both of its variants", {
  timeout: 120_000,
}, async (t) => {
  if (!liveOrSkip(t)) return;
  // tx 5 GB, rx 6 GB, a lifetime of 3e9 µs (50 minutes): each past what 32 bits hold.
  const [tx, rx, us] = [5_000_000_000, 6_000_000_000, 3_000_000_000];
  for (const program of ['tcplife.bt', join('kprobe', 'tcplife.bt')]) {
    const [format] = formats(program, 'SESSION\\t4');
    assert.ok(format !== undefined, `${program} has no SESSION printf`);
    // The program's own format with values of the same widths: addresses as ntop() prints them, 64-bit counters, a comm.
    const probe = `BEGIN { $tx = (uint64)${tx}; $rx = (uint64)${rx}; $us = (uint64)${us}; $c = comm;
      printf("PROBECTL tcplife v1\\n");
      printf("${format}", ntop(0x0100007f), 5001, ntop(0x0200007f), 40000, $tx, $rx, $us, 4242, buf($c, 16)); exit(); }`;
    const out = execFileSync('bpftrace', ['-e', probe], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const events: ProbeEvent[] = [];
    for await (const e of parse([out], { tool: 'tcplife', host: 'test' })) events.push(e);
    const sessions = events.filter((e): e is EventOf<'tcp.session'> => e.type === 'tcp.session');
    assert.equal(sessions.length, 1, `${program}: ${out}`);
    assert.equal(sessions[0]!.tx_kb * 1024, tx, program);
    assert.equal(sessions[0]!.rx_kb * 1024, rx, program);
    assert.equal(sessions[0]!.duration_ms * 1000, us, program);
  }
});
