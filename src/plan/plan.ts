// A plan: everything needed to start one probe on one backend, decided before anything runs.
import type { Backend, Implementation } from '../events/index.js';
import type { Filters } from './filters.js';

export interface ProbePlan {
  probe: string;
  backend: Exclude<Backend, 'probectl'>;
  /** The command to run; argv[0] is an absolute path or a name on PATH. */
  argv: string[];
  /** Added to the child's environment (line buffering, for instance). */
  env: Record<string, string>;
  /** For generated bpftrace programs: the program text, passed with -e (also in argv). */
  script?: string;
  /** The parser that reads the output (a module's name in the registry), the implementation and, where known, the layout. */
  parser: ParserName;
  impl: Implementation;
  layout?: string;
  /** A line on stdout or stderr that says the backend has attached. */
  ready: RegExp;
  filters: Filters;
  /** The child's stdin is a pipe probectl holds open: the child ends when probectl does, however it ends (a loader that exits at end of stdin). */
  stdinPipe?: boolean;
  /** Stopping closes that stdin first, signals only after the grace periods (a probe run over ssh: src/fleet/). */
  stopByClosingStdin?: boolean;
}

/** What a plan knows of the run beyond the filters. */
export interface PlanContext {
  /** probectl's pid: programs that can leave it and its children out in the kernel do (unset: --include-self). */
  selfPid?: number;
}

/** Each probe's own options by probe name, checked by its schema; not filters. */
export type ProbeSettings = Readonly<Record<string, unknown>>;

/** Why a backend cannot run a probe here, or cannot honour a filter. */
export interface Unavailable {
  reason: string;
  remedy?: string;
}

/** The parsers the probe registry holds, by name: each module adds its own in its index.ts (declaration merging). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the probe modules' declarations
export interface ParserNames {}
export type ParserName = keyof ParserNames & string;
