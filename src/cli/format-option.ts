// --format's check, the same on parse, replay and run; apart from output.ts, whose writers a parse loads without zod.
import * as z from '../events/zod.js';
import { formats } from './formats.js';

export const formatSchema = z.enum(formats, { error: () => 'must be jsonl, table, summary or xctl' });
export type Format = z.infer<typeof formatSchema>;
