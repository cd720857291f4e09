// parse's options as zod checks them, loaded only when they need checking (parse-options.ts), and their type.
import { z } from 'zod';
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
  format: formatSchema.default('jsonl'),
  layout: z.string().min(1).optional(),
  probe: z.string().min(1).optional(),
  host: z.string().optional(),
  validate: z.boolean().default(false),
  ...stackFileOptionsShape,
});

/** Fails to compile when ParseOptions and this schema's output differ. */
type Differ = Exclude<keyof ParseOptions, keyof z.infer<typeof parseOptionsSchema>> | Exclude<keyof z.infer<typeof parseOptionsSchema>, keyof ParseOptions>;
const agree: [Differ] extends [never] ? (z.infer<typeof parseOptionsSchema> extends ParseOptions ? true : false) : Differ = true;
void agree;
