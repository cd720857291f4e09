// Planning malloc: --pid or --all (not neither, not both), the process's libc or a clear refusal, the map size and symbol cache; nothing runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planProbe } from '../../src/plan/catalog.js';
import type { LibcLookup } from '../../src/probes/malloc/libc.js';
import { mallocOptionsSchema } from '../../src/probes/malloc/options.js';
import { mallocProbe } from '../../src/probes/malloc/probe.js';
import { labFacts } from '../plan/host-facts.js';

const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const functions = new Set(['malloc', 'calloc', 'realloc', 'free'] as const);
/** pid 100 has libc, pid 200 is a static binary, any other pid does not exist; probectl's own ('self') has libc. */
const lookup = (pid: number | 'self'): LibcLookup =>
  pid === 100 || pid === 'self' ? { found: { path: LIBC, functions } } : { missing: pid === 200 ? 'libc' : 'process' };
const settings = (raw: Record<string, unknown>) => ({ malloc: mallocOptionsSchema.parse(raw) });
const plan = (pid: number | undefined, raw: Record<string, unknown> = {}) =>
  planProbe(mallocProbe(lookup), 'auto', pid === undefined ? {} : { pid }, labFacts(), settings(raw), { selfPid: 4321 });

describe('malloc plans', () => {
  it('attaches to the libc of the process given by --pid, with the map size and user symbol cache in the environment', () => {
    const p = plan(100, { maxAllocations: '1000', minAge: '2', top: '3' });
    assert.equal(p.backend, 'bpftrace');
    assert.deepEqual(p.env, { BPFTRACE_MAP_KEYS_MAX: '1000', BPFTRACE_CACHE_USER_SYMBOLS: '1' });
    assert.match(p.script!, new RegExp(`^uprobe:${LIBC}:malloc /pid == 100/`, 'm'));
    assert.match(p.script!, /REPORT\\t%d\\t%d\\t%d\\t%d\\t%d\\t%d\\n", @gen, 6, 1000, 2000, 1000, 3\)/);
  });

  it('refuses to start without --pid or --all, and with both, as usage errors', () => {
    assert.throws(() => plan(undefined), { code: 'USAGE', message: 'malloc needs the process to trace: --pid PID.' });
    assert.throws(() => plan(100, { all: true }), { code: 'USAGE', message: 'malloc takes --pid or --all, not both.' });
  });

  it('refuses a static binary and a missing process with one line each', () => {
    assert.throws(() => plan(200), { code: 'USAGE', message: /^process 200 has no libc mapped \(a static binary/ });
    assert.throws(() => plan(300), { code: 'USAGE', message: /^there is no process 300/ });
  });

  it('with --all, says what it costs before it is ready, leaves probectl out, and keeps no symbol cache', () => {
    const p = plan(undefined, { all: true });
    assert.match(p.script!, /^BEGIN \{ @gen = 0; printf\("WARNING: %s\\n", "malloc --all traces every malloc.*about 42 us of CPU per malloc \+ free/m);
    assert.match(p.script!, /\/comm != "bpftrace" && pid != 4321\//);
    assert.deepEqual(p.env, { BPFTRACE_MAP_KEYS_MAX: '65536' });
  });
});
