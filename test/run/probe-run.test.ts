// A live probe's run starts its child before its module is given (the session loads it meanwhile): what the child
// printed before is parsed once the module comes, in order, after the statuses that came first.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeEvent } from '../../src/events/index.js';
import { opensnoopModule } from '../../src/probes/opensnoop/index.js';
import { ProbeRun } from '../../src/run/probe-run.js';
import { until } from '../e2e/until.js';
import { leftovers, makeFakes, type Fakes } from './fakes.js';

describe('ProbeRun', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes()));
  after(() => fakes.remove());

  const started = (events: ProbeEvent[]) => {
    rmSync(join(fakes.dir, 'counter.done'), { force: true });
    return new ProbeRun(fakes.plan('counter'), { host: 'test', validate: true, grace: { int: 300, term: 300 }, emit: (e) => events.push(e) });
  };

  it('parses what the child printed before its module was given, in order, once it is', async () => {
    const events: ProbeEvent[] = [];
    const run = started(events);
    await until('counter printed its 20 rows', () => existsSync(join(fakes.dir, 'counter.done')));
    await until('its header read', () => run.child.state === 'ready');
    await sleep(50); // its rows read too, on a machine that is not too busy
    assert.deepEqual(
      events.map((e) => (e.type === 'probe.status' ? e.state : e.type)),
      ['starting', 'ready'],
      'nothing parsed before the module',
    );
    run.parseWith(opensnoopModule);
    await run.child.stop();
    await run.done;
    const fds = events.flatMap((e) => (e.type === 'file.open' ? [e.fd] : []));
    assert.deepEqual(
      fds,
      Array.from({ length: 20 }, (_, i) => i + 1),
      'the 20 rows it printed, parsed in order',
    );
    const last = events.at(-1);
    assert.equal(last?.type === 'probe.status' && last.state, 'stopped');
    assert.deepEqual(leftovers(fakes.pids()), []);
  });

  it('without a module (it could not be loaded) leaves the output unparsed and still ends with its status', async () => {
    const events: ProbeEvent[] = [];
    const run = started(events);
    run.parseWith(undefined);
    await until('counter printed its 20 rows', () => existsSync(join(fakes.dir, 'counter.done')));
    await until('its header read', () => run.child.state === 'ready');
    await run.child.stop();
    await run.done;
    assert.deepEqual(
      events.map((e) => (e.type === 'probe.status' ? e.state : e.type)),
      ['starting', 'ready', 'stopped'],
    );
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});
