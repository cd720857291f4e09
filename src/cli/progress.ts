// On a terminal, one line on stderr while probes start ("<probe> (bcc): compiling… 4 s"); nothing when stderr is not one.
import type { Backend, ProbeEvent } from '../events/index.js';

/** What each backend does while its probe starts. */
const VERBS = { bcc: 'compiling', bpftrace: 'starting', libbpf: 'attaching', probectl: 'starting' } satisfies Record<Backend, string>;
const CLEAR = '\r\x1b[K';

export class StartProgress {
  private readonly starting = new Map<string, { backend: Backend; since: number }>();
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private drawn = '';

  /**
   * tty: the stream to draw on, or undefined to draw nothing. Probes that start faster than
   * showAfterMs never show; the line is redrawn every everyMs.
   */
  constructor(
    private readonly tty: NodeJS.WriteStream | undefined,
    private readonly timing = { showAfterMs: 1000, everyMs: 250 },
  ) {}

  static forStderr(): StartProgress {
    return new StartProgress(process.stderr.isTTY ? process.stderr : undefined);
  }

  observe(event: ProbeEvent): void {
    if (this.tty === undefined || event.type !== 'probe.status') return;
    if (event.state === 'starting') this.starting.set(event.probe, { backend: event.backend, since: performance.now() });
    else this.starting.delete(event.probe);
    if (this.starting.size > 0) this.timer ??= setInterval(() => this.draw(), this.timing.everyMs).unref();
    else this.stop();
  }

  /** Takes the line off the screen (before other output); it comes back at the next tick. */
  clear(): void {
    if (this.shown) this.tty?.write(CLEAR);
    this.shown = false;
    this.drawn = '';
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private draw(): void {
    const now = performance.now(); // monotonic: a step of the wall clock must not change the seconds shown
    const parts = [...this.starting]
      .filter(([, s]) => now - s.since >= this.timing.showAfterMs)
      .map(([probe, s]) => `${probe} (${s.backend}): ${VERBS[s.backend]}… ${Math.floor((now - s.since) / 1000)} s`);
    if (parts.length === 0) return this.clear();
    const line = parts.join('   ').slice(0, (this.tty?.columns ?? 80) - 1);
    if (line === this.drawn) return;
    this.tty?.write(CLEAR + line);
    this.drawn = line;
    this.shown = true;
  }
}
