// Planning profile: probectl's program, with bpftrace's user symbol cache only where it is right (one process).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planProbe } from '../../src/plan/catalog.js';
import { profileOptionsSchema } from '../../src/probes/profile/options.js';
import { profileProbeDefinition } from '../../src/probes/profile/probe.js';
import { labFacts } from '../plan/host-facts.js';

const plan = (filters: { pid?: number; comm?: string }) =>
  planProbe(profileProbeDefinition, 'auto', filters, labFacts(), { profile: profileOptionsSchema.parse({}) }, { selfPid: 4321 });

describe('profile plans', () => {
  it('turns on the user symbol cache under --pid, whose stacks are of one executable mapped one way', () => {
    const p = plan({ pid: 100 });
    assert.equal(p.backend, 'bpftrace');
    assert.deepEqual(p.env, { BPFTRACE_CACHE_USER_SYMBOLS: '1' });
  });

  it('leaves it off on every CPU or by name, where two processes of one executable may be mapped at other addresses', () => {
    assert.deepEqual(plan({}).env, {});
    assert.deepEqual(plan({ comm: 'spin' }).env, {});
  });
});
