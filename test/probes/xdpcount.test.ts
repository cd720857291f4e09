// The xdpcount parser: COUNT and FLOW lines of both loaders into xdp.count and xdp.flow, odd lines into diagnostics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventSchema } from '../../src/probes/registry.js';
import { xdpcountParser } from '../../src/probes/xdpcount/parser.js';
import { bodies, layoutsOf, parseText } from '../helpers.js';

const READY = 'PROBECTL xdpcount v1 libbpf\tiface=pctl-vb\tmode=native\tprog_id=87\tprog=pctl_xdpcount';

describe('xdpcount parser', () => {
  it('turns COUNT lines into xdp.count with per-second rates over the interval', () => {
    const events = parseText(xdpcountParser, `${READY}\nCOUNT\tpctl-vb\ttcp\t4\t200\t300000\t500\nCOUNT\tpctl-vb\tarp\t-\t1\t42\t500\n\n`);
    assert.deepEqual(bodies(events), [
      { type: 'xdp.count', iface: 'pctl-vb', proto: 'tcp', family: 4, packets: 200, bytes: 300000, interval_ms: 500, pps: 400, bps: 4800000 },
      { type: 'xdp.count', iface: 'pctl-vb', proto: 'arp', packets: 1, bytes: 42, interval_ms: 500, pps: 2, bps: 672 },
    ]);
    assert.deepEqual(layoutsOf(events), ['libbpf-v1', 'libbpf-v1']);
    for (const e of events) eventSchema.parse(e);
  });

  it('turns FLOW lines into xdp.flow with the family taken from the address', () => {
    const events = parseText(
      xdpcountParser,
      `${READY}\nFLOW\tpctl-vb\t10.201.0.1\t10.201.0.2\t41372\t4791\tudp\troce_v2\t40\t9680\nFLOW\tpctl-vb\tfe80::1\tff02::16\t0\t0\ticmpv6\ticmp\t2\t180\n`,
    );
    assert.deepEqual(bodies(events), [
      {
        type: 'xdp.flow',
        iface: 'pctl-vb',
        family: 4,
        src: '10.201.0.1',
        dst: '10.201.0.2',
        sport: 41372,
        dport: 4791,
        proto: 'udp',
        traffic_type: 'roce_v2',
        packets: 40,
        bytes: 9680,
      },
      {
        type: 'xdp.flow',
        iface: 'pctl-vb',
        family: 6,
        src: 'fe80::1',
        dst: 'ff02::16',
        sport: 0,
        dport: 0,
        proto: 'icmpv6',
        traffic_type: 'icmp',
        packets: 2,
        bytes: 180,
      },
    ]);
  });

  it('tells the BCC loader from the libbpf loader by its ready line', () => {
    const events = parseText(xdpcountParser, 'PROBECTL xdpcount v1 bcc\tiface=x\tmode=skb\tprog_id=1\tprog=pctl_xdpcount\nCOUNT\tx\tudp\t6\t1\t100\t1000\n');
    assert.deepEqual(
      events.map((e) => [e.source.impl, e.source.layout]),
      [['bcc', 'bcc-v1']],
    );
  });

  it('reports a line with an unknown class, a zero interval or a bad interface as unparsed, and goes on', () => {
    const events = parseText(
      xdpcountParser,
      `${READY}\nCOUNT\tpctl-vb\tsctp\t4\t1\t1\t1000\nCOUNT\tpctl-vb\ttcp\t4\t1\t1\t0\nCOUNT\ta b\ttcp\t4\t1\t1\t1000\nCOUNT\tpctl-vb\ttcp\t4\t1\t60\t1000\n`,
    );
    assert.deepEqual(
      events.map((e) => e.type),
      ['tool.diagnostic', 'tool.diagnostic', 'tool.diagnostic', 'xdp.count'],
    );
  });
});
