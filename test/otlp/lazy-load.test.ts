// The OpenTelemetry SDK loads only when --otlp asks for it: run and replay's command modules, and the options they check, load without it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

/** Imports a file in a fresh node whose module resolution refuses every @opentelemetry package; the exit status says whether it loaded. */
function importsWithoutOpenTelemetry(relativeUrl: string): { status: number | null; stderr: string } {
  const target = fileURLToPath(new URL(relativeUrl, import.meta.url));
  const hooks = `export async function resolve(specifier, context, next) { if (specifier.startsWith('@opentelemetry/')) throw new Error('OpenTelemetry was loaded'); return next(specifier, context); }`;
  const main = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)})); await import(${JSON.stringify(target)});`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', main], { encoding: 'utf8' });
  return { status: child.status, stderr: child.stderr };
}

for (const command of ['run', 'replay'])
  it(`probectl ${command}'s module loads without OpenTelemetry`, () => {
    const loaded = importsWithoutOpenTelemetry(`../../src/cli/${command}.js`);
    assert.equal(loaded.status, 0, loaded.stderr);
  });

it('the export itself is what loads OpenTelemetry (the check above can fail)', () => {
  const loaded = importsWithoutOpenTelemetry('../../src/otlp/otlp-export.js');
  assert.notEqual(loaded.status, 0);
  assert.match(loaded.stderr, /OpenTelemetry was loaded/);
});
