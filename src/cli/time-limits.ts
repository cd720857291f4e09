// The largest times a command takes (--duration, --grace, --push-interval): each ends up in a timer, and beyond its bound it is refused in words.
import { ProbectlError } from '../core/errors.js';

const DAY_S = 86_400;

/** Seconds each option may hold at most, with the bound in words and what to do instead. */
export const TIME_LIMITS = {
  duration: { maxS: 365 * DAY_S, words: '365 days', option: '--duration', instead: 'Give a smaller --duration, or leave it out and stop the run with Ctrl-C.' },
  grace: { maxS: 3600, words: 'an hour', option: '--grace', instead: 'Give a smaller --grace: a probe that takes longer gets the next signal anyway.' },
  pushInterval: {
    maxS: DAY_S,
    words: 'a day',
    option: '--push-interval',
    instead: 'Give a smaller --push-interval: the metrics are pushed at least once a day.',
  },
  clockInterval: {
    maxS: DAY_S,
    words: 'a day',
    option: '--clock-interval',
    instead: "Give a smaller --clock-interval: each host's clock is measured again at least once a day.",
  },
} as const;

type Timed = { [K in keyof typeof TIME_LIMITS]?: number };

/** Refuses a time beyond its bound with a usage error (exit 2), before anything starts. */
export function checkTimeLimits(options: Timed): void {
  for (const [name, limit] of Object.entries(TIME_LIMITS) as [keyof typeof TIME_LIMITS, (typeof TIME_LIMITS)[keyof typeof TIME_LIMITS]][]) {
    const value = options[name];
    if (value !== undefined && value > limit.maxS)
      throw new ProbectlError('USAGE', `invalid option: ${limit.option} must be at most ${limit.maxS} seconds (${limit.words}), not ${value}.`, limit.instead);
  }
}
