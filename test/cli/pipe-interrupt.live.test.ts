// Live: Ctrl-C on `bpftrace -f json -e '...' | probectl parse bpftrace` prints the map bpftrace prints on SIGINT, and exits 0.
// bpftrace 0.17 can forget the SIGINT (docs/reliability.md, "bpftrace forgetting a Ctrl-C"): then probectl sends it SIGTERM.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { liveOrSkip } from '../live.js';
import { interruptPipeline } from './interrupt-pipeline.js';

it('bpftrace | probectl parse bpftrace: Ctrl-C to the pipeline keeps the map bpftrace prints on its way out, exit 0', { timeout: 60_000 }, async (t) => {
  if (!liveOrSkip(t)) return;
  // BEGIN prints once every probe is attached: then probectl has printed an event, and the opens below are counted.
  const program = `BEGIN { printf("attached\\n"); } tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }`;
  const end = await interruptPipeline(`bpftrace -f json -e '${program}'`, ['parse', 'bpftrace'], {
    ready: (stdout) => {
      if (!stdout.includes('"message":"attached"')) return false;
      for (let i = 0; i < 20; i++) readFileSync('/proc/self/status'); // openat by this node process, counted by the map
      return true;
    },
  });
  if (/went on tracing after the Ctrl-C/.test(end.stderr)) t.diagnostic('bpftrace forgot the SIGINT, and probectl sent it SIGTERM');
  assert.equal(end.code, 0, end.stderr);
  const events = end.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ProbeEvent);
  const counted = events.flatMap((e) => (e.type === 'bpftrace.map' ? [JSON.stringify(e.key)] : []));
  assert.ok(counted.length > 0, `no map among: ${end.stdout.slice(0, 2000)}`);
  assert.ok(counted.includes('["node"]'), `the opens of this test are not in the map: ${counted.join(' ')}`);
  assert.match(end.stderr, /^probectl: \d+ events, \d+ diagnostics/m);
});
