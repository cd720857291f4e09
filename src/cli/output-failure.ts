// The error `probectl run` ends with when its events could not be written: what happened, what the file still holds, what to do.
import { fstatSync } from 'node:fs';
import { ProbectlError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import { cutToWholeLines, isOutOfSpace, writeFailureReason } from '../core/write-failure.js';

/** Stdout redirected to a file (`> events.jsonl`) is cut like an --output file: through its descriptor's path. */
const STDOUT_PATH = '/proc/self/fd/1';

function stdoutIsFile(): boolean {
  try {
    return fstatSync(1).isFile();
  } catch {
    return false;
  }
}

/**
 * file: the --output file, or undefined for stdout. `probes`: whether probes were running (`run`, which has --output),
 * stopped by the time this is called; a command that reads a file or a recording (parse, replay) says nothing of them.
 */
export function outputFailure(error: Error, file: string | undefined, probes = true): ProbectlError {
  const target = file ?? 'stdout';
  const path = file ?? (stdoutIsFile() ? STDOUT_PATH : undefined);
  const cut = path === undefined ? undefined : cutToWholeLines(path);
  let held = '';
  if (cut !== undefined) held = `; ${target} holds every line written before, whole`;
  if (cut !== undefined && cut > 0) held += ` (the ${plural(cut, 'byte')} of the line the failure cut in half ${cut === 1 ? 'was' : 'were'} removed)`;
  const suggestion = isOutOfSpace(error)
    ? `Free some space on that filesystem, or write the events to another one${probes ? ' (--output FILE)' : ''}.`
    : 'Check the output file or pipe.';
  const stopped = probes ? `. The probes were stopped${held}.` : held === '' ? '.' : `${held}.`;
  return new ProbectlError('OUTPUT', `could not write the events to ${target}: ${writeFailureReason(error)}${stopped}`, suggestion, {
    cause: error,
  });
}
