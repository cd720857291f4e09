// The metrics part is checked by the compiler: a module whose events lack a handler, or whose handler reads what its event lacks, does not compile.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ProbeMetrics } from '../../src/metrics/probe-metrics.js';
import { defineProbe } from '../../src/probes/probe-module.js';
import { tcpRetransmitCountSchema, tcpRetransmitSchema } from '../../src/probes/tcpretrans/events.js';
import { tcpretransParser } from '../../src/probes/tcpretrans/parser.js';
import type { MetricsPart } from '../../src/tally/metrics-part.js';
import { madeUp } from '../metrics/events.js';
import { parseExposition, total } from '../metrics/exposition.js';

const events = { 'tcp.retransmit': tcpRetransmitSchema, 'tcp.retransmit.count': tcpRetransmitCountSchema };

// A handler for each event type compiles.
const complete = defineProbe({
  name: 'retransmits',
  events,
  parser: tcpretransParser,
  metrics: (kit) => {
    const counted = kit.counter('test_retransmit_rows_total', 'Rows, per local port.', ['probe', 'lport']);
    return {
      'tcp.retransmit': (event) => counted.inc({ probe: event.probe, lport: String(event.lport) }),
      'tcp.retransmit.count': null,
    };
  },
});

defineProbe({
  name: 'retransmits',
  events,
  parser: tcpretransParser,
  // @ts-expect-error: tcp.retransmit.count has no handler
  metrics: () => ({ 'tcp.retransmit': null }),
});

/** A part written in its own file for fewer types than the module's events. */
const partial: MetricsPart<'tcp.retransmit'> = () => ({ 'tcp.retransmit': null });
// @ts-expect-error: the part has no handler for tcp.retransmit.count
defineProbe({ name: 'retransmits', events, parser: tcpretransParser, metrics: partial });

defineProbe({
  name: 'retransmits',
  events,
  parser: tcpretransParser,
  metrics: (kit) => {
    const counted = kit.counter('test_counts_total', 'Counts.', ['probe']);
    return {
      // @ts-expect-error: a tcp.retransmit event has no count (tcp.retransmit.count has)
      'tcp.retransmit': (event) => counted.inc({ probe: event.probe }, event.count),
      'tcp.retransmit.count': (event) => counted.inc({ probe: event.probe }, event.count),
    };
  },
});

defineProbe({
  name: 'retransmits',
  events,
  parser: tcpretransParser,
  metrics: (kit) => {
    const counted = kit.counter('test_ports_total', 'Ports.', ['probe', 'lport']);
    return {
      // @ts-expect-error: a series' labels are all given (lport is missing)
      'tcp.retransmit': (event) => counted.inc({ probe: event.probe }),
      'tcp.retransmit.count': null,
    };
  },
});

it("a module's handler adds to the series it made; a type mapped to null only counts in probectl_events_total", async () => {
  const metrics = new ProbeMetrics({ modules: [complete] });
  const flow = { laddr: '10.0.0.1', lport: 5001, raddr: '10.0.0.2', rport: 40000 };
  metrics.observe(madeUp('tcp.retransmit', flow, 'retransmits'));
  metrics.observe(madeUp('tcp.retransmit', flow, 'retransmits'));
  metrics.observe(madeUp('tcp.retransmit.count', { ...flow, count: 9 }, 'retransmits'));
  const samples = parseExposition(await metrics.text());
  assert.equal(total(samples, 'test_retransmit_rows_total', { probe: 'retransmits', lport: '5001' }), 2);
  assert.equal(total(samples, 'probectl_events_total', { type: 'tcp.retransmit.count' }), 1);
  // Only the modules given make series: none of tcpretrans's own, and the core's still.
  assert.deepEqual(
    samples.filter((s) => s.name.startsWith('probectl_tcp_')),
    [],
  );
  assert.ok((await metrics.text()).includes('# TYPE probectl_probe_up gauge'));
});
