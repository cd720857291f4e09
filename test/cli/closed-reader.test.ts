// A reader that leaves early (| head) ends any command quietly with exit 0, whether it reads stdout alone or stderr too (2>&1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { repoRoot } from '../recordings.js';
import { MAIN } from './cli-process.js';

interface PipelineEnd {
  /** probectl's exit code (PIPESTATUS[0]). */
  status: string;
  /** What probectl wrote to stderr, when it went to a file of its own. */
  stderr: string;
}

/** `probectl ARGS [2>&1] | head -1`: probectl's exit code, and its stderr when that is not in the pipe. */
function intoHead(args: string, stderrToo: boolean): PipelineEnd {
  const redirect = stderrToo ? '2>&1' : '2>&3';
  const script = `"${process.execPath}" "${MAIN}" ${args} ${redirect} | head -1 >/dev/null; echo "\${PIPESTATUS[0]}" >&4`;
  const result = spawnSync('bash', ['-c', `{ ${script}; } 3>&2 4>&1`], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
  return { status: result.stdout.trim(), stderr: result.stderr };
}

describe('a reader that leaves early', () => {
  for (const args of ['--help', 'run --help', 'replay --help', 'list'])
    it(`probectl ${args} | head -1: exit 0, nothing on stderr`, () => {
      assert.deepEqual(intoHead(args, false), { status: '0', stderr: '' });
    });

  it('probectl replay DIR 2>&1 | head -1: exit 0, though its closing line on stderr finds the pipe closed too (5 runs)', () => {
    for (let i = 0; i < 5; i++) assert.deepEqual(intoHead('replay recordings/runbooks/tcp-loss', true), { status: '0', stderr: '' });
  });

  it('probectl --help > /dev/full: exit 2 and one line saying stdout could not be written', () => {
    const full = spawnSync('bash', ['-c', `"${process.execPath}" "${MAIN}" --help > /dev/full`], { encoding: 'utf8' });
    assert.equal(full.status, 2);
    assert.match(full.stderr, /^probectl: could not write to stdout: the disk is full \(ENOSPC\)\.\nCheck the output file or pipe\.\n$/);
  });
});
