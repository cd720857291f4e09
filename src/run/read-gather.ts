// Reads a steady stream of lines in batches: one wake-up of the event loop per batch instead of one per line.
import type { Readable } from 'node:stream';

/**
 * Why: a backend writes each event line with its own write(), and each write wakes probectl's event loop for one read
 * of one line. At 1,000 events a second those wake-ups, not the parsing, were nearly all of probectl's CPU
 * (docs/performance.md, "Where an idle run's CPU goes at 1,000 events a second"). Once lines come steadily, reading
 * stops for GATHER_MS after each chunk and the kernel holds what arrives meanwhile (the launcher's 32 MiB buffer,
 * launcher.ts); the next read takes all of it at once. An event is read at most GATHER_MS late, and its arrival time is
 * that of the read. A line after a quiet spell is read at once, so a lone event, the ready line and the end of output
 * are never held back.
 */
export const GATHER_MS = 25;

/** A chunk this soon after the one before means lines are coming steadily. */
const STEADY_MS = 100;

/**
 * The libuv handle under a child's stdout, stopped and restarted directly: a paused stream is not enough, since it goes
 * on reading, a wake-up a line, into its own buffer up to its high-water mark. Its `reading` flag stays true while it
 * is held: Node's stream code (net.Socket's _read) restarts a handle whose flag says it is not reading, which it would
 * do at once, after every chunk it hands on.
 */
interface ReadHandle {
  reading: boolean;
  readStart(): number;
  readStop(): number;
}

function handleOf(stream: Readable): ReadHandle | undefined {
  const handle = (stream as unknown as { _handle?: Partial<ReadHandle> | null })._handle;
  return handle && typeof handle.readStart === 'function' && typeof handle.readStop === 'function' ? (handle as ReadHandle) : undefined;
}

export class ReadGather {
  private lastChunkAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private held = false;

  constructor(
    private readonly stream: Readable,
    private readonly gatherMs = GATHER_MS,
  ) {}

  /** Call with each chunk as it is read: holds the next read back for a moment when chunks come steadily. */
  chunkRead(now: number): void {
    const steady = now - this.lastChunkAt < STEADY_MS;
    this.lastChunkAt = now;
    if (!steady || this.held || this.gatherMs <= 0) return;
    const handle = handleOf(this.stream);
    if (handle === undefined || !handle.reading) return;
    handle.readStop();
    this.held = true;
    this.timer = setTimeout(() => this.release(), this.gatherMs);
  }

  /** Reads again now (the timer's end, or the child is being stopped and its last lines must come). */
  release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.held) return;
    this.held = false;
    const handle = handleOf(this.stream);
    // A handle whose flag Node has cleared meanwhile is Node's to restart; a paused stream (back-pressure) reads on into
    // its buffer up to its high-water mark and stops itself.
    if (handle === undefined || !handle.reading || this.stream.destroyed) return;
    handle.readStart();
  }
}
