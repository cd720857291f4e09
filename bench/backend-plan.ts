// The backend command probectl would run for a probe, taken from `probectl run --dry-run`: to run the same command alone.
import { execFileSync } from 'node:child_process';

export interface BackendPlan {
  backend: string;
  argv: string[];
  env: Record<string, string>;
  /** The line that says the backend is ready, as the plan gives it. */
  ready: RegExp;
  stdinPipe: boolean;
}

/** `probectl run PROBE ARGS --dry-run`'s plan for the probe. */
export function backendPlan(cli: string, probe: string, args: readonly string[] = []): BackendPlan {
  const plans = JSON.parse(execFileSync(process.execPath, [cli, 'run', probe, ...args, '--dry-run'], { encoding: 'utf8' })) as {
    backend: string;
    argv: string[];
    env: Record<string, string>;
    ready: string;
    stdinPipe?: boolean;
  }[];
  const plan = plans[0]!;
  const [, source, flags] = /^\/(.*)\/([a-z]*)$/s.exec(plan.ready)!;
  return { backend: plan.backend, argv: plan.argv, env: plan.env, ready: new RegExp(source!, flags), stdinPipe: plan.stdinPipe ?? false };
}

/** The ready status event in probectl's JSON output. */
export const PROBECTL_READY = /"type":"probe\.status".*"state":"ready"/;
