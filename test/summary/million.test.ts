import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Summary } from '../../src/summary/summary.js';
import { renderSummary } from '../../src/summary/render.js';
import { emptyTruth, generatedEvents, HEAVY } from './generated.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The heap in use once garbage is collected: what the summary holds on to. */
function heldHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const TOP = 10;
/** The caps of the bounded tallies: flows twice, drop reasons, processes, paths, interfaces; and the flow view's rows. */
const KEY_CAP = 4096 * 2 + 1024 + 4096 + 4096 + 256 + 10_000;

describe('summary of 1,000,000 events, nearly every one a new flow, pid or path', () => {
  it('keeps exact totals, bounded lists and bounded memory', (t) => {
    const truth = emptyTruth();
    const summary = new Summary({ top: TOP });
    const heap: number[] = [];
    const keys: number[] = [];
    let n = 0;
    const started = process.hrtime.bigint();
    for (const event of generatedEvents(1_000_000, truth)) {
      summary.add(event);
      if (++n % 200_000 === 0) {
        heap.push(heldHeap());
        keys.push(summary.trackedKeys);
      }
    }
    const r = summary.report();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    assert.equal(r.events.total, truth.events);
    assert.equal(r.retransmits.total, truth.retransmits);
    assert.equal(r.retransmits.tlp, truth.tlp);
    assert.equal(r.drops.total, truth.drops);
    assert.deepEqual(new Map(r.drops.by_reason.map((x) => [x.key, x.count])), truth.dropsByReason);
    assert.equal(r.sessions.total, truth.sessions);
    assert.equal(r.sessions.tx_kb, truth.txKb);
    assert.equal(r.opens.total, truth.opens);
    assert.equal(r.opens.failed, truth.failedOpens);
    assert.equal(
      r.xdp.reduce((a, x) => a + x.packets, 0),
      truth.xdpPackets,
    );
    assert.equal(r.lost.events, truth.lost);

    // The one busy flow among a million others is found, and counted exactly.
    assert.deepEqual(r.retransmits.top_flows[0], { key: { family: 4, ...HEAVY }, count: truth.heavyRetransmits });
    assert.equal(r.flows[0]?.retransmits, truth.heavyRetransmits);
    // Lists stay at their top, and what they leave out is in "other".
    for (const list of [
      r.retransmits.top_flows,
      r.drops.top_flows,
      r.opens.by_process,
      r.opens.top_failing_paths,
      r.sessions.longest,
      r.sessions.biggest,
      r.flows,
    ])
      assert.ok(list.length <= TOP);
    assert.equal(r.retransmits.top_flows.reduce((a, f) => a + f.count, 0) + r.retransmits.other_flows, truth.retransmits);
    assert.equal(r.opens.by_process.reduce((a, p) => a + p.opens, 0) + r.opens.other_processes.opens, truth.opens);
    assert.equal(r.opens.by_process.reduce((a, p) => a + p.failed, 0) + r.opens.other_processes.failed, truth.failedOpens);
    assert.ok(r.diagnostics.samples.length <= 12);
    assert.ok(r.series.by_type['file.open']!.length <= 600);
    assert.ok(
      r.approximate.includes('retransmits.top_flows') && r.approximate.includes('sessions.duration_ms'),
      'the report says which parts outgrew their tallies',
    );

    // Held memory: keys stay under the caps, and the heap held after 1,000,000 events is within a few MB of
    // what it was after 200,000 (a tally that kept one entry per distinct key would hold tens of MB more).
    for (const k of keys) assert.ok(k <= KEY_CAP, `${k} keys tracked`);
    const growth = heap.at(-1)! - heap[0]!;
    t.diagnostic(
      `held heap after 200k, 400k, ... 1M events: ${heap.map((h) => (h / 1048576).toFixed(1)).join(', ')} MB; keys tracked: ${keys.join(', ')}; ${seconds.toFixed(1)} s with a garbage collection every 200k`,
    );
    assert.ok(
      growth < 6 * 1024 * 1024,
      `the held heap grew by ${(growth / 1048576).toFixed(1)} MB from 200,000 to 1,000,000 events (${heap.map((h) => (h / 1048576).toFixed(1)).join(', ')} MB)`,
    );
    assert.match(renderSummary(r), /^Bounded: /m);
  });
});
