// Schema of probe.status: a probe's backend starting, attached and ready, stopped, or failed.
import * as z from './zod.js';
import { envelopeShape } from './envelope.js';

export const backends = ['bpftrace', 'bcc', 'libbpf', 'probectl'] as const;
export type Backend = (typeof backends)[number];

export const probeStates = ['starting', 'ready', 'stopped', 'failed'] as const;

export const probeStatusSchema = z.strictObject({
  type: z.literal('probe.status'),
  ...envelopeShape,
  backend: z.enum(backends),
  state: z.enum(probeStates),
  /** What happened, in a sentence: the error for failed, the command for starting. */
  message: z.optional(z.string()),
  /** The child's exit code or signal, once it has ended. */
  exit_code: z.optional(z.number().check(z.int())),
  signal: z.optional(z.string()),
});
