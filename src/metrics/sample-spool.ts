// Where remote write requests wait while the server is away: in memory up to a bound, then in a file under --spool DIR up to another, oldest sent first.
import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One request's body and the samples it carries. */
export interface SpooledRequest {
  body: Uint8Array;
  samples: number;
}

export interface SpoolLimits {
  memoryBytes: number;
  /** The overflow file's directory; without it, only memory. */
  dir?: string;
  fileBytes: number;
}

export const DEFAULT_SPOOL_LIMITS = { memoryBytes: 16 * 1024 * 1024, fileBytes: 256 * 1024 * 1024 } as const;

interface InFile {
  offset: number;
  length: number;
  samples: number;
}

export class SampleSpool {
  private readonly memory: SpooledRequest[] = [];
  private memoryBytes = 0;
  private readonly inFile: InFile[] = [];
  private fileEnd = 0;
  private fd: number | undefined;
  /** What could not be kept: requests refused by a full spool (or a file that could not be written). */
  readonly dropped = { requests: 0, samples: 0 };
  /** Why the file could not take a request, the first time it could not. */
  fileProblem: string | undefined;

  constructor(private readonly limits: SpoolLimits) {}

  get file(): string | undefined {
    return this.limits.dir === undefined ? undefined : join(this.limits.dir, `probectl-remote-write-${process.pid}.spool`);
  }

  get size(): { requests: number; samples: number } {
    const all = [...this.memory, ...this.inFile];
    return { requests: all.length, samples: all.reduce((n, r) => n + r.samples, 0) };
  }

  /** Keeps request after every other; false (and counted as dropped) when neither memory nor the file has room. */
  add(request: SpooledRequest): boolean {
    // Once anything waits in the file, later requests go there too, so that they leave in the order they came.
    if (this.inFile.length === 0 && this.memoryBytes + request.body.length <= this.limits.memoryBytes) {
      this.memory.push(request);
      this.memoryBytes += request.body.length;
      return true;
    }
    if (this.toFile(request)) return true;
    this.dropped.requests++;
    this.dropped.samples += request.samples;
    return false;
  }

  /** The oldest request, still kept until shift(). */
  first(): SpooledRequest | undefined {
    if (this.memory.length > 0) return this.memory[0];
    const next = this.inFile[0];
    if (next === undefined || this.fd === undefined) return undefined;
    const body = new Uint8Array(next.length);
    readSync(this.fd, body, 0, next.length, next.offset);
    return { body, samples: next.samples };
  }

  /** Forgets the oldest request (sent, or refused for good). */
  shift(): void {
    const sent = this.memory.shift();
    if (sent !== undefined) {
      this.memoryBytes -= sent.body.length;
      return;
    }
    this.inFile.shift();
    if (this.inFile.length === 0 && this.fd !== undefined) {
      ftruncateSync(this.fd, 0); // drained: the file starts over
      this.fileEnd = 0;
    }
  }

  /** Removes the overflow file. */
  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.file!, { force: true });
  }

  private toFile(request: SpooledRequest): boolean {
    const file = this.file;
    if (file === undefined || this.fileProblem !== undefined || this.fileEnd + request.body.length > this.limits.fileBytes) return false;
    try {
      this.fd ??= openSync(file, 'w+', 0o600);
      writeSync(this.fd, request.body, 0, request.body.length, this.fileEnd);
    } catch (error) {
      this.fileProblem = `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
      return false;
    }
    this.inFile.push({ offset: this.fileEnd, length: request.body.length, samples: request.samples });
    this.fileEnd += request.body.length;
    return true;
  }
}
