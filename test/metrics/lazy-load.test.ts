// The probe modules make their series through the metrics kit: loading them (for parse, replay or run) never loads prom-client.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { nodeWithResolveHook } from '../resolve-hook.js';

/** Imports a file in a fresh node whose module resolution refuses prom-client; the exit status says whether it loaded. */
function importsWithoutPromClient(relativeUrl: string): { status: number | null; stderr: string } {
  const target = fileURLToPath(new URL(relativeUrl, import.meta.url));
  const hooks = `export async function resolve(specifier, context, next) { if (specifier === 'prom-client') throw new Error('prom-client was loaded'); return next(specifier, context); }`;
  const child = nodeWithResolveHook(hooks, ['--input-type=module', '-e', `await import(${JSON.stringify(target)});`]);
  return { status: child.status, stderr: child.stderr };
}

it('the registry of probe modules, with their metrics parts, loads without prom-client', () => {
  const loaded = importsWithoutPromClient('../../src/probes/registry.js');
  assert.equal(loaded.status, 0, loaded.stderr);
});

it('checking --label (the label names the metrics use, read from the modules) loads without prom-client', () => {
  const loaded = importsWithoutPromClient('../../src/metrics/options.js');
  assert.equal(loaded.status, 0, loaded.stderr);
});

it('the metrics layer itself is what loads prom-client (the check above can fail)', () => {
  const loaded = importsWithoutPromClient('../../src/metrics/probe-metrics.js');
  assert.notEqual(loaded.status, 0);
  assert.match(loaded.stderr, /prom-client was loaded/);
});
