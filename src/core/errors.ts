// The few errors a user can meet: what happened, what to do, and an exit code for the CLI.

export type ErrorCode =
  | 'USAGE'
  | 'UNKNOWN_TOOL'
  | 'UNKNOWN_LAYOUT'
  | 'BAD_RECORDING'
  | 'INPUT'
  | 'NO_BACKEND'
  | 'UNSUPPORTED_FILTER'
  | 'PRIVILEGES'
  | 'CHILD_FAILED'
  | 'OUTPUT'
  | 'LAB'
  | 'RUNBOOK'
  | 'BREACHED';

export class ProbectlError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** One sentence: what the user can do about it. */
    readonly suggestion: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProbectlError';
  }
}

/** The text the CLI prints for an error: the message, then the suggestion. */
export function describeError(error: unknown): string {
  if (error instanceof ProbectlError) return `probectl: ${error.message}\n${error.suggestion}`;
  return `probectl: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The CLI's exit code for an error: 1 when a probe failed while running or a runbook's assertion was breached,
 * 2 for everything refused before or around it (a runbook that could not run included).
 */
export function exitCodeOf(error: unknown): number {
  return error instanceof ProbectlError && (error.code === 'CHILD_FAILED' || error.code === 'BREACHED') ? 1 : 2;
}
