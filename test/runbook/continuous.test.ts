// probectl watch's evaluation: each host judged at its own times, so that a backlog read at once raises what the same events raise live.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import type { ProbeEvent } from '../../src/events/index.js';
import type { AlertEvent } from '../../src/runbook/alert-event.js';
import { CLOCK_STEP_MS, ContinuousEvaluation } from '../../src/runbook/continuous.js';
import { loadRunbook } from '../../src/runbook/load.js';
import type { Runbook } from '../../src/runbook/model.js';
import { recording, runbookFile } from './fixtures.js';

const OPTIONS = { windowS: 3, forS: 1, everyS: 1 };
const TIMER_MS = 250;

/** The events as they arrive one after another, each `latencyMs` after its time, with the watch's timer every 250 ms until `endMs` after the last. */
function live(evaluation: ContinuousEvaluation, events: ProbeEvent[], latencyMs: number, endMs: number): AlertEvent[] {
  const out: AlertEvent[] = [];
  let timer = events[0]!.ts + latencyMs;
  let now = timer;
  for (const event of events) {
    now = Math.max(now, event.ts + latencyMs);
    for (; timer <= now; timer += TIMER_MS) out.push(...evaluation.evaluate(timer));
    out.push(...evaluation.add(event, now));
  }
  for (const end = now + endMs; timer <= end; timer += TIMER_MS) out.push(...evaluation.evaluate(timer));
  return out;
}

/** The events all at once at `now` (a watch started after them), then the timer every 250 ms for `endMs`. */
function backlog(evaluation: ContinuousEvaluation, events: ProbeEvent[], now: number, endMs: number): AlertEvent[] {
  const out: AlertEvent[] = [];
  for (const event of events) out.push(...evaluation.add(event, now));
  for (let timer = now; timer <= now + endMs; timer += TIMER_MS) out.push(...evaluation.evaluate(timer));
  return out;
}

const summary = (alerts: AlertEvent[]) =>
  alerts.map((a) => `${a.type} ${JSON.stringify(a.key)} ${a.value} at ${a.ts}${a.since === undefined ? '' : ` since ${a.since}`}`);

