// Schemas of what a tool says about itself: lost events and diagnostics.
import * as z from './zod.js';
import { envelopeShape } from './envelope.js';

export const toolLostSchema = z.strictObject({
  type: z.literal('tool.lost'),
  ...envelopeShape,
  count: z.number().check(z.int(), z.nonnegative()),
  cpu: z.optional(z.number().check(z.int(), z.nonnegative())),
});

export const diagnosticLevels = ['info', 'warning', 'error', 'unparsed'] as const;
export type DiagnosticLevel = (typeof diagnosticLevels)[number];

export const toolDiagnosticSchema = z.strictObject({
  type: z.literal('tool.diagnostic'),
  ...envelopeShape,
  level: z.enum(diagnosticLevels),
  /** The raw line, exactly as read (after decoding). */
  message: z.string(),
  stream: z.optional(z.enum(['stdout', 'stderr'])),
});
