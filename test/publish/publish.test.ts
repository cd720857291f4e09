import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probectl } from '../cli/cli-process.js';
import { recording } from '../runbook/fixtures.js';
import { NatsServer } from './nats-server.js';
import { ProbectlProcess } from './probectl-process.js';
import { readStream, storedCount, type StoredMessage } from './stream-reader.js';

interface Event {
  type: string;
  host: string;
  seq: number;
}

/** What probectl replay prints for DIR: the events the stream must hold, each once. */
function replayed(dir: string): string[] {
  const plain = probectl(['replay', dir]);
  assert.equal(plain.code, 0, plain.stderr);
  return plain.stdout.trim().split('\n');
}

/** Every event stored once, under PREFIX.<host>.<type>, with its JSON line as the payload and in seq order for each host. */
function assertExactlyOnce(stored: StoredMessage[], expected: string[], prefix: string): void {
  assert.equal(stored.length, expected.length, `stored ${stored.length} messages for ${expected.length} events`);
  assert.deepEqual([...stored.map((m) => m.data)].sort(), [...expected].sort(), 'the stored payloads are the events, each once');
  assert.equal(new Set(stored.map((m) => m.id)).size, stored.length, 'a distinct message id each');
  const lastSeq = new Map<string, number>();
  for (const m of stored) {
    const event = JSON.parse(m.data) as Event;
    assert.equal(m.subject, `${prefix}.${event.host}.${event.type}`);
    assert.ok((lastSeq.get(event.host) ?? 0) < event.seq, `${event.host}: seq ${event.seq} after ${lastSeq.get(event.host)}`);
    lastSeq.set(event.host, event.seq);
  }
}

