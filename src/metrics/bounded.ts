// Bounded label values: the first N distinct values of a label keep a series of their own, every later one folds into "other".
export const OTHER = 'other';

/**
 * A value admitted once keeps its series for the whole run, so the counter it feeds never moves to
 * another series and never goes down; once the cap is reached, every new value adds to the series
 * labelled "other". Each series then counts exactly its own events, and the series together count
 * every event.
 */
export class BoundedValues {
  private readonly admitted = new Set<string>();

  constructor(readonly cap: number) {
    if (!Number.isInteger(cap) || cap < 0) throw new RangeError(`a label cap must be a non-negative integer, not ${cap}`);
  }

  /** The label value to use for value: itself while it has (or can get) a series, else "other". */
  of(value: string): string {
    if (this.admitted.has(value)) return value;
    if (this.admitted.size >= this.cap) return OTHER;
    this.admitted.add(value);
    return value;
  }

  /** How many values have a series of their own. */
  get size(): number {
    return this.admitted.size;
  }
}

export interface FlowLabels {
  laddr: string;
  lport: string;
  raddr: string;
  rport: string;
}

const OTHER_FLOW: FlowLabels = { laddr: OTHER, lport: OTHER, raddr: OTHER, rport: OTHER };

/** The flow labels of a TCP 4-tuple, bounded as BoundedValues bounds one label: beyond the cap, all four are "other". */
export class BoundedFlows {
  private readonly flows: BoundedValues;

  constructor(cap: number) {
    this.flows = new BoundedValues(cap);
  }

  of(flow: { laddr: string; lport: number; raddr: string; rport: number }): FlowLabels {
    const labels = { laddr: flow.laddr, lport: String(flow.lport), raddr: flow.raddr, rport: String(flow.rport) };
    // The separator cannot occur in an address or a port.
    return this.flows.of(`${labels.laddr} ${labels.lport} ${labels.raddr} ${labels.rport}`) === OTHER ? OTHER_FLOW : labels;
  }
}
