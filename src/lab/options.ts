// The lab's options, checked by zod for the CLI (strings) and the library (numbers) alike, with their bounds.
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { wholeNumber } from '../core/option-numbers.js';
import { zodWords } from '../core/zod-words.js';

const MiB = 1024 * 1024;
/** Every way it can fail in the same words: what it must be. */
const whole = (min: number, max: number, what: string) =>
  wholeNumber(min, max, { notNumber: `must be ${what}`, notWhole: `must be ${what}`, below: `must be ${what}`, above: `must be ${what}` });

export const labUpOptionsSchema = z.strictObject({
  /** Percent of TCP packets to the test port dropped on their way into the server's namespace. */
  loss: z._default(whole(0, 50, 'a whole percentage from 0 to 50'), 5),
});
export interface LabUpOptions {
  loss?: number;
}

export const TRAFFIC_LIMITS = { connections: 100, bytes: 256 * MiB, timeout: 300 } as const;

export const labTrafficOptionsSchema = z.strictObject({
  /** TCP connections, one after another, each from its own client process. */
  connections: z._default(whole(1, TRAFFIC_LIMITS.connections, `a whole number from 1 to ${TRAFFIC_LIMITS.connections}`), 3),
  /** Bytes each client sends. */
  bytes: z._default(whole(0, TRAFFIC_LIMITS.bytes, `a byte count from 0 to ${TRAFFIC_LIMITS.bytes}`), MiB),
  /** Bytes the server sends back on each connection once it has them all. */
  reply: z._default(whole(0, TRAFFIC_LIMITS.bytes, `a byte count from 0 to ${TRAFFIC_LIMITS.bytes}`), 64 * 1024),
  /** Seconds each connection may take, and each socket may stay idle, before it is given up. */
  timeout: z._default(whole(1, TRAFFIC_LIMITS.timeout, `whole seconds from 1 to ${TRAFFIC_LIMITS.timeout}`), 30),
});
export interface LabTrafficOptions {
  connections?: number;
  bytes?: number;
  reply?: number;
  timeout?: number;
}
export type CheckedTrafficOptions = z.output<typeof labTrafficOptionsSchema>;

/** The options with their defaults, or one usage error naming every bad option. */
export function checkLabOptions<S extends z.ZodMiniType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {}, { error: zodWords });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => (issue.path.length > 0 ? `--${issue.path.join('.')} ${issue.message}` : issue.message)).join('; ');
  throw new ProbectlError('USAGE', `invalid lab option: ${problems}.`, "See 'probectl lab --help' for the options.");
}
