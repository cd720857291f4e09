// A probe dies with probectl, even when probectl is killed with SIGKILL: started through setpriv --pdeathsig.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deathSignalSetter, findOnPath, withDeathSignal } from '../../src/run/death-signal.js';
import { leftovers, makeFakes, type Fakes } from './fakes.js';

describe('the parent-death signal', () => {
  let fakes: Fakes;
  before(() => (fakes = makeFakes()));
  after(() => fakes.remove());

  it('prefixes a command that exists with setpriv --pdeathsig SIGTERM --', () => {
    assert.deepEqual(withDeathSignal(['sh', '-c', 'exit 0'], { PATH: '/usr/bin:/bin' }, '/usr/bin/setpriv'), [
      '/usr/bin/setpriv',
      '--pdeathsig',
      'SIGTERM',
      '--',
      'sh',
      '-c',
      'exit 0',
    ]);
    assert.deepEqual(withDeathSignal([fakes.path('tcplife')], {}, '/usr/bin/setpriv'), [
      '/usr/bin/setpriv',
      '--pdeathsig',
      'SIGTERM',
      '--',
      fakes.path('tcplife'),
    ]);
  });

  it('leaves the argv alone where setpriv cannot set it, or the command does not exist (so that spawn reports ENOENT)', () => {
    assert.deepEqual(withDeathSignal(['sh', '-c', 'exit 0'], { PATH: '/usr/bin:/bin' }, null), ['sh', '-c', 'exit 0']);
    assert.deepEqual(withDeathSignal(['pctl-no-such-tool'], { PATH: '/usr/bin:/bin' }, '/usr/bin/setpriv'), ['pctl-no-such-tool']);
    assert.deepEqual(withDeathSignal(['/nonexistent/tool'], { PATH: '/usr/bin:/bin' }, '/usr/bin/setpriv'), ['/nonexistent/tool']);
  });

  it('finds commands on PATH as spawn does, and only executable files', () => {
    assert.equal(findOnPath('sh', '/nonexistent:/bin'), '/bin/sh');
    assert.equal(findOnPath('sh', ''), undefined);
    assert.equal(findOnPath(fakes.path('tcplife'), undefined), fakes.path('tcplife'));
    assert.equal(findOnPath('fstab', '/etc'), undefined, 'not executable');
  });

  it('is available here: util-linux setpriv with --pdeathsig', () => {
    assert.match(deathSignalSetter() ?? 'none', /\/setpriv$/);
  });

  it('ends a running probe within two seconds of probectl being killed with SIGKILL', async () => {
    fakes.clearPids();
    const helper = spawn(process.execPath, [fileURLToPath(new URL('./kill-parent.js', import.meta.url)), fakes.dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      helper.stdout.setEncoding('utf8').on('data', (d: string) => d.includes('ready') && resolve());
      helper.on('exit', (code) => reject(new Error(`the helper ended (${code}) before its probe was ready`)));
    });
    const [probe] = fakes.pids();
    assert.ok(probe !== undefined && leftovers([probe]).length > 0, 'the fake probe runs');
    helper.kill('SIGKILL');
    const deadline = Date.now() + 2000;
    while (leftovers(fakes.pids()).length > 0 && Date.now() < deadline) await sleep(20);
    const left = leftovers(fakes.pids());
    left.forEach((pid) => process.kill(pid, 'SIGKILL'));
    assert.deepEqual(left, [], 'the probe outlived probectl');
  });
});
