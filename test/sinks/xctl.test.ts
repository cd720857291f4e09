import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { closingLine } from '../../src/cli/output.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { XctlSink } from '../../src/sinks/xctl.js';
import { repoRoot } from '../recordings.js';
import { drop, retransmit, session } from '../tcp-events.js';

const A: [string, number] = ['10.0.0.1', 40000];
const B: [string, number] = ['10.0.0.2', 5001];

function render(events: ProbeEvent[]): { lines: string[]; sink: XctlSink } {
  const out = new PassThrough();
  const sink = new XctlSink(out);
  for (const e of events) sink.write(e);
  sink.flush();
  const text = String(out.read() ?? '');
  return { lines: text === '' ? [] : text.split('\n'), sink };
}

describe('xctl sink', () => {
  it('writes exactly the transport.drop shape, keys in order and no spaces, for pid 0, large pids and counts past 9', () => {
    const events = [retransmit(1795313106103, A, B, { pid: 0 }), drop(1795313106104, B, A, { pid: 4194304, comm: 'pctl-srv' })];
    for (let i = 0; i < 10; i++) events.push(retransmit(1795313106200 + i, A, B, { pid: 0 }));
    const { lines } = render(events);
    assert.equal(lines.at(-1), '', 'every record ends with a newline');
    assert.equal(lines[0], '{"ts":1795313106103,"event_type":"transport.drop","entity_id":"network-pid-0","pid":0,"value":"1"}');
    assert.equal(lines[1], '{"ts":1795313106104,"event_type":"transport.drop","entity_id":"network-pid-4194304","pid":4194304,"value":"1"}');
    assert.equal(lines[11], '{"ts":1795313106209,"event_type":"transport.drop","entity_id":"network-pid-0","pid":0,"value":"11"}');
    assert.equal(lines.length, 13);
  });

  it('keeps one running count per pid over retransmits and drops together, across interleaved pids', () => {
    const { lines } = render([
      retransmit(1, A, B, { pid: 7 }),
      drop(2, B, A, { pid: 8 }),
      drop(3, B, A, { pid: 7 }),
      session(4, A, B, { pid: 7 }), // not a retransmit or drop: not written, not counted
      retransmit(5, A, B, { pid: 8 }),
      retransmit(6, A, B, { pid: 7 }),
    ]);
    const pairs = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as { ts: number; pid: number; value: string });
    assert.deepEqual(
      pairs.map((p) => [p.ts, p.pid, p.value]),
      [
        [1, 7, '1'],
        [2, 8, '1'],
        [3, 7, '2'],
        [5, 8, '2'],
        [6, 7, '3'],
      ],
    );
  });

  it('skips the retransmits and drops that printed no pid, counts them, and says so in the closing line', () => {
    const { lines, sink } = render([retransmit(1, A, B), drop(2, B, A), retransmit(3, A, B, { pid: 9 }), session(4, A, B)]);
    assert.deepEqual(lines, ['{"ts":3,"event_type":"transport.drop","entity_id":"network-pid-9","pid":9,"value":"1"}', '']);
    assert.equal(sink.skipped, 2);
    assert.equal(
      closingLine(new Map([['tcp.retransmit', 2]]), 0, [sink.note()]),
      'probectl: 2 events, 0 diagnostics; 2 retransmits and drops without a pid not written (xctl)',
    );
    assert.equal(render([retransmit(1, A, B, { pid: 1 })]).sink.note(), undefined);
  });
});

const main = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const run = promisify(execFile);
const SHAPE = /^\{"ts":(\d+),"event_type":"transport\.drop","entity_id":"network-pid-(\d+)","pid":(\d+),"value":"(\d+)"\}$/;

describe('probectl replay --format xctl', () => {
  for (const recording of ['recordings/tcpretrans/bcc-default', 'recordings/tcpdrop/probectl', 'recordings/tcpretrans/probectl']) {
    it(`${recording}: one exact-shape line per event with a pid, its final value the pid's count in the JSONL replay`, async () => {
      const xctl = await run(process.execPath, [main, 'replay', recording, '--format', 'xctl'], { cwd: repoRoot });
      const jsonl = await run(process.execPath, [main, 'replay', recording, '--format', 'jsonl'], { cwd: repoRoot });
      const events = jsonl.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as ProbeEvent);
      const counted = events.filter(
        (e): e is Extract<ProbeEvent, { type: 'tcp.retransmit' | 'tcp.drop' }> => e.type === 'tcp.retransmit' || e.type === 'tcp.drop',
      );
      const expected = new Map<number, number>();
      for (const e of counted) if (e.pid !== undefined) expected.set(e.pid, (expected.get(e.pid) ?? 0) + 1);

      const lines = xctl.stdout.split('\n');
      assert.equal(lines.pop(), '');
      const final = new Map<number, number>();
      for (const line of lines) {
        const m = SHAPE.exec(line);
        assert.ok(m, `not the xctl shape: ${line}`);
        assert.equal(m[2], m[3], 'entity_id names the pid');
        final.set(Number(m[3]), Number(m[4]));
      }
      assert.deepEqual(final, expected);
      assert.deepEqual(
        lines.map((l) => Number(SHAPE.exec(l)![1])),
        counted.filter((e) => e.pid !== undefined).map((e) => e.ts),
        "ts is the event's",
      );
      const skipped = counted.length - lines.length;
      assert.match(
        xctl.stderr,
        skipped === 0
          ? /^probectl: \d+ events?, \d+ diagnostics?\n$/
          : new RegExp(`; ${skipped} ${skipped === 1 ? 'retransmit or drop' : 'retransmits and drops'} without a pid not written \\(xctl\\)\\n$`),
      );
    });
  }
});
