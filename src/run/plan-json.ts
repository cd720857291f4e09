// Plans as JSON (what --dry-run prints) and back (the PROBECTL_PLAN_FILE test seam reads them).
import { z } from 'zod';
import { implementations } from '../events/envelope.js';
import { filtersSchema } from '../plan/filters.js';
import { isParserName, parserNames } from '../probes/probe-list.js';
import type { ProbePlan } from '../plan/plan.js';

export const planJsonSchema = z.strictObject({
  probe: z.string().min(1),
  backend: z.enum(['bpftrace', 'bcc', 'libbpf']),
  argv: z.array(z.string()).min(1),
  env: z.record(z.string(), z.string()).default({}),
  script: z.string().optional(),
  parser: z.string().refine(isParserName, { error: (issue) => `names no parser probectl has (${parserNames.join(', ')}): ${String(issue.input)}` }),
  impl: z.enum(implementations),
  layout: z.string().optional(),
  /** The ready pattern as a JavaScript literal, flags included: "/^PID +COMM/m". */
  ready: z.string(),
  filters: filtersSchema.default({}),
  stdinPipe: z.boolean().optional(),
});
export type PlanJson = z.infer<typeof planJsonSchema>;

/** A plan with its ready pattern as text: key order fixed, so the output is stable. */
export function planToJson(plan: ProbePlan): PlanJson {
  const { probe, backend, argv, env, script, parser, impl, layout, ready, filters, stdinPipe } = plan;
  return {
    probe,
    backend,
    argv,
    env,
    ...(script !== undefined && { script }),
    parser,
    impl,
    ...(layout !== undefined && { layout }),
    ready: String(ready),
    filters,
    ...(stdinPipe && { stdinPipe }),
  };
}

/** "/body/flags" back to a RegExp; text without the slashes is taken as the body alone. */
export function patternFromText(text: string): RegExp {
  const literal = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text);
  return literal === null ? new RegExp(text) : new RegExp(literal[1]!, literal[2]);
}

export function planFromJson(json: PlanJson): ProbePlan {
  return { ...json, ready: patternFromText(json.ready) };
}
