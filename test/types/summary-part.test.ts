// A module's summary part handles every event type of its module: a part that misses one does not compile (tsc checks the
// expected errors below, and fails the build the day one is gone), and every registered part handles them all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventOf } from '../../src/events/index.js';
import { tcpRetransmitCountSchema, tcpRetransmitSchema } from '../../src/probes/tcpretrans/events.js';
import { tcpretransParser } from '../../src/probes/tcpretrans/parser.js';
import { defineProbe, type ProbeModule } from '../../src/probes/probe-module.js';
import { probeModules } from '../../src/probes/registry.js';
import type { EventHandlers, SummaryPart } from '../../src/tally/summary-part.js';

type Both = 'tcp.retransmit' | 'tcp.retransmit.count';

/** A part of the retransmits' report that counts the events its handlers get. */
function countingPart<T extends Both>(handlers: (seen: string[]) => EventHandlers<T>): SummaryPart<T, 'retransmits'> & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    key: 'retransmits',
    tally: () => ({
      handlers: handlers(seen),
      report: () => ({ total: seen.length, tlp: 0, counted: 0, top_flows: [], other_flows: 0 }),
      approximate: () => [],
      trackedKeys: () => 0,
    }),
    sections: () => [],
  };
}

const events = { 'tcp.retransmit': tcpRetransmitSchema, 'tcp.retransmit.count': tcpRetransmitCountSchema };
const complete = countingPart<Both>((seen) => ({ 'tcp.retransmit': (e) => seen.push(e.type), 'tcp.retransmit.count': (e) => seen.push(e.type) }));
const onlyOne = countingPart<'tcp.retransmit'>((seen) => ({ 'tcp.retransmit': (e) => seen.push(e.type) }));

describe('a summary part', () => {
  it('compiles with a handler for each event type of its module, and its handlers get the events', () => {
    const module = defineProbe({ name: 'complete', events, parser: tcpretransParser, summary: complete });
    const tally = module.summary!.tally({ top: 3 });
    const retransmit = { type: 'tcp.retransmit' } as EventOf<'tcp.retransmit'>;
    tally.handlers['tcp.retransmit'](retransmit);
    tally.handlers['tcp.retransmit.count']({ type: 'tcp.retransmit.count' } as EventOf<'tcp.retransmit.count'>);
    assert.deepEqual(complete.seen, ['tcp.retransmit', 'tcp.retransmit.count']);
  });

  it('does not compile when its module has an event type it has no handler for', () => {
    // @ts-expect-error the part has no handler for tcp.retransmit.count
    const module = defineProbe({ name: 'incomplete', events, parser: tcpretransParser, summary: onlyOne });
    // @ts-expect-error a handler map without tcp.retransmit.count
    const handlers: EventHandlers<Both> = { 'tcp.retransmit': () => {} };
    // What the compiler refuses would fail at run time: an event with nothing to take it.
    assert.equal((module.summary!.tally({ top: 1 }).handlers as Partial<EventHandlers<Both>>)['tcp.retransmit.count'], undefined);
    assert.equal((handlers as Partial<EventHandlers<Both>>)['tcp.retransmit.count'], undefined);
  });

  it('of every registered module has a handler for each of the module’s event types, and no other', () => {
    for (const m of probeModules as readonly ProbeModule[]) {
      if (m.summary === undefined) continue;
      const handled = Object.keys(m.summary.tally({ top: 1 }).handlers).sort();
      assert.deepEqual(handled, Object.keys(m.events).sort(), m.name);
    }
  });
});
