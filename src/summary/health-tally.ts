// What the tools and probectl said about the stream itself: lost events, diagnostics, each probe's last state.
import type { coreEventSchemas, EventOf } from '../events/index.js';
import { CappedMap } from '../tally/capped-map.js';
import type { EventHandlers } from '../tally/summary-part.js';
import type { SummaryReport } from './report.js';

const SAMPLES_PER_LEVEL = 3;
/** A sample's message is cut here: it shows which line it was, the stream keeps the whole of it. */
const SAMPLE_CHARS = 500;
const PROBE_CAPACITY = 256;
/** How the pipeline's warning about a line cut at the bound begins (src/core/pipeline.ts). */
const TRUNCATED = 'line longer than the bound';

export class HealthTally {
  private lostReports = 0;
  private lostEvents = 0;
  private readonly lostByProbe = new CappedMap<{ n: number }>(
    PROBE_CAPACITY,
    (v) => v.n,
    (v) => (this.lostFolded += v.n),
  );
  private lostFolded = 0;
  private readonly byLevel: Record<string, number> = {};
  private readonly samples: SummaryReport['diagnostics']['samples'] = [];
  private readonly probes = new CappedMap<SummaryReport['probes'][number] & { seen: number }>(PROBE_CAPACITY, (p) => p.seen);
  private failed = 0;
  private truncated = 0;
  private seen = 0;

  /** A handler for each core event type: the compiler checks that none is missing. */
  readonly handlers = {
    'tool.lost': (e) => this.addLost(e),
    'tool.diagnostic': (e) => this.addDiagnostic(e),
    'probe.status': (e) => this.addStatus(e),
    // Hosts are reported by the hosts table fleet run prints before the summary ("k of n hosts ran"), not here.
    'fleet.host': () => {},
  } satisfies EventHandlers<keyof typeof coreEventSchemas>;

  addLost(e: EventOf<'tool.lost'>): void {
    this.lostReports++;
    this.lostEvents += e.count;
    (this.lostByProbe.get(e.probe) ?? this.lostByProbe.add(e.probe, { n: 0 })).n += e.count;
  }

  addDiagnostic(e: EventOf<'tool.diagnostic'>): void {
    if (e.source.impl === 'probectl' && e.message.startsWith(TRUNCATED)) this.truncated++;
    const before = this.byLevel[e.level] ?? 0;
    this.byLevel[e.level] = before + 1;
    if (before < SAMPLES_PER_LEVEL) {
      const message = e.message.length > SAMPLE_CHARS ? e.message.slice(0, SAMPLE_CHARS) + '…' : e.message;
      this.samples.push({ probe: e.probe, level: e.level, message });
    }
  }

  addStatus(e: EventOf<'probe.status'>): void {
    if (e.state === 'failed') this.failed++;
    const probe = this.probes.get(e.probe) ?? this.probes.add(e.probe, { probe: e.probe, state: e.state, seen: 0 });
    probe.backend = e.backend;
    probe.state = e.state;
    probe.seen = ++this.seen; // the probes heard from last are kept when there are too many
    if (e.message === undefined) delete probe.message;
    else probe.message = e.message;
  }

  /** Parts that overflowed their caps (more probes than anyone runs at once). */
  get approximate(): string[] {
    return [...(this.lostByProbe.folded > 0 ? ['lost.by_probe'] : []), ...(this.probes.folded > 0 ? ['probes'] : [])];
  }

  report(): Pick<SummaryReport, 'lost' | 'diagnostics' | 'probes' | 'complete'> {
    const byProbe: Record<string, number> = {};
    for (const [probe, { n }] of this.lostByProbe.entries()) byProbe[probe] = n;
    if (this.lostFolded > 0) byProbe['(other probes)'] = this.lostFolded;
    return {
      lost: { reports: this.lostReports, events: this.lostEvents, by_probe: byProbe },
      diagnostics: { by_level: { ...this.byLevel }, truncated: this.truncated, samples: this.samples.map((s) => ({ ...s })) },
      probes: [...this.probes.values()].map(({ seen: _seen, ...p }) => p),
      complete: this.lostReports === 0 && this.failed === 0 && (this.byLevel.unparsed ?? 0) === 0 && this.truncated === 0,
    };
  }
}
