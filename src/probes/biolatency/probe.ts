// biolatency: block I/O latency histograms per interval, from probectl's biolatency.bt, libbpf-tools' biolatency or BCC's.
import { ProbectlError } from '../../core/errors.js';
import { bccBackend } from '../../plan/backends/bcc-backend.js';
import { bpftraceBackend } from '../../plan/backends/bpftrace-backend.js';
import { libbpfBackend } from '../../plan/backends/libbpf-backend.js';
import { needsAttach } from '../../plan/backends/attach-needs.js';
import type { BackendDefinition, ProbeDefinition } from '../../plan/catalog.js';
import type { ProbeSettings } from '../../plan/plan.js';
import { hostTracefs, type Tracefs } from '../../plan/tracefs.js';
import { type BiolatencyOptions, biolatencyOptions } from './options.js';

const TRACEPOINTS = ['block/block_rq_insert', 'block/block_rq_issue', 'block/block_rq_complete'];
const READY = /^Tracing block device I\/O\.\.\. Hit Ctrl-C to end\.$/m;

function optionsOf(settings: ProbeSettings): BiolatencyOptions {
  // planProbe has checked them with biolatencyOptions.schema.
  const options = settings.biolatency as BiolatencyOptions | undefined;
  if (options === undefined) throw new Error('biolatency planned without its options');
  return options;
}

/** The program's positional parameters: interval in milliseconds, queued, per-device. */
const programArgs = (o: BiolatencyOptions): string[] => [String(Math.round(o.interval * 1000)), o.queued ? '1' : '0', o.perDevice ? '1' : '0'];

/** BCC's and libbpf-tools' flags and interval argument: they count whole seconds. */
function toolArgs(o: BiolatencyOptions, tool: string): string[] {
  if (!Number.isInteger(o.interval))
    throw new ProbectlError(
      'USAGE',
      `${tool} reports every whole second only; --interval ${o.interval} cannot be given to it.`,
      'Give a whole number of seconds, or use --backend bpftrace.',
    );
  return [...(o.perDevice ? ['-D'] : []), ...(o.queued ? ['-Q'] : []), String(o.interval)];
}

/** A backend whose plan ends its command with arguments taken from the probe's options. */
function withArgs(backend: BackendDefinition, args: (options: BiolatencyOptions) => string[]): BackendDefinition {
  return {
    backend: backend.backend,
    tool: backend.tool,
    get filters() {
      return backend.filters;
    },
    unavailable: (facts) => backend.unavailable(facts),
    ...(backend.untrusted !== undefined && { untrusted: backend.untrusted }),
    plan(filters, facts, settings, context) {
      const plan = backend.plan(filters, facts, settings, context);
      return { ...plan, argv: [...plan.argv, ...args(optionsOf(settings))] };
    },
  };
}

export function biolatencyProbe(tracefs: Tracefs = hostTracefs()): ProbeDefinition {
  const noProcess = 'a block request completes in interrupt context, with no process of its own';
  const noAddress = 'block I/O has no addresses or ports';
  return {
    name: 'biolatency',
    description: 'block I/O latency as log2 histograms every interval, for all disks or each (--per-device), from issue or queueing (--queued)',
    filterNotes: {
      pid: noProcess,
      comm: noProcess,
      port: noAddress,
      lport: noAddress,
      rport: noAddress,
      family: noAddress,
      failed: 'latency is counted for every request',
    },
    // bpftrace first: it takes any interval and says how long each lasted; libbpf-tools counts whole seconds.
    backends: [
      withArgs(
        bpftraceBackend({ name: 'biolatency', parser: 'biolatency', tracepoints: TRACEPOINTS, tracepointNeedsBtf: false, output: 'summaries', tracefs }),
        programArgs,
      ),
      withArgs(
        libbpfBackend({
          probe: 'biolatency',
          tool: 'biolatency',
          parser: 'biolatency',
          flags: {},
          ready: READY,
          tracepoints: TRACEPOINTS,
          needsBtf: true,
          tracefs,
        }),
        (o) => toolArgs(o, 'libbpf-tools biolatency'),
      ),
      withArgs(
        bccBackend({
          probe: 'biolatency',
          tool: 'biolatency',
          parser: 'biolatency',
          flags: {},
          ready: READY,
          readsStructs: 'struct request (its disk, flags and start time)',
          attach: (facts) => needsAttach(facts, 'kprobe', 'biolatency-bpfcc attaches kprobes to the block layer (blk_mq_start_request, blk_account_io_done)'),
        }),
        (o) => toolArgs(o, 'biolatency-bpfcc'),
      ),
    ],
    options: biolatencyOptions,
  };
}

export const biolatencyProbeDefinition = biolatencyProbe();
