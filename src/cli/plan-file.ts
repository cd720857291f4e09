// TEST SEAM, not a feature: PROBECTL_PLAN_FILE names a JSON file of ready-made plans that `probectl run` uses
// instead of planning for this host, so that end-to-end tests drive the real CLI with fake executables and no
// root. Its shape: { "privileges"?: { "root": bool, "capabilities": [..] }, "plans": [ plan as --dry-run prints it ] }.
import { readFile } from 'node:fs/promises';
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { effectiveBpfCapabilities } from '../host/capabilities.js';
import type { ProbePlan } from '../plan/plan.js';
import { planFromJson, planJsonSchema } from '../run/plan-json.js';

export const PLAN_FILE_VARIABLE = 'PROBECTL_PLAN_FILE';

const planFileSchema = z.strictObject({
  privileges: z.optional(z.strictObject({ root: z.boolean(), capabilities: z.array(z.string()) })),
  plans: z.array(planJsonSchema),
});

/** The plans for these names from the test seam's file, or undefined when the variable is not set. */
export async function plansFromTestSeam(
  names: readonly string[],
): Promise<{ plans: ProbePlan[]; facts: { root: boolean; capabilities: string[] } } | undefined> {
  const file = process.env[PLAN_FILE_VARIABLE];
  if (file === undefined || file === '') return undefined;
  const parsed = planFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success)
    throw new ProbectlError(
      'USAGE',
      `${PLAN_FILE_VARIABLE}=${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      `Unset ${PLAN_FILE_VARIABLE}: it is for tests.`,
    );
  const plans = names.map((name) => {
    const json = parsed.data.plans.find((p) => p.probe === name);
    if (json === undefined)
      throw new ProbectlError('USAGE', `there is no probe "${name}" in ${file}.`, `Use one of: ${parsed.data.plans.map((p) => p.probe).join(', ')}.`);
    return planFromJson(json);
  });
  const facts = parsed.data.privileges ?? { root: process.getuid?.() === 0, capabilities: await effectiveBpfCapabilities() };
  return { plans, facts };
}
