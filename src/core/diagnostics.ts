// Classifies the lines every tool may print besides its data: lost events, warnings, errors, banners.
import type { DiagnosticLevel } from '../events/index.js';
import type { Layout, ParserOutput, Stream } from './layout.js';

export type Classified = { kind: 'lost'; count: number; cpu?: number } | { kind: 'diagnostic'; level: DiagnosticLevel } | { kind: 'skip' };

const lostPatterns: RegExp[] = [
  /^Possibly lost (\d+) samples\s*$/, // bcc perf buffer (stderr)
  /^Lost (\d+) events on CPU #(\d+)!?\s*$/, // libbpf-tools
  /^Lost (\d+) events\s*$/, // bpftrace text output
];

const skipPatterns: RegExp[] = [
  /^Attaching \d+ probes?\.\.\.\s*$/, // bpftrace <= 0.23, stdout
  /^Attached \d+ probes?\s*$/, // bpftrace >= 0.24, stderr
];

const errorPattern = new RegExp(
  [
    /^(?:ERROR|Error|error|FATAL|fatal)\b/.source,
    /^Traceback \(most recent call last\):/.source, // Python (bcc)
    /^\s+File "/.source,
    /^(?:[A-Za-z_][\w.]*)?(?:Error|Exception|Interrupt)\b:?/.source,
    /^(?:stdin|[\w./-]+\.bt):\d+(?::\d+)?(?:-\d+)?: ERROR/.source, // bpftrace, with the program location
    /^[^\s:]+:\d+:\d+: (?:fatal )?error:/.source, // clang, compiling bcc's C or bpftrace's headers
    /^(?:modprobe|bpf|create_probe_event|chdir)\b.*(?:FATAL|[Ff]ailed|No such file|Operation not permitted|Permission denied)/.source,
    /^Unable to find kernel headers/.source, // bcc prints this one on stdout
  ].join('|'),
);
const warningPattern = /^(?:WARNING|Warning|warning|WARN)\b|^(?:stdin|[\w./-]+\.bt):\d+(?::\d+)?(?:-\d+)?: WARNING/;

/** A line a backend prints on every run although all is well: reported as info, with what it means. */
export interface KnownMessage {
  pattern: RegExp;
  level: 'info';
  /** A few words that name the line: what the table and the summary show in its place, with the meaning. */
  label: string;
  meaning: string;
}

/**
 * The harmless lines, each decided from the tool's real output on the project's machines. Not here: lines that
 * mean lost events (BCC's "Possibly lost N samples"), and "X is not traceable ... will likely fail", which an
 * attach error follows.
 */
export const knownMessages: readonly KnownMessage[] = [
  {
    // bpftrace 0.17, first line of every run, on stderr; the program then attaches and prints.
    pattern: /couldn't set RLIMIT_MEMLOCK/,
    level: 'info',
    label: "bpftrace: couldn't set RLIMIT_MEMLOCK",
    meaning: 'harmless: kernels since 5.11 charge BPF memory to the cgroup, so the program loads anyway; it matters only if a load error follows',
  },
  {
    // BCC tcpdrop (stdout) where the kernel inlines tcp_drop(): it then attaches to the tracepoint (the tool's own typo "tracpoint" included).
    pattern: /^WARNING: tcp_drop\(\) kernel function not found or traceable\. Use trace?point:skb:kfree_skb instead\.\s*$/,
    level: 'info',
    label: 'BCC tcpdrop: tcp_drop() not found',
    meaning: 'harmless: this kernel inlines tcp_drop(), so tcpdrop traces the skb:kfree_skb tracepoint instead and still reports every drop',
  },
];

/** How the table and the summary show a known line: what it is and what it means. */
export const knownText = (known: KnownMessage): string => `${known.label} (${known.meaning})`;

/** The known harmless message a line is, if any. */
export function knownMessage(text: string): KnownMessage | undefined {
  for (const known of knownMessages) if (known.pattern.test(text)) return known;
  return undefined;
}

/**
 * Every pattern above as one: most lines that reach classifyToolLine are none of them (an argument's text after its
 * newline, in execsnoop's libbpf layouts), and one test of the alternation costs less than a test of each.
 */
const anyToolLine = new RegExp(
  [...lostPatterns, ...skipPatterns, ...knownMessages.map((known) => known.pattern), warningPattern, errorPattern].map((p) => `(?:${p.source})`).join('|'),
);

/**
 * Recognises lost-event lines, banners and diagnostics. Returns undefined for lines it
 * does not know, which a stdout parser reports as unparsed and stderr reports as warnings.
 */
export function classifyToolLine(text: string): Classified | undefined {
  const first = text.charCodeAt(0);
  // Fast exit for data rows, which start with a digit or a space in every layout.
  if (first >= 48 && first <= 57) return undefined;
  return anyToolLine.test(text) ? classifyByEachPattern(text) : undefined;
}

/** classifyToolLine without its shortcuts: each pattern in turn, the first that matches deciding. */
export function classifyByEachPattern(text: string): Classified | undefined {
  for (const pattern of lostPatterns) {
    const m = pattern.exec(text);
    if (m) return m[2] === undefined ? { kind: 'lost', count: Number(m[1]) } : { kind: 'lost', count: Number(m[1]), cpu: Number(m[2]) };
  }
  for (const pattern of skipPatterns) if (pattern.test(text)) return { kind: 'skip' };
  const known = knownMessage(text);
  if (known !== undefined) return { kind: 'diagnostic', level: known.level };
  if (warningPattern.test(text)) return { kind: 'diagnostic', level: 'warning' };
  if (errorPattern.test(text)) return { kind: 'diagnostic', level: 'error' };
  return undefined;
}

const tracebackStart = /^Traceback \(most recent call last\):/;

/**
 * Reports the lines of a stream that are not data, remembering one thing across lines: inside a
 * Python traceback every line, the indented source lines included, is part of the error.
 */
export class ToolLineReader {
  private inTraceback = false;

  constructor(private readonly out: ParserOutput) {}

  classify(text: string): Classified | undefined {
    if (this.inTraceback) {
      // The traceback ends with its first unindented line: the exception itself.
      const first = text.charCodeAt(0);
      if (first !== 32 && first !== 9) this.inTraceback = false;
      return { kind: 'diagnostic', level: 'error' };
    }
    if (tracebackStart.test(text)) this.inTraceback = true;
    return classifyToolLine(text);
  }

  /** True when report() would report this stdout line as unparsed, changing nothing: outside a traceback, a line no pattern knows. */
  isUnparsed(text: string): boolean {
    return !this.inTraceback && classifyToolLine(text) === undefined;
  }

  /** Lost events become tool.lost, banners nothing, the rest diagnostics: unknown lines are unparsed on stdout and warnings on stderr. */
  report(text: string, stream: Stream, ts: number, layout: Layout): void {
    if (text.length === 0) return;
    const classified = this.classify(text);
    if (classified?.kind === 'skip') return;
    if (classified?.kind === 'lost') {
      const body = classified.cpu === undefined ? { count: classified.count } : { count: classified.count, cpu: classified.cpu };
      return this.out.event(ts, 'tool.lost', body, layout);
    }
    const level = classified?.kind === 'diagnostic' ? classified.level : stream === 'stdout' ? 'unparsed' : 'warning';
    this.out.event(ts, 'tool.diagnostic', { level, message: text, stream }, layout);
  }
}
