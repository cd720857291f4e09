import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDiff, reloadDiff } from '../../src/agent/reload-diff.js';

const probes = (entries: Record<string, string>) => Object.entries(entries).map(([probe, fingerprint]) => ({ probe, fingerprint }));

describe('what a reload changes', () => {
  it('keeps unchanged probes, restarts changed ones, stops removed ones, starts new ones', () => {
    const diff = reloadDiff(probes({ opensnoop: 'a', tcplife: 'b', tcpretrans: 'c' }), probes({ opensnoop: 'a', tcplife: 'B', execsnoop: 'd' }));
    assert.deepEqual(diff, { keep: ['opensnoop'], stop: ['tcpretrans'], restart: ['tcplife'], start: ['execsnoop'] });
    assert.equal(describeDiff(diff), 'started execsnoop; restarted tcplife; stopped tcpretrans; kept opensnoop');
  });

  it('changes nothing when the file is the same', () => {
    const same = probes({ opensnoop: 'a', tcplife: 'b' });
    assert.deepEqual(reloadDiff(same, same), { keep: ['opensnoop', 'tcplife'], stop: [], restart: [], start: [] });
  });

  it('starts everything at the first start', () => {
    assert.deepEqual(reloadDiff([], probes({ opensnoop: 'a' })), { keep: [], stop: [], restart: [], start: ['opensnoop'] });
    assert.equal(describeDiff(reloadDiff([], [])), 'nothing to run');
  });
});
