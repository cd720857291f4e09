// Filters are checked by filtersSchema before any program is generated: what gets in is a number or a safe name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbectlError } from '../../src/core/errors.js';
import { bpftraceProgram } from '../../src/plan/bpftrace-program.js';
import { readScript } from '../../src/plan/bpftrace-scripts.js';
import { filtersSchema, type Filters } from '../../src/plan/filters.js';

/** The message filtersSchema gives for one bad filter, or undefined when it accepts it. */
function refusal(raw: Record<string, unknown>): string | undefined {
  const result = filtersSchema.safeParse(raw);
  return result.success ? undefined : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

describe('filtersSchema refuses what could change a program', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a comm that closes the string literal and calls system()', { comm: '"; system("id"); "' }, /comm: may hold only letters, digits and _ \. : \/ \+ -/],
    ['a comm with a newline', { comm: 'curl\nBEGIN' }, /comm: may hold only letters/],
    ['a comm with a backslash', { comm: 'a\\"b' }, /comm: may hold only letters/],
    ['a comm with a space', { comm: 'my prog' }, /comm: may hold only letters/],
    ['a comm with a comment opener', { comm: 'a/*' }, /comm: may hold only letters/],
    ['a comm longer than the kernel keeps', { comm: 'abcdefghijklmnop' }, /comm: must be at most 15 characters/],
    ['an empty comm', { comm: '' }, /comm: must not be empty/],
    ['a pid of 2^32', { pid: 4294967296 }, /pid: must be below 2\^32/],
    ['a huge pid', { pid: '99999999999999999999' }, /pid: must be below 2\^32/],
    ['a negative pid', { pid: -1 }, /pid: must (not be negative|be a process id)/],
    ['pid 0', { pid: 0 }, /pid: must be a process id/],
    ['a fractional pid', { pid: 1.5 }, /pid: must be a whole number/],
    ['a pid followed by code', { pid: '42) || (1' }, /pid: /],
    ['a negative port', { port: -80 }, /port: must be a port from 1 to 65535/],
    ['port 0', { lport: 0 }, /lport: must be a port from 1 to 65535/],
    ['a port above 65535', { rport: 65536 }, /rport: must be a port from 1 to 65535/],
    ['a port followed by code', { port: '80; system("id")' }, /port: /],
    ['a port with a newline and code', { port: '80\n}\nBEGIN { system("id"); }' }, /port: /],
    ['family 5', { family: 5 }, /family: must be 4 or 6/],
    ['family "inet"', { family: 'inet' }, /family: /],
    ['a filter probectl does not know', { cgroup: '/sys/fs/cgroup' }, /Unrecognized key|unrecognized/i],
  ];
  for (const [what, raw, message] of cases) {
    it(`refuses ${what} with a clear message`, () => {
      const said = refusal(raw);
      assert.ok(said !== undefined, `accepted ${JSON.stringify(raw)}`);
      assert.match(said, message);
    });
  }

  it('accepts the safe characters of a task name and numbers given as text', () => {
    assert.deepEqual(filtersSchema.parse({ comm: 'ngx:w-1.2/+_', pid: '42', port: '443', family: '6', failed: true }), {
      comm: 'ngx:w-1.2/+_',
      pid: 42,
      port: 443,
      family: 6,
      failed: true,
    });
  });
});

describe('the generator checks the values it inserts again', () => {
  const script = readScript('tcplife', 'tracepoint');
  const generate = (filters: unknown) => bpftraceProgram(script, { source: 'scripts-bt/tcplife.bt', filters: filters as Filters, features: [] });

  it('refuses a comm that did not come through filtersSchema', () => {
    assert.throws(
      () => generate({ comm: '"; system("id"); "' }),
      (e: unknown) => e instanceof ProbectlError && e.code === 'USAGE' && /comm/.test(e.message),
    );
  });

  it('refuses a port that is not a checked number', () => {
    assert.throws(
      () => generate({ port: '80 || 1' }),
      (e: unknown) => e instanceof ProbectlError && e.code === 'USAGE' && /port/.test(e.message),
    );
    assert.throws(
      () => generate({ pid: -1 }),
      (e: unknown) => e instanceof ProbectlError && e.code === 'USAGE',
    );
  });
});
