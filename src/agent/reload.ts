// SIGHUP: the configuration read again; when it is valid, the probes made what it says; when not, the running ones left as they are.
import { describeError } from '../core/errors.js';
import { type AgentConfig, loadAgentConfig } from './config.js';
import { planAgentProbes } from './plan-probes.js';
import { describeDiff } from './reload-diff.js';
import type { Supervisor } from './supervisor.js';

/** Returns the configuration now running: the new one, or the old one when the new one was refused. */
export async function reloadAgent(current: AgentConfig, supervisor: Supervisor, log: (line: string) => void): Promise<AgentConfig> {
  let next: AgentConfig;
  let planned: Awaited<ReturnType<typeof planAgentProbes>>;
  try {
    next = await loadAgentConfig(current.file);
    planned = await planAgentProbes(next);
  } catch (error) {
    const [what, ...rest] = describeError(error)
      .replace(/^probectl: /, '')
      .split('\n');
    log(`probectl agent: reload refused, the probes run on as before: ${what}`);
    for (const line of rest) log(`probectl agent: ${line}`);
    return current;
  }
  if (next.fixed !== current.fixed)
    log(
      'probectl agent: note: a reload changes the probes only; host, stdout, restart, grace, validate, include_self and where the events go change when the agent restarts',
    );
  const diff = await supervisor.apply(planned.probes);
  log(`probectl agent: reloaded ${current.file}: ${describeDiff(diff)}`);
  return { ...current, probes: next.probes };
}
