// One plan, live: its child, the pipeline that parses its stdout and stderr, its status events, its recording.
import type { ProbeEvent } from '../events/index.js';
import type { ProbePlan } from '../plan/plan.js';
import { RecordingWriter } from '../recording/writer.js';
import { ProbeChild, type ChildEnd } from './child.js';
import { commandSummary } from './command-line.js';
import { recordingMeta } from './recording-meta.js';
import { statusEvent } from './status.js';
import type { Grace } from './stop.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { parserPipeline } from './parser-pipeline.js';
import type { Pipeline } from '../core/pipeline.js';
import type { Stream } from '../core/layout.js';

export interface ProbeRunOptions {
  host: string;
  validate: boolean;
  maxLineBytes?: number;
  grace?: Grace;
  /** A probe not ready this long after its start is stopped and reported failed. */
  readyTimeoutMs?: number;
  /** Records the run in this directory (which must not exist yet or be empty). */
  record?: { dir: string; kernel: string; toolVersion: string };
  /** Every event in order: probe.status, then what the tool printed, parsed. */
  emit(event: ProbeEvent): void;
  /** It became ready, or ended without becoming ready. */
  settled?(): void;
  /** Its recording could not be written (a full disk): the run should stop; `done` rejects with this error. */
  failed?(error: Error): void;
}

const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export class ProbeRun {
  readonly child: ProbeChild;
  /** Resolves once its final status is out and its recording closed. */
  readonly done: Promise<ChildEnd>;
  /** Parses the child's output once given its module; until then the chunks wait in `early`. */
  private pipeline: Pipeline | undefined;
  private early: [stream: Stream, bytes: Buffer, ts: number][] | undefined = [];
  private recorder: RecordingWriter | undefined;
  private markGiven!: () => void;
  /** Resolves once parseWith() was called: the run's end waits for it, so that the output is parsed before the last status. */
  private readonly given = new Promise<void>((resolve) => (this.markGiven = resolve));

  /**
   * Starts the child at once; its output is parsed once parseWith() gives the module plan.parser names, which may load
   * meanwhile (the backend takes longer to start than the module to load).
   */
  constructor(
    readonly plan: ProbePlan,
    private readonly options: ProbeRunOptions,
  ) {
    const { host, emit } = options;
    /** It could not start (its recording could not be made): its child, killed, says nothing more. */
    let abandoned = false;
    let isSettled = false;
    const settle = () => void (isSettled || ((isSettled = true), options.settled?.()));
    emit(statusEvent(plan, host, Date.now(), { state: 'starting', message: commandSummary(plan.argv, plan.env) }));
    const child = new ProbeChild(
      {
        argv: plan.argv,
        env: plan.env,
        ready: plan.ready,
        grace: options.grace,
        stdinPipe: plan.stdinPipe,
        stopByClosingStdin: plan.stopByClosingStdin,
        resendForgotten: plan.backend === 'bpftrace',
      },
      {
        ready: (t, detail) => {
          if (abandoned) return;
          // A ready line may say how it attached ("iface=pctl-vb<TAB>mode=native<TAB>prog_id=87"): it goes in the message.
          const how = detail === undefined ? '' : ` (${detail.replace(/\s+/g, ' ').trim()})`;
          emit(statusEvent(plan, host, child.startedAt + Math.round(t), { state: 'ready', message: `ready after ${seconds(t)}${how}` }));
          settle();
        },
        output: (stream, bytes, t) => {
          if (abandoned) return;
          this.recorder?.chunk(stream, bytes, t);
          const ts = child.startedAt + Math.round(t);
          if (this.pipeline !== undefined) this.pipeline.chunk(stream, bytes, ts);
          else this.early?.push([stream, bytes, ts]);
        },
      },
    );
    this.child = child;
    const { record } = options;
    try {
      if (record !== undefined)
        this.recorder = new RecordingWriter(
          record.dir,
          recordingMeta(plan, { host, kernel: record.kernel, startedAt: child.startedAt, toolVersion: record.toolVersion }),
          (error) => options.failed?.(error),
        );
    } catch (error) {
      abandoned = true;
      child.killNow(); // nobody will stop it: this run never starts
      emit(statusEvent(plan, host, Date.now(), { state: 'failed', message: error instanceof Error ? error.message : String(error) }));
      throw error;
    }

    const timeout = options.readyTimeoutMs;
    const timer =
      timeout === undefined
        ? undefined
        : setTimeout(() => {
            if (child.state === 'starting') void child.stop(`not ready ${seconds(timeout)} after its start (no line matched ${plan.ready})`);
          }, timeout);
    this.done = child.ended.then(async (end) => {
      clearTimeout(timer);
      settle();
      await this.given;
      this.pipeline?.end(child.startedAt + Math.round(end.endedAt));
      const exit = { ...(end.exitCode !== null && { exit_code: end.exitCode }), ...(end.signal !== null && { signal: end.signal }) };
      emit(statusEvent(plan, host, child.startedAt + Math.round(end.endedAt), { state: end.state, message: end.message, ...exit }));
      await this.recorder?.close(end.endedAt);
      return end;
    });
  }

  /**
   * `module` is the one plan.parser names: its parser reads the child's output (what came before this first), its schemas
   * check events with validate. Undefined: it could not be loaded, and the output is left unparsed (the run is stopping).
   */
  parseWith(module: ProbeModule | undefined): void {
    const { plan, options, early } = this;
    if (early === undefined) return; // given already
    this.early = undefined;
    if (module !== undefined) {
      this.pipeline = parserPipeline(
        module.parser,
        module.events,
        {
          tool: plan.parser,
          layout: plan.layout,
          impl: plan.impl,
          probe: plan.probe,
          host: options.host,
          validate: options.validate,
          maxLineBytes: options.maxLineBytes,
        },
        { onEvent: (event) => (this.recorder?.event(JSON.stringify(event)), options.emit(event)) },
      );
      for (const [stream, bytes, ts] of early) this.pipeline.chunk(stream, bytes, ts);
    }
    this.markGiven();
  }
}
