// Lost samples: the samples the program counted against those its stack map held, over the whole run.

/**
 * probectl's program counts every sample in @samples and in the stack map; a sample that found the map full, or came
 * between a print and its clear, is in the first only. Totals are compared, not intervals: a print of @samples and one of
 * the stacks are not taken at the same instant, so one interval's stacks may hold a few samples of the next's count.
 */
export class SampleCount {
  private counted = 0;
  private stacked = 0;
  private reported = 0;

  counts(n: number): void {
    this.counted += n;
  }

  stacks(n: number): void {
    this.stacked += n;
  }

  /** The samples lost since the last call, or 0. */
  newlyLost(): number {
    const lost = this.counted - this.stacked - this.reported;
    if (lost <= 0) return 0;
    this.reported += lost;
    return lost;
  }
}
