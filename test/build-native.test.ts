// The native build: skipped with the reason (exit 0) where clang, bpftool or libbpf headers are missing, unless asked for outright.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './recordings.js';

const script = join(repoRoot, 'scripts', 'build-native.sh');
const withoutTools = (args: string[]) => spawnSync('/bin/bash', [script, ...args], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });

describe('npm run build:native', () => {
  it('skips with the missing tools named and exits 0 under --if-possible, so npm test runs without them', () => {
    const r = withoutTools(['--if-possible']);
    assert.equal(r.status, 0);
    assert.match(r.stderr, /not building the xdpcount loader: missing clang \(apt-get install clang llvm\)/);
  });

  it('fails when asked to build and the tools are missing', () => {
    assert.equal(withoutTools([]).status, 1);
  });
});
