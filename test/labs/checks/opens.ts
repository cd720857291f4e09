// Lab "opens": opensnoop on a shell named lab-open whose redirections open existing, new and impossible paths; failed opens against the shell's own errors.
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import type { LabRun } from '../lab-run.js';
import { count, type LabCheck } from './lab-check.js';

const COMM = 'lab-open';

/** The opens the shell reported failing: dash says "cannot open PATH: why" (<) and "cannot create PATH: why" (>); bash "[line N: ]PATH: why". */
export function shellFailures(text: string): { path: string; create: boolean }[] {
  return text.split('\n').flatMap((line) => {
    const dash = /: cannot (open|create) (.+): [^:]+$/.exec(line);
    if (dash !== null) return [{ path: dash[2]!, create: dash[1] === 'create' }];
    const bash = /^[^:]+: (?:line \d+: )?(.+): [^:]+$/.exec(line);
    return bash === null ? [] : [{ path: bash[1]!, create: false }];
  });
}

/** The errno this process gets opening path as the shell did: ground truth from outside the probe. */
function errnoOpening(cwd: string, path: string, create: boolean): number {
  try {
    closeSync(openSync(resolve(cwd, path), create ? 'w' : 'r'));
    return 0;
  } catch (error) {
    return constants.errno[(error as NodeJS.ErrnoException).code as keyof typeof constants.errno];
  }
}

export const opensLab: LabCheck = {
  name: 'opens',
  probes: ['opensnoop'],
  files: ['shell-errors.txt'],
  usesLab: false,

  async facts(run: LabRun) {
    const opens = (await run.eventsOf('opensnoop', 'file.open')).filter((o) => o.comm === COMM);
    const failed = opens.filter((o) => o.fd === -1);
    const errnoOf = (path: string) => opens.find((o) => o.path === path)!.errno!;
    const created = opens.find((o) => o.path === 'new.txt' && o.mode !== undefined)!;
    return {
      opens: opens.length,
      failed: failed.length,
      shell_errors: shellFailures(run.text('shell-errors.txt')).length,
      processes: new Set(opens.map((o) => o.pid)).size,
      loader_opens: count(opens, (o) => o.path === '/etc/ld.so.cache' || o.path.includes('libc.so')),
      errno_missing: errnoOf('/etc/no-such-file'),
      errno_through_file: errnoOf('/etc/hostname/x'),
      errno_directory: errnoOf('/etc'),
      create_flags: '0' + created.flags!.toString(8),
      create_mode: '0' + created.mode!.toString(8),
      cloexec_flags: '0' + opens.find((o) => o.path === '/etc/ld.so.cache')!.flags!.toString(8),
      success_fds: [...new Set(opens.filter((o) => o.fd !== -1).map((o) => o.fd))].join(', '),
    };
  },

  async claims(run: LabRun) {
    const opens = (await run.eventsOf('opensnoop', 'file.open')).filter((o) => o.comm === COMM);
    assert.ok(opens.length > 0, `opensnoop saw no open by ${COMM}`);
    assert.equal(new Set(opens.map((o) => o.pid)).size, 1, 'the opens of one shell process');
    const failures = shellFailures(run.text('shell-errors.txt'));
    const failed = opens.filter((o) => o.fd === -1);
    assert.deepEqual(
      failed.map((o) => o.path),
      failures.map((f) => f.path),
      'the failed opens against the paths the shell reported failing, in order',
    );
    for (const [i, f] of failures.entries()) assert.equal(failed[i]!.errno, errnoOpening(run.dir, f.path, f.create), `${f.path}: errno`);
    for (const o of opens.filter((o) => o.fd !== -1)) assert.equal(o.errno, 0, `a successful open with an errno: ${JSON.stringify(o)}`);
    return `${opens.length} opens, ${failed.length} failed = ${failures.length} shell errors: ${failed.map((o) => `${o.path} errno ${o.errno}`).join(', ')}`;
  },
};
