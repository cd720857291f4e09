// A backend's stdout as a FIFO, which the launcher puts on its fd 1: a pipe costs the writer far less than the socket pair libuv gives a child.
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { makeDirectory } from '../core/make-directory.js';

/**
 * Why: the kernel appends a line written to a pipe to the page already in it, where a socket allocates and charges a
 * buffer for every write. At 35,000-40,000 lines a second bpftrace writing into a large socket read every 25 ms lost about
 * a thousand events a 3-second storm, into a large pipe none (docs/performance.md, "The backend's stdout as a pipe"). libuv
 * makes a child's stdio 'pipe' a socket pair and node has no pipe() of its own, so the launcher (native/launcher.c)
 * makes a FIFO here, says so on the socket, waits until probectl has opened it, removes its name and execs the backend
 * with it as fd 1. The directory is on tmpfs (gone at reboot); a FIFO outlives its backend's start only when the
 * launcher is killed in the moment between making and removing it, and the next launcher of the same name replaces it.
 */
export const FIFO_DIR = '/run/probectl/fifo';

/** What the launcher writes on the socket, and nothing else, when the FIFO is made and it waits for probectl to open it. */
export const FIFO_MADE = 'fifo\n';

let dir: string | null | undefined;
let made = 0;

/** A path for one more backend's FIFO, or undefined where its directory cannot be made (not root): that backend keeps the socket pair. */
export function nextFifoPath(): string | undefined {
  if (dir === undefined) {
    try {
      makeDirectory(FIFO_DIR, 0o700);
      dir = FIFO_DIR;
    } catch {
      dir = null;
    }
  }
  made += 1;
  return dir === null ? undefined : join(dir, `${process.pid}-${made}`);
}

export interface FifoReader {
  stream: Socket;
  /** Its descriptor, for touchWriter. */
  fd: number;
}

/** The FIFO opened for reading, without waiting for its writer, as a stream node reads as it reads any pipe. Throws what open() throws. */
export function openFifo(path: string): FifoReader {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    return { stream: new Socket({ fd, readable: true, writable: false }), fd };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Opens a writer on the reader's FIFO and closes it at once, so that a reader whose FIFO never had a writer sees its
 * end. epoll reports a FIFO's hang-up only once a writer has come and gone: a launcher stopped while it waited to open
 * its end removes the FIFO's name without opening it, and the reader, opened just before, would wait for ever. Where a
 * writer still holds it (a backend's background job), this changes nothing. Only while the stream is open: a closed
 * descriptor's number may name another file.
 */
export function touchWriter(reader: FifoReader): void {
  if (reader.stream.destroyed) return;
  try {
    closeSync(openSync(`/proc/self/fd/${reader.fd}`, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // the stream ended meanwhile: nothing to wake
  }
}
