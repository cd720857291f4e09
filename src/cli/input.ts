// What `probectl parse` reads: stdin as it arrives, or a file read ahead into two buffers used in turn.
import { open } from 'node:fs/promises';

const READ_BYTES = 1 << 16;

/**
 * A file's chunks, each read while the one before it is parsed, so that the parser waits for the
 * disk (or the thread pool) only when it is the faster. The pipeline copies what it keeps of a
 * chunk, so each buffer is read into again two chunks later.
 */
export async function* inputChunks(file: string | undefined): AsyncGenerator<Buffer> {
  if (file === undefined || file === '-') {
    for await (const chunk of process.stdin) yield chunk as Buffer;
    return;
  }
  const handle = await open(file, 'r');
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)];
  let turn = 0;
  let next = handle.read(buffers[turn]!, 0, READ_BYTES, null);
  try {
    for (;;) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) return;
      turn ^= 1;
      next = handle.read(buffers[turn]!, 0, READ_BYTES, null);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // A read may still be under way when parsing stops early.
    await next.catch(() => {});
    await handle.close();
  }
}
