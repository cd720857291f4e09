// The backend command probectl would run for a probe, taken from `probectl run --dry-run`: to run the same command alone.
import { execFileSync } from 'node:child_process';

export interface BackendPlan {
  /** The probe the plan is for. */
  probe: string;
  backend: string;
  argv: string[];
  env: Record<string, string>;
  /** The line that says the backend is ready, as the plan gives it. */
  ready: RegExp;
  stdinPipe: boolean;
}

/** `probectl run PROBE... ARGS --dry-run`'s plans, one for each probe, in order. */
export function backendPlans(cli: string, probes: readonly string[], args: readonly string[] = []): BackendPlan[] {
  const plans = JSON.parse(execFileSync(process.execPath, [cli, 'run', ...probes, ...args, '--dry-run'], { encoding: 'utf8' })) as {
    backend: string;
    argv: string[];
    env: Record<string, string>;
    ready: string;
    stdinPipe?: boolean;
    probe: string;
  }[];
  return plans.map((plan) => {
    const [, source, flags] = /^\/(.*)\/([a-z]*)$/s.exec(plan.ready)!;
    return {
      probe: plan.probe,
      backend: plan.backend,
      argv: plan.argv,
      env: plan.env,
      ready: new RegExp(source!, flags),
      stdinPipe: plan.stdinPipe ?? false,
    };
  });
}

/** `probectl run PROBE ARGS --dry-run`'s plan for the probe. */
export const backendPlan = (cli: string, probe: string, args: readonly string[] = []): BackendPlan => backendPlans(cli, [probe], args)[0]!;

/** The ready status event in probectl's JSON output. */
export const PROBECTL_READY = /"type":"probe\.status".*"state":"ready"/;
