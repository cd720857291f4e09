// --format's check, the same on parse, replay and run; apart from output.ts, whose writers a parse loads without zod.
import { z } from 'zod';

export const formatSchema = z.enum(['jsonl', 'table', 'summary', 'xctl'], { error: () => 'must be jsonl, table, summary or xctl' });
export type Format = z.infer<typeof formatSchema>;
