// The Prometheus metrics of a stream of events: their definitions, and how each event adds to them.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EventOf, ProbeEvent } from '../events/index.js';
import { BoundedFlows, BoundedValues } from './bounded.js';

/** How many distinct values of each unbounded label get a series of their own; the rest fold into "other". */
export interface LabelCaps {
  /** TCP 4-tuples (laddr, lport, raddr, rport) of the retransmit counter. */
  flows: number;
  /** Process names (comm) of the session and open counters. */
  comms: number;
  /** Drop reasons. */
  reasons: number;
  /** errno values of failed opens. */
  errnos: number;
  /** Interfaces of the XDP counters. */
  ifaces: number;
}

export const defaultLabelCaps: LabelCaps = { flows: 100, comms: 50, reasons: 64, errnos: 32, ifaces: 16 };

/** Session durations in seconds: from a loopback request (ms) to a long-lived connection (an hour). */
export const durationBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300, 3600];

/** A label the event did not carry: an empty value, which Prometheus reads as no label at all. */
const absent = '';

export class ProbeMetrics {
  readonly registry = new Registry();
  private readonly caps: LabelCaps;
  private readonly flows: BoundedFlows;
  private readonly comms: BoundedValues;
  private readonly reasons: BoundedValues;
  private readonly errnos: BoundedValues;
  private readonly ifaces: BoundedValues;

  private readonly events = this.counter('probectl_events_total', 'Events of each type, per probe.', ['probe', 'type']);
  private readonly retransmits = this.counter(
    'probectl_tcp_retransmits_total',
    'TCP retransmits (tcp.retransmit events, plus tcp.retransmit.count rows), per flow; flows beyond the cap are labelled "other".',
    ['probe', 'laddr', 'lport', 'raddr', 'rport'],
  );
  private readonly drops = this.counter('probectl_tcp_drops_total', 'TCP packets the kernel dropped (tcp.drop events), by drop reason as printed.', [
    'probe',
    'reason',
  ]);
  private readonly sessions = this.counter('probectl_tcp_sessions_total', 'TCP sessions that ended (tcp.session events), by process name.', ['probe', 'comm']);
  private readonly txBytes = this.counter('probectl_tcp_session_tx_bytes_total', 'Bytes the ended TCP sessions sent: tx_kb * 1024, rounded.', [
    'probe',
    'comm',
  ]);
  private readonly rxBytes = this.counter('probectl_tcp_session_rx_bytes_total', 'Bytes the ended TCP sessions received: rx_kb * 1024, rounded.', [
    'probe',
    'comm',
  ]);
  private readonly durations = new Histogram({
    name: 'probectl_tcp_session_duration_seconds',
    help: 'Lifetimes of the ended TCP sessions, in seconds.',
    labelNames: ['probe'],
    buckets: durationBuckets,
    registers: [this.registry],
  });
  private readonly opens = this.counter('probectl_file_opens_total', 'open(), openat() and openat2() calls (file.open events), by process name.', [
    'probe',
    'comm',
  ]);
  private readonly failedOpens = this.counter('probectl_file_open_failures_total', 'Opens that failed, by errno (2 ENOENT, 13 EACCES, ...).', [
    'probe',
    'errno',
  ]);
  private readonly xdpPackets = this.counter(
    'probectl_xdp_packets_total',
    'Packets that reached the interface at XDP (the sum of xdp.count deltas), by traffic class and IP family.',
    ['probe', 'iface', 'proto', 'family'],
  );
  private readonly xdpBytes = this.counter('probectl_xdp_bytes_total', 'Their bytes, Ethernet header included.', ['probe', 'iface', 'proto', 'family']);
  private readonly lost = this.counter('probectl_lost_events_total', 'Events the tools say they lost (tool.lost counts).', ['probe']);
  private readonly diagnostics = this.counter('probectl_diagnostics_total', 'Lines that were not data (tool.diagnostic events), by level.', ['probe', 'level']);
  private readonly up = new Gauge({
    name: 'probectl_probe_up',
    help: '1 while the probe is ready, 0 while it starts and once it stopped or failed.',
    labelNames: ['probe', 'backend'],
    registers: [this.registry],
  });

  /** labels are added to every sample (the --label options), after checking by userLabels(). */
  constructor(options: { caps?: Partial<LabelCaps>; labels?: Record<string, string> } = {}) {
    this.caps = { ...defaultLabelCaps, ...options.caps };
    this.flows = new BoundedFlows(this.caps.flows);
    this.comms = new BoundedValues(this.caps.comms);
    this.reasons = new BoundedValues(this.caps.reasons);
    this.errnos = new BoundedValues(this.caps.errnos);
    this.ifaces = new BoundedValues(this.caps.ifaces);
    if (options.labels !== undefined) this.registry.setDefaultLabels(options.labels);
  }

  observe(event: ProbeEvent): void {
    const { probe } = event;
    this.events.inc({ probe, type: event.type });
    switch (event.type) {
      case 'tcp.retransmit':
        this.retransmits.inc({ probe, ...this.flows.of(event) });
        break;
      case 'tcp.retransmit.count':
        this.retransmits.inc({ probe, ...this.flows.of(event) }, event.count);
        break;
      case 'tcp.drop':
        this.drops.inc({ probe, reason: this.reasons.of(event.reason ?? absent) });
        break;
      case 'tcp.session':
        this.observeSession(event);
        break;
      case 'file.open': {
        this.opens.inc({ probe, comm: this.comms.of(event.comm) });
        if (event.errno !== 0) this.failedOpens.inc({ probe, errno: this.errnos.of(String(event.errno)) });
        break;
      }
      case 'xdp.count': {
        // Each event holds one interval's delta (bcc-tools/xdpcount prints counts minus the previous interval's).
        const labels = { probe, iface: this.ifaces.of(event.iface), proto: event.proto, family: event.family === undefined ? absent : String(event.family) };
        this.xdpPackets.inc(labels, event.packets);
        this.xdpBytes.inc(labels, event.bytes);
        break;
      }
      case 'tool.lost':
        this.lost.inc({ probe }, event.count);
        break;
      case 'tool.diagnostic':
        this.diagnostics.inc({ probe, level: event.level });
        break;
      case 'probe.status':
        this.up.set({ probe, backend: event.backend }, event.state === 'ready' ? 1 : 0);
        break;
      default:
        break;
    }
  }

  /** The Prometheus text exposition of every series so far. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private observeSession(event: EventOf<'tcp.session'>): void {
    const labels = { probe: event.probe, comm: this.comms.of(event.comm ?? absent) };
    this.sessions.inc(labels);
    this.txBytes.inc(labels, Math.round(event.tx_kb * 1024));
    this.rxBytes.inc(labels, Math.round(event.rx_kb * 1024));
    this.durations.observe({ probe: event.probe }, event.duration_ms / 1000);
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
