// A module's event traits are checked against its types' fields: a flow names real address and port fields, xctl only a type with a pid.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defineProbe } from '../../src/probes/probe-module.js';
import { eventSchemas, eventTraits, eventTypes } from '../../src/probes/registry.js';
import { OWNER_FROM_FLOW } from '../../src/runbook/fields.js';
import { tcpRetransmitCountSchema, tcpRetransmitSchema } from '../../src/probes/tcpretrans/events.js';
import { tcpretransParser } from '../../src/probes/tcpretrans/parser.js';

const events = { 'tcp.retransmit': tcpRetransmitSchema, 'tcp.retransmit.count': tcpRetransmitCountSchema };

defineProbe({
  name: 'retransmits',
  events,
  parser: tcpretransParser,
  traits: { 'tcp.retransmit': { flow: ['laddr', 'lport', 'raddr', 'rport'], xctl: true } },
});

// @ts-expect-error: tcp.retransmit has no field saddr
defineProbe({ name: 'retransmits', events, parser: tcpretransParser, traits: { 'tcp.retransmit': { flow: ['saddr', 'lport', 'raddr', 'rport'] } } });

// @ts-expect-error: a port field where the address goes
defineProbe({ name: 'retransmits', events, parser: tcpretransParser, traits: { 'tcp.retransmit': { flow: ['lport', 'lport', 'raddr', 'rport'] } } });

// @ts-expect-error: tcp.retransmit.count has no pid, so it cannot be an xctl record
defineProbe({ name: 'retransmits', events, parser: tcpretransParser, traits: { 'tcp.retransmit.count': { xctl: true } } });

// @ts-expect-error: traits only for the module's own types
defineProbe({ name: 'retransmits', events, parser: tcpretransParser, traits: { 'tcp.session': { flow: ['laddr', 'lport', 'raddr', 'rport'] } } });

it('the registered modules mark retransmits and drops as xctl records and as owned by the flow view, and their flow fields exist', () => {
  assert.deepEqual(eventTypes.filter((t) => eventTraits[t]?.xctl === true).sort(), ['tcp.drop', 'tcp.retransmit']);
  assert.deepEqual([...OWNER_FROM_FLOW].sort(), ['tcp.drop', 'tcp.retransmit']);
  const withFlow = eventTypes.filter((t) => eventTraits[t]?.flow !== undefined);
  assert.deepEqual(withFlow.sort(), ['tcp.connect', 'tcp.drop', 'tcp.retransmit', 'tcp.retransmit.count', 'tcp.session', 'xdp.flow']);
  // A connect's pid is the process that called connect(), recorded in it: not only the task on the CPU, so probectl's own are left out.
  assert.deepEqual(eventTypes.filter((t) => eventTraits[t]?.pidOnCpu === true).sort(), ['tcp.drop', 'tcp.retransmit']);
  for (const type of withFlow) for (const field of eventTraits[type]!.flow!) assert.ok(field in eventSchemas[type].shape, `${type}.${field}`);
});
