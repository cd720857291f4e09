// A failed write (a full disk) as a user reads it, and the half-written line it left cut off the file.
import { closeSync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';

const NEWLINE = 10;
const BLOCK = 1 << 16;

/** What went wrong, in words, with the system's code: "the disk is full (ENOSPC)". */
export function writeFailureReason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full (ENOSPC)';
  if (code === 'EDQUOT') return 'the disk quota is used up (EDQUOT)';
  if (code === 'EFBIG') return 'the file reached the largest size allowed (EFBIG)';
  return error.message;
}

/** The disk ran out of room, rather than the file or pipe going wrong. */
export const isOutOfSpace = (error: Error): boolean => ['ENOSPC', 'EDQUOT'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * Cuts a regular file just after its last newline, so that it holds whole lines only. Returns how many
 * bytes were cut (0 when it already ended with a newline), or undefined when path is no regular file
 * (a pipe, a device) or cannot be opened.
 */
export function cutToWholeLines(path: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const size = stat.size;
    const block = Buffer.allocUnsafe(BLOCK);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - BLOCK);
      const read = readSync(fd, block, 0, end - start, start);
      const newline = block.subarray(0, read).lastIndexOf(NEWLINE);
      if (newline !== -1) {
        const keep = start + newline + 1;
        if (keep < size) ftruncateSync(fd, keep);
        return size - keep;
      }
      end = start;
    }
    if (size > 0) ftruncateSync(fd, 0);
    return size;
  } finally {
    closeSync(fd);
  }
}
