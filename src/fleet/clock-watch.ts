// A host's clock offset kept fresh: measured at connect, again every interval over the same connection, reported when it has really moved.
import type { ClockReading } from './clock.js';

/** A move smaller than this is not reported, however precise the round trips. */
export const MIN_REPORTED_MOVE_MS = 5;

/**
 * Whether the offset moved by more than the two readings can tell apart: each is exact to half its round trip (the
 * host read its clock somewhere between the send and the answer), plus 1 ms for the local clock's millisecond steps.
 */
export function clockMoved(reported: ClockReading, now: ClockReading): boolean {
  const uncertainty = (reported.rttMs + now.rttMs) / 2 + 1;
  return Math.abs(now.offsetMs - reported.offsetMs) > Math.max(MIN_REPORTED_MOVE_MS, uncertainty);
}

export class ClockWatch {
  /** The latest reading: the offset applied to the host's events from then on; undefined until one succeeds. */
  current: ClockReading | undefined;
  /** The reading last reported (the first, then each that moved from the one before it). */
  reported: ClockReading | undefined;
  /** How many measurements succeeded. */
  measures = 0;
  private timer: NodeJS.Timeout | undefined;
  private measuring = false;

  constructor(
    private readonly measure: () => Promise<ClockReading | undefined>,
    private readonly intervalMs: number,
    /** The offset moved from the one last reported (not called for the first reading). */
    private readonly moved: (now: ClockReading, before: ClockReading) => void,
  ) {}

  /** The first measurement, then one every interval until stop(). */
  async start(): Promise<ClockReading | undefined> {
    await this.again();
    this.timer = setInterval(() => void this.again(), this.intervalMs);
    return this.current;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async again(): Promise<void> {
    if (this.measuring) return; // a slow round trip: the next tick measures
    this.measuring = true;
    try {
      const now = await this.measure();
      if (now === undefined) return;
      this.measures++;
      this.current = now;
      const before = this.reported;
      if (before !== undefined && !clockMoved(before, now)) return;
      this.reported = now;
      if (before !== undefined) this.moved(now, before);
    } finally {
      this.measuring = false;
    }
  }
}
