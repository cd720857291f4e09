// The event types that join the flow view, and how: gathered from the probe modules' summary parts.
import type { EventType, ProbeEvent } from '../events/index.js';
import { probeModules } from '../probes/registry.js';
import type { ProbeModule } from '../probes/probe-module.js';
import type { FlowSource } from '../tally/flow-contribution.js';

export const flowSources: Partial<Record<EventType, FlowSource<ProbeEvent>>> = Object.assign(
  {},
  ...probeModules.map((m: ProbeModule) => m.summary?.flows ?? {}),
) as Partial<Record<EventType, FlowSource<ProbeEvent>>>;

/** The types whose events are sessions of a connection: they name its owner. */
export const sessionTypes: ReadonlySet<EventType> = new Set(
  (Object.entries(flowSources) as Array<[EventType, FlowSource<ProbeEvent>]>).filter(([, s]) => 'session' in s).map(([type]) => type),
);

/**
 * The types whose pid is the task on the CPU (often 0), not the connection's owner, each with the row count its
 * events add to: split by pid or comm, they take the owner from the flow view's row of their connection.
 */
export const ownerFromFlow: ReadonlyMap<EventType, 'retransmits' | 'drops'> = new Map(
  (Object.entries(flowSources) as Array<[EventType, FlowSource<ProbeEvent>]>).flatMap(([type, s]) =>
    'event' in s && s.ownerFromFlow === true && s.counts !== undefined ? [[type, s.counts] as const] : [],
  ),
);
