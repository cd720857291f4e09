// The few errors a user can meet: what happened, what to do, and an exit code for the CLI; any other error is a bug in probectl.

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
  | 'BREACHED'
  | 'PARTIAL'
  | 'NO_HOST';

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

/** The exit code of an internal error, a bug in probectl (EX_SOFTWARE in sysexits.h): neither a failed probe (1) nor a refusal (2). */
export const internalErrorExitCode = 70;

const causesShown = 4;
const stackOf = (thrown: unknown): string => (thrown instanceof Error ? (thrown.stack ?? `${thrown.name}: ${thrown.message}`) : String(thrown));
const causeOf = (thrown: unknown): unknown => (thrown instanceof Error ? thrown.cause : undefined);

/** An unexpected error's stack, then the stacks of its causes. */
function stacksOf(error: unknown): string {
  const parts = [stackOf(error)];
  for (let cause = causeOf(error); cause !== undefined && parts.length <= causesShown; cause = causeOf(cause)) parts.push(`caused by: ${stackOf(cause)}`);
  return parts.join('\n');
}

/** The text the CLI prints for an error: the message, then the suggestion; for any other error, its stack and a request to report it. */
export function describeError(error: unknown): string {
  if (error instanceof ProbectlError) return `probectl: ${error.message}\n${error.suggestion}`;
  return `probectl: internal error: ${stacksOf(error)}\nThis is a bug in probectl, please report it (with the command line and this output).`;
}

/**
 * The CLI's exit code for an error: 1 when a probe failed while running or a runbook's assertion was breached,
 * 2 for everything refused before or around it (a runbook that could not run included; a fleet run where no host ran),
 * 3 for a fleet run where some hosts ran and some did not, 70 for an internal error.
 */
export function exitCodeOf(error: unknown): number {
  if (!(error instanceof ProbectlError)) return internalErrorExitCode;
  if (error.code === 'PARTIAL') return 3;
  return error.code === 'CHILD_FAILED' || error.code === 'BREACHED' ? 1 : 2;
}
