// probe.status events: a probe's backend starting, ready, stopped or failed, stamped like every other event.
import type { EventOf, Source } from '../events/index.js';
import type { ProbePlan } from '../plan/plan.js';

export type StatusEvent = EventOf<'probe.status'>;
export type StatusDetail = Pick<StatusEvent, 'state' | 'message' | 'exit_code' | 'signal'>;

/** probectl itself says these, not the tool. */
export const STATUS_SOURCE: Source = { impl: 'probectl', tool: 'probectl', layout: 'status' };

/** seq is left at 0: the merged stream numbers every event it delivers. */
export function statusEvent(plan: Pick<ProbePlan, 'probe' | 'backend'>, host: string, ts: number, detail: StatusDetail): StatusEvent {
  const { state, message, exit_code, signal } = detail;
  return {
    type: 'probe.status',
    ts,
    probe: plan.probe,
    source: STATUS_SOURCE,
    host,
    seq: 0,
    backend: plan.backend,
    state,
    ...(message !== undefined && { message }),
    ...(exit_code !== undefined && { exit_code }),
    ...(signal !== undefined && { signal }),
  };
}
