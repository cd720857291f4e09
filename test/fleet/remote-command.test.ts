import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { remoteCommand } from '../../src/fleet/remote-command.js';
import { groupAlive } from '../../src/run/stop.js';
import { tempDir } from '../temp-dir.js';

/** Runs the remote command as sshd would: through a login shell, as the leader of its own session, stdin a pipe. */
function runRemote(command: string) {
  const child = spawn('sh', ['-c', command], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => (child.stdin.destroy(), resolve(code))));
  return { child, out: () => stdout, ended };
}

async function until(what: string, done: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('the remote command of a fleet probe', () => {
  it('sends the program in a here-doc, byte for byte, quotes included, and runs the backend on its file', async () => {
    const script = 'BEGIN { printf("it\'s $HOME `id` \\\\n"); }\nEOF\n\'\n';
    const run = runRemote(remoteCommand({ argv: ['cat', '-e', script], env: { PROBE_ENV: "a b'c" }, script }, { sudo: false, grace: { intS: 1, termS: 1 } }));
    assert.equal(await run.ended, 0); // it ends by itself, stdin still open
    assert.equal(run.out(), script);
  });

  it('passes the environment and every argument quoted', async () => {
    const run = runRemote(
      remoteCommand(
        { argv: ['sh', '-c', 'printf "%s|%s" "$PROBE_ENV" "$0"', "$(x) 'y'"], env: { PROBE_ENV: "a b'c" } },
        { sudo: false, grace: { intS: 1, termS: 1 } },
      ),
    );
    assert.equal(await run.ended, 0); // it ends by itself, stdin still open
    assert.equal(run.out(), "a b'c|$(x) 'y'");
  });

  it('takes the backend and everything it started down when its stdin ends (the connection dropped), SIGINT first', async () => {
    const dir = tempDir('probectl-remote-');
    const marker = join(dir, 'interrupted');
    // A backend that says it started, records SIGINT, and otherwise would run for a minute, with a child of its own.
    const backend = `trap 'echo INT > ${marker}; exit 0' INT; sleep 60 & echo started; wait`;
    const run = runRemote(remoteCommand({ argv: ['sh', '-c', backend], env: {} }, { sudo: false, grace: { intS: 1, termS: 1 } }));
    await until('the backend to start', () => run.out().includes('started'));
    assert.ok(groupAlive(run.child.pid!));
    run.child.stdin.end();
    await run.ended;
    // The sleep ignores SIGINT (a background job of sh): once the backend has ended, it is stopped too, not left to run its minute.
    await until('the whole group to be gone', () => !groupAlive(run.child.pid!), 5000);
    assert.equal(readFileSync(marker, 'utf8'), 'INT\n');
  });

  it('goes on to SIGTERM and SIGKILL for a backend that ignores SIGINT, and removes its temporary directory', async () => {
    const script = 'BEGIN {}';
    const backend = `trap '' INT TERM; echo "$1"; sleep 60 & wait`;
    const run = runRemote(
      remoteCommand({ argv: ['sh', '-c', backend, 'sh', '-e', script], env: {}, script }, { sudo: false, grace: { intS: 0.3, termS: 0.3 } }),
    );
    await until('the backend to start', () => run.out().includes('/program.bt'));
    const programFile = run.out().trim();
    assert.ok(existsSync(programFile));
    const t0 = Date.now();
    run.child.stdin.end();
    await run.ended;
    await until('the whole group to be gone', () => !groupAlive(run.child.pid!));
    assert.ok(Date.now() - t0 >= 500, 'it waited the grace periods');
    assert.ok(!existsSync(programFile), 'the program file was left behind');
  });

  it('sends SIGTERM again to a backend that forgets it, as bpftrace forgets a stop signal between two waits, and it ends with its output', async () => {
    // Forgets SIGINT and the first SIGTERM; prints its map on the second.
    const backend = `n=0; trap ':' INT; trap 'n=$((n+1)); if [ $n -ge 2 ]; then echo "@map: 7"; exit 0; fi' TERM; echo started; while :; do sleep 0.05; done`;
    const run = runRemote(remoteCommand({ argv: ['sh', '-c', backend], env: {} }, { sudo: false, grace: { intS: 0.3, termS: 5 } }));
    await until('the backend to start', () => run.out().includes('started'));
    const t0 = Date.now();
    run.child.stdin.end();
    assert.equal(await run.ended, 0);
    assert.match(run.out(), /^@map: 7$/m);
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms: SIGKILL would have come after 5.3 s`);
  });
});
