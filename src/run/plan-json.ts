// Plans as JSON (what --dry-run prints) and back (the PROBECTL_PLAN_FILE test seam reads them).
import * as z from '../events/zod.js';
import { implementations } from '../events/envelope.js';
import { filtersSchema } from '../plan/filters.js';
import { isParserName, parserNames } from '../probes/probe-list.js';
import type { ParserName, ProbePlan } from '../plan/plan.js';

export const planJsonSchema = z.strictObject({
  probe: z.string().check(z.minLength(1)),
  backend: z.enum(['bpftrace', 'bcc', 'libbpf']),
  argv: z.array(z.string()).check(z.minLength(1)),
  env: z._default(z.record(z.string(), z.string()), {}),
  script: z.optional(z.string()),
  parser: z.pipe(
    z.string(),
    z.custom<ParserName>((name) => typeof name === 'string' && isParserName(name), {
      error: (issue) => `names no parser probectl has (${parserNames.join(', ')}): ${String(issue.input)}`,
    }),
  ),
  impl: z.enum(implementations),
  layout: z.optional(z.string()),
  /** The ready pattern as a JavaScript literal, flags included: "/^PID +COMM/m". */
  ready: z.string(),
  filters: z._default(filtersSchema, {}),
  stdinPipe: z.optional(z.boolean()),
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
