import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeDirectory } from '../../src/core/make-directory.js';
import { repoRoot } from '../recordings.js';

describe('making a directory and its parents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-mkdir-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('makes every missing parent, and accepts a directory that is already there', () => {
    const deep = join(dir, 'a', 'b', 'c');
    makeDirectory(deep);
    assert.ok(statSync(deep).isDirectory());
    makeDirectory(deep);
    makeDirectory(dir);
  });

  it('fails with the reason where a file is in the way', () => {
    const file = join(dir, 'file');
    writeFileSync(file, '');
    assert.throws(() => makeDirectory(file), { code: 'EEXIST' });
    assert.throws(() => makeDirectory(join(file, 'below')), { code: 'ENOTDIR' });
  });

  it('fails at once under /proc, where recursive mkdir never returns', () => {
    // In a child process: were it to spin, the timeout ends it instead of this test run.
    const module = new URL('../../src/core/make-directory.js', import.meta.url).href;
    const script = `const { makeDirectory } = await import(${JSON.stringify(module)});
      try { makeDirectory('/proc/probectl-no-such/deeper'); console.log('made'); } catch (e) { console.log(e.code); }`;
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(result.signal, null, 'it did not end by itself');
    assert.equal(result.stdout.trim(), 'ENOENT');
    assert.ok(performance.now() - started < 5000);
  });

  it('is the only way probectl makes directories: no recursive mkdir is left in the sources', () => {
    const offenders: string[] = [];
    const walk = (at: string): void => {
      for (const entry of readdirSync(at, { withFileTypes: true })) {
        const path = join(at, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && /mkdir(?:Sync)?\([^)]*recursive/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    walk(join(repoRoot, 'src'));
    assert.deepEqual(offenders, []);
  });
});
