// Bundles the command line (dist/src/cli/main.js, compiled by tsc) into dist/cli/: one file per entry point, plus
// the chunks that commands import on demand (metrics, OTLP, NATS, each probe's code shared between them).
// Why: Node loads ES modules one file at a time (resolve, stat, read, compile); the CLI's ~300 files, 95 of them
// zod's, cost it more than its own work on short commands. docs/performance.md has the measured difference.
// The library (dist/src/index.js) stays unbundled: a program that imports it bundles it the way it likes.
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunks are named by their content: without this, each build would leave the last one's beside its own.
rmSync('dist/cli', { recursive: true, force: true });
await build({
  // tcp-peer.js is started by path from src/lab/peer-protocol.ts (new URL('./tcp-peer.js', import.meta.url)), so it sits beside the chunks.
  entryPoints: ['dist/src/cli/main.js', 'dist/src/lab/tcp-peer.js'],
  outdir: 'dist/cli',
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies written as CommonJS call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  // Loaded only with the options that need them (--otlp, --publish, --metrics, --push, --pprof), from node_modules as
  // before: several are CommonJS that Node's own loader exposes by name to import(), where a bundled chunk would
  // offer only a default export.
  external: ['@opentelemetry/*', '@nats-io/*', 'prom-client', 'protobufjs', 'protobufjs/*', 'snappyjs', 'pprof-format'],
  logLevel: 'warning',
});

// The package's bin, run by its #! line (which carries node's flags) wherever it is linked or run as ./dist/cli/main.js.
chmodSync('dist/cli/main.js', 0o755);
