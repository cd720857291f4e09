// Preflight: the host facts doctor measures, checked against what the runbook needs before any probe starts.
import type { Check, HostFacts } from '../host/facts.js';
import { autoBackend, backendStatuses } from '../plan/catalog.js';
import { findProbe } from '../run/resolve.js';
import type { PreflightCheck, Runbook } from './model.js';
import type { PreflightResult } from './result.js';

const PRIVILEGED = ['CAP_BPF', 'CAP_SYS_ADMIN'];

const fromCheck = (check: string, c: Check): PreflightResult => ({ check, ok: c.ok, detail: c.detail, ...(c.remedy !== undefined && { remedy: c.remedy }) });

function hostCheck(check: Exclude<PreflightCheck, object>, facts: HostFacts): PreflightResult {
  switch (check) {
    case 'root':
      return facts.root ? { check, ok: true, detail: 'running as root' } : { check, ok: false, detail: 'not running as root', remedy: 'Run it with sudo.' };
    case 'bpf': {
      const privileged = facts.root || facts.capabilities.some((c) => PRIVILEGED.includes(c));
      if (!privileged)
        return { check, ok: false, detail: 'neither root nor CAP_BPF / CAP_SYS_ADMIN: BPF programs cannot be loaded', remedy: 'Run it with sudo.' };
      return fromCheck(check, facts.attach.tracepoint);
    }
    case 'btf':
      return fromCheck(check, facts.btf);
    case 'tracepoints':
      return fromCheck(check, facts.attach.tracepoint);
    case 'xdp':
      return fromCheck(check, facts.attach.xdp);
  }
}

/** Whether the probe can run here on the backend asked for, with the filters the runbook gives it (as `probectl list` says). */
function probeCheck(check: { probe: string; backend: string }, facts: HostFacts, runbook: Runbook): PreflightResult {
  const definition = findProbe(check.probe);
  const name = `probe ${check.probe}${check.backend === 'auto' ? '' : ` on ${check.backend}`}`;
  const statuses = backendStatuses(definition, facts);
  if (check.backend === 'auto') {
    const filters = runbook.probes.find((p) => p.probe === check.probe)?.filters ?? {};
    const chosen = autoBackend(definition, facts, filters);
    if (chosen !== undefined) return { check: name, ok: true, detail: `auto picks ${chosen.backend} (${chosen.tool})` };
    const why = statuses.map((s) => `${s.backend}: ${s.reason ?? 'cannot honour the filters given'}`).join('; ');
    const remedies = statuses.flatMap((s) => (s.remedy !== undefined ? [`${s.backend}: ${s.remedy}`] : []));
    return { check: name, ok: false, detail: `no backend runs it truthfully here (${why})`, ...(remedies.length > 0 && { remedy: remedies.join('; ') }) };
  }
  const status = statuses.find((s) => s.backend === check.backend);
  if (status === undefined) return { check: name, ok: false, detail: `${check.probe} has no ${check.backend} backend` };
  if (status.available && status.trusted) return { check: name, ok: true, detail: `${check.backend} runs here` };
  return { check: name, ok: false, detail: status.reason ?? 'not available here', ...(status.remedy !== undefined && { remedy: status.remedy }) };
}

export function preflight(runbook: Runbook, facts: HostFacts): PreflightResult[] {
  return runbook.preflight.map((check) => (typeof check === 'string' ? hostCheck(check, facts) : probeCheck(check, facts, runbook)));
}
