// One probe module, or its parser, by its name (src/probes/load.ts): the registry's own, nothing for any other name,
// and a `probectl parse` that loads no other probe's folder, and no zod unless it checks events.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProbeModule, loadToolParser } from '../../src/probes/load.js';
import { probeModules } from '../../src/probes/registry.js';
import { repoRoot } from '../recordings.js';
import { nodeWithResolveHook } from '../resolve-hook.js';

/**
 * Runs the command line as tsc wrote it (not the bundle, whose chunks mix modules) with a resolve hook that prints each
 * probe folder a module is loaded from, and each module loaded from zod's package; returns those folders, whether zod
 * was loaded, and the run (its stderr without the hook's lines).
 */
function cliLoads(args: string[]): { folders: Set<string>; zod: boolean; status: number | null; stderr: string } {
  const hooks = `export async function resolve(specifier, context, next) {
    const resolved = await next(specifier, context);
    const folder = /\\/dist\\/src\\/probes\\/([a-z0-9]+)\\//.exec(resolved.url);
    if (folder) process.stderr.write('probe folder: ' + folder[1] + '\\n');
    if (/\\/node_modules\\/zod\\//.test(resolved.url)) process.stderr.write('zod loaded\\n');
    return resolved;
  }`;
  const child = nodeWithResolveHook(hooks, [join(repoRoot, 'dist', 'src', 'cli', 'main.js'), ...args]);
  const folders = new Set([...child.stderr.matchAll(/^probe folder: (\S+)$/gm)].map((m) => m[1]!));
  const stderr = child.stderr.replace(/^(probe folder: \S+|zod loaded)\n/gm, '');
  return { folders, zod: /^zod loaded$/m.test(child.stderr), status: child.status, stderr };
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

describe('loadToolParser', () => {
  it("loads, for each name in the registry, the very parser the registry's module holds", async () => {
    for (const module of probeModules) assert.equal(await loadToolParser(module.name), module.parser, module.name);
  });

  it('gives nothing for a name that is no probe, a path among them', async () => {
    for (const name of ['nosuch', 'registry', 'load', 'TCPCONNECT', '', '../probes/tcpconnect', 'tcpconnect/../opensnoop', '.', 'core'])
      assert.equal(await loadToolParser(name), undefined, JSON.stringify(name));
  });
});

describe('probectl parse <tool> without --validate', () => {
  for (const module of probeModules)
    it(`parses ${module.name}'s input without loading zod (its options and the parser alone need none)`, () => {
      const run = cliLoads(['parse', module.name, '/dev/null', '--layout', module.parser.layouts[0]!.name, '--host', '', '--format', 'jsonl']);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.zod, false, `zod was loaded: ${run.stderr}`);
    });

  it('loads zod to check events with --validate, and to say what is wrong with an option', () => {
    const validating = cliLoads(['parse', 'opensnoop', '/dev/null', '--validate']);
    assert.equal(validating.status, 0, validating.stderr);
    assert.equal(validating.zod, true);
    const refused = cliLoads(['parse', 'opensnoop', '/dev/null', '--layout', '']);
    assert.equal(refused.status, 2);
    assert.equal(refused.zod, true);
    assert.match(refused.stderr, /^probectl: invalid option: --layout must be at least 1\.$/m);
  });
});

describe('probectl parse <tool>', () => {
  it("loads the tool's own folder and no other probe's", () => {
    const recording = join(repoRoot, 'recordings', 'tcpconnect', 'probectl', 'stdout');
    const run = cliLoads(['parse', 'tcpconnect', recording]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual([...run.folders], ['tcpconnect']);
  });

  it("loads every module (the registry) when the input is not the tool's, to name the tool it is", () => {
    const recording = join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default', 'stdout');
    const run = cliLoads(['parse', 'tcpconnect', recording]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /they read as opensnoop output/);
    assert.equal(run.folders.size, probeModules.length);
  });
});
