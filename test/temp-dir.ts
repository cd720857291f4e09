// A temporary directory for tests, removed once the test, suite or file that made it is done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A new directory under the system's temporary directory, named prefix and six random characters. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // Made inside a test, removed after it; inside a suite's body, after the suite; at a module's top, after the file.
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
