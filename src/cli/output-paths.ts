// Output, record and report paths tried before anything starts: one that cannot be written is refused in one line, with what to do.
import { closeSync, mkdtempSync, openSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ProbectlError } from '../core/errors.js';
import { directoryFailureReason } from '../core/make-directory.js';

/** What a failed open for writing means, in words, with the system's code. */
function fileFailureReason(error: NodeJS.ErrnoException, file: string): string {
  const parent = dirname(resolve(file));
  const code = error.code ?? 'unknown';
  if (code === 'ENOENT')
    return statOf(parent)?.isDirectory()
      ? `the filesystem holding ${parent} does not take new files (ENOENT)`
      : `the directory ${parent} does not exist (ENOENT)`;
  if (code === 'EISDIR') return 'it is a directory (EISDIR)';
  if (code === 'ENOTDIR') return `a part of ${parent} is not a directory (ENOTDIR)`;
  if (code === 'EACCES') return 'permission denied (EACCES)';
  if (code === 'EROFS') return 'it is on a read-only filesystem (EROFS)';
  return `${error.message}`;
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Opens the file for appending (so nothing in it is lost) and closes it; a file this made is removed again.
 * A pipe or a device is left alone: opening a pipe would wait for its reader.
 */
export function checkOutputFile(option: string, file: string): void {
  const before = statOf(file);
  if (before !== undefined && !before.isFile() && !before.isDirectory()) return;
  try {
    closeSync(openSync(file, 'a'));
    if (before === undefined) unlinkSync(file);
  } catch (error) {
    throw new ProbectlError(
      'OUTPUT',
      `${option} ${file}: cannot write this file: ${fileFailureReason(error as NodeJS.ErrnoException, file)}. Nothing was started.`,
      `Give ${option} a file in a directory you can write to, e.g. ${option} ./${option === '--report' ? 'report.html' : 'events.jsonl'}.`,
    );
  }
}

/** The directory itself when it exists, else its deepest existing parent: where the first new directory would be made. */
function deepestExisting(dir: string): string {
  let at = resolve(dir);
  while (statOf(at) === undefined && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Makes (and removes) a directory where the recording's first directory would go, so that a path the system refuses is found now. */
export function checkRecordDirectory(option: string, dir: string): void {
  const base = deepestExisting(dir);
  let probe = join(base, '.probectl-check-');
  try {
    if (!statSync(base).isDirectory()) throw Object.assign(new Error(`${base} is not a directory`), { code: base === resolve(dir) ? 'EEXIST' : 'ENOTDIR' });
    probe = mkdtempSync(probe);
    rmdirSync(probe);
  } catch (error) {
    const failed = (error as NodeJS.ErrnoException).code === 'EEXIST' ? base : probe;
    throw new ProbectlError(
      'OUTPUT',
      `${option} ${dir}: cannot create this directory: ${directoryFailureReason(error as NodeJS.ErrnoException, failed)}. Nothing was started.`,
      `Give ${option} a directory on a filesystem you can write to, e.g. ${option} ./recording.`,
    );
  }
}

/** The paths `probectl run` writes to, checked before any probe is planned or started. */
export function checkRunPaths(paths: { output?: string; record?: string }): void {
  if (paths.output !== undefined) checkOutputFile('--output', paths.output);
  if (paths.record !== undefined) checkRecordDirectory('--record', paths.record);
}
