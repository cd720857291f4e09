// Lab "execs": execsnoop on a shell named lab-exec that runs a program by name, a missing one and a file that is not a program; failures against the shell's own errors.
import assert from 'node:assert/strict';
import type { LabRun } from '../lab-run.js';
import { count, type LabCheck } from './lab-check.js';

const COMM = 'lab-exec';
const ENOENT = 2;
const EACCES = 13;

export const execsLab: LabCheck = {
  name: 'execs',
  probes: ['execsnoop'],
  files: ['shell-errors.txt', 'ls-path.txt'],
  usesLab: false,

  async facts(run: LabRun) {
    const execs = await run.eventsOf('execsnoop', 'process.exec');
    const ls = execs.filter((e) => e.args[0] === 'ls');
    const ran = ls.find((e) => e.errno === undefined)!;
    return {
      execs: execs.length,
      failed: count(execs, (e) => e.errno !== undefined),
      enoent: count(execs, (e) => e.errno === ENOENT),
      eacces: count(execs, (e) => e.errno === EACCES),
      ls_tries: ls.length,
      ls_path: ran.filename!,
      ls_args: ran.args.length,
      parents: new Set(execs.map((e) => e.ppid)).size,
      ls_comm: ran.comm!,
      missing_comm: execs.find((e) => e.filename === '/no/such/program')!.comm!,
    };
  },

  async claims(run: LabRun) {
    const execs = await run.eventsOf('execsnoop', 'process.exec');
    assert.ok(execs.length > 0, `execsnoop saw no exec by ${COMM}`);
    // The shell looks ls up in PATH itself and asks the kernel once, for the path it found.
    const ls = execs.filter((e) => e.args[0] === 'ls');
    assert.deepEqual(
      ls.map((e) => [e.filename, e.errno, e.comm]),
      [[run.text('ls-path.txt').trim(), undefined, 'ls']],
      'one call for ls, of the file the shell found, named ls after it',
    );
    assert.deepEqual(ls[0]!.args, ['ls', '-d', '/', 'two words'], 'ls with its four arguments, "two words" one of them');
    const shell = run.text('shell-errors.txt');
    const missing = execs.filter((e) => e.filename === '/no/such/program');
    const notProgram = execs.filter((e) => e.filename === './notes.txt');
    assert.match(shell, /\/no\/such\/program: not found/);
    assert.match(shell, /\.\/notes\.txt: Permission denied/);
    assert.deepEqual(
      [...missing, ...notProgram].map((e) => [e.errno, e.comm]),
      [
        [ENOENT, COMM],
        [EACCES, COMM],
      ],
      'the two calls the shell reported failing, with ENOENT and EACCES, by the shell',
    );
    assert.equal(new Set(execs.map((e) => e.ppid)).size, 1, 'every call from a child of the one shell');
    assert.equal(execs.length, 3, 'the three calls of the shell, nothing else');
    return `${execs.length} execs: ${ls[0]!.filename} ${JSON.stringify(ls[0]!.args)}; /no/such/program ${missing[0]!.errno}, ./notes.txt ${notProgram[0]!.errno}; the shell: ${shell.trim().replaceAll('\n', ' | ')}`;
  },
};
