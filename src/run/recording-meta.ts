// The meta.json of a live run's recording, from its plan: what replay needs to read it the same way.
import { basename } from 'node:path';
import type { ProbePlan } from '../plan/plan.js';
import type { RecordingMeta } from '../recording/format.js';

/** Commands that only wrap the tool (stdbuf -oL <tool>): the tool is the word after them and their options. */
const WRAPPERS = new Set(['stdbuf', 'env', 'nice', 'ionice', 'timeout', 'sudo']);

/** The tool as users know it: <tool> (not <tool>-bpfcc or /usr/sbin/<tool>), <script>.bt, bpftrace. */
export function toolName(plan: Pick<ProbePlan, 'argv' | 'backend' | 'parser'>): string {
  const words = plan.argv.map((w) => basename(w));
  const script = words.find((w) => w.endsWith('.bt'));
  if (plan.backend === 'bpftrace') return script ?? 'bpftrace';
  const tool = words.find((w, i) => !w.startsWith('-') && !w.includes('=') && !WRAPPERS.has(w) && !(i > 0 && WRAPPERS.has(words[i - 1]!) && /^\d/.test(w)));
  return (tool ?? plan.parser).replace(/-bpfcc$/, '');
}

export interface MetaContext {
  host: string;
  kernel: string;
  /** Unix epoch ms when the command started. */
  startedAt: number;
  toolVersion: string;
}

export function recordingMeta(plan: ProbePlan, context: MetaContext): RecordingMeta {
  const filters = Object.keys(plan.filters).length > 0 ? `, filters ${JSON.stringify(plan.filters)}` : '';
  return {
    probe: plan.probe,
    parser: plan.parser,
    ...(plan.layout !== undefined && { layout: plan.layout }),
    argv: plan.argv,
    tool: { impl: plan.impl, name: toolName(plan), version: context.toolVersion },
    kernel: context.kernel,
    host: context.host,
    started_at: context.startedAt,
    note: `Recorded live by probectl run (${plan.backend} backend${filters}); the env it added: ${JSON.stringify(plan.env)}.`,
  };
}
