// What an event adds to the flow view (src/summary/flows.ts): the connection it names and its counts, or a session of it.

export interface End {
  addr: string;
  port: number;
}

/** An event seen on a connection (a retransmit, a drop, a count of them). */
export interface FlowEvent {
  kind: 'event';
  ts: number;
  /** The ends in the order the event printed them. */
  first: End;
  second: End;
  /** True when the event read the socket: its first end is then the local one. */
  fromSocket: boolean;
  /** A count printed when its tool stopped has no time of its own: it goes to the pair's open row, else its latest. */
  latest?: boolean;
  retransmits?: number;
  /** Of the retransmits, tail loss probes. */
  tlp?: number;
  /** One drop, for this reason. */
  dropReason?: string;
  /** The task on the CPU when it fired: the owner unless it is pid 0 (softirq). */
  task?: { pid?: number; comm?: string };
}

/** A session of a connection, reported when it closed: its lifetime, owner and bytes. */
export interface FlowSession {
  kind: 'session';
  ts: number;
  local: End;
  remote: End;
  duration_ms: number;
  pid?: number;
  comm?: string;
  tx_kb: number;
  rx_kb: number;
}

/** How one event type takes part in the flow view. */
export type FlowSource<E> =
  | { readonly session: (event: E) => FlowSession }
  | {
      /** Undefined when this event names no connection (a connect printed without its local port). */
      readonly event: (event: E) => FlowEvent | undefined;
      /** The row's count its events add to, which an assertion split by owner reads; absent when they add to none (a connect names the connection and its owner). */
      readonly counts?: 'retransmits' | 'drops';
      /** Its pid is the task on the CPU, not the connection's owner: split by pid or comm, the owner comes from the flow view. */
      readonly ownerFromFlow?: boolean;
    };
