// probectl run --publish with fake probes (no root): every event of the live run stored once, under this host, with a message id naming this boot.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import { subjectToken } from '../../src/publish/subject.js';
import { until } from '../e2e/until.js';
import { leftovers, makeFakes, type Fakes } from '../run/fakes.js';
import { NatsServer } from './nats-server.js';
import { ProbectlProcess } from './probectl-process.js';
import { readStream } from './stream-reader.js';

describe('probectl run --publish (fake probes)', () => {
  let fakes: Fakes;
  let work: string;
  let server: NatsServer;

  before(async () => {
    fakes = makeFakes();
    work = mkdtempSync(join(tmpdir(), 'probectl-run-publish-'));
    process.env[PLAN_FILE_VARIABLE] = fakes.planFile(work, ['tcplife']);
    server = await NatsServer.start();
  });
  after(async () => {
    delete process.env[PLAN_FILE_VARIABLE];
    await server.stop();
    rmSync(work, { recursive: true, force: true });
    fakes.remove();
  });

  it('stores each event of the run once, as this host, with the boot id in its message id, and says so when stopped', { timeout: 60_000 }, async () => {
    const run = new ProbectlProcess(['run', 'tcplife', '--grace', '0.3', '--publish', server.url]);
    await until('3 sessions', () => (run.stdout.match(/"type":"tcp.session"/g) ?? []).length >= 3);
    assert.equal(await run.interrupt(), 0, run.stderr);
    const printed = run.lines();
    const stored = await readStream(server.url, 'PROBECTL');
    assert.deepEqual(
      stored.map((m) => m.data),
      printed,
      'the stream holds what the run printed, in its order',
    );
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    for (const m of stored) {
      const event = JSON.parse(m.data) as { type: string; host: string; seq: number };
      assert.equal(event.host, hostname());
      assert.equal(m.subject, `probectl.${subjectToken(hostname())}.${event.type}`);
      assert.match(m.id ?? '', new RegExp(`^${hostname()}/${boot}\\.\\d+/${event.seq}$`));
    }
    assert.match(run.stderr, new RegExp(`published ${printed.length} events to ${server.url} \\(stream PROBECTL\\)`));
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});
