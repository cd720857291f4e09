// One line of bench/all.ts's table: a figure, what was measured, the target it is held to, and whether it is met.

export interface TargetRow {
  figure: string;
  measured: string;
  target: string;
  /** undefined: not measured (skipped, or the benchmark failed). */
  met: boolean | undefined;
}
