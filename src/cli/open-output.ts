// The --output file of run and fleet run, opened before any probe starts: a path that cannot be written is refused in one line.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { ProbectlError } from '../core/errors.js';

export async function openOutput(file: string): Promise<Writable> {
  const out = createWriteStream(file);
  try {
    await once(out, 'open');
  } catch (error) {
    throw new ProbectlError('OUTPUT', `cannot write ${file}: ${(error as Error).message}`, 'Check the path and its permissions.', { cause: error });
  }
  return out;
}
