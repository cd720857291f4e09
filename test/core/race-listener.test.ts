// raceListener: a promise against an event, the listener removed whichever wins; and the loops built on it keep no memory per item.
import assert from 'node:assert/strict';
import { EventEmitter, getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { untilAborted } from '../../src/cli/until-aborted.js';
import { raceListener } from '../../src/core/race-listener.js';

/** Listens for 'stop' on the emitter. */
const onStop = (emitter: EventEmitter) => (settle: (value: string) => void) => {
  emitter.once('stop', settle);
  return () => emitter.off('stop', settle);
};

describe('raceListener', () => {
  it("gives the promise's value when it settles first, and removes the listener", async () => {
    const emitter = new EventEmitter();
    assert.equal(await raceListener(Promise.resolve(7), onStop(emitter)), 7);
    assert.equal(emitter.listenerCount('stop'), 0);
  });

  it("gives the listener's value when the event comes first, and removes the listener", async () => {
    const emitter = new EventEmitter();
    const raced = raceListener(new Promise<number>(() => {}), onStop(emitter));
    emitter.emit('stop', 'stopped');
    assert.equal(await raced, 'stopped');
    assert.equal(emitter.listenerCount('stop'), 0);
  });

  it("rejects with the promise's error, and removes the listener", async () => {
    const emitter = new EventEmitter();
    await assert.rejects(raceListener(Promise.reject(new Error('broken')), onStop(emitter)), /broken/);
    assert.equal(emitter.listenerCount('stop'), 0);
  });

  it('settles at once when the listener fires as it is added, and removes it', async () => {
    let removed = 0;
    const value = await raceListener(new Promise<number>(() => {}), (settle: (v: string) => void) => {
      settle('already');
      return () => removed++;
    });
    assert.equal(value, 'already');
    assert.equal(removed, 1);
  });
});

describe('untilAborted', () => {
  it('ends at the abort while the source waits, leaving no listener on the signal', async () => {
    const stop = new AbortController();
    async function* slow() {
      yield 1;
      await new Promise(() => {}); // never another
    }
    const seen: number[] = [];
    setTimeout(() => stop.abort(), 20);
    for await (const n of untilAborted(slow(), stop.signal)) seen.push(n);
    assert.deepEqual(seen, [1]);
    assert.equal(getEventListeners(stop.signal, 'abort').length, 0);
  });

  it('keeps no memory per item: 300,000 items leave the heap where 10,000 left it', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const stop = new AbortController();
    async function* items() {
      for (let i = 0; i < 300_000; i++) yield i;
    }
    let atStart = 0;
    let atEnd = 0;
    for await (const n of untilAborted(items(), stop.signal)) {
      if (n === 10_000) {
        gc();
        atStart = process.memoryUsage().heapUsed;
      }
      if (n === 299_999) {
        gc();
        atEnd = process.memoryUsage().heapUsed;
      }
    }
    const grownMb = (atEnd - atStart) / 1e6;
    // Racing each item against one long-lived promise kept a reaction and a closure an item: 171 MB here.
    assert.ok(grownMb < 5, `the heap grew ${grownMb.toFixed(1)} MB over 290,000 items`);
  });
});
