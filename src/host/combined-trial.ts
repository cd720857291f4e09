// One bpftrace run that stands for four of the remote trials on a host where they all work (BEGIN, a tracepoint attach, -f json, strftime); where it fails, the four run apart.
import { attachTrials } from './attach-probes.js';

/** Its name in the remote script's output. */
export const COMBINED_TRIAL = 'combined';

/** The trials it stands for, by their names in the remote script's output. */
export const COMBINED_COVERS = ['base', 'attach-tracepoint', 'feature-json', 'feature-strftime'] as const;

export const COMBINED_FLAGS = ['-f', 'json'];
/** The tracepoint trial's probe, and a BEGIN that prints the year by strftime: BEGIN runs once every probe is attached. */
export const COMBINED_PROGRAM = `${attachTrials.tracepoint.replace(/\s*BEGIN \{ exit\(\); \}$/, '')} BEGIN { printf("%s\\n", strftime("%Y", nsecs)); exit(); }`;

export interface TrialRun {
  ok: boolean;
  timedOut: boolean;
  result: { stdout: string };
  error: string;
}

/** The text its printf lines printed: the `data` of each JSON printf record, or the lines as they are where it printed no JSON. */
function printedText(stdout: string): string {
  const data: string[] = [];
  for (const line of stdout.split('\n')) {
    try {
      const record = JSON.parse(line) as { type?: unknown; data?: unknown };
      if (record.type === 'printf' && typeof record.data === 'string') data.push(record.data);
    } catch {
      // not JSON: this bpftrace printed text
    }
  }
  return data.length > 0 ? data.join('') : stdout;
}

/**
 * The four trials as the combined run answers them, when it succeeded: its exit proves BEGIN ran and the tracepoint
 * attached; its own output is what the json and strftime trials are judged on (the JSON records, and the text they carry).
 */
export function coveredTrials(combined: TrialRun): Map<(typeof COMBINED_COVERS)[number], TrialRun> {
  return new Map([
    ['base', combined],
    ['attach-tracepoint', combined],
    ['feature-json', combined],
    ['feature-strftime', { ...combined, result: { stdout: printedText(combined.result.stdout) } }],
  ]);
}
