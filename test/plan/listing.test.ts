import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatListing, listProbes } from '../../src/run/listing.js';
import { fullFacts, labFacts } from './host-facts.js';

describe('probectl list', () => {
  it('marks BCC unavailable without headers and, none being packaged, says what works without them', () => {
    const listing = listProbes(labFacts());
    assert.deepEqual(
      listing.filter((p) => !p.backends.some((b) => b.backend === 'bcc')).map((p) => p.probe),
      ['malloc', 'profile'],
      'every probe but malloc (uprobes, which need no headers) and profile has a BCC backend',
    );
    for (const probe of listing.filter((p) => p.backends.some((b) => b.backend === 'bcc'))) {
      const bcc = probe.backends.find((b) => b.backend === 'bcc')!;
      assert.equal(bcc.available, false, probe.probe);
      assert.doesNotMatch(bcc.remedy ?? '', /apt-get/, probe.probe);
      assert.match(bcc.remedy ?? '', /no headers for .* are packaged .*; the libbpf (and bpftrace backends|loader) need(s)? none/, probe.probe);
    }
  });

  it('names what auto picks for every probe, and never a backend it marks untrusted', () => {
    const facts = fullFacts();
    facts.bcc.headers = 'mismatch';
    for (const probe of listProbes(facts)) {
      assert.notEqual(probe.auto, null, probe.probe);
      const picked = probe.backends.find((b) => b.backend === probe.auto)!;
      assert.ok(picked.available && picked.trusted, `${probe.probe}: auto picked ${probe.auto}`);
    }
  });

  it('says auto picks nothing when no backend runs here', () => {
    const facts = labFacts();
    facts.attach.tracepoint = { ok: false, detail: 'refused' };
    facts.bpftrace.check = { ok: false, detail: 'not installed' };
    delete facts.bpftrace.path;
    facts.libbpf.tools = {};
    const tcpdrop = listProbes(facts).find((p) => p.probe === 'tcpdrop')!;
    assert.equal(tcpdrop.auto, null);
    assert.match(formatListing([tcpdrop]), /auto picks: nothing/);
  });
});
