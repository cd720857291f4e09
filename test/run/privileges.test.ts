// A run without root says first, in one line, that it needs root, instead of why every backend looks unavailable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRun, run } from '../../src/api/run.js';
import { ProbectlError } from '../../src/core/errors.js';
import type { HostFacts } from '../../src/host/facts.js';
import { labFacts } from '../plan/host-facts.js';

/** The lab machine as a user without root measures it: nothing that needs root was tried. */
function userFacts(capabilities: string[] = []): HostFacts {
  const facts = labFacts();
  const untested = (what: string) => ({ ok: false, unknown: true as const, detail: `not tested: ${what} needs root`, remedy: "run 'sudo probectl doctor'" });
  facts.root = false;
  facts.capabilities = capabilities;
  facts.attach = { tracepoint: untested('tracepoint'), kprobe: untested('kprobe'), fentry: untested('fentry'), xdp: untested('xdp') };
  facts.bpftrace.check = untested('bpftrace');
  return facts;
}

const needsRoot = (message: RegExp) => (error: unknown) => {
  assert.ok(error instanceof ProbectlError);
  assert.equal(error.code, 'PRIVILEGES');
  assert.match(error.message, message);
  assert.ok(!error.message.includes('\n') && error.message.length < 80, `one short line: ${error.message}`);
  assert.match(error.suggestion, /no backend was tried and nothing was started/);
  assert.equal((error.cause as ProbectlError).code, 'NO_BACKEND', 'the backend list stays reachable as the cause');
  return true;
};

describe('a run without root', () => {
  it('says that the probe needs root, not why each backend looks unavailable', async () => {
    await assert.rejects(planRun(['tcplife'], { facts: userFacts() }), needsRoot(/^tcplife needs root: run it with sudo\.$/));
    await assert.rejects(planRun(['tcplife', 'opensnoop'], { facts: userFacts() }), needsRoot(/^tcplife and opensnoop need root: run them with sudo\.$/));
    await assert.rejects(planRun(['opensnoop'], { facts: userFacts(), backend: 'bpftrace' }), needsRoot(/^opensnoop needs root/));
  });

  it('still says why no backend fits where CAP_BPF would let it load programs', async () => {
    await assert.rejects(planRun(['tcplife'], { facts: userFacts(['CAP_BPF']) }), (error: ProbectlError) => {
      assert.equal(error.code, 'NO_BACKEND');
      assert.match(error.message, /^no backend can run tcplife truthfully here/);
      return true;
    });
  });

  it('plans where a backend needs nothing root-only to plan (a dry run), and refuses to start it, naming the probe', async () => {
    const facts = { ...labFacts(), root: false, capabilities: [] };
    const { plans } = await planRun(['tcplife'], { facts });
    assert.equal(plans[0]?.probe, 'tcplife');
    await assert.rejects(
      run(['tcplife'], { facts }).next(),
      (error: ProbectlError) => error.code === 'PRIVILEGES' && error.message === 'tcplife needs root: run it with sudo.',
    );
  });
});