describe("probectl watch's evaluation of each host's window", () => {
  let runbook: Runbook;
  let events: ProbeEvent[];
  let dir: string;
  before(async () => {
    runbook = await loadRunbook(runbookFile('workload-stalled'), new Map([['max_retransmits', '5']]));
    events = [];
    for await (const event of replay(recording('runbooks', 'tcp-loss'))) events.push(event);
    dir = mkdtempSync(join(tmpdir(), 'probectl-continuous-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('raises and resolves at times of the host: its first event, then every second of its clock', () => {
    const first = events[0]!.ts;
    const retransmits = events.filter((e) => e.type === 'tcp.retransmit' && e.lport === 45674).map((e) => e.ts);
    assert.equal(retransmits.length, 7);
    const alerts = live(new ContinuousEvaluation(runbook, OPTIONS), events, 40, 8000);
    assert.deepEqual(
      alerts.map((a) => [a.type, a.key, a.comm, a.value]),
      [
        ['runbook.alert', { pid: 1725 }, 'pctl-cli', 7],
        ['runbook.resolve', { pid: 1725 }, 'pctl-cli', 0],
      ],
    );
    const [raised, resolved] = alerts as [AlertEvent, AlertEvent];
    // Breaching from the first time after the retransmits (and the session naming their task), raised a second later.
    const breached = first + Math.ceil((Math.max(...retransmits) - first) / 1000) * 1000;
    assert.equal(raised.ts, breached + 1000);
    // Resolved at the first time the window (3 s) no longer holds more than 5 of them: after the second-oldest left.
    const secondLeaves = [...retransmits].sort((a, b) => a - b)[1]! + 3000;
    assert.equal(resolved.ts, first + Math.ceil((secondLeaves - first) / 1000) * 1000);
    assert.equal(resolved.since, raised.ts);
  });

  it('a backlog read at once raises exactly what the same events raised live', () => {
    const arrivedLive = live(new ContinuousEvaluation(runbook, OPTIONS), events, 40, 8000);
    const lateBy = 600_000;
    const fromBacklog = backlog(new ContinuousEvaluation(runbook, OPTIONS), events, events.at(-1)!.ts + lateBy, 8000);
    assert.equal(arrivedLive.length, 2);
    assert.deepEqual(fromBacklog, arrivedLive);
  });

  it('a backlog of two stalls ten minutes apart raises and resolves each, not only what its last seconds hold', () => {
    const later = events.map((e) => ({ ...e, ts: e.ts + 600_000 }));
    const alerts = backlog(new ContinuousEvaluation(runbook, OPTIONS), [...events, ...later], later.at(-1)!.ts + 1000, 8000);
    assert.deepEqual(
      summary(alerts).map((line) => line.replace(/ at .*/, '')),
      ['runbook.alert {"pid":1725} 7', 'runbook.resolve {"pid":1725} 0', 'runbook.alert {"pid":1725} 7', 'runbook.resolve {"pid":1725} 0'],
    );
    assert.equal(alerts[2]!.ts - alerts[0]!.ts, 600_000);
  });

  it('a backlog larger than a window may hold is judged as it is read: the stall at its start is not lost to the 100,000 after it', () => {
    const drop = events.find((e) => e.type === 'tcp.drop')!;
    const last = events.at(-1)!.ts;
    const after = Array.from({ length: 200_000 }, (_, i) => ({ ...drop, ts: last + 10 + i * 5 }));
    const alerts = backlog(new ContinuousEvaluation(runbook, OPTIONS), [...events, ...after], after.at(-1)!.ts + 1000, 2000);
    assert.deepEqual(
      summary(alerts).map((line) => line.replace(/ at .*/, '')),
      ['runbook.alert {"pid":1725} 7', 'runbook.resolve {"pid":1725} 0'],
    );
  });

  it('says once when a host fills its window and older events begin to leave it early', () => {
    const full: [string, number][] = [];
    const evaluation = new ContinuousEvaluation(runbook, { ...OPTIONS, onWindowFull: (host, limit) => full.push([host, limit]) });
    const drop = events.find((e) => e.type === 'tcp.drop')!;
    const burst = Array.from({ length: 100_000 }, () => ({ ...drop }));
    for (const event of burst) evaluation.add(event, drop.ts);
    assert.deepEqual(full, [], 'a window of 100,000 events is not yet over-full');
    evaluation.add({ ...drop }, drop.ts);
    evaluation.add({ ...drop }, drop.ts);
    assert.deepEqual(full, [[drop.host, 100_000]]);
  });

  it('a host whose clock steps back an hour is judged on its new time: a stall after the step raises and resolves as one before it', () => {
    const steps: [string, number][] = [];
    const evaluation = new ContinuousEvaluation(runbook, { ...OPTIONS, onClockStep: (host, backMs) => steps.push([host, backMs]) });
    const stepped = events.map((e) => ({ ...e, ts: e.ts - 3_600_000 }));
    // The same stall again 12 s later by the wall clock, once the host's clock was set back an hour.
    const alerts = [...live(evaluation, events, 40, 8000), ...live(evaluation, stepped, 3_600_000 + 12_000, 8000)];
    assert.deepEqual(
      summary(alerts).map((line) => line.replace(/ at .*/, '')),
      ['runbook.alert {"pid":1725} 7', 'runbook.resolve {"pid":1725} 0', 'runbook.alert {"pid":1725} 7', 'runbook.resolve {"pid":1725} 0'],
    );
    // At the same times of the new clock as the first stall at times of the old one.
    assert.equal(alerts[2]!.ts, alerts[0]!.ts - 3_600_000);
    assert.equal(alerts[3]!.ts, alerts[1]!.ts - 3_600_000);
    assert.deepEqual(steps, [[events[0]!.host, events.at(-1)!.ts - stepped[0]!.ts]]);
  });

  it('events of one host a moment out of order (the lines of its probes interleaving) are not a clock step', () => {
    const steps: number[] = [];
    const evaluation = new ContinuousEvaluation(runbook, { ...OPTIONS, onClockStep: (_host, backMs) => steps.push(backMs) });
    const shuffled = events.map((e, i) => ({ ...e, ts: e.ts + (i % 2 === 0 ? 0 : -CLOCK_STEP_MS) }));
    const alerts = live(evaluation, shuffled, 40, 8000);
    assert.deepEqual(steps, []);
    assert.deepEqual(
      summary(alerts).map((line) => line.replace(/ at .*/, '')),
      ['runbook.alert {"pid":1725} 7', 'runbook.resolve {"pid":1725} 0'],
    );
  });

  it('an assertion broken by silence fires during a day without events at the time `for` says, and a later event resolves it', async () => {
    const file = join(dir, 'quiet.yaml');
    writeFileSync(
      file,
      'name: quiet\nprobes:\n  tcplife: {}\nduration: 3\nassertions:\n  - name: sessions\n    count:\n      type: tcp.session\n    at_least: 1\n    severity: alert\n    message: no session on ${host}\n',
    );
    const quiet = await loadRunbook(file);
    const evaluation = new ContinuousEvaluation(quiet, { windowS: 3, forS: 2, everyS: 1 });
    const session = events.find((e) => e.type === 'tcp.session')!;
    assert.deepEqual(evaluation.add(session, 0), []);
    const dayLater = evaluation.evaluate(86_400_000);
    // The session leaves the window 3 s after it; the breach starts at the next time and fires 2 s after that.
    assert.deepEqual(summary(dayLater), [`runbook.alert {} 0 at ${session.ts + 6000}`]);
    // A session a day later (its host's clock already there) resolves it at the next time.
    const next = { ...session, ts: session.ts + 86_400_000 };
    assert.deepEqual(evaluation.add(next, 86_400_000), []);
    assert.deepEqual(summary(evaluation.evaluate(86_401_000)), [`runbook.resolve {} 1 at ${session.ts + 86_401_000} since ${session.ts + 6000}`]);
  });
});
