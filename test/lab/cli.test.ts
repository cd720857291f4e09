import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../recordings.js';

const probectl = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'main.js'), 'lab', ...args], { encoding: 'utf8' });

describe('probectl lab (command line)', () => {
  it('lists up, down, status and traffic', () => {
    const { stdout, status } = probectl('--help');
    assert.equal(status, 0);
    for (const command of ['up', 'down', 'status', 'traffic']) assert.match(stdout, new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('refuses a loss above 50 % before touching anything, with exit 2', () => {
    const { stderr, status } = probectl('up', '--loss', '80');
    assert.equal(status, 2);
    assert.match(stderr, /--loss must be a whole percentage from 0 to 50/);
  });

  it('refuses traffic options out of bounds, naming each', () => {
    const { stderr, status } = probectl('traffic', '--connections', '1000', '--timeout', 'soon');
    assert.equal(status, 2);
    assert.match(stderr, /--connections must be a whole number from 1 to 100; --timeout must be whole seconds/);
  });
});
