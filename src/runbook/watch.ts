// probectl watch's loop: events from the stream into the continuous evaluation, evaluated every few seconds, alerts and resolves handed on.
import { eventSchema } from '../probes/registry.js';
import type { StreamMessage } from '../publish/stream-events.js';
import type { AlertEvent } from './alert-event.js';
import { ContinuousEvaluation, type ContinuousOptions } from './continuous.js';
import type { Runbook } from './model.js';

export interface WatchOptions extends ContinuousOptions {
  onAlert(alert: AlertEvent): void;
  /** Told once about the first message that is not a probectl event (it is acknowledged and skipped). */
  warn(line: string): void;
}

const TIMER_MS = 250;

export interface WatchCounts {
  events: number;
  skipped: number;
  alerts: number;
  resolved: number;
  hosts: number;
}

/** Runs until the messages end (the consumer closed); evaluates a last time then. */
export async function watchStream(runbook: Runbook, messages: AsyncIterable<StreamMessage>, options: WatchOptions): Promise<WatchCounts> {
  const evaluation = new ContinuousEvaluation(runbook, options);
  const counts = { events: 0, skipped: 0, alerts: 0, resolved: 0, hosts: 0 };
  const handOn = (alerts: AlertEvent[]) => {
    for (const alert of alerts) {
      if (alert.type === 'runbook.alert') counts.alerts++;
      else counts.resolved++;
      options.onAlert(alert);
    }
  };
  const evaluate = () => handOn(evaluation.evaluate());
  // A host's evaluations fall due as its clock moves on; looking a few times a second hands them on promptly.
  const timer = setInterval(evaluate, Math.min(options.everyS * 1000, TIMER_MS));
  try {
    for await (const message of messages) {
      const event = parsed(message.data);
      if (event === undefined) {
        if (counts.skipped++ === 0) options.warn(`probectl: warning: skipping what is not a probectl event on ${message.subject} (and any more like it)`);
      } else {
        counts.events++;
        handOn(evaluation.add(event));
      }
      message.ack();
    }
  } finally {
    clearInterval(timer);
  }
  evaluate();
  counts.hosts = evaluation.hosts;
  return counts;
}

function parsed(data: string) {
  try {
    const result = eventSchema.safeParse(JSON.parse(data));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
