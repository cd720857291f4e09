// `go tool pprof` (Debian's golang-go) for the tests that check what probectl writes against the reference reader.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { tempDir } from './temp-dir.js';

const work = tempDir('pctl-go-');

/** `go tool pprof` with these arguments, or undefined (skipped, or failed when CI=true) where go is not installed. */
export function goPprof(t: TestContext, ...args: string[]): { status: number | null; stdout: string; stderr: string } | undefined {
  const result = spawnSync('go', ['tool', 'pprof', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HOME: work, GOCACHE: join(work, 'go-cache'), PPROF_TMPDIR: work },
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    const reason = 'no go on PATH (scripts/setup.sh installs the golang-go package, whose go tool pprof reads pprof files)';
    if (process.env.CI === 'true') assert.fail(`${reason}; CI=true requires this test to run`);
    t.skip(reason);
    return undefined;
  }
  assert.equal(result.error, undefined, `go tool pprof did not finish: ${result.error}`);
  return result;
}
