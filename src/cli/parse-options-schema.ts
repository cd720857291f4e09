// parse's options as zod checks them, loaded only when they need checking (parse-options.ts), and their type.
import * as z from '../events/zod.js';
import { type Format, formatSchema } from './format-option.js';
import { stackFileOptionsShape } from './stack-file-options.js';

/** The checked options, written out: parse-options.ts takes this type without loading the schema. */
export type ParseOptions = {
  format: Format;
  layout?: string;
  probe?: string;
  host?: string;
  validate: boolean;
  pprof?: string;
  folded?: string;
  flamegraph?: string;
};

export const parseOptionsSchema = z.strictObject({
  format: z._default(formatSchema, 'jsonl'),
  layout: z.optional(z.string().check(z.minLength(1))),
  probe: z.optional(z.string().check(z.minLength(1))),
  host: z.optional(z.string()),
  validate: z._default(z.boolean(), false),
  ...stackFileOptionsShape,
});

/** Fails to compile when ParseOptions and this schema's output differ. */
type Differ = Exclude<keyof ParseOptions, keyof z.infer<typeof parseOptionsSchema>> | Exclude<keyof z.infer<typeof parseOptionsSchema>, keyof ParseOptions>;
const agree: [Differ] extends [never] ? (z.infer<typeof parseOptionsSchema> extends ParseOptions ? true : false) : Differ = true;
void agree;
