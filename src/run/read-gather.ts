// Reads a steady stream of lines in batches: one wake-up of the event loop per batch instead of one per line.
import type { Readable } from 'node:stream';

/**
 * Why: a backend writes each event line with its own write(), and each write wakes probectl's event loop for one read
 * of one line. At 1,000 events a second those wake-ups, not the parsing, were nearly all of probectl's CPU
 * (docs/performance.md, "Where an idle run's CPU goes at 1,000 events a second"). Once lines come steadily, reading
 * stops for a hold after each chunk and the kernel keeps what arrives meanwhile; the next read takes all of it at once.
 * An event is read at most a hold late, and its arrival time is that of the read. A line after a quiet spell is read at
 * once, so a lone event, the ready line and the end of output are never held back.
 *
 * The hold is GATHER_MS where the launcher gave the backend's stdout a large buffer (launcher.ts): a node process that
 * only wakes 40 times a second costs 0.6-0.7 % of a core here, and a run at 1,000 events a second cost +1.8-2.1 % of a
 * core over idle held 25 ms at a time, +0.7-0.8 % held 100 ms (docs/performance.md, "Reads held 100 ms"). A hold that follows
 * a batch of SLOW_BATCH_BYTES or more is SHORT_GATHER_MS: at such a rate a short hold already gathers many lines, and a
 * long one could fill a pipe the launcher could not enlarge (64 KiB) before it ends. Without the launcher the backend
 * writes into a socket whose default send buffer holds 278 lines (the kernel charges each write 768 bytes), and every
 * hold is SHORT_GATHER_MS: 100 ms of 2,800 lines a second would block the backend.
 */
export const GATHER_MS = 100;
export const SHORT_GATHER_MS = 25;

/** A batch this large (read since the last hold began) is followed by a short hold: 160 KB a second held 100 ms at a time. */
const SLOW_BATCH_BYTES = 16 * 1024;

/** A chunk within the longest hold and this long of the one before means lines are coming steadily (a read right after a hold is one). */
const STEADY_MARGIN_MS = 75;

/**
 * The libuv handle under a child's stdout or stderr, stopped and restarted directly: a paused stream is not enough, since it goes
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

/** libuv reads a stream 64 KiB at a time: a chunk this long says more was waiting, so holding back would gain nothing. */
const FULL_READ_BYTES = 64 * 1024;

/**
 * Holds a child's streams back together: stopped together and restarted in their order (stdout, then stderr), so that
 * the kernel reports them ready in that order: within a batch, stdout's lines come before stderr's, as a tool's rows
 * come before the warning it printed after them. The hold begins once the event loop has read everything ready in its
 * poll phase (setImmediate): stopping a handle inside its read callback would cut libuv's read loop at one chunk, and
 * leave the other stream unread.
 */
export class ReadGather {
  private lastChunkAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private stopped: { stream: Readable; handle: ReadHandle }[] = [];
  private holdPending = false;
  private sawFullRead = false;
  /** Bytes read since the last hold began: the batch that hold gathered, and what came after it. */
  private batchBytes = 0;

  /** gatherMs: the longest hold, after a batch under SLOW_BATCH_BYTES; any other is at most SHORT_GATHER_MS. */
  constructor(
    private streams: readonly Readable[],
    private readonly gatherMs = GATHER_MS,
  ) {}

  /** Holds `to` where it held `from`: a child's stdout that moved to another stream (stdout-fifo.ts). */
  replace(from: Readable, to: Readable): void {
    this.streams = this.streams.map((stream) => (stream === from ? to : stream));
  }

  /** Call with each chunk as it is read (`now` in ms on any monotonic clock) and its length: holds the next reads back for a moment when chunks come steadily. */
  chunkRead(now: number, bytes: number): void {
    const steady = now - this.lastChunkAt < this.gatherMs + STEADY_MARGIN_MS;
    this.lastChunkAt = now;
    this.batchBytes += bytes;
    if (bytes >= FULL_READ_BYTES) this.sawFullRead = true;
    if (!steady || this.holdPending || this.stopped.length > 0 || this.gatherMs <= 0) return;
    this.holdPending = true;
    setImmediate(() => {
      this.holdPending = false;
      const behind = this.sawFullRead;
      this.sawFullRead = false;
      if (!behind) this.hold();
    });
  }

  /** Reads again now (the timer's end, or the child is being stopped and its last lines must come). */
  release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const stopped = this.stopped;
    this.stopped = [];
    // A handle whose flag Node has cleared meanwhile is Node's to restart; a paused stream (back-pressure) reads on into
    // its buffer up to its high-water mark and stops itself.
    for (const { stream, handle } of stopped) if (handle.reading && !stream.destroyed) handle.readStart();
  }

  private hold(): void {
    const ms = this.batchBytes < SLOW_BATCH_BYTES ? this.gatherMs : Math.min(this.gatherMs, SHORT_GATHER_MS);
    this.batchBytes = 0;
    for (const stream of this.streams) {
      const handle = handleOf(stream);
      if (handle === undefined || !handle.reading || stream.destroyed) continue;
      handle.readStop();
      this.stopped.push({ stream, handle });
    }
    if (this.stopped.length > 0) this.timer = setTimeout(() => this.release(), ms);
  }
}
