import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { holdLab } from '../../src/lab/lock.js';
import { liveOrSkip } from '../live.js';
import { repoRoot } from '../recordings.js';

const lockModule = pathToFileURL(join(repoRoot, 'dist', 'src', 'lab', 'lock.js')).href;

/** Another process trying to take the lab for up to waitMs, printing what happened. */
function otherProcess(waitMs: number) {
  const script = `const { withLabLock } = await import(${JSON.stringify(lockModule)});
await withLabLock(async () => console.log('got it'), { waitMs: ${waitMs}, onWait: (h) => console.log('waiting for ' + h) }).catch((e) => (console.log(e.message), process.exit(1)));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('the lab lock (live: root, /run)', () => {
  it('makes another process wait, tells it who holds the lab, and lets it in once released', async (t) => {
    if (!liveOrSkip(t)) return;
    const release = await holdLab();
    try {
      const blocked = otherProcess(1_000);
      assert.equal(blocked.status, 1);
      assert.match(blocked.stdout, new RegExp(`waiting for pid ${process.pid} `));
      assert.match(blocked.stdout, new RegExp(`the lab is in use by pid ${process.pid} .*still after 1 s`));
    } finally {
      release();
    }
    const free = otherProcess(5_000);
    assert.equal(free.status, 0, free.stdout + free.stderr);
    assert.match(free.stdout, /got it/);
  });

  it('is freed when its holder ends without releasing it', async (t) => {
    if (!liveOrSkip(t)) return;
    const script = `const { holdLab } = await import(${JSON.stringify(lockModule)}); await holdLab({ waitMs: 5000 }); console.log('held'); process.exit(0);`;
    const holder = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.match(holder.stdout, /held/);
    const release = await holdLab({ waitMs: 5_000 });
    release();
  });

  it('is re-entrant within a process', async (t) => {
    if (!liveOrSkip(t)) return;
    const outer = await holdLab();
    const inner = await holdLab({ waitMs: 1_000 });
    inner();
    assert.equal(otherProcess(1_000).status, 1, 'still held by the outer holder');
    outer();
    assert.equal(otherProcess(5_000).status, 0);
  });
});
