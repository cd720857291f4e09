// The layers of src/ hold: imports that run go down the order docs/architecture.md lists, never up; no file imports itself round a cycle.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importCycles } from './cycles.js';
import { importsOf, leaves, readImports, typescriptFiles, type FileImport } from './imports.js';
import { layersFromDoc, layerViolations, placeOf } from './layer-order.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const layers = layersFromDoc(readFileSync(`${root}docs/architecture.md`, 'utf8'));
const sourceFiles = typescriptFiles(root, 'src');
const devFiles = typescriptFiles(root, 'dev');
const imports = readImports(root, [...sourceFiles, ...devFiles]);
const sourceImports = imports.filter((i) => i.from.startsWith('src/'));
const lines = (problems: readonly string[]) => `\n  ${problems.join('\n  ')}`;

describe('the layers of src/', () => {
  it('are listed in docs/architecture.md, core and events at the bottom, the command line and the library entry at the top', () => {
    const order = layers.map((l) => l.pattern);
    assert.deepEqual(order.slice(0, 2), ['events/', 'core/']);
    assert.deepEqual(order.slice(-2), ['cli/', 'index.ts']);
    for (const [lower, upper] of [
      ['plan/', 'tally/'],
      ['tally/', 'probes/*/'],
      ['probes/*/', 'probes/registry.ts'],
      ['probes/registry.ts', 'run/'],
    ])
      assert.ok(order.indexOf(lower!) < order.indexOf(upper!), `${lower} below ${upper} in ${order.join(' < ')}`);
  });

  it('hold every file under src/', () => {
    const homeless = sourceFiles.filter((file) => placeOf(file, layers) === undefined);
    assert.deepEqual(homeless, [], `add these to the "Layers" list of docs/architecture.md:${lines(homeless)}`);
  });

  it('are kept: no import that runs goes up, and no probe folder imports another', () => {
    const problems = layerViolations(sourceImports, layers);
    assert.deepEqual(problems, [], `imports against the order of docs/architecture.md#layers:${lines(problems)}`);
  });

  it('keep to src/: nothing there imports dev/ or test/', () => {
    const outside = sourceImports.filter((i) => leaves(i, 'src/')).map((i) => `${i.from}:${i.line} imports '${i.specifier}'`);
    assert.deepEqual(outside, [], lines(outside));
  });

  it('have no import cycle between files that run', () => {
    const cycles = importCycles(imports.filter((i) => !i.typeOnly));
    assert.deepEqual(cycles, [], lines(cycles));
  });

  it('have no import cycle through type imports either', () => {
    const cycles = importCycles(imports);
    assert.deepEqual(cycles, [], lines(cycles));
  });
});

describe('the layer check itself', () => {
  const doc = [
    '# Architecture',
    '## Layers',
    'Lowest first:',
    '1. `core/`: the contracts',
    '2. `probes/probe-module.ts`',
    '3. `probes/*/`: one folder a probe',
    '4. `probes/registry.ts`',
    '5. `run/`',
    '## Rules',
    '1. `not/`: a list of another section',
  ].join('\n');
  const order = layersFromDoc(doc);
  const edge = (from: string, to: string, typeOnly = false): FileImport => ({ from, to, specifier: './x.js', line: 3, typeOnly });

  it('reads the numbered list of the Layers section only', () => {
    assert.deepEqual(
      order.map((l) => l.pattern),
      ['core/', 'probes/probe-module.ts', 'probes/*/', 'probes/registry.ts', 'run/'],
    );
  });

  it('places a file by its file, its probe folder or its top folder, and nothing outside the list', () => {
    assert.equal(placeOf('src/probes/registry.ts', order)?.layer.pattern, 'probes/registry.ts');
    assert.deepEqual(placeOf('src/probes/tcpdrop/parser.ts', order), { layer: order[2], module: 'probes/tcpdrop/' });
    assert.equal(placeOf('src/core/pipeline.ts', order)?.layer.pattern, 'core/');
    assert.equal(placeOf('src/probes/stray.ts', order), undefined);
    assert.equal(placeOf('src/summary/summary.ts', order), undefined);
  });

  it('names an import that runs upward, and lets type-only imports and downward ones pass', () => {
    const problems = layerViolations(
      [
        edge('src/core/pipeline.ts', 'src/run/child.ts'),
        edge('src/core/layout.ts', 'src/run/child.ts', true),
        edge('src/run/child.ts', 'src/core/pipeline.ts'),
        edge('src/probes/tcpdrop/probe.ts', 'src/probes/probe-module.ts'),
      ],
      order,
    );
    assert.deepEqual(problems, ["src/core/pipeline.ts:3 imports './x.js': core/ may not import run/, a layer above it"]);
  });

  it('names a probe folder importing another, and lets the registry above them import each', () => {
    const problems = layerViolations(
      [edge('src/probes/tcpdrop/probe.ts', 'src/probes/tcplife/fields.ts'), edge('src/probes/registry.ts', 'src/probes/tcplife/index.ts')],
      order,
    );
    assert.deepEqual(problems, ["src/probes/tcpdrop/probe.ts:3 imports './x.js': probes/tcpdrop/ may not import probes/tcplife/, another module of probes/*/"]);
  });

  it('finds cycles, of two files or more, and none in a tree', () => {
    assert.deepEqual(importCycles([edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts'), edge('c.ts', 'a.ts'), edge('c.ts', 'd.ts')]), ['a.ts → b.ts → c.ts → a.ts']);
    assert.deepEqual(importCycles([edge('a.ts', 'b.ts'), edge('a.ts', 'c.ts'), edge('b.ts', 'c.ts')]), []);
  });

  it('tells imports that run from the ones the compiler erases', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C, type D } from './c.js';",
      "import { type E, e } from './e.js';",
      "import f from './f.js';",
      "import './g.js';",
      "export { h } from './h.js';",
      "export type { I } from './i.js';",
      "export * from './j.js';",
      "const k = await import('./k.js');",
      "type L = typeof import('./l.js');",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    const found = importsOf('src/run/x.ts', text).map((i) => `${i.to} ${i.typeOnly ? 'type' : 'runs'} ${i.line}`);
    assert.deepEqual(found, [
      'src/run/a.ts runs 1',
      'src/run/b.ts type 2',
      'src/run/c.ts type 3',
      'src/run/e.ts runs 4',
      'src/run/f.ts runs 5',
      'src/run/g.ts runs 6',
      'src/run/h.ts runs 7',
      'src/run/i.ts type 8',
      'src/run/j.ts runs 9',
      'src/run/k.ts runs 10',
      'src/run/l.ts type 11',
      'node:fs runs 12',
    ]);
  });

  it('sees an import that leaves src/', () => {
    const [imported] = importsOf('src/run/x.ts', "import { y } from '../../dev/capture/y.js';");
    assert.equal(imported?.to, 'dev/capture/y.ts');
    assert.equal(leaves(imported!, 'src/'), true);
  });
});
