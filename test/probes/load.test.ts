// One probe module, or its parser, by its name (src/probes/load.ts): the registry's own, nothing for any other name,
// and a `probectl parse` that loads no other probe's folder, and no zod unless it checks events.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadProbeModule, loadToolParser } from '../../src/probes/load.js';
import { probeModules } from '../../src/probes/registry.js';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import { repoRoot } from '../recordings.js';
import { makeFakes } from '../run/fakes.js';
import { nodeWithResolveHook } from '../resolve-hook.js';

/**
 * Runs the command line as tsc wrote it (not the bundle, whose chunks mix modules) with a resolve hook that prints each
 * file loaded from a probe folder, and each module loaded from zod's package; returns those folders, the folders whose
 * module (index.js) or parser (parser.js) was loaded, whether zod was, and the run (its stderr without the hook's lines).
 */
function cliLoads(
  args: string[],
  env?: NodeJS.ProcessEnv,
): { folders: Set<string>; modules: Set<string>; zod: boolean; status: number | null; stdout: string; stderr: string } {
  const hooks = `export async function resolve(specifier, context, next) {
    const resolved = await next(specifier, context);
    const file = /\\/dist\\/src\\/probes\\/([a-z0-9]+\\/[^?#]+)/.exec(resolved.url);
    if (file) process.stderr.write('probe file: ' + file[1] + '\\n');
    if (/\\/node_modules\\/zod\\//.test(resolved.url)) process.stderr.write('zod loaded\\n');
    return resolved;
  }`;
  const child = nodeWithResolveHook(hooks, [join(repoRoot, 'dist', 'src', 'cli', 'main.js'), ...args], env);
  const files = [...child.stderr.matchAll(/^probe file: (\S+)$/gm)].map((m) => m[1]!);
  const folderOf = (file: string) => file.split('/')[0]!;
  const stderr = child.stderr.replace(/^(probe file: \S+|zod loaded)\n/gm, '');
  return {
    folders: new Set(files.map(folderOf)),
    modules: new Set(files.filter((f) => /^[a-z0-9]+\/(index|parser)\.js$/.test(f)).map(folderOf)),
    zod: /^zod loaded$/m.test(child.stderr),
    status: child.status,
    stdout: child.stdout,
    stderr,
  };
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

describe('probectl run', () => {
  it('loads the module of each probe it runs, and of the others their entries alone', () => {
    const fakes = makeFakes();
    const work = mkdtempSync(join(tmpdir(), 'probectl-run-loads-'));
    try {
      const env = { ...process.env, [PLAN_FILE_VARIABLE]: fakes.planFile(work, ['tcplife']) };
      const run = cliLoads(['run', 'tcplife', '--duration', '0.3', '--grace', '0.3'], env);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /"type":"tcp\.session"/, "the fake tcplife's rows were parsed by the module loaded");
      assert.deepEqual([...run.modules], ['tcplife']);
      // The entries of every probe were read: their plans and option flags are run's.
      assert.deepEqual([...run.folders].sort(), probeModules.map((m) => m.name).sort());
    } finally {
      fakes.remove();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
