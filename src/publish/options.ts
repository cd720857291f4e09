// The publish options of run and replay: --publish nats://HOST:PORT[/PREFIX], --stream, its limits, --spool, checked with zod.
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import type { PublishSettings } from './jetstream-publisher.js';
import { defaultStreamName, natsUrlSchema } from './nats-target.js';

const MIB = 1024 * 1024;
const number = (what: string) => z.coerce.number({ error: () => `must be a number of ${what}` });

/** Spread into a command's option schema; the values arrive as commander gives them, as text. */
export const publishOptionsShape = {
  publish: z.optional(natsUrlSchema),
  stream: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'must be a stream name of letters, digits, _ and -'))),
  streamMaxAge: z.optional(number('seconds').check(z.gte(0, 'must not be negative'))),
  streamMaxBytes: z.optional(number('bytes').check(z.int('must be a whole number of bytes'), z.gte(-1, 'must be -1 (no limit) or more'))),
  spool: z.optional(z.string().check(z.minLength(1, 'must name a directory'))),
  spoolMax: z.optional(number('MiB').check(z.positive('must be a positive number of MiB'))),
  publishWait: z.optional(number('seconds').check(z.gte(0, 'must not be negative'))),
};

type Parsed = { [K in keyof typeof publishOptionsShape]?: z.infer<(typeof publishOptionsShape)[K]> };

export const DEFAULTS = { maxAgeS: 86_400, maxBytes: 1024 * MIB, duplicateWindowS: 120, memoryBytes: 8 * MIB, fileMiB: 256, drainS: 30 };

/** The publish settings, or undefined without --publish; the options that only mean something with it are refused alone. */
export function publishSettings(options: Parsed): PublishSettings | undefined {
  const target = options.publish;
  if (target === undefined) {
    // --spool is shared with --push: the metrics options say what it needs.
    const given = Object.keys(publishOptionsShape).find((key) => key !== 'spool' && options[key as keyof Parsed] !== undefined);
    if (given !== undefined) {
      const flag = `--${given.replaceAll(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      throw new ProbectlError('USAGE', `${flag} needs --publish nats://HOST:PORT.`, `Give --publish with the NATS server to publish to, or leave ${flag} out.`);
    }
    return undefined;
  }
  return {
    target,
    stream: {
      name: options.stream ?? defaultStreamName(target.prefix),
      maxAgeS: options.streamMaxAge ?? DEFAULTS.maxAgeS,
      maxBytes: options.streamMaxBytes ?? DEFAULTS.maxBytes,
      duplicateWindowS: DEFAULTS.duplicateWindowS,
    },
    spool: {
      memoryBytes: DEFAULTS.memoryBytes,
      ...(options.spool !== undefined && { dir: options.spool }),
      fileBytes: (options.spoolMax ?? DEFAULTS.fileMiB) * MIB,
    },
    drainS: options.publishWait ?? DEFAULTS.drainS,
  };
}
