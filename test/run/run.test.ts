import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { replay } from '../../src/api/replay.js';
import { run, runBatches, type RunOptions } from '../../src/api/run.js';
import type { ProbeEvent } from '../../src/events/index.js';
import type { ProbePlan } from '../../src/plan/plan.js';
import { Session } from '../../src/run/session.js';
import { collect, leftovers, makeFakes, ROOT, statuses, type Fakes } from './fakes.js';

const options = (over: RunOptions = {}): RunOptions => ({ facts: ROOT, host: 'test', graceMs: { int: 300, term: 300 }, durationMs: 300, ...over });
const withoutSeq = (events: ProbeEvent[]) => events.map(({ seq: _seq, ...rest }) => rest);

describe('run()', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes()));
  after(() => fakes.remove());

  it('merges several probes into one stream numbered 1, 2, 3..., each event naming its probe', async () => {
    const events = await collect(run([fakes.plan('tcplife'), fakes.plan('opensnoop')], options()));
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    );
    for (const probe of ['tcplife', 'opensnoop']) {
      assert.deepEqual(
        statuses(events, probe).map((s) => s.state),
        ['starting', 'ready', 'stopped'],
      );
      assert.ok(
        events.some((e) => e.probe === probe && (e.type === 'tcp.session' || e.type === 'file.open')),
        `no data from ${probe}`,
      );
    }
    assert.equal(
      events.filter((e) => e.type === 'tcp.session').every((e) => e.probe === 'tcplife'),
      true,
    );
  });

  it('hands the same stream over in batches: a burst of 2,000 rows comes in fewer batches than events, numbered and ordered as one', async () => {
    const batches: ProbeEvent[][] = [];
    for await (const batch of runBatches([fakes.plan('burst')], options())) batches.push(batch);
    const events = batches.flat();
    assert.ok(
      batches.every((b) => b.length > 0),
      'no empty batch',
    );
    assert.ok(Math.max(...batches.map((b) => b.length)) > 1 && batches.length < events.length, `${batches.length} batches for ${events.length} events`);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_, i) => i + 1),
    );
    assert.deepEqual(
      statuses(events).map((s) => s.state),
      ['starting', 'ready', 'stopped'],
    );
    const fds = events.flatMap((e) => (e.type === 'file.open' ? [e.fd] : []));
    assert.deepEqual(
      fds.slice(0, 2000),
      Array.from({ length: 2000 }, (_, i) => i + 1),
      'the burst in its order',
    );
  });

  it('says how each probe starts, with the command line and the env it adds', async () => {
    const events = await collect(run([fakes.plan('tcplife')], options()));
    const [starting, ready, stopped] = statuses(events);
    assert.equal(starting?.message, `FAKE_STATE=${fakes.dir} ${fakes.path('tcplife')}`);
    assert.equal(starting?.backend, 'libbpf');
    assert.match(ready?.message ?? '', /^ready after \d+ ms$/);
    assert.deepEqual(
      { state: stopped?.state, signal: stopped?.signal, message: stopped?.message },
      { state: 'stopped', signal: 'SIGINT', message: 'stopped on SIGINT' },
    );
    assert.equal(events.at(-1), stopped, 'the stopped status is the last event');
  });

  it('parses what a tool prints only when stopped (tcpretrans -c), before its stopped status', async () => {
    const events = await collect(run([fakes.plan('retranscount')], options()));
    const count = events.find((e) => e.type === 'tcp.retransmit.count');
    assert.ok(count && count.type === 'tcp.retransmit.count' && count.count === 7 && count.rport === 5001);
    assert.ok(count.seq < statuses(events).at(-1)!.seq);
  });

  it('a dozen runs at once (a fleet runs one a host) share one exit listener: no MaxListenersExceededWarning', async () => {
    const before = process.listenerCount('exit');
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const runs = Array.from({ length: 12 }, () => collect(run([fakes.plan('tcplife')], options())));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(process.listenerCount('exit'), before + 1);
      const all = await Promise.all(runs);
      for (const events of all) assert.equal(statuses(events).at(-1)?.state, 'stopped');
      assert.equal(process.listenerCount('exit'), before);
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(
      warnings.map((w) => w.name),
      [],
    );
  });

  it('reports the events a tool says it lost as tool.lost', async () => {
    const events = await collect(run([fakes.plan('retranscount')], options()));
    assert.ok(events.some((e) => e.type === 'tool.lost' && e.count === 3 && e.probe === 'retranscount'));
  });

  it('reports a failing probe as failed while the others run on until the duration ends', async () => {
    const events = await collect(run([fakes.plan('failearly'), fakes.plan('tcplife')], options({ durationMs: 400 })));
    const failed = statuses(events, 'failearly').at(-1)!;
    assert.equal(failed.state, 'failed');
    assert.equal(failed.exit_code, 3);
    assert.match(failed.message ?? '', /Exception: Failed to compile BPF module/);
    const later = events.filter((e) => e.type === 'tcp.session' && e.seq > failed.seq);
    assert.ok(later.length >= 3, `tcplife printed ${later.length} rows after the failure`);
    assert.equal(statuses(events, 'tcplife').at(-1)!.state, 'stopped');
  });

  it('parses stderr through the same pipeline, as diagnostics from stream stderr', async () => {
    const events = await collect(run([fakes.plan('stderrready')], options()));
    assert.ok(events.some((e) => e.type === 'bpftrace.printf' && e.message === 'hello from bpftrace'));
    const fromStderr = events.filter((e) => e.type === 'tool.diagnostic' && e.stream === 'stderr');
    assert.ok(fromStderr.some((e) => e.type === 'tool.diagnostic' && e.message.includes('RLIMIT_MEMLOCK')));
    assert.equal(statuses(events)[1]?.state, 'ready', 'ready came from stderr');
  });

  it('escapes bytes that are not UTF-8 as \\xNN', async () => {
    const events = await collect(run([fakes.plan('binary')], options()));
    assert.ok(events.some((e) => e.type === 'file.open' && e.path === '/tmp/caf\\xe9\\xff'));
  });

  it('cuts lines longer than the bound and says how much was dropped', async () => {
    const events = await collect(run([fakes.plan('longline')], options({ maxLineBytes: 1000 })));
    assert.ok(
      events.some((e) => e.type === 'tool.diagnostic' && e.level === 'warning' && e.message.startsWith('line longer than the bound, 99000 bytes dropped')),
    );
    assert.ok(
      events.some((e) => e.type === 'file.open'),
      'the rows after it still parse',
    );
    assert.deepEqual(
      statuses(events).map((s) => s.state),
      ['starting', 'ready', 'stopped'],
      'ready although the header shared its chunk with the long line',
    );
  });

  it('fails a probe that is not ready in time', async () => {
    const events = await collect(run([fakes.plan('silent')], options({ readyTimeoutMs: 200, durationMs: undefined })));
    const end = statuses(events).at(-1)!;
    assert.equal(end.state, 'failed');
    assert.equal(end.message, 'not ready 200 ms after its start (no line matched /MS\\n/)');
  });

  it('stops every probe when its signal aborts, and leaves no process behind', async () => {
    const abort = new AbortController();
    const events: ProbeEvent[] = [];
    for await (const e of run(
      [fakes.plan('tcplife'), fakes.plan('grandchild'), fakes.plan('deafint')],
      options({ durationMs: undefined, signal: abort.signal }),
    )) {
      events.push(e);
      if (statuses(events).filter((s) => s.state === 'ready').length === 3) abort.abort();
    }
    assert.deepEqual(
      statuses(events)
        .filter((s) => s.state === 'stopped')
        .map((s) => s.probe)
        .sort(),
      ['deafint', 'grandchild', 'tcplife'],
    );
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('stops every probe when the reader leaves the loop early', async () => {
    for await (const e of run([fakes.plan('tcplife', { probe: 'early' })], options({ durationMs: undefined }))) {
      if (e.type === 'tcp.session') break;
    }
    assert.deepEqual(leftovers([Number(readFileSync(join(fakes.dir, 'tcplife.pid'), 'utf8'))]), []);
  });

  it('refuses to start without root or CAP_BPF/CAP_SYS_ADMIN, before spawning anything', async () => {
    const marker = join(fakes.dir, 'opensnoop.pid');
    rmSync(marker, { force: true });
    await assert.rejects(
      collect(run([fakes.plan('opensnoop')], options({ facts: { root: false, capabilities: ['CAP_PERFMON'] } }))),
      (e: Error & { code?: string }) => e.code === 'PRIVILEGES' && /sudo/.test((e as { suggestion?: string }).suggestion ?? ''),
    );
    assert.equal(existsSync(marker), false, 'the probe was spawned');
    const events = await collect(run([fakes.plan('opensnoop')], options({ facts: { root: false, capabilities: ['CAP_BPF'] } })));
    assert.equal(statuses(events).at(-1)?.state, 'stopped', 'CAP_BPF is enough');
  });

  it('kills its probes when probectl dies of an uncaught error', async () => {
    fakes.clearPids();
    const helper = fileURLToPath(new URL('./crash-parent.js', import.meta.url));
    const result = spawnSync(process.execPath, [helper, fakes.dir], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Error: boom/);
    assert.equal(fakes.pids().length, 2, 'the fake and its grandchild ran');
    // SIGKILL was sent to their group as probectl died; on a busy machine they die a few ms later.
    const deadline = Date.now() + 2000;
    while (leftovers(fakes.pids()).length > 0 && Date.now() < deadline) await sleep(20);
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('refuses a probe given twice', async () => {
    await assert.rejects(collect(run([fakes.plan('tcplife'), fakes.plan('tcplife')], options())), /tcplife is given twice/);
  });

  describe('with record', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'probectl-record-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('writes a recording per probe that replays to exactly the events the probe emitted', async () => {
      const plans: ProbePlan[] = [fakes.plan('tcplife'), fakes.plan('stderrready'), fakes.plan('binary')];
      const live = await collect(run(plans, options({ record: dir })));
      for (const { probe } of plans) {
        const emitted = live.filter((e) => e.probe === probe && e.type !== 'probe.status');
        const replayed = await collect(replay(join(dir, probe)));
        const expected = readFileSync(join(dir, probe, 'expected.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as ProbeEvent);
        assert.ok(emitted.length > 3, `${probe}: ${emitted.length} events`);
        assert.deepEqual(replayed, expected, `${probe}: replay differs from expected.jsonl`);
        assert.deepEqual(withoutSeq(replayed), withoutSeq(emitted), `${probe}: replay differs from the live events`);
        assert.deepEqual(
          replayed.map((e) => e.seq),
          replayed.map((_, i) => i + 1),
          'numbered within the probe',
        );
      }
      const meta = JSON.parse(readFileSync(join(dir, 'tcplife', 'meta.json'), 'utf8')) as { argv: string[]; tool: { name: string; impl: string } };
      assert.deepEqual(meta.argv, [fakes.path('tcplife')]);
      assert.deepEqual(meta.tool, { impl: 'libbpf', name: 'tcplife', version: 'unknown' });
    });

    it('stops the probes already started when a later one cannot start (its recording cannot be made), and ends', async () => {
      const into = mkdtempSync(join(tmpdir(), 'probectl-record-late-'));
      try {
        const session = new Session([fakes.plan('tcplife'), fakes.plan('opensnoop')], {
          host: 'test',
          validate: true,
          grace: { int: 300, term: 300 },
          record: { dir: into, kernel: 'test', toolVersion: () => 'unknown' },
        });
        writeFileSync(join(into, 'opensnoop'), 'in the way'); // after the session's check, before its start
        fakes.clearPids();
        const events: ProbeEvent[] = [];
        const collected = (async () => {
          for await (const e of session.events) events.push(e);
        })();
        const ends = await session.run();
        await assert.rejects(collected, /opensnoop/);
        assert.deepEqual(
          ends.map((e) => e.state),
          ['stopped'],
          'the probe that started was stopped',
        );
        assert.deepEqual(
          statuses(events, 'tcplife').map((s) => s.state),
          ['starting', 'stopped'],
        );
        assert.deepEqual(
          statuses(events, 'opensnoop').map((s) => s.state),
          ['starting', 'failed'],
        );
        assert.deepEqual(leftovers(fakes.pids()), []);
      } finally {
        rmSync(into, { recursive: true, force: true });
      }
    });

    it('refuses to write over an existing recording, before starting anything', async () => {
      const marker = join(fakes.dir, 'tcplife.pid');
      rmSync(marker, { force: true });
      await assert.rejects(collect(run([fakes.plan('tcplife')], options({ record: dir }))), /tcplife is not empty: a recording would overwrite what is there/);
      assert.equal(existsSync(marker), false, 'the probe was spawned');
    });
  });
});
