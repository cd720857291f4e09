// One probe module by its name (src/probes/load.ts): the registry's own module, nothing for any other name, and a
// `probectl parse` that loads no other probe's folder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProbeModule } from '../../src/probes/load.js';
import { probeModules } from '../../src/probes/registry.js';
import { repoRoot } from '../recordings.js';
import { nodeWithResolveHook } from '../resolve-hook.js';

/**
 * Runs the command line as tsc wrote it (not the bundle, whose chunks mix modules) with a resolve hook that prints each
 * probe folder a module is loaded from; returns those folders and the run.
 */
function probeFoldersLoaded(args: string[]): { folders: Set<string>; status: number | null; stderr: string } {
  const hooks = `export async function resolve(specifier, context, next) {
    const resolved = await next(specifier, context);
    const folder = /\\/dist\\/src\\/probes\\/([a-z0-9]+)\\//.exec(resolved.url);
    if (folder) process.stderr.write('probe folder: ' + folder[1] + '\\n');
    return resolved;
  }`;
  const child = nodeWithResolveHook(hooks, [join(repoRoot, 'dist', 'src', 'cli', 'main.js'), ...args]);
  const folders = new Set([...child.stderr.matchAll(/^probe folder: (\S+)$/gm)].map((m) => m[1]!));
  return { folders, status: child.status, stderr: child.stderr };
}

describe('loadProbeModule', () => {
  it('loads, for each name in the registry, the very module the registry lists', async () => {
    for (const module of probeModules) assert.equal(await loadProbeModule(module.name), module, module.name);
  });

  it('gives nothing for a name that is no probe, a path among them', async () => {
    for (const name of ['nosuch', 'registry', 'load', 'TCPCONNECT', '', '../probes/tcpconnect', 'tcpconnect/../opensnoop', '.', 'core'])
      assert.equal(await loadProbeModule(name), undefined, JSON.stringify(name));
  });
});

describe('probectl parse <tool>', () => {
  it("loads the tool's own folder and no other probe's", () => {
    const recording = join(repoRoot, 'recordings', 'tcpconnect', 'probectl', 'stdout');
    const run = probeFoldersLoaded(['parse', 'tcpconnect', recording]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([...run.folders], ['tcpconnect']);
  });

  it("loads every module (the registry) when the input is not the tool's, to name the tool it is", () => {
    const recording = join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default', 'stdout');
    const run = probeFoldersLoaded(['parse', 'tcpconnect', recording]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /they read as opensnoop output/);
    assert.equal(run.folders.size, probeModules.length);
  });
});
