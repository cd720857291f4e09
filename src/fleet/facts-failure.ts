// Why measuring a host's facts over SSH failed, as the reason class its fleet.host event carries.
import type { OneShotResult } from '../core/one-shot.js';
import type { FleetFailureReason } from '../events/index.js';

/**
 * A measurement that ran out of time is the host being slow (a straggler), not the connection failing: the timeout is at
 * least --ready-timeout. ssh itself exits 255 when the connection fails or drops; any other exit is the host's shell or
 * its trials saying no.
 */
export function factsFailureReason(result: Pick<OneShotResult, 'code' | 'timedOut'>): FleetFailureReason {
  if (result.timedOut) return 'straggler';
  return result.code === 255 ? 'lost-connection' : 'no-backend';
}
