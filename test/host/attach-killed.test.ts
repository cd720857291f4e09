// A check whose bpftrace was killed from outside gave no verdict: its facts are marked so, and never kept for the next run.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { attachChecks } from '../../src/host/attach-probes.js';
import { anyTimedOut } from '../../src/host/facts-cache.js';

describe('an attach check whose bpftrace is killed by a signal', () => {
  let dir: string;
  const fake = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  before(() => (dir = mkdtempSync(join(tmpdir(), 'probectl-attach-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is a check without an answer (measured again, never kept), not a "does not attach"', async () => {
    const killed = await attachChecks({ bpftrace: fake('killed', 'kill -KILL $$'), root: true, timeoutMs: 5000, btf: true });
    for (const check of Object.values(killed)) {
      assert.equal(check.ok, false);
      assert.equal(check.timedOut, true, check.detail);
      assert.match(check.detail, /killed by SIGKILL/);
    }
    assert.equal(anyTimedOut({ attach: killed } as never), true);
  });

  it('still says "does not attach" when bpftrace answered with an error', async () => {
    const refused = await attachChecks({ bpftrace: fake('refused', 'echo "ERROR: attach failed" >&2; exit 1'), root: true, timeoutMs: 5000, btf: true });
    for (const check of Object.values(refused)) {
      assert.equal(check.ok, false);
      assert.equal(check.timedOut, undefined, check.detail);
      assert.match(check.detail, /could not attach .*exit code 1/);
    }
  });
});
