// A live test that needs a program from a Debian package: skips saying so where it is missing, fails instead when CI=true.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';

export function installedOrSkip(t: TestContext, binary: string, debianPackage: string): boolean {
  if (existsSync(binary)) return true;
  const why = `${binary} is missing: apt-get install ${debianPackage} (scripts/setup.sh installs it)`;
  if (process.env.CI === 'true') assert.fail(`${why}; CI=true requires it`);
  t.skip(why);
  return false;
}
