// Classifies the lines every tool may print besides its data: lost events, warnings, errors, banners.
import type { DiagnosticLevel } from '../events/index.js';

export type Classified =
  | { kind: 'lost'; count: number; cpu?: number }
  | { kind: 'diagnostic'; level: DiagnosticLevel }
  | { kind: 'skip' };

const lostPatterns: RegExp[] = [
  /^Possibly lost (\d+) samples\s*$/, // bcc perf buffer (stderr)
  /^Lost (\d+) events on CPU #(\d+)!?\s*$/, // libbpf-tools
  /^Lost (\d+) events\s*$/, // bpftrace text output
];

const skipPatterns: RegExp[] = [
  /^Attaching \d+ probes?\.\.\.\s*$/, // bpftrace <= 0.23, stdout
  /^Attached \d+ probes?\s*$/, // bpftrace >= 0.24, stderr
];

const errorPattern = /^(?:ERROR|Error|error|FATAL|fatal)\b|^Traceback \(most recent call last\):|^\s+File "|^[A-Za-z_][\w.]*(?:Error|Exception|Interrupt)\b:?|^(?:stdin|[\w./-]+\.bt):\d+(?::\d+)?(?:-\d+)?: ERROR/;
const warningPattern = /^(?:WARNING|Warning|warning|WARN)\b|couldn't set RLIMIT_MEMLOCK|^(?:stdin|[\w./-]+\.bt):\d+(?::\d+)?(?:-\d+)?: WARNING/;

/**
 * Recognises lost-event lines, banners and diagnostics. Returns undefined for lines it
 * does not know, which a stdout parser reports as unparsed and stderr reports as warnings.
 */
export function classifyToolLine(text: string): Classified | undefined {
  const first = text.charCodeAt(0);
  // Fast exit for data rows, which start with a digit or a space in every layout.
  if (first >= 48 && first <= 57) return undefined;
  for (const pattern of lostPatterns) {
    const m = pattern.exec(text);
    if (m) return m[2] === undefined ? { kind: 'lost', count: Number(m[1]) } : { kind: 'lost', count: Number(m[1]), cpu: Number(m[2]) };
  }
  for (const pattern of skipPatterns) if (pattern.test(text)) return { kind: 'skip' };
  if (warningPattern.test(text)) return { kind: 'diagnostic', level: 'warning' };
  if (errorPattern.test(text)) return { kind: 'diagnostic', level: 'error' };
  return undefined;
}
