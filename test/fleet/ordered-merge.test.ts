import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeEvent } from '../../src/events/index.js';
import { OrderedMerge } from '../../src/fleet/ordered-merge.js';

const event = (host: string, ts: number, seq: number): ProbeEvent => ({
  type: 'fleet.host',
  ts,
  probe: 'fleet',
  source: { impl: 'probectl', tool: 'ssh', layout: 'fleet' },
  host,
  seq,
  state: 'ready',
});

it('hands on the hosts events in ts order once they are older than the window, holding the newer ones', async () => {
  let now = 1_000;
  const merge = new OrderedMerge(100, () => now);
  const seen: string[] = [];
  const reading = (async () => {
    for await (const e of merge) seen.push(`${e.host}${e.seq}@${e.ts}`);
  })();
  merge.push(event('b', 950, 1));
  merge.push(event('a', 850, 1)); // arrived later, happened earlier
  merge.push(event('a', 990, 2)); // inside the window: held
  await sleep(120);
  assert.deepEqual(seen, ['a1@850']);
  now = 1_060;
  await sleep(120);
  assert.deepEqual(seen, ['a1@850', 'b1@950']);
  merge.end();
  await reading;
  assert.deepEqual(seen, ['a1@850', 'b1@950', 'a2@990']);
});