describe('replay --publish to a real nats-server', () => {
  let server: NatsServer;
  before(async () => (server = await NatsServer.start()));
  after(async () => await server.stop());

  it('stores every event once under PREFIX.<host>.<type>, and a second replay of the same recording adds nothing', async () => {
    const dir = recording('runbooks', 'tcp-loss');
    const expected = replayed(dir);
    const first = probectl(['replay', dir, '--publish', `${server.url}/lab`, '--stream', 'LAB_ONCE']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, new RegExp(`published ${expected.length} events to ${server.url}/lab \\(stream LAB_ONCE\\)`));
    assertExactlyOnce(await readStream(server.url, 'LAB_ONCE'), expected, 'lab');

    const again = probectl(['replay', dir, '--publish', `${server.url}/lab`, '--stream', 'LAB_ONCE']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, new RegExp(`published 0 events .*, ${expected.length} already stored`));
    assert.equal((await readStream(server.url, 'LAB_ONCE')).length, expected.length);
  });

  it('keeps every event once, in order per host, when the server is killed for 5 s mid-replay and started again', async () => {
    // Two hosts' recordings of tcpretrans, each line re-paced to arrive 350 ms after the one before, so the replay spans the outage.
    const dir = mkdtempSync(join(tmpdir(), 'probectl-outage-'));
    const spool = join(dir, 'spool');
    try {
      const source = recording('tcpretrans', 'probectl');
      for (const host of ['host-a', 'host-b']) {
        const target = join(dir, 'recordings', host);
        mkdirSync(target, { recursive: true });
        cpSync(source, target, { recursive: true });
        const meta = JSON.parse(readFileSync(join(source, 'meta.json'), 'utf8')) as Record<string, unknown>;
        writeFileSync(join(target, 'meta.json'), JSON.stringify({ ...meta, host, note: 'tcpretrans/probectl re-paced: one line every 350 ms' }));
        const lines = readFileSync(join(source, 'stdout'), 'utf8').split(/(?<=\n)/);
        const stderrBytes = readFileSync(join(source, 'stderr')).length;
        const timing = [
          ...(stderrBytes > 0 ? [{ t: 0, s: 'e', n: stderrBytes }] : []),
          ...lines.map((l, i) => ({ t: 100 + i * 350 + (host === 'host-b' ? 120 : 0), s: 'o', n: Buffer.byteLength(l) })),
          { t: 100 + lines.length * 350 + 200, end: true },
        ];
        writeFileSync(join(target, 'timing.jsonl'), timing.map((t) => JSON.stringify(t)).join('\n') + '\n');
      }
      const recordings = join(dir, 'recordings');
      const expected = replayed(recordings);
      const run = new ProbectlProcess(['replay', recordings, '--speed', '1', '--publish', server.url, '--stream', 'OUTAGE', '--spool', spool]);
      let before = 0;
      while ((before = await storedCount(server.url, 'OUTAGE')) < 5) await new Promise((r) => setTimeout(r, 100));
      await server.kill();
      const killedAt = Date.now();
      await new Promise((r) => setTimeout(r, 5000));
      await server.restart();
      const outage = Date.now() - killedAt;
      const atRestart = await storedCount(server.url, 'OUTAGE');
      assert.equal(await run.end(), 0, run.stderr);
      assert.ok(outage >= 5000);
      assert.ok(
        before < expected.length - 20 && atRestart < expected.length - 5,
        `stored ${before} before the outage and ${atRestart} after it, of ${expected.length}`,
      );
      assert.match(run.stderr, /warning: could not publish to|warning: cannot reach/, 'the outage was noticed');
      assert.match(run.stderr, new RegExp(`published ${expected.length} events to ${server.url} \\(stream OUTAGE\\)`), run.stderr);
      assert.doesNotMatch(run.stderr, /lost/);
      assertExactlyOnce(await readStream(server.url, 'OUTAGE'), expected, 'probectl');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps what a run could not send in its --spool directory, and the next run there sends it first, each event once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probectl-kept-'));
    const spool = join(dir, 'spool');
    try {
      const away = recording('runbooks', 'tcp-loss');
      const awayEvents = replayed(away);
      const first = probectl(['replay', away, '--publish', 'nats://127.0.0.1:9/kept', '--stream', 'KEPT', '--spool', spool, '--publish-wait', '1']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, new RegExp(`published 0 events .*, ${awayEvents.length} events unsent, kept in ${spool} for the next run`));
      assert.doesNotMatch(first.stderr, /lost/);

      const later = recording('tcpretrans', 'probectl');
      const laterEvents = replayed(later);
      const second = probectl(['replay', later, '--publish', `${server.url}/kept`, '--stream', 'KEPT', '--spool', spool]);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stderr, new RegExp(`${awayEvents.length} events an earlier run left unsent in ${spool} are sent first`));
      const total = awayEvents.length + laterEvents.length;
      assert.match(second.stderr, new RegExp(`published ${total} events to ${server.url}/kept \\(stream KEPT\\)`), second.stderr);
      const stored = await readStream(server.url, 'KEPT');
      assert.deepEqual(
        stored.map((m) => m.data),
        [...awayEvents, ...laterEvents],
        'the earlier run first, then this one, each event once and in order',
      );
      assert.deepEqual(readdirSync(spool), [], 'the spool directory is empty once everything was stored');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts and says what could not be sent when the server never answers', () => {
    const r = probectl(['replay', recording('runbooks', 'tcp-loss'), '--publish', 'nats://127.0.0.1:9', '--publish-wait', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: cannot reach nats:\/\/127\.0\.0\.1:9: ECONNREFUSED/);
    assert.match(r.stderr, /published 0 events .*, 35 events lost \(35 unsent when the run ended\)/);
  });
});

describe('the publish options', () => {
  it('refuse a URL that is not nats://, and --stream without --publish, in one line (exit 2)', () => {
    const bad = probectl(['replay', recording('runbooks', 'tcp-loss'), '--publish', 'http://127.0.0.1:4222']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^probectl: invalid option: --publish must be nats:\/\/HOST:PORT\[\/PREFIX\]/);
    const alone = probectl(['replay', recording('runbooks', 'tcp-loss'), '--stream', 'X']);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /^probectl: --stream needs --publish nats:\/\/HOST:PORT\./);
  });
});
