import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { checkLabPrerequisites } from '../../src/lab/preflight.js';

describe('lab prerequisites', () => {
  it('refuses without root, saying to run it as root', async (t) => {
    t.mock.method(process as { getuid: () => number }, 'getuid', () => 1000);
    await assert.rejects(
      checkLabPrerequisites(),
      (e: unknown) => e instanceof ProbectlError && e.code === 'PRIVILEGES' && /needs root/.test(e.message) && /as root/.test(e.suggestion),
    );
  });

  it('refuses when ip is missing, naming the package to install', async (t) => {
    t.mock.method(process as { getuid: () => number }, 'getuid', () => 0);
    const empty = mkdtempSync(join(tmpdir(), 'pctl-path-'));
    const path = process.env.PATH;
    process.env.PATH = empty; // nothing can be found
    try {
      await assert.rejects(
        checkLabPrerequisites(),
        (e: unknown) => e instanceof ProbectlError && e.code === 'LAB' && /`ip netns` is missing/.test(e.message) && /iproute2/.test(e.suggestion),
      );
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true });
    }
  });
});
