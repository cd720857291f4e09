// The command line the benchmarks run: the bundle users run (dist/cli/main.js, npm run build), not the modules tsc writes.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');
