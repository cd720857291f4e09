import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIpLinkStats, parseNftLossRule } from '../../src/lab/counters.js';
import { IP_S_J_LINK, NFT_LIST_TABLE } from './samples.js';

describe('nft -j list table', () => {
  it("reads the drop rule's counter and its loss percentage", () => {
    assert.deepEqual(parseNftLossRule(NFT_LIST_TABLE), { percent: 5, dropped: { packets: 6, bytes: 167960 } });
  });

  it('finds the rule by its comment, not by its position', () => {
    const other =
      '{"rule": {"family": "inet", "table": "pctl_lab", "chain": "input", "handle": 3, "expr": [{"counter": {"packets": 99, "bytes": 9}}, {"accept": null}]}}';
    const text = NFT_LIST_TABLE.replace('{"rule":', `${other}, {"rule":`);
    assert.deepEqual(parseNftLossRule(text)?.dropped, { packets: 6, bytes: 167960 });
  });

  it('says undefined when the table holds no lab rule', () => {
    assert.equal(
      parseNftLossRule('{"nftables": [{"metainfo": {"version": "1.0.6"}}, {"table": {"family": "inet", "name": "pctl_lab", "handle": 1}}]}'),
      undefined,
    );
  });

  it('works out fractional shares from the numgen modulus', () => {
    assert.equal(
      parseNftLossRule(NFT_LIST_TABLE.replace('"mod": 100', '"mod": 1000').replace('"right": 5}}, {"counter"', '"right": 25}}, {"counter"'))?.percent,
      2.5,
    );
  });

  it('rejects a lab rule without a counter, and text that is not nft JSON', () => {
    assert.throws(() => parseNftLossRule(NFT_LIST_TABLE.replace('{"counter": {"packets": 6, "bytes": 167960}}, ', '')), /no counter/);
    assert.throws(() => parseNftLossRule('table inet pctl_lab {'));
    assert.throws(() => parseNftLossRule('{"tables": []}'));
  });
});

describe('ip -s -j link', () => {
  it("reads one interface's rx and tx packets and bytes", () => {
    assert.deepEqual(parseIpLinkStats(IP_S_J_LINK, 'pctl-vb'), {
      operstate: 'UP',
      rx: { packets: 99, bytes: 2271394, dropped: 0 },
      tx: { packets: 88, bytes: 137084, dropped: 0 },
    });
  });

  it('says undefined for an interface that is not there', () => {
    assert.equal(parseIpLinkStats(IP_S_J_LINK, 'pctl-va'), undefined);
    assert.equal(parseIpLinkStats('[]', 'pctl-vb'), undefined);
  });

  it('rejects output without statistics (ip without -s) and negative counts', () => {
    assert.throws(() => parseIpLinkStats('[{"ifindex":2,"ifname":"pctl-vb","operstate":"UP"}]', 'pctl-vb'), /no stats64/);
    assert.throws(() => parseIpLinkStats(IP_S_J_LINK.replace('"packets":99', '"packets":-1'), 'pctl-vb'));
  });
});
